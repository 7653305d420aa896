//! Cross-crate tests: the full enhanced flow through `dvs-public` and `dvs-secret` against
//! `dvs-mock` (contract), and the reliability suites (bad input, fault injection, secrets, load).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod bad_input;
mod contract;
mod fault_injection;
mod load;
mod secrets_scan;
