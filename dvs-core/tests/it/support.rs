//! Shared helpers: fixture loading, a test client type for the builder, and fast retry policies.

use std::time::Duration;

use dvs_core::SecretKey;
use dvs_core::http::{BuildClient, ClientBuilder, Engine};
use dvs_core::retry::RetryPolicy;

/// A well-formed secret key whose body is easy to search for in output.
pub const SECRET_KEY: &str = "sk_0f0e0d0c-0b0a-0908-0706-050403020100";
/// The part of [`SECRET_KEY`] after its prefix: it must never appear in any output.
pub const SECRET_KEY_BODY: &str = "0f0e0d0c-0b0a-0908-0706-050403020100";
/// A well-formed public key.
pub const PUBLIC_KEY: &str = "pk_a47764c0-e3da-4300-ba2d-fdf148c011ea";
/// The part of [`PUBLIC_KEY`] after its prefix.
pub const PUBLIC_KEY_BODY: &str = "a47764c0-e3da-4300-ba2d-fdf148c011ea";

/// The raw bytes of a file under `tests/fixtures/`.
pub fn fixture(name: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("fixtures")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read fixture {}: {e}", path.display()))
}

/// A retry policy with millisecond delays, so retry tests run fast.
pub fn fast_retries(max_retries: u32) -> RetryPolicy {
    RetryPolicy {
        max_retries,
        base_delay: Duration::from_millis(1),
        max_delay: Duration::from_millis(5),
        ..RetryPolicy::default()
    }
}

/// A minimal backend client, built the way `dvs-secret` builds its own.
#[derive(Debug)]
pub struct TestClient {
    pub engine: Engine,
}

impl BuildClient for TestClient {
    type Key = SecretKey;
    fn from_engine(engine: Engine) -> Self {
        TestClient { engine }
    }
}

/// A builder for [`TestClient`] with [`SECRET_KEY`].
pub fn builder() -> ClientBuilder<TestClient> {
    ClientBuilder::new(SecretKey::new(SECRET_KEY).unwrap())
}

/// Deterministic pseudo-random bytes (xorshift64*), for image payloads.
pub fn pseudo_random(len: usize, seed: u64) -> Vec<u8> {
    let mut state = seed | 1;
    let mut out = Vec::with_capacity(len + 8);
    while out.len() < len {
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        out.extend_from_slice(&state.wrapping_mul(0x2545_F491_4F6C_DD1D).to_le_bytes());
    }
    out.truncate(len);
    out
}

/// A JPEG-shaped image: `FF D8 FF E0`, then pseudo-random bytes, `len` bytes in all.
pub fn jpeg_bytes(len: usize, seed: u64) -> Vec<u8> {
    let mut bytes = pseudo_random(len, seed);
    bytes[..4].copy_from_slice(&[0xFF, 0xD8, 0xFF, 0xE0]);
    bytes
}
