//! [`ReceivedRequest`]: what the mock saw, so tests can assert on what their code sent.

use std::fmt;

use dvs_core::{Image, KeyKind};
use serde_json::Value;

use crate::Scenario;
use crate::http_request::HttpRequest;

/// One request the mock received, in arrival order (see [`MockDvs::received`](crate::MockDvs::received)).
///
/// `body` is the parsed JSON with every image field (a string under a name containing
/// `Base64`, any casing: `frontImageBase64`, `frontImageBase64Uv` …) replaced by a
/// summary such as `"<JPEG image, 1234 bytes>"`, so a
/// test can check that an image was sent, in which format and size, without holding it
/// twice. Other fields, including `ssn` and `trackString`, are kept as sent.
///
/// `Debug` shows the method, path, key kind, status, scenario and the *names* of the body's
/// fields, never their values.
#[derive(Clone, PartialEq)]
#[non_exhaustive]
pub struct ReceivedRequest {
    /// The HTTP method, upper-case (`POST`, `GET` …).
    pub method: String,
    /// The path as sent (any casing), e.g. `/api/v3/Request`.
    pub path: String,
    /// The query string, without `?`, if any.
    pub query: Option<String>,
    /// Which of the mock's keys the request carried; `None` when it carried no key or a
    /// key that is not this mock's.
    pub key_kind: Option<KeyKind>,
    /// The HTTP status the mock answered.
    pub status: u16,
    /// The scenario the mock applied, when the call got as far as choosing one.
    pub scenario: Option<Scenario>,
    /// The body as JSON (images summarized); `None` when empty or not JSON.
    pub body: Option<Value>,
    /// Body fields the mock does not model and ignored, as the service's model binding
    /// does, by dotted path (`frontEndMetadata`, `overriddenSettings.isFooEnabled` …),
    /// sorted; a name sent twice in two casings lists the spelling not used. Always
    /// empty with strict fields ([`MockDvsBuilder::strict_fields`](crate::MockDvsBuilder::strict_fields)),
    /// which refuses them instead.
    pub ignored_fields: Vec<String>,
}

impl ReceivedRequest {
    pub(crate) fn new(request: &HttpRequest) -> ReceivedRequest {
        let body = if request.body.is_empty() {
            None
        } else {
            serde_json::from_slice::<Value>(&request.body)
                .ok()
                .map(summarize_images)
        };
        ReceivedRequest {
            method: request.method.as_str().to_owned(),
            path: request.path.clone(),
            query: request.query.clone(),
            key_kind: None,
            status: 0,
            scenario: None,
            body,
            ignored_fields: Vec::new(),
        }
    }

    /// A top-level body field, by name in any casing (the way DVS binds them).
    ///
    /// ```
    /// # async fn demo(mock: &dvs_mock::MockDvs) {
    /// let sent = &mock.received()[0];
    /// assert_eq!(sent.field("documentType"), Some(&serde_json::json!(1)));
    /// # }
    /// ```
    pub fn field(&self, name: &str) -> Option<&Value> {
        self.body
            .as_ref()?
            .as_object()?
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v)
    }

    /// `true` when the path equals `path`, ignoring ASCII case (`/api/v3/request` matches
    /// `/api/v3/Request`).
    pub fn path_is(&self, path: &str) -> bool {
        self.path.eq_ignore_ascii_case(path)
    }
}

impl fmt::Debug for ReceivedRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let fields: Vec<&str> = match &self.body {
            Some(Value::Object(map)) => map.keys().map(String::as_str).collect(),
            _ => Vec::new(),
        };
        f.debug_struct("ReceivedRequest")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("query", &self.query)
            .field("key_kind", &self.key_kind)
            .field("status", &self.status)
            .field("scenario", &self.scenario)
            .field("body_fields", &fields)
            .field("ignored_fields", &self.ignored_fields)
            .finish()
    }
}

/// Replaces every string under a `…Base64…` name with a short description of the image.
fn summarize_images(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| {
                    let v = match v {
                        Value::String(text) if k.to_ascii_lowercase().contains("base64") => {
                            Value::String(describe_image(&text))
                        }
                        other => summarize_images(other),
                    };
                    (k, v)
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(summarize_images).collect()),
        other => other,
    }
}

fn describe_image(text: &str) -> String {
    if text.is_empty() {
        return String::new();
    }
    match Image::from_base64(text) {
        Ok(image) => format!("<{} image, {} bytes>", image.format(), image.len()),
        Err(_) => format!("<not an image: {} base64 characters>", text.len()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_are_summarized_and_debug_hides_values() {
        let body = serde_json::json!({
            "FrontImageBase64": "/9j/4AAQ",
            "ssn": "000-00-0000",
            "metadata": {"userAgent": "x"},
            "faceImageBase64": "!!",
        });
        let received = ReceivedRequest {
            method: "POST".into(),
            path: "/api/v3/Request".into(),
            query: None,
            key_kind: Some(KeyKind::Public),
            status: 200,
            scenario: None,
            body: Some(summarize_images(body)),
            ignored_fields: vec!["metadata".into()],
        };
        assert_eq!(
            received.field("frontImageBase64"),
            Some(&serde_json::json!("<JPEG image, 6 bytes>"))
        );
        assert_eq!(
            received.field("faceimagebase64"),
            Some(&serde_json::json!("<not an image: 2 base64 characters>"))
        );
        let shown = format!("{received:?}");
        assert!(
            shown.contains("ssn") && !shown.contains("000-00"),
            "{shown}"
        );
        assert!(received.path_is("/API/V3/REQUEST"));
    }
}
