//! `backend_app`: the backend of the enhanced integration, holding the secret key.
//!
//! ```text
//! DVS_SECRET_KEY=sk_… [DVS_BASE_URL=…] [BIND_ADDR=127.0.0.1:3000] \
//!   [CLAIMS_DB=backend_app_claims.sqlite3 | DATABASE_URL=postgres://…] [RUST_LOG=info] backend_app
//! ```
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
    match serve(
        listener,
        BackendState::with_store(client, Policy::default(), store),
    )
    .await
    {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!(error = %e, "server stopped");
            ExitCode::FAILURE
        }
    }
}
