//! CORS, so that a browser app — JavaScript, or `dvs-public` compiled to WebAssembly — served
//! from another origin can call the mock. What the real DVS answers to browsers is not
//! documented (`dvs-api.md`); the mock allows any origin, the methods and headers the DVS
//! clients send, and lets the page read `Retry-After`.

use wiremock::{Request, ResponseTemplate};

/// Whether `request` is a browser's CORS preflight (`OPTIONS`), not a DVS call.
pub(crate) fn is_preflight(request: &Request) -> bool {
    request.method.as_str().eq_ignore_ascii_case("OPTIONS")
}

/// The answer to a preflight: `204`, any origin, `GET`/`POST`, `Authorization` and
/// `Content-Type`, cached by the browser for ten minutes.
pub(crate) fn preflight() -> ResponseTemplate {
    with_cors(ResponseTemplate::new(204))
        .insert_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
        .insert_header(
            "Access-Control-Allow-Headers",
            "Authorization, Content-Type",
        )
        .insert_header("Access-Control-Max-Age", "600")
}

/// `template` with the headers every answer carries: any origin may read it, including its
/// `Retry-After` (hidden from a page's script unless exposed).
pub(crate) fn with_cors(template: ResponseTemplate) -> ResponseTemplate {
    template
        .insert_header("Access-Control-Allow-Origin", "*")
        .insert_header("Access-Control-Expose-Headers", "Retry-After")
}
