//! The shared HTTP engine (feature `http`, on by default).
//!
//! Both `dvs-public` and `dvs-secret` are thin typed layers over [`Engine`]; everything
//! about sending — base URL, the bearer header (built once, marked sensitive, sent only to
//! the configured host), user agent, timeouts, retries and error mapping — lives here once.

mod base_url;
mod builder;
mod engine;
mod operation_span;
/// What differs between native targets and the browser, one module per platform with the
/// same items (as reqwest keeps `async_impl/` and `wasm/` apart): the only place in the
/// engine that names `wasm32`.
#[cfg_attr(not(target_arch = "wasm32"), path = "platform/native.rs")]
#[cfg_attr(target_arch = "wasm32", path = "platform/wasm.rs")]
mod platform;
mod request_body;
mod transport;

pub use base_url::{BASE_URL_ENV, DEFAULT_BASE_URL, is_loopback, parse_base_url};
pub use builder::{
    BuildClient, ClientBuilder, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_IMAGE_BYTES, DEFAULT_TIMEOUT,
};
pub use engine::{ApiCall, DEFAULT_MAX_RESPONSE_BYTES, Engine, decode_json, refuse_empty_body};
pub use operation_span::traced;
pub use request_body::RequestBody;
/// Re-exported so users implementing [`Transport`] need not depend on reqwest themselves.
pub use reqwest::{Method, header};
pub use transport::{
    HttpRequest, HttpResponse, ReqwestTransport, Transport, TransportError, TransportErrorKind,
};
