//! The name of an error's variant, for tables that map answers to variants.

use dvs_core::Error;

/// The name of `error`'s variant (`"Auth"`, `"RateLimited"`, …), or `"other"` for a variant
/// added after this list.
pub fn error_variant(error: &Error) -> &'static str {
    match error {
        Error::InvalidKey(_) => "InvalidKey",
        Error::InvalidRequestId(_) => "InvalidRequestId",
        Error::InvalidImage { .. } => "InvalidImage",
        Error::InvalidInput { .. } => "InvalidInput",
        Error::Config(_) => "Config",
        Error::Auth(_) => "Auth",
        Error::NotFound(_) => "NotFound",
        Error::AlreadyProcessed(_) => "AlreadyProcessed",
        Error::Expired(_) => "Expired",
        Error::DocumentRejected(_) => "DocumentRejected",
        Error::Validation(_) => "Validation",
        Error::RateLimited { .. } => "RateLimited",
        Error::Server(_) => "Server",
        Error::Api(_) => "Api",
        Error::Timeout => "Timeout",
        Error::Connect(_) => "Connect",
        Error::Transport(_) => "Transport",
        Error::Decode { .. } => "Decode",
        _ => "other",
    }
}
