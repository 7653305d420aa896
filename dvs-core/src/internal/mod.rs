//! Engine plumbing that `dvs-public` and `dvs-secret` are built on. **Not part of the public
//! API and carries no semver promise**: it may change in any release. Hidden from the docs;
//! do not use it from your own code.

#[cfg(feature = "http")]
pub mod client_api;

pub use crate::retry::{Resend, RetryDecision, resend};
pub use crate::streaming_json::{JsonChunks, StreamingJson};

#[cfg(feature = "http")]
pub use crate::http::{
    ApiCall, BuildClient, ClientBuilder, Engine, decode_json, is_loopback, parse_base_url,
    refuse_empty_body, traced,
};
