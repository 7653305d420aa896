//! Shared helpers of this suite: keys, and a test client type for the builder. (Fixtures, fake
//! images and loopback servers come from `dvs-test-support`.)

use dvs_core::SecretKey;
use dvs_core::internal::{BuildClient, ClientBuilder, Engine};

/// A well-formed secret key whose body is easy to search for in output.
pub(crate) const SECRET_KEY: &str = "sk_0f0e0d0c-0b0a-0908-0706-050403020100";
/// The part of [`SECRET_KEY`] after its prefix: it must never appear in any output.
pub(crate) const SECRET_KEY_BODY: &str = "0f0e0d0c-0b0a-0908-0706-050403020100";
/// A well-formed public key.
pub(crate) const PUBLIC_KEY: &str = "pk_a47764c0-e3da-4300-ba2d-fdf148c011ea";
/// The part of [`PUBLIC_KEY`] after its prefix.
pub(crate) const PUBLIC_KEY_BODY: &str = "a47764c0-e3da-4300-ba2d-fdf148c011ea";

/// A minimal backend client, built the way `dvs-secret` builds its own.
#[derive(Debug)]
pub(crate) struct TestClient {
    pub engine: Engine,
}

impl BuildClient for TestClient {
    type Key = SecretKey;
    fn from_engine(engine: Engine) -> Self {
        TestClient { engine }
    }
}

/// A builder for [`TestClient`] with [`SECRET_KEY`].
pub(crate) fn builder() -> ClientBuilder<TestClient> {
    ClientBuilder::new(SecretKey::new(SECRET_KEY).unwrap())
}
