//! [`Backend`]: the client app's connection to its own backend (not to DVS).

use std::time::Duration;

use dvs_public::{RequestId, SensitiveText, Summary};
use serde::Deserialize;

use crate::ClientAppError;

/// The backend's JSON error shape (`{"error": code, "message": text}`).
#[derive(Debug, Deserialize)]
struct BackendError {
    error: String,
    message: String,
}

/// The customer's backend, reached over HTTP: it holds the secret key and runs Verify.
#[derive(Debug, Clone)]
pub struct Backend {
    http: reqwest::Client,
    url: String,
    claimed_name: Option<SensitiveText>,
    claimed_date_of_birth: Option<SensitiveText>,
    user: String,
}

/// The header the example backend reads its demo sign-in from (a stand-in for real
/// authentication; see the backend app's `sign_in` module).
pub const DEMO_USER_HEADER: &str = "x-demo-user";

/// The user the demo signs in as unless told otherwise.
pub const DEFAULT_DEMO_USER: &str = "demo-user";

impl Backend {
    /// A backend at `url` (e.g. `http://127.0.0.1:3000`).
    pub fn new(url: impl Into<String>) -> Result<Backend, ClientAppError> {
        let url = url.into().trim_end_matches('/').to_owned();
        if !(url.starts_with("http://") || url.starts_with("https://")) {
            return Err(ClientAppError::Usage(format!(
                "the backend URL must start with http:// or https:// (got `{url}`)"
            )));
        }
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(180))
            .build()
            .map_err(|e| ClientAppError::Usage(format!("cannot build an HTTP client: {e}")))?;
        Ok(Backend {
            http,
            url,
            claimed_name: None,
            claimed_date_of_birth: None,
            user: DEFAULT_DEMO_USER.to_owned(),
        })
    }

    /// Sends what the user typed (name, date of birth) with the request id, for the
    /// backend's identity match (`claimedName`, `claimedDateOfBirth`).
    #[must_use]
    pub fn with_claim(
        mut self,
        name: Option<SensitiveText>,
        date_of_birth: Option<SensitiveText>,
    ) -> Backend {
        self.claimed_name = name;
        self.claimed_date_of_birth = date_of_birth;
        self
    }

    /// The same backend, signed in as `user` (sent in the demo sign-in header; a real app
    /// sends its session cookie or token instead).
    pub fn with_user(mut self, user: impl Into<String>) -> Backend {
        self.user = user.into();
        self
    }

    /// The backend's base URL.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// `{"requestId": …}`, with `claimedName` / `claimedDateOfBirth` only when given.
    fn body(&self, request_id: &RequestId) -> serde_json::Value {
        let mut body = serde_json::json!({ "requestId": request_id });
        for (key, value) in [
            ("claimedName", &self.claimed_name),
            ("claimedDateOfBirth", &self.claimed_date_of_birth),
        ] {
            if let Some(value) = value {
                body[key] = serde_json::Value::String(value.expose_secret().to_owned());
            }
        }
        body
    }

    /// Hands the request id to the backend (`POST /verifications`) and returns its summary.
    pub async fn submit(&self, request_id: &RequestId) -> Result<Summary, ClientAppError> {
        let endpoint = format!("{}/verifications", self.url);
        let response = self
            .http
            .post(&endpoint)
            .header(DEMO_USER_HEADER, &self.user)
            .json(&self.body(request_id))
            .send()
            .await
            .map_err(|_| ClientAppError::BackendDown {
                url: self.url.clone(),
            })?;
        let status = response.status().as_u16();
        let body = response
            .bytes()
            .await
            .map_err(|_| ClientAppError::BackendDown {
                url: self.url.clone(),
            })?;
        if (200..300).contains(&status) {
            serde_json::from_slice::<Summary>(&body).map_err(|e| {
                ClientAppError::BackendAnswerInvalid {
                    reason: format!("not a summary ({})", e.classify_name()),
                }
            })
        } else {
            match serde_json::from_slice::<BackendError>(&body) {
                Ok(err) => Err(ClientAppError::BackendRejected {
                    status,
                    code: err.error,
                    message: err.message,
                }),
                Err(_) => Err(ClientAppError::BackendAnswerInvalid {
                    reason: format!("HTTP {status} without a JSON error body"),
                }),
            }
        }
    }
}

trait ClassifyName {
    fn classify_name(&self) -> &'static str;
}

impl ClassifyName for serde_json::Error {
    fn classify_name(&self) -> &'static str {
        match self.classify() {
            serde_json::error::Category::Io => "I/O error",
            serde_json::error::Category::Syntax => "malformed JSON",
            serde_json::error::Category::Data => "unexpected JSON shape",
            serde_json::error::Category::Eof => "truncated JSON",
        }
    }
}
