//! Contract tests for `dvs-public` against wiremock on loopback: the exact request, response
//! and error mapping, retry behaviour by hit count, and local validation.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod account_decides;
mod client;
mod idvc_golden;
mod idvc_submit;
mod request_shape;
mod responses;
mod retries;
mod validation;

use std::time::Duration;

use dvs_public::{Client, ClientBuilder, PublicKey, RetryPolicy};
use wiremock::MockServer;

/// The public key every test uses.
pub const PK: &str = "pk_a47764c0-e3da-4300-ba2d-fdf148c011ea";

/// The public key.
pub fn key() -> PublicKey {
    PublicKey::new(PK).unwrap()
}

/// A builder aimed at `server`, with the default policy's retries but no waiting.
pub fn builder(server: &MockServer) -> ClientBuilder {
    Client::builder(key())
        .base_url(server.uri())
        .retry_policy(RetryPolicy::immediate(2))
        .timeout(Duration::from_secs(10))
}

/// A client aimed at `server`.
pub fn client(server: &MockServer) -> Client {
    builder(server).build().unwrap()
}
