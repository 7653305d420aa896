//! [`Reply`]: what the mock answers, before it becomes an HTTP response; and the DVS error
//! bodies (`{code, message, propertyErrors, multipleErrors, traceId}`).

use std::collections::BTreeMap;
use std::time::Duration;

use http_body_util::Full;
use hyper::body::Bytes;
use hyper::header::{CONTENT_TYPE, HeaderName, HeaderValue, RETRY_AFTER};
use hyper::{Response, StatusCode};
use serde_json::{Value, json};

use crate::random;

/// An HTTP answer: status, JSON body (none for a CORS preflight), extra headers and a delay.
#[derive(Clone)]
pub(crate) struct Reply {
    pub(crate) status: u16,
    pub(crate) body: Option<Value>,
    pub(crate) headers: Vec<(HeaderName, HeaderValue)>,
    pub(crate) delay: Duration,
    /// The answer is lost: the connection is closed after the delay, with no response.
    pub(crate) lost: bool,
}

impl Reply {
    /// A `200 OK` with a JSON body.
    pub(crate) fn ok(body: Value) -> Reply {
        Reply {
            status: 200,
            body: Some(body),
            ..Reply::no_content()
        }
    }

    /// A `204 No Content`.
    pub(crate) fn no_content() -> Reply {
        Reply {
            status: 204,
            body: None,
            headers: Vec::new(),
            delay: Duration::ZERO,
            lost: false,
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
        .with_header(RETRY_AFTER, HeaderValue::from(retry_after_secs))
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
    pub(crate) fn with_header(mut self, name: HeaderName, value: HeaderValue) -> Reply {
        self.headers.push((name, value));
        self
    }

    /// The same reply, never sent: the connection closes instead (after the delay).
    pub(crate) fn lost(mut self) -> Reply {
        self.lost = true;
        self
    }

    /// The same reply answered `extra` later.
    pub(crate) fn delayed(mut self, extra: Duration) -> Reply {
        self.delay = self.delay.saturating_add(extra);
        self
    }

    /// The HTTP response, CORS headers added: the JSON bytes as written here, never
    /// re-serialized elsewhere. (The delay is the server's to wait out.)
    pub(crate) fn into_response(self) -> Response<Full<Bytes>> {
        let mut response = match &self.body {
            Some(body) => {
                let bytes = serde_json::to_vec(body).unwrap_or_else(|_| b"{}".to_vec());
                let mut response = Response::new(Full::new(Bytes::from(bytes)));
                response.headers_mut().insert(
                    CONTENT_TYPE,
                    HeaderValue::from_static("application/json; charset=utf-8"),
                );
                response
            }
            None => Response::new(Full::new(Bytes::new())),
        };
        // Every status the mock answers is a valid one; 500 should that ever change.
        *response.status_mut() =
            StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let headers = response.headers_mut();
        for (name, value) in self.headers {
            headers.insert(name, value);
        }
        crate::cors::add_cors_headers(headers);
        response
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
