//! `backend_app`: the backend of the enhanced integration, holding the secret key.
//!
//! ```text
//! DVS_SECRET_KEY=sk_… [DVS_BASE_URL=…] [BIND_ADDR=127.0.0.1:3000] [DVS_MIN_AGE=21] backend_app
//! ```
//!
//! `DVS_MIN_AGE` (or `--min-age <years>`) turns on the age gate: a holder younger than that on
//! the day of the decision is rejected, and the summary says `ageVerified`.
#![forbid(unsafe_code)]

use std::net::SocketAddr;
use std::process::ExitCode;

use dvs_backend_app::{BackendState, serve};
use dvs_secret::{Client, Policy};

#[tokio::main]
async fn main() -> ExitCode {
    let client = match Client::from_env() {
        Ok(client) => client,
        Err(e) => {
            eprintln!("backend_app: {e}");
            return ExitCode::FAILURE;
        }
    };
    let min_age_text = min_age_setting(std::env::args().skip(1), std::env::var("DVS_MIN_AGE").ok());
    let mut policy = Policy::default();
    if let Some(text) = min_age_text {
        match text.trim().parse::<u8>() {
            Ok(years) => policy = policy.with_min_age(years),
            Err(_) => {
                eprintln!(
                    "backend_app: the minimum age `{text}` is not a whole number of years (0-255)"
                );
                return ExitCode::FAILURE;
            }
        }
    }
    let addr_text = std::env::var("BIND_ADDR").unwrap_or_else(|_| "127.0.0.1:3000".into());
    let addr: SocketAddr = match addr_text.parse() {
        Ok(addr) => addr,
        Err(_) => {
            eprintln!("backend_app: BIND_ADDR `{addr_text}` is not an address like 127.0.0.1:3000");
            return ExitCode::FAILURE;
        }
    };
    let listener = match tokio::net::TcpListener::bind(addr).await {
        Ok(listener) => listener,
        Err(e) => {
            eprintln!("backend_app: cannot listen on {addr}: {e}");
            return ExitCode::FAILURE;
        }
    };
    eprintln!(
        "backend_app: listening on http://{addr} (DVS at {})",
        client.base_url()
    );
    if let Some(years) = policy.min_age {
        eprintln!("backend_app: age gate on, minimum age {years}");
    }
    match serve(listener, BackendState::new(client, policy)).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("backend_app: {e}");
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
