//! CORS, so that a browser app — JavaScript, or `dvs-public` compiled to WebAssembly — served
//! from another origin can call the mock. What the real DVS answers to browsers is not
//! documented; the mock allows any origin, the methods and headers the DVS
//! clients send, and lets the page read `Retry-After`.

use hyper::HeaderMap;
use hyper::header::{
    ACCESS_CONTROL_ALLOW_HEADERS, ACCESS_CONTROL_ALLOW_METHODS, ACCESS_CONTROL_ALLOW_ORIGIN,
    ACCESS_CONTROL_EXPOSE_HEADERS, ACCESS_CONTROL_MAX_AGE, HeaderValue,
};

use crate::http_request::HttpRequest;
use crate::reply::Reply;

/// Whether `request` is a browser's CORS preflight (`OPTIONS`), not a DVS call.
pub(crate) fn is_preflight(request: &HttpRequest) -> bool {
    request.method.as_str().eq_ignore_ascii_case("OPTIONS")
}

/// The answer to a preflight: `204`, any origin, `GET`/`POST`, `Authorization` and
/// `Content-Type`, cached by the browser for ten minutes.
pub(crate) fn preflight() -> Reply {
    Reply::no_content()
        .with_header(
            ACCESS_CONTROL_ALLOW_METHODS,
            HeaderValue::from_static("GET, POST, OPTIONS"),
        )
        .with_header(
            ACCESS_CONTROL_ALLOW_HEADERS,
            HeaderValue::from_static("Authorization, Content-Type"),
        )
        .with_header(ACCESS_CONTROL_MAX_AGE, HeaderValue::from_static("600"))
}

/// Adds the headers every answer carries: any origin may read it, including its
/// `Retry-After` (hidden from a page's script unless exposed).
pub(crate) fn add_cors_headers(headers: &mut HeaderMap) {
    headers.insert(ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
    headers.insert(
        ACCESS_CONTROL_EXPOSE_HEADERS,
        HeaderValue::from_static("Retry-After"),
    );
}
