//! Examples for dvs-rs: the backend app and the one-command full enhanced flow, as a library
//! so they can be tested end to end. The client app is its own package,
//! `dvs-client-app`, which depends on `dvs-public` only.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod backend;
pub mod full_flow;
