//! [`Error::kind_name`]: the variant's name, for logs, metrics and tables.

use crate::Error;

impl Error {
    /// The variant's name (`"Timeout"`, `"DocumentRejected"`, …), for logs and metrics: it
    /// carries nothing of the answer.
    pub fn kind_name(&self) -> &'static str {
        match self {
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
        }
    }
}
