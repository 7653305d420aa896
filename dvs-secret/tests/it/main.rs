//! Contract tests of `dvs-secret` against local servers (wiremock, and a raw TCP server for a
//! dropped connection). Fixtures under `tests/fixtures/` are served byte for byte.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod at_most_once;
mod authentication;
mod client;
mod direct_verify;
mod document_data;
mod error_mapping;
mod fixtures;
mod get_result;
mod policy;
mod responses;
mod result_contents;
mod signals;
mod summary;
mod support;
mod verify_by_id;
