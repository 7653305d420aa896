//! What the dvs-rs test suites share, so each exists once: the raw JSON fixtures (served byte
//! for byte), fake images the format sniffing accepts, wiremock helpers (a fixture as a
//! response, a catch-all that names unexpected requests), raw loopback HTTP servers with their
//! request reader, an address where nothing listens, a dvs-mock whose requests expire almost at
//! once, and the name of a `dvs_core::Error` variant for mapping tables.
//!
//! A dev-dependency of the test suites (the unpublished benchmark uses it too); never a
//! dependency of a published crate. Apart from [`error_variant`] and [`expiring_mock`], the
//! helpers speak plain types (bytes, text, JSON values, socket addresses), so even a crate's
//! own unit tests, which see that crate's types as different from the ones this crate links,
//! can use them. The fast retry policy every suite uses is `RetryPolicy::immediate`, in
//! `dvs-core` itself.
//!
//! ```
//! use dvs_test_support::{fixture, jpeg};
//!
//! let body = fixture("v4_verify.json");
//! assert!(body.starts_with(b"{"));
//! let front = jpeg(1024, 1);
//! assert_eq!((front.len(), &front[..3]), (1024, &[0xFF, 0xD8, 0xFF][..]));
//! ```
#![warn(missing_docs)]
// Test support: a failed unwrap here is a failed test, reported where it happened.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod closed_port;
mod error_variant;
mod expiring_mock;
mod fixtures;
mod images;
mod mock_server;
mod raw_request;
pub mod raw_server;

pub use closed_port::closed_port_address;
pub use error_variant::error_variant;
pub use expiring_mock::{SHORT_REQUEST_EXPIRY, expiring_mock, outlive_request_expiry};
pub use fixtures::{fixture, fixture_json};
pub use images::{GIF_BASE64, JPEG_BASE64, JPEG_MAGIC, PNG_BASE64, WEBP_BASE64, jpeg, png, webp};
pub use mock_server::{catch_all, fixture_response};
pub use raw_request::{RawRequest, read_request};
