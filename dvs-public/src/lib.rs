#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod capture_method;
mod client;
mod created_request;
mod idvc_submit;
mod image_input;
mod verification_request;

pub use capture_method::{Capture, CaptureMethod};
pub use client::{Client, ClientBuilder};
pub use created_request::CreatedRequest;
pub use idvc_submit::{IdvcStepType, IdvcSubmit};
pub use image_input::IntoImage;
pub use verification_request::VerificationRequest;

pub use dvs_core::internal::client_api::*;
pub use dvs_core::{PUBLIC_KEY_ENV, PublicKey};
