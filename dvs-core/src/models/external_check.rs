//! [`ExternalCheck`]: the result of one external service (address validation, DMV,
//! IdentiFraud …): v3 `validationTests[]`, v4 `externalVerificationResults[]`; with its name
//! and status as open enums, [`ExternalCheckName`] and [`ExternalCheckStatus`].
//!
//! What is known of these values, and from where (`docs/api-coverage.md`, "External check
//! status"):
//!
//! - **Names.** `AddressValidation`, `DMVValidation` and `IdentiFraudValidation` are seen in
//!   code that parses real responses (third-party). The OFAC watchlist check is an account
//!   setting (`isExternalOFACWatchlistEnabled`, v4 overridden settings,
//!   <https://docs.idscan.net/dive/dive-api/api-overridden-settings.html>) whose result name
//!   has not been seen: `OFACValidation` is read by analogy with the others (inferred).
//! - **Status.** `-1` means "the service is purchased but disabled in the settings"
//!   (<https://docs.idscan.net/dvs/introduction/additional-services.html>). The page lists
//!   `0`, `1` and `2` too, without their meanings: they are **not published**, and read as
//!   [`ExternalCheckStatus::Unknown`]. `effect` is not published either and is kept raw.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::open_enum::open_enum;
use super::{ExtraFields, OpaqueJson, RawCode};

open_enum! {
    /// Which external service a check is: its `name` on the wire, read case-insensitively.
    ///
    /// A name this SDK does not know is [`ExternalCheckName::Unknown`], kept as sent; an app
    /// can still require it by that name (`ExternalCheckName::from_raw`).
    ///
    /// ```
    /// use dvs_core::{ExternalCheckName, RawCode};
    /// let name = ExternalCheckName::from_raw(RawCode::Text("DMVValidation".into()));
    /// assert_eq!(name, ExternalCheckName::Dmv);
    /// let other = ExternalCheckName::from_raw(RawCode::Text("SexOffenderValidation".into()));
    /// assert!(other.is_unknown());
    /// ```
    pub enum ExternalCheckName {
        /// Address validation, on by default for every account (`AddressValidation`; the
        /// name is third-party evidence, the service is documented).
        Address = "AddressValidation", [],
        /// DMV data verification: the issuing jurisdiction's records (AAMVA DLDV) compared
        /// with the document (`DMVValidation`, third-party evidence).
        Dmv = "DMVValidation", [],
        /// IdentiFraud: the identity exists and has a history (`IdentiFraudValidation`,
        /// third-party evidence).
        IdentiFraud = "IdentiFraudValidation", [],
        /// OFAC watchlist screening. The result name has not been seen; `OFACValidation` is
        /// inferred from the other names. If your results carry another name, require it with
        /// `ExternalCheckName::from_raw`.
        Ofac = "OFACValidation", [],
    }
    serialize as text
}

open_enum! {
    /// The `status` of an external check.
    ///
    /// Only `-1` has a published meaning ([`ExternalCheckStatus::Disabled`]). IDScan lists
    /// `0`, `1` and `2` as well, without saying what they mean: they are
    /// [`ExternalCheckStatus::Unknown`] here, and whether one of them means "passed" is not
    /// something this SDK assumes (dvs-secret's policy lets the app say which).
    ///
    /// ```
    /// use dvs_core::{ExternalCheckStatus, RawCode};
    /// assert_eq!(ExternalCheckStatus::from_raw(RawCode::Int(-1)), ExternalCheckStatus::Disabled);
    /// assert_eq!(ExternalCheckStatus::from_raw(RawCode::Int(2)), ExternalCheckStatus::Unknown(RawCode::Int(2)));
    /// ```
    pub enum ExternalCheckStatus {
        /// `-1`: the service is purchased but disabled in the account's settings, so it did
        /// not run.
        Disabled = -1_i64, [],
    }
    serialize as raw
}

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
        self.check_status() == Some(ExternalCheckStatus::Disabled)
    }

    /// The check's name, typed; `None` when the result names none.
    ///
    /// ```
    /// use dvs_core::{ExternalCheck, ExternalCheckName, ExternalCheckStatus, RawCode};
    /// let check: ExternalCheck =
    ///     serde_json::from_str(r#"{"name": "IdentiFraudValidation", "status": 2}"#)?;
    /// assert_eq!(check.check_name(), Some(ExternalCheckName::IdentiFraud));
    /// assert_eq!(check.check_status(), Some(ExternalCheckStatus::Unknown(RawCode::Int(2))));
    /// assert_eq!(check.name.as_deref(), Some("IdentiFraudValidation")); // raw, as sent
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn check_name(&self) -> Option<ExternalCheckName> {
        self.name
            .as_deref()
            .map(|name| ExternalCheckName::from_raw(RawCode::Text(name.trim().to_owned())))
    }

    /// The check's status, typed; `None` when the result carries none.
    pub fn check_status(&self) -> Option<ExternalCheckStatus> {
        self.status.clone().map(ExternalCheckStatus::from_raw)
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
