//! Shared helpers of this suite: the mock server with its catch-all, the fixtures' request id,
//! and clients. (Fixtures and fake images come from `dvs-test-support`.)

use std::time::Duration;

use dvs_secret::{Client, RequestId, RetryPolicy, SecretKey};
use dvs_test_support::catch_all;
use wiremock::MockServer;

/// A fictional secret key.
pub(crate) const SECRET: &str = "sk_a47764c0-e3da-4300-ba2d-fdf148c011ea";
/// The request id the fixtures are about.
pub(crate) const ID: &str = "3fa85f64-5717-4562-b3fc-2c963f66afa6";
/// `Authorization` as DVS must receive it.
pub(crate) const BEARER: &str = "Bearer sk_a47764c0-e3da-4300-ba2d-fdf148c011ea";

/// The request id of the fixtures.
pub(crate) fn request_id() -> RequestId {
    ID.parse().unwrap()
}

/// The path of E3 for the fixtures' id.
pub(crate) fn verify_path() -> String {
    format!("/api/v3/Verify/{ID}")
}

/// The path of E4 for the fixtures' id.
pub(crate) fn result_path() -> String {
    format!("/api/v3/Request/{ID}/result")
}

/// A mock server with the catch-all mounted at the lowest priority.
pub(crate) async fn server() -> MockServer {
    let server = MockServer::start().await;
    catch_all(&server).await;
    server
}

/// A client for `server` with the default policy's retries without the waiting, and a 5 s
/// timeout.
pub(crate) fn client(server: &MockServer) -> Client {
    client_with(server, Duration::from_secs(5), RetryPolicy::immediate(2))
}

/// A client for `server` that never retries.
pub(crate) fn no_retry_client(server: &MockServer) -> Client {
    client_with(server, Duration::from_secs(5), RetryPolicy::none())
}

/// A client for `server` with a short timeout, for timeout tests.
pub(crate) fn impatient_client(server: &MockServer) -> Client {
    client_with(
        server,
        Duration::from_millis(300),
        RetryPolicy::immediate(2),
    )
}

/// A client with the given timeout and retry policy.
pub(crate) fn client_with(server: &MockServer, timeout: Duration, retry: RetryPolicy) -> Client {
    Client::builder(SecretKey::new(SECRET).unwrap())
        .base_url(server.uri())
        .timeout(timeout)
        .retry_policy(retry)
        .build()
        .unwrap()
}

/// Longer than any test client's timeout.
pub(crate) const SLOW: Duration = Duration::from_secs(3);
