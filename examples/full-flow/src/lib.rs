//! The whole enhanced integration in one call: the client app (public key) creates the
//! request, hands the id to the backend (secret key), which verifies and decides.
//!
//! With no keys in the environment it runs offline: an in-process `dvs-mock`, the backend
//! on a free loopback port, and the bundled synthetic images. With `DVS_PUBLIC_KEY` and
//! `DVS_SECRET_KEY` (and optionally `DVS_BASE_URL`) it runs against that server with the
//! images given on the command line.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

use std::io::Write;
use std::net::{Ipv4Addr, SocketAddr};

use dvs_client_app::{Args, Backend, ClientAppError, Step, load_request, run, sample_request};
use dvs_mock::{MockDvs, Scenario};
use dvs_public::{PublicKey, Summary};
use dvs_secret::{Policy, SecretKey};

use dvs_backend_app::{BackendState, spawn};

pub mod web_demo;

/// Where the flow runs.
#[derive(Debug, Clone, Default)]
pub struct Environment {
    /// `DVS_PUBLIC_KEY`, if set.
    pub public_key: Option<String>,
    /// `DVS_SECRET_KEY`, if set.
    pub secret_key: Option<String>,
    /// `DVS_BASE_URL`, if set.
    pub base_url: Option<String>,
}

impl Environment {
    /// Reads the three variables (empty counts as unset).
    pub fn from_env() -> Self {
        let read = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        Environment {
            public_key: read(dvs_public::PUBLIC_KEY_ENV),
            secret_key: read(dvs_secret::SECRET_KEY_ENV),
            base_url: read(dvs_public::BASE_URL_ENV),
        }
    }
}

/// What can stop the flow.
#[derive(Debug, thiserror::Error)]
pub enum FullFlowError {
    /// A configuration or usage problem.
    #[error("{0}")]
    Usage(String),
    /// The client side failed (upload, backend answer).
    #[error(transparent)]
    Client(#[from] ClientAppError),
    /// A DVS client could not be built.
    #[error(transparent)]
    Dvs(#[from] dvs_public::Error),
    /// The backend could not start.
    #[error("the backend could not start: {0}")]
    Backend(std::io::Error),
}

/// Runs the flow, printing each step to `out`; with `args.json` the summary is the last line.
pub async fn run_full_flow(
    args: &Args,
    env: &Environment,
    out: &mut (dyn Write + Send),
) -> Result<Summary, FullFlowError> {
    let mut say = |line: String| {
        // A closed stdout must not stop the flow.
        let _ = writeln!(out, "{line}");
    };
    let (public, secret, request, _mock) = match (&env.public_key, &env.secret_key) {
        (Some(pk), Some(sk)) => {
            if args.scenario.is_some() {
                return Err(FullFlowError::Usage(
                    "--scenario only applies to the built-in mock; unset DVS_PUBLIC_KEY and DVS_SECRET_KEY".into(),
                ));
            }
            if args.images.front.is_none() {
                return Err(FullFlowError::Usage(
                    "against a real server, give the images: --front <file> [--back <file>] [--selfie <file>]".into(),
                ));
            }
            let public_key = PublicKey::new(pk.clone()).map_err(dvs_public::Error::from)?;
            let secret_key = SecretKey::new(sk.clone()).map_err(dvs_public::Error::from)?;
            let mut public = dvs_public::Client::builder(public_key);
            let mut secret = dvs_secret::Client::builder(secret_key);
            if let Some(url) = &env.base_url {
                public = public.base_url(url.clone());
                secret = secret.base_url(url.clone());
            }
            let (public, secret) = (public.build()?, secret.build()?);
            say(format!(
                "DVS: {} (keys from the environment)",
                public.base_url()
            ));
            let request = load_request(args.document_type.clone(), &args.images)?;
            (public, secret, request, None)
        }
        (None, None) => {
            let scenario = match &args.scenario {
                Some(name) => name.parse::<Scenario>().map_err(|_| {
                    let names: Vec<&str> = Scenario::ALL.iter().map(|s| s.name()).collect();
                    FullFlowError::Usage(format!(
                        "unknown scenario `{name}`; choose one of: {}",
                        names.join(", ")
                    ))
                })?,
                None => Scenario::Approved,
            };
            let mock = MockDvs::builder().default_scenario(scenario).start().await;
            say(format!(
                "DVS: built-in mock at {} (scenario {scenario}; no keys, no network)",
                mock.base_url()
            ));
            let public = dvs_public::Client::builder(mock.public_key())
                .base_url(mock.base_url())
                .build()?;
            let secret = dvs_secret::Client::builder(mock.secret_key())
                .base_url(mock.base_url())
                .build()?;
            let request = if args.images.is_empty() {
                say("images: bundled synthetic samples (drawn, no real person)".into());
                sample_request(args.document_type.clone())
            } else {
                load_request(args.document_type.clone(), &args.images)?
            };
            (public, secret, request, Some(mock))
        }
        _ => {
            return Err(FullFlowError::Usage(
                "set both DVS_PUBLIC_KEY and DVS_SECRET_KEY to use a real server, or neither to use the built-in mock".into(),
            ));
        }
    };
    let mut policy = Policy::default();
    if let Some(years) = args.min_age {
        policy = policy.with_min_age(years);
        say(format!("backend: age gate on, minimum age {years}"));
    }
    if args.expect_name.is_some() || args.expect_dob.is_some() {
        say("client: sends the claimed name / date of birth for the identity match".into());
    }
    let backend_addr = spawn(
        SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
        BackendState::new(secret, policy)
            .map_err(|e| FullFlowError::Usage(format!("the backend's settings: {e}")))?,
    )
    .await
    .map_err(FullFlowError::Backend)?;
    say(format!(
        "backend: listening on http://{backend_addr} (holds the secret key)"
    ));
    let backend = Backend::new(format!("http://{backend_addr}"))?
        .with_claim(args.expect_name.clone(), args.expect_dob.clone());
    let summary = run(&public, &backend, request, |step| match step {
        Step::Created { request_id, status } => say(format!(
            "1. client: request created with the public key: {request_id} (status {})",
            status.as_ref().map_or_else(|| "not reported".to_owned(), |s| s.to_string())
        )),
        Step::PassedToBackend { backend_url } => {
            say(format!("2. client: request id passed to the backend at {backend_url}"));
        }
        Step::Decided(summary) => {
            let score = |c: Option<dvs_public::Confidence>| c.map_or_else(|| "n/a".into(), |c| c.get().to_string());
            say(format!(
                "3. backend: verified with the secret key: document {}, face match {}, anti-spoofing {}",
                score(summary.scores.document_confidence),
                score(summary.scores.face_match_confidence),
                score(summary.scores.anti_spoofing_confidence),
            ));
            let reasons: Vec<String> = summary
                .reasons
                .iter()
                .map(|r| serde_json::to_string(r).unwrap_or_default())
                .collect();
            if let Some(verified) = summary.age_verified {
                say(format!("   age verified: {}", if verified { "yes" } else { "no" }));
            }
            say(format!(
                "4. decision: {}{}",
                format!("{:?}", summary.outcome).to_uppercase(),
                if reasons.is_empty() { String::new() } else { format!(" because {}", reasons.join(", ")) }
            ));
        }
    })
    .await?;
    if args.json {
        say(serde_json::to_string(&summary).unwrap_or_else(|_| "{}".into()));
    }
    Ok(summary)
}
