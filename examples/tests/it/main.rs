//! End-to-end tests of the examples: the full flow against the in-process mock, and the
//! backend app's answers to each bad input.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod backend_errors;
mod full_flow;
