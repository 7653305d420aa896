//! The baseline: DVS calls written by hand with reqwest and serde_json, the way a typical
//! user does — each image `base64`-encoded into a `String`, a `#[derive(Serialize)]` struct,
//! `RequestBuilder::json`, `Response::json`.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde::{Deserialize, Serialize};

/// The create-request body, as a user would declare it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct CreateRequestBody {
    /// 1 = ID card / driver's licence.
    pub document_type: u8,
    /// Front image, base64.
    pub front_image_base64: String,
    /// Back image, base64.
    pub back_or_second_image_base64: String,
    /// Selfie, base64.
    pub face_image_base64: String,
}

impl CreateRequestBody {
    /// Encodes each image into its own `String`.
    pub(crate) fn new(front: &[u8], back: &[u8], selfie: &[u8]) -> Self {
        CreateRequestBody {
            document_type: 1,
            front_image_base64: STANDARD.encode(front),
            back_or_second_image_base64: STANDARD.encode(back),
            face_image_base64: STANDARD.encode(selfie),
        }
    }
}

/// The create answer.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct CreateResponse {
    /// The new request's id.
    pub request_id: String,
}

/// `POST api/v3/Request` with three images.
pub(crate) async fn create_request(
    client: &reqwest::Client,
    base_url: &str,
    key: &str,
    images: &[Vec<u8>; 3],
) -> Result<CreateResponse, reqwest::Error> {
    let body = CreateRequestBody::new(&images[0], &images[1], &images[2]);
    client
        .post(format!("{base_url}api/v3/Request"))
        .bearer_auth(key)
        .json(&body)
        .send()
        .await?
        .error_for_status()?
        .json()
        .await
}

/// `POST api/v3/Verify/{id}` with `{}`, decoded into the typed v4 result — the same
/// derive-generated model the SDK reads (as if the user had written those structs), so the
/// comparison measures the SDK's overhead and not a different amount of parsing.
pub(crate) async fn verify(
    client: &reqwest::Client,
    base_url: &str,
    key: &str,
    request_id: &str,
) -> Result<dvs_core::ResponseV4, reqwest::Error> {
    client
        .post(format!("{base_url}api/v3/Verify/{request_id}"))
        .bearer_auth(key)
        .json(&serde_json::json!({}))
        .send()
        .await?
        .error_for_status()?
        .json()
        .await
}
