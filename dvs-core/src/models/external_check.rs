//! [`ExternalCheck`]: the result of one external service (address validation, DMV,
//! IdentiFraud …): v3 `validationTests[]`, v4 `externalVerificationResults[]`.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::{ExtraFields, OpaqueJson, RawCode};

/// One external check's result.
///
/// IDScan documents `-1` as "purchased but disabled"; the meanings of the other status
/// and effect codes are not published, so they are kept raw.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ExternalCheck {
    /// Machine name, e.g. `AddressValidation`, `DMVValidation`, `IdentiFraudValidation`.
    #[serde(
        default,
        deserialize_with = "super::lenient::text",
        skip_serializing_if = "Option::is_none"
    )]
    pub name: Option<String>,
    /// Human name.
    #[serde(
        default,
        deserialize_with = "super::lenient::text",
        skip_serializing_if = "Option::is_none"
    )]
    pub display_name: Option<String>,
    /// Status code as sent (`-1` disabled; others undocumented).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<RawCode>,
    /// Status as text, where sent (v3).
    #[serde(
        default,
        deserialize_with = "super::lenient::text",
        skip_serializing_if = "Option::is_none"
    )]
    pub status_string: Option<String>,
    /// Why the check ended as it did.
    #[serde(
        default,
        deserialize_with = "super::lenient::text",
        skip_serializing_if = "Option::is_none"
    )]
    pub reason: Option<String>,
    /// Effect code on the overall result, as sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effect: Option<RawCode>,
    /// Per-field values (may echo PII; hidden from `Debug`).
    #[serde(default, skip_serializing_if = "is_null")]
    pub values: OpaqueJson,
    /// The provider's raw response (may hold PII; hidden from `Debug`).
    #[serde(default, skip_serializing_if = "is_null")]
    pub raw_response: OpaqueJson,
    /// Fields this SDK does not model.
    #[serde(flatten)]
    pub extra: ExtraFields,
}

fn is_null(value: &OpaqueJson) -> bool {
    value.0.is_null()
}

impl ExternalCheck {
    /// `true` when the service is purchased but disabled in the settings (status `-1`).
    pub fn is_disabled(&self) -> bool {
        self.status == Some(RawCode::Int(-1))
    }
}

impl fmt::Debug for ExternalCheck {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // `reason` is provider text that may quote the address or name: length only.
        f.debug_struct("ExternalCheck")
            .field("name", &self.name)
            .field("display_name", &self.display_name)
            .field("status", &self.status)
            .field("status_string", &self.status_string)
            .field("reason_len", &self.reason.as_ref().map(String::len))
            .field("effect", &self.effect)
            .field("values", &self.values)
            .field("raw_response", &self.raw_response)
            .field("extra", &self.extra)
            .finish()
    }
}
