//! End-to-end tests of the one-command full flow against the in-process mock.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod document_checks;
mod full_flow;
