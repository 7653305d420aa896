//! dvs-mock driven over raw HTTP (reqwest, not the dvs-rs clients), with the request shapes
//! of `docs/api-coverage.md`, so the mock is checked against the reference rather than against our
//! own clients.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod account_settings;
mod auth;
mod authentication;
mod binary;
mod cors;
mod direct;
mod golden;
mod http_exchange;
mod inspection;
mod lenient_fields;
mod lifecycle;
mod results;
mod scenarios;
mod support;
mod validation;
