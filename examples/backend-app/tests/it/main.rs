//! End-to-end tests of the example backend app: its answer to each bad input and DVS error,
//! the binary killed at each point of a verification, and the page server's headers.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod backend_errors;
mod process_kill;
mod web_page;
