//! `backend_app`: the backend of the enhanced integration, holding the secret key.
//!
//! ```text
//! DVS_SECRET_KEY=sk_… [DVS_BASE_URL=…] [BIND_ADDR=127.0.0.1:3000] [DVS_MIN_AGE=21] \
//!   [CLAIMS_DB=backend_app_claims.sqlite3 | DATABASE_URL=postgres://…] \
//!   [DVS_TIMEOUT_SECS=120] [DVS_RETRIES=2] [CLAIM_LEASE_SECS=…] [RUST_LOG=info] backend_app
//! ```
//!
//! `DVS_TIMEOUT_SECS` and `DVS_RETRIES` set the DVS client's timeout per call and its retries
//! (of what is safe to retry); `CLAIM_LEASE_SECS` the lease of a pending claim, which must
//! outlast the client's longest attempt (by default it is derived from it).
//!
//! `DVS_MIN_AGE` (or `--min-age <years>`) turns on the age gate: a holder younger than that on
//! the day of the decision is rejected, and the summary says `ageVerified`.
#![forbid(unsafe_code)]

use std::net::SocketAddr;
use std::process::ExitCode;
use std::str::FromStr;

use std::time::Duration;

use dvs_backend::Settings;
use dvs_backend_app::{BackendState, claim_store_from_env, serve};
use dvs_secret::{Client, ClientBuilder, Policy, RetryPolicy};
use tracing_subscriber::filter::LevelFilter;

#[tokio::main]
async fn main() -> ExitCode {
    let level = std::env::var("RUST_LOG")
        .ok()
        .and_then(|v| LevelFilter::from_str(&v).ok())
        .unwrap_or(LevelFilter::INFO);
    tracing_subscriber::fmt()
        .with_max_level(level)
        .with_writer(std::io::stderr)
        .init();
    let client = match client_from_env() {
        Ok(client) => client,
        Err(e) => {
            tracing::error!(error = %e, "no DVS client");
            return ExitCode::FAILURE;
        }
    };
    let mut settings = Settings::default();
    match whole_number("CLAIM_LEASE_SECS") {
        Ok(Some(secs)) => settings = settings.lease(Duration::from_secs(secs)),
        Ok(None) => {}
        Err(message) => {
            tracing::error!("{message}");
            return ExitCode::FAILURE;
        }
    }
    let min_age_text = min_age_setting(std::env::args().skip(1), std::env::var("DVS_MIN_AGE").ok());
    let mut policy = Policy::default();
    if let Some(text) = min_age_text {
        match text.trim().parse::<u8>() {
            Ok(years) => policy = policy.with_min_age(years),
            Err(_) => {
                tracing::error!("the minimum age `{text}` is not a whole number of years (0-255)");
                return ExitCode::FAILURE;
            }
        }
    }
    let addr_text = std::env::var("BIND_ADDR").unwrap_or_else(|_| "127.0.0.1:3000".into());
    let addr: SocketAddr = match addr_text.parse() {
        Ok(addr) => addr,
        Err(_) => {
            tracing::error!("BIND_ADDR `{addr_text}` is not an address like 127.0.0.1:3000");
            return ExitCode::FAILURE;
        }
    };
    let (store, store_name) = match claim_store_from_env().await {
        Ok(store) => store,
        Err(e) => {
            tracing::error!(error = %e, "no claim store");
            return ExitCode::FAILURE;
        }
    };
    let listener = match tokio::net::TcpListener::bind(addr).await {
        Ok(listener) => listener,
        Err(e) => {
            tracing::error!(error = %e, "cannot listen on {addr}");
            return ExitCode::FAILURE;
        }
    };
    tracing::info!(
        "listening on http://{addr} (DVS at {}, claims in {store_name})",
        client.base_url()
    );
    if let Some(years) = policy.min_age {
        tracing::info!("age gate on, minimum age {years}");
    }
    let state = match BackendState::with_store(client, policy, store, settings) {
        Ok(state) => state,
        Err(e) => {
            tracing::error!(error = %e, "the claim settings do not fit the DVS client");
            return ExitCode::FAILURE;
        }
    };
    tracing::info!(
        lease_secs = state.verifier().lease().as_secs(),
        "claims ready"
    );
    match serve(listener, state).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!(error = %e, "server stopped");
            ExitCode::FAILURE
        }
    }
}

/// The minimum age from `--min-age <years>` / `--min-age=<years>`, else from `DVS_MIN_AGE`.
fn min_age_setting(mut args: impl Iterator<Item = String>, env: Option<String>) -> Option<String> {
    while let Some(arg) = args.next() {
        if arg == "--min-age" {
            return Some(args.next().unwrap_or_default());
        }
        if let Some(value) = arg.strip_prefix("--min-age=") {
            return Some(value.to_owned());
        }
    }
    env.filter(|value| !value.trim().is_empty())
}

/// The DVS client from `DVS_SECRET_KEY` and `DVS_BASE_URL`, with `DVS_TIMEOUT_SECS` and
/// `DVS_RETRIES` if set.
fn client_from_env() -> Result<Client, String> {
    let mut builder = ClientBuilder::from_env().map_err(|e| e.to_string())?;
    if let Some(secs) = whole_number("DVS_TIMEOUT_SECS")? {
        builder = builder.timeout(Duration::from_secs(secs));
    }
    if let Some(retries) = whole_number("DVS_RETRIES")? {
        let retries = u32::try_from(retries).map_err(|_| "DVS_RETRIES is too large")?;
        builder = builder.retry_policy(RetryPolicy {
            max_retries: retries,
            ..RetryPolicy::default()
        });
    }
    builder.build().map_err(|e| e.to_string())
}

/// A whole number from the environment variable `name`, if set.
fn whole_number(name: &str) -> Result<Option<u64>, String> {
    match std::env::var(name) {
        Ok(text) if !text.trim().is_empty() => text
            .trim()
            .parse()
            .map(Some)
            .map_err(|_| format!("{name} `{text}` is not a whole number")),
        _ => Ok(None),
    }
}
