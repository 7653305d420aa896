//! [`RequestResultV3`]: the wrapper `GET /api/v3/Request/{requestId}/result` answers.

use serde::{Deserialize, Serialize};

use super::{DocumentType, ExtraFields, OpaqueJson, RawCode, ResponseV3};

/// The stored request, as echoed by the result endpoint.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct StoredRequest {
    /// The request's id as the server stores it.
    #[serde(
        default,
        deserialize_with = "super::lenient::text",
        skip_serializing_if = "Option::is_none"
    )]
    pub id: Option<String>,
    /// The document type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document_type: Option<DocumentType>,
    /// Status code as sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<RawCode>,
    /// Creation time as sent.
    #[serde(
        default,
        deserialize_with = "super::lenient::text",
        skip_serializing_if = "Option::is_none"
    )]
    pub created: Option<String>,
    /// The uploaded images and track string (PII); hidden from `Debug`.
    #[serde(default, skip_serializing_if = "is_null")]
    pub content: OpaqueJson,
    /// Fields this SDK does not model.
    #[serde(flatten)]
    pub extra: ExtraFields,
}

fn is_null(value: &OpaqueJson) -> bool {
    value.0.is_null()
}

/// The result wrapper: the verification result and the stored request.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct RequestResultV3 {
    /// The verification result, once the request was verified.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verification_result: Option<ResponseV3>,
    /// The stored request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request: Option<StoredRequest>,
    /// Fields this SDK does not model.
    #[serde(flatten)]
    pub extra: ExtraFields,
}
