//! Integration tests of `dvs-core`: keys, request ids, images, wire models against raw
//! fixtures, error mapping, redaction of sensitive data, base URLs and the HTTP engine
//! against loopback servers.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod base_url;
mod connection_pool;
mod engine;
mod error_mapping;
mod forward_compat;
mod image;
mod keys;
mod redaction;
mod request_id;
mod support;
