//! Raw HTTP helpers and request bodies of this suite. (Fixtures and the base64 fake images
//! come from `dvs-test-support`.)

use dvs_mock::MockDvs;
use dvs_test_support::{JPEG_BASE64, PNG_BASE64};
use serde_json::{Value, json};

/// A minimal valid v3 body for an ID with front, back and selfie.
pub(crate) fn id_body() -> Value {
    json!({
        "documentType": 1,
        "frontImageBase64": JPEG_BASE64,
        "backOrSecondImageBase64": PNG_BASE64,
        "faceImageBase64": JPEG_BASE64,
        "verifyFace": true,
    })
}

/// What the mock answered.
#[derive(Debug)]
pub(crate) struct Answer {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub bytes: Vec<u8>,
    pub json: Value,
}

impl Answer {
    /// The error `code`, if the body is a DVS error.
    pub(crate) fn code(&self) -> Option<&str> {
        self.json.get("code").and_then(Value::as_str)
    }

    /// The `propertyErrors` keys.
    pub(crate) fn property_errors(&self) -> Vec<String> {
        self.json
            .get("propertyErrors")
            .and_then(Value::as_object)
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default()
    }
}

/// Sends a raw request.
pub(crate) async fn send(
    method: &str,
    url: &str,
    key: Option<&str>,
    body: Option<Vec<u8>>,
) -> Answer {
    let client = reqwest::Client::new();
    let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
    let mut request = client.request(method, url);
    if let Some(key) = key {
        request = request.header("Authorization", format!("Bearer {key}"));
    }
    if let Some(body) = body {
        request = request
            .header("Content-Type", "application/json;charset=utf-8")
            .body(body);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let bytes = response.bytes().await.unwrap().to_vec();
    let json = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    Answer {
        status,
        headers,
        bytes,
        json,
    }
}

/// `POST {base}{path}` with a JSON value.
pub(crate) async fn post(mock: &MockDvs, path: &str, key: Option<&str>, body: &Value) -> Answer {
    post_raw(mock, path, key, serde_json::to_vec(body).unwrap()).await
}

/// `POST {base}{path}` with raw bytes.
pub(crate) async fn post_raw(
    mock: &MockDvs,
    path: &str,
    key: Option<&str>,
    body: Vec<u8>,
) -> Answer {
    send(
        "POST",
        &format!("{}{path}", mock.base_url()),
        key,
        Some(body),
    )
    .await
}

/// `GET {base}{path}`.
pub(crate) async fn get(mock: &MockDvs, path: &str, key: Option<&str>) -> Answer {
    send("GET", &format!("{}{path}", mock.base_url()), key, None).await
}

/// The mock's keys as text.
pub(crate) fn keys(mock: &MockDvs) -> (String, String) {
    (
        mock.public_key().expose_secret().to_owned(),
        mock.secret_key().expose_secret().to_owned(),
    )
}

/// Creates a request with the public key and returns its id.
pub(crate) async fn create(mock: &MockDvs, body: &Value) -> String {
    let (pk, _) = keys(mock);
    let answer = post(mock, "api/v3/Request", Some(&pk), body).await;
    assert_eq!(answer.status, 200, "{:?}", answer.json);
    answer.json["requestId"].as_str().unwrap().to_owned()
}

/// `POST api/v3/Verify/{id}` with `{}` and the secret key.
pub(crate) async fn verify(mock: &MockDvs, id: &str) -> Answer {
    let (_, sk) = keys(mock);
    post(mock, &format!("api/v3/Verify/{id}"), Some(&sk), &json!({})).await
}
