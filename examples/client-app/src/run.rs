//! [`run`]: the client side of the enhanced flow, step by step.

use dvs_public::{Client, RequestId, RequestStatus, Summary, VerificationRequest};

use crate::{Backend, ClientAppError};

/// One step of the client side, reported as it happens.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    /// DVS created the request (the images are uploaded).
    Created {
        /// The new request's id.
        request_id: RequestId,
        /// Its status.
        status: Option<RequestStatus>,
    },
    /// The request id was handed to the backend.
    PassedToBackend {
        /// The backend URL.
        backend_url: String,
    },
    /// The backend verified it and decided.
    Decided(Summary),
}

/// Creates the request with the public key, hands the id to the backend, and returns the
/// backend's client-safe summary. `on_step` sees each step as it happens.
pub async fn run(
    client: &Client,
    backend: &Backend,
    request: VerificationRequest,
    mut on_step: impl FnMut(&Step),
) -> Result<Summary, ClientAppError> {
    let created = client.create_request(request).await?;
    on_step(&Step::Created {
        request_id: created.request_id,
        status: created.status.clone(),
    });
    on_step(&Step::PassedToBackend {
        backend_url: backend.url().to_owned(),
    });
    let summary = backend.submit(&created.request_id).await?;
    on_step(&Step::Decided(summary.clone()));
    Ok(summary)
}
