//! `backend_app`: the backend of the enhanced integration, holding the secret key.
//!
//! ```text
//! DVS_SECRET_KEY=sk_… [DVS_BASE_URL=…] [BIND_ADDR=127.0.0.1:3000] [DVS_MIN_AGE=21] \
//!   [CLAIMS_DB=backend_app_claims.sqlite3 | DATABASE_URL=postgres://…] [RUST_LOG=info] backend_app
//! ```
//!
//! `DVS_MIN_AGE` (or `--min-age <years>`) turns on the age gate: a holder younger than that on
//! the day of the decision is rejected, and the summary says `ageVerified`.
#![forbid(unsafe_code)]

use std::net::SocketAddr;
use std::process::ExitCode;
use std::str::FromStr;

use dvs_backend_app::{BackendState, claim_store_from_env, serve};
use dvs_secret::{Client, Policy};
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
    let client = match Client::from_env() {
        Ok(client) => client,
        Err(e) => {
            tracing::error!(error = %e, "no DVS client");
            return ExitCode::FAILURE;
        }
    };
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
    match serve(listener, BackendState::with_store(client, policy, store)).await {
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
