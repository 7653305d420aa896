//! Contract tests for `dvs-public` against wiremock on loopback: the exact request, response
//! and error mapping, retry behaviour by hit count, and local validation.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod account_decides;
mod client;
mod idvc_submit;
mod request_shape;
mod responses;
mod retries;
mod validation;

use std::time::Duration;

use dvs_public::{Client, ClientBuilder, PublicKey, RetryPolicy};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The public key every test uses.
pub const PK: &str = "pk_a47764c0-e3da-4300-ba2d-fdf148c011ea";

/// The public key.
pub fn key() -> PublicKey {
    PublicKey::new(PK).unwrap()
}

/// A fixture file's bytes, served as they are.
pub fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"))
}

/// A JSON response served byte for byte from a fixture.
pub fn json_fixture(status: u16, name: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(fixture(name), "application/json")
}

/// Bytes that sniff as `magic`'s format, `len` long, with varied content after the magic.
fn shaped(magic: &[u8], len: usize, seed: u8) -> Vec<u8> {
    let mut state = u32::from(seed).wrapping_mul(2_654_435_761).wrapping_add(1);
    let mut bytes: Vec<u8> = (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            state.to_le_bytes()[0]
        })
        .collect();
    bytes[..magic.len()].copy_from_slice(magic);
    bytes
}

/// A JPEG-shaped image of `len` bytes.
pub fn jpeg(len: usize, seed: u8) -> Vec<u8> {
    shaped(&[0xFF, 0xD8, 0xFF, 0xE0], len, seed)
}

/// A PNG-shaped image of `len` bytes.
pub fn png(len: usize, seed: u8) -> Vec<u8> {
    shaped(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A], len, seed)
}

/// A WEBP-shaped image of `len` bytes.
pub fn webp(len: usize, seed: u8) -> Vec<u8> {
    let mut bytes = shaped(b"RIFF\0\0\0\0WEBP", len, seed);
    bytes[4..8].copy_from_slice(&u32::try_from(len - 8).unwrap().to_le_bytes());
    bytes
}

/// Retries as the default policy allows, without the waiting.
pub fn fast_retries() -> RetryPolicy {
    RetryPolicy {
        max_retries: 2,
        base_delay: Duration::from_millis(1),
        max_delay: Duration::from_millis(5),
        max_retry_after: Duration::from_secs(5),
    }
}

/// A builder aimed at `server`, with fast retries.
pub fn builder(server: &MockServer) -> ClientBuilder {
    Client::builder(key())
        .base_url(server.uri())
        .retry_policy(fast_retries())
        .timeout(Duration::from_secs(10))
}

/// A client aimed at `server`.
pub fn client(server: &MockServer) -> Client {
    builder(server).build().unwrap()
}

/// A lowest-priority mock that fails the test, by name, if any request it catches arrives.
pub async fn catch_all(server: &MockServer) {
    Mock::given(any())
        .respond_with(ResponseTemplate::new(599))
        .with_priority(u8::MAX)
        .named("unexpected request (no other mock matched)")
        .expect(0)
        .mount(server)
        .await;
}
