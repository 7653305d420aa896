#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod auth;
mod cors;
mod http_request;
mod mock_dvs;
mod random;
mod received;
mod reply;
mod responder;
mod routes;
pub mod sample_images;
mod scenario;
mod server;
mod state;
pub mod synthetic_person;
mod timestamp;
mod validation;
mod verification_result;

pub use dvs_core::{KeyKind, PublicKey, SecretKey};
pub use mock_dvs::{
    DEFAULT_JOURNAL_CAPACITY, DEFAULT_REQUEST_EXPIRY, DEFAULT_RETRY_AFTER, DEFAULT_SLOW_DELAY,
    DEFAULT_STORED_REQUESTS, MockDvs, MockDvsBuilder,
};
pub use received::ReceivedRequest;
pub use scenario::{SCENARIO_MARKER, Scenario, UnknownScenario};
