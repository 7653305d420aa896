//! [`ClientAppError`]: what can go wrong in the client app, with messages a user can act on.

use std::path::PathBuf;

/// What can go wrong in the client app. Messages name the file or the service at fault and
/// never include a key, an image or document data.
#[derive(Debug, thiserror::Error)]
pub enum ClientAppError {
    /// A command-line problem.
    #[error("{0}")]
    Usage(String),
    /// An image file does not exist.
    #[error("the {role} image file `{}` does not exist", path.display())]
    MissingFile {
        /// Which image (`front`, `back`, `selfie`).
        role: &'static str,
        /// The path given.
        path: PathBuf,
    },
    /// An image file could not be read or is not a usable image.
    #[error("the {role} image `{}` cannot be used: {reason}", path.display())]
    BadImage {
        /// Which image.
        role: &'static str,
        /// The path given.
        path: PathBuf,
        /// Why.
        reason: String,
    },
    /// DVS refused or failed the upload.
    #[error("creating the verification request failed: {0}")]
    Dvs(#[from] dvs_public::Error),
    /// The backend could not be reached.
    #[error("the backend at {url} is not reachable; is backend_app running?")]
    BackendDown {
        /// The backend URL.
        url: String,
    },
    /// The backend answered with an error.
    #[error("the backend refused the verification (HTTP {status}, {code}): {message}")]
    BackendRejected {
        /// HTTP status.
        status: u16,
        /// The backend's error code.
        code: String,
        /// The backend's message.
        message: String,
    },
    /// The backend's answer could not be read.
    #[error("the backend's answer could not be read: {reason}")]
    BackendAnswerInvalid {
        /// What did not fit.
        reason: String,
    },
}
