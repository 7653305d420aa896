//! [`StoredResult`]: what `GET /api/v3/Request/{requestId}/result` answers, and
//! [`Client::get_result`].

use std::fmt;

use crate::VerificationResult;
use bytes::Bytes;
use dvs_core::internal::{ApiCall, refuse_empty_body, traced};
use dvs_core::{DocumentType, Error, RequestId, RequestStatus};
use serde::{Deserialize, Deserializer};
use serde_json::value::RawValue;

use crate::Result;
use crate::client::Client;
use crate::result_body::{ResultShape, parse_result, sub_bytes};

/// A stored request and, once it was verified, its result.
///
/// `result` is `None` while the request has not been verified (the backend has not called
/// [`Client::verify`] yet, or that call is still being processed). The uploaded images that
/// the endpoint echoes are neither parsed nor shown by `Debug`; they stay in
/// [`raw_json`](StoredResult::raw_json) only.
#[derive(Clone)]
#[non_exhaustive]
pub struct StoredResult {
    /// The verification result, once the request was verified. Its
    /// [`raw_json`](VerificationResult::raw_json) is the `verificationResult` object exactly as
    /// received (without the echoed images).
    pub result: Option<VerificationResult>,
    /// The stored request's status, where the server sent one.
    pub status: Option<RequestStatus>,
    /// The document type the request was created with, where the server sent one.
    pub document_type: Option<DocumentType>,
    raw: Bytes,
}

impl StoredResult {
    /// `true` once the request was verified and its result is here.
    pub fn is_verified(&self) -> bool {
        self.result.is_some()
    }

    /// The whole response body as received. It holds the uploaded images and document data
    /// (PII): store it like PII, never log it.
    pub fn raw_json(&self) -> &[u8] {
        &self.raw
    }

    /// Parses a result-endpoint body (`{"verificationResult": …, "request": {…}}`).
    pub(crate) fn parse(status: u16, body: Bytes, asked: &RequestId) -> Result<StoredResult> {
        refuse_empty_body(status, &body)?;
        let wrapper: Wrapper<'_> =
            serde_json::from_slice(&body).map_err(|e| Error::from_json_error(status, &e))?;
        let result = match wrapper.verification_result {
            Some(inner) => {
                let inner = sub_bytes(&body, inner.get());
                Some(parse_result(status, inner, ResultShape::Detect)?.asked_for(*asked))
            }
            None => None,
        };
        let request = wrapper.request.unwrap_or_default();
        Ok(StoredResult {
            result,
            status: request.status,
            document_type: request.document_type,
            raw: body,
        })
    }
}

impl fmt::Debug for StoredResult {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StoredResult")
            .field("result", &self.result)
            .field("status", &self.status)
            .field("document_type", &self.document_type)
            .field(
                "raw_json",
                &format_args!("[REDACTED {} bytes]", self.raw.len()),
            )
            .finish()
    }
}

/// The result endpoint's envelope; the result is borrowed raw so its bytes can be kept.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Wrapper<'a> {
    #[serde(default, borrow, alias = "VerificationResult")]
    verification_result: Option<&'a RawValue>,
    #[serde(default, alias = "Request")]
    request: Option<RequestMeta>,
}

/// What is read of the echoed request: not its content (images, track string).
#[derive(Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct RequestMeta {
    #[serde(default, alias = "Status", deserialize_with = "lenient")]
    status: Option<RequestStatus>,
    #[serde(default, alias = "DocumentType", deserialize_with = "lenient")]
    document_type: Option<DocumentType>,
}

/// A value that does not fit becomes `None` rather than failing the whole answer.
fn lenient<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: serde::de::DeserializeOwned,
{
    Ok(Option::<serde_json::Value>::deserialize(deserializer)?
        .and_then(|value| serde_json::from_value(value).ok()))
}

impl Client {
    /// Fetches a request's stored state and, once verified, its result:
    /// `GET /api/v3/Request/{requestId}/result`.
    ///
    /// Reading is idempotent, so timeouts and 5xx answers are retried within the client's
    /// [`RetryPolicy`](crate::RetryPolicy). This is the way to learn the outcome of a
    /// [`verify`](Client::verify) whose answer was lost, without verifying (and paying) twice.
    ///
    /// Errors: [`Error::NotFound`](crate::Error::NotFound) for an id DVS does not know (or no
    /// longer keeps: DVS deletes results after a retention period set in its portal).
    ///
    /// ```no_run
    /// # async fn run(client: dvs_secret::Client, id: dvs_secret::RequestId) -> dvs_secret::Result<()> {
    /// let stored = client.get_result(&id).await?;
    /// match &stored.result {
    ///     Some(result) => println!("document confidence: {:?}", result.document_confidence),
    ///     None => println!("not verified yet (status {:?})", stored.status),
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn get_result(&self, request_id: &RequestId) -> Result<StoredResult> {
        traced("get_result", Some(request_id), async {
            let call = ApiCall::get(format!("api/v3/Request/{request_id}/result"));
            let response = self.engine.execute(call).await?;
            StoredResult::parse(response.status, response.body, request_id)
        })
        .await
    }
}
