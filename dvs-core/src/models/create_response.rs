//! [`CreateRequestResponse`] and [`RequestStatus`]: what `POST /api/v3/Request` answers.

use serde::{Deserialize, Serialize};

use super::open_enum::open_enum;
use super::{DocumentType, ExtraFields};
use crate::RequestId;

open_enum! {
    /// The status of a verification request. IDScan documents the portal's statuses
    /// (Pending, Success, Failed, Expired) but not their JSON codes; `0` is read as
    /// `Pending` (what a freshly created request reports) and names are matched
    /// case-insensitively. Anything else is kept as `Unknown`.
    pub enum RequestStatus {
        /// Created, waiting for the backend's Verify.
        Pending = 0_i64, [],
        /// Verified successfully.
        Success = "Success", [],
        /// Verification failed.
        Failed = "Failed", [],
        /// Expired before it was verified.
        Expired = "Expired", [],
    }
    serialize as raw
}

/// The answer to creating a verification request: the id to hand to the backend.
///
/// ```
/// use dvs_core::{CreateRequestResponse, RequestStatus};
/// let r: CreateRequestResponse = serde_json::from_str(
///     r#"{"requestId":"3fa85f64-5717-4562-b3fc-2c963f66afa6","documentType":1,"status":0,"new":true}"#,
/// )?;
/// assert_eq!(r.status, Some(RequestStatus::Pending));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct CreateRequestResponse {
    /// The new request's id. Pass it to your backend.
    #[serde(alias = "RequestId", alias = "requestID", alias = "id")]
    pub request_id: RequestId,
    /// The request's status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<RequestStatus>,
    /// The document type the server recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document_type: Option<DocumentType>,
    /// Fields this SDK does not model.
    #[serde(flatten)]
    pub extra: ExtraFields,
}
