//! The client-side app of the DVS enhanced integration, as a library (used by the
//! `client_app` binary and by `dvs-full-flow`'s `full_flow`).
//!
//! It holds **only the public key**: it creates a verification request with the ID images
//! and a selfie, passes the `requestId` to the backend, and shows the backend's client-safe
//! [`Summary`]. This package depends on `dvs-public` and not on `dvs-secret`, so it cannot
//! even name a secret key.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod args;
mod backend;
mod error;
mod images;
mod run;

pub use args::{Args, USAGE, parse_document_type};
pub use backend::{Backend, DEFAULT_DEMO_USER, DEMO_USER_HEADER};
pub use error::ClientAppError;
pub use images::{ImagePaths, load_request, sample_request};
pub use run::{Step, run};

pub use dvs_public::Summary;
