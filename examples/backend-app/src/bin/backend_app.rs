//! `backend_app`: the backend of the enhanced integration, holding the secret key.
//!
//! ```text
//! DVS_SECRET_KEY=sk_… [DVS_BASE_URL=…] [BIND_ADDR=127.0.0.1:3000] backend_app
//! ```
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
    match serve(listener, BackendState::new(client, Policy::default())).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("backend_app: {e}");
            ExitCode::FAILURE
        }
    }
}
