//! [`Reply`]: what an endpoint answers, before it becomes a wiremock `ResponseTemplate`;
//! and the DVS error bodies (`{code, message, propertyErrors, multipleErrors, traceId}`).

use std::collections::BTreeMap;
use std::time::Duration;

use serde_json::{Value, json};
use wiremock::ResponseTemplate;

use crate::random;

/// An HTTP answer: status, JSON body, extra headers and a delay.
#[derive(Clone)]
pub(crate) struct Reply {
    pub(crate) status: u16,
    pub(crate) body: Value,
    pub(crate) headers: Vec<(&'static str, String)>,
    pub(crate) delay: Duration,
}

impl Reply {
    /// A `200 OK` with a JSON body.
    pub(crate) fn ok(body: Value) -> Reply {
        Reply {
            status: 200,
            body,
            headers: Vec::new(),
            delay: Duration::ZERO,
        }
    }

    /// A DVS error body with `code` and `message`.
    pub(crate) fn error(status: u16, code: &str, message: impl Into<String>) -> Reply {
        Reply::ok(error_body(code, &message.into(), &BTreeMap::new())).with_status(status)
    }

    /// `400 ValidationError` naming each bad field in `propertyErrors`.
    pub(crate) fn validation(errors: &BTreeMap<String, String>) -> Reply {
        let message = if errors.len() == 1 {
            "One or more validation errors occurred: 1 field is invalid."
        } else {
            "One or more validation errors occurred: several fields are invalid."
        };
        Reply::ok(error_body("ValidationError", message, errors)).with_status(400)
    }

    /// `401` with the DVS error body.
    pub(crate) fn unauthorized(message: impl Into<String>) -> Reply {
        Reply::error(401, "Unauthorized", message)
    }

    /// `404 NotFound`.
    pub(crate) fn not_found(message: impl Into<String>) -> Reply {
        Reply::error(404, "NotFound", message)
    }

    /// `429` with `Retry-After: <seconds>`.
    pub(crate) fn rate_limited(retry_after_secs: u64) -> Reply {
        Reply::error(
            429,
            "TooManyRequests",
            "Too many requests (dvs-mock scenario rate-limited); retry after the Retry-After delay.",
        )
        .with_header("Retry-After", retry_after_secs.to_string())
    }

    /// `500 ApiError` with a fresh `traceId`.
    pub(crate) fn server_error() -> Reply {
        Reply::error(
            500,
            "ApiError",
            "An internal server error occurred (dvs-mock scenario server-error).",
        )
    }

    /// The same reply with another status.
    pub(crate) fn with_status(mut self, status: u16) -> Reply {
        self.status = status;
        self
    }

    /// The same reply with one more header.
    pub(crate) fn with_header(mut self, name: &'static str, value: String) -> Reply {
        self.headers.push((name, value));
        self
    }

    /// The same reply answered `extra` later.
    pub(crate) fn delayed(mut self, extra: Duration) -> Reply {
        self.delay = self.delay.saturating_add(extra);
        self
    }

    /// The wiremock response: the JSON bytes as written here, never re-serialized elsewhere.
    pub(crate) fn into_template(self) -> ResponseTemplate {
        let bytes = serde_json::to_vec(&self.body).unwrap_or_else(|_| b"{}".to_vec());
        let mut template = ResponseTemplate::new(self.status)
            .set_body_raw(bytes, "application/json; charset=utf-8");
        for (name, value) in self.headers {
            template = template.insert_header(name, value.as_str());
        }
        if !self.delay.is_zero() {
            template = template.set_delay(self.delay);
        }
        crate::cors::with_cors(template)
    }
}

/// The documented error body, plus the `traceId` ASP.NET adds.
fn error_body(code: &str, message: &str, property_errors: &BTreeMap<String, String>) -> Value {
    json!({
        "code": code,
        "message": message,
        "propertyErrors": property_errors,
        "multipleErrors": [],
        "traceId": random::trace_id(),
    })
}
