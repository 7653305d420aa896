//! Shared test helpers: the mock server with its catch-all, fixtures, and clients.

use std::time::Duration;

use dvs_secret::{Client, RequestId, RetryPolicy, SecretKey};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// A fictional secret key.
pub const SECRET: &str = "sk_a47764c0-e3da-4300-ba2d-fdf148c011ea";
/// The request id the fixtures are about.
pub const ID: &str = "3fa85f64-5717-4562-b3fc-2c963f66afa6";
/// `Authorization` as DVS must receive it.
pub const BEARER: &str = "Bearer sk_a47764c0-e3da-4300-ba2d-fdf148c011ea";

/// The request id of the fixtures.
pub fn request_id() -> RequestId {
    ID.parse().unwrap()
}

/// The path of E3 for the fixtures' id.
pub fn verify_path() -> String {
    format!("/api/v3/Verify/{ID}")
}

/// The path of E4 for the fixtures' id.
pub fn result_path() -> String {
    format!("/api/v3/Request/{ID}/result")
}

/// A fixture's bytes.
pub fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("fixture {path}: {e}"))
}

/// A 200 answer with a fixture, byte for byte.
pub fn ok(name: &str) -> ResponseTemplate {
    with_body(200, name)
}

/// An answer of `status` with a fixture, byte for byte.
pub fn with_body(status: u16, name: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(fixture(name), "application/json")
}

/// Answers anything no other mock matched with 418 and names the request, so a test that
/// sends something unexpected fails loudly (and `expect(0)` fails `verify`).
struct Unexpected;

impl Respond for Unexpected {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        ResponseTemplate::new(418).set_body_string(format!(
            "no mock for this request: {} {}",
            request.method, request.url
        ))
    }
}

/// A mock server with the catch-all mounted at the lowest priority.
pub async fn server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(Unexpected)
        .with_priority(u8::MAX)
        .named("catch-all (an unexpected request was sent)")
        .expect(0)
        .mount(&server)
        .await;
    server
}

/// Retries allowed, with tiny delays.
pub fn fast_retries() -> RetryPolicy {
    RetryPolicy {
        max_retries: 2,
        base_delay: Duration::from_millis(5),
        max_delay: Duration::from_millis(20),
        max_retry_after: Duration::from_secs(2),
    }
}

/// A client for `server` with fast retries and a 5 s timeout.
pub fn client(server: &MockServer) -> Client {
    client_with(server, Duration::from_secs(5), fast_retries())
}

/// A client for `server` that never retries.
pub fn no_retry_client(server: &MockServer) -> Client {
    client_with(server, Duration::from_secs(5), RetryPolicy::none())
}

/// A client for `server` with a short timeout, for timeout tests.
pub fn impatient_client(server: &MockServer) -> Client {
    client_with(server, Duration::from_millis(300), fast_retries())
}

/// A client with the given timeout and retry policy.
pub fn client_with(server: &MockServer, timeout: Duration, retry: RetryPolicy) -> Client {
    Client::builder(SecretKey::new(SECRET).unwrap())
        .base_url(server.uri())
        .timeout(timeout)
        .retry_policy(retry)
        .build()
        .unwrap()
}

/// Longer than any test client's timeout.
pub const SLOW: Duration = Duration::from_secs(3);
