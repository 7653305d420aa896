//! [`CreatedRequest`]: what DVS answered when a verification request was created.

use dvs_core::{CreateRequestResponse, DocumentType, RequestId, RequestStatus};

/// A verification request DVS has stored: hand [`request_id`](Self::request_id) to your
/// backend, which verifies it with the secret key.
///
/// ```
/// use dvs_public::{CreatedRequest, RequestStatus};
/// # let created: CreatedRequest = serde_json::from_str::<dvs_core::CreateRequestResponse>(
/// #     r#"{"requestId":"3fa85f64-5717-4562-b3fc-2c963f66afa6","status":0}"#).unwrap().into();
/// assert_eq!(created.request_id.as_str(), "3fa85f64-5717-4562-b3fc-2c963f66afa6");
/// assert!(created.is_pending());
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct CreatedRequest {
    /// The new request's id.
    pub request_id: RequestId,
    /// The request's status as DVS reported it (`None` when the answer had none). Statuses
    /// this SDK does not know are kept as [`RequestStatus::Unknown`].
    pub status: Option<RequestStatus>,
    /// The document type DVS recorded, when the answer included it.
    pub document_type: Option<DocumentType>,
}

impl CreatedRequest {
    /// `true` when DVS reported the request as waiting for the backend's Verify.
    pub fn is_pending(&self) -> bool {
        self.status == Some(RequestStatus::Pending)
    }
}

impl From<CreateRequestResponse> for CreatedRequest {
    fn from(response: CreateRequestResponse) -> Self {
        CreatedRequest {
            request_id: response.request_id,
            status: response.status,
            document_type: response.document_type,
        }
    }
}
