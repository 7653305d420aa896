//! `client_app`: the client-side app of the enhanced integration, holding only the public key.
//!
//! ```text
//! DVS_PUBLIC_KEY=pk_… [DVS_BASE_URL=…] client_app --backend-url http://127.0.0.1:3000 \
//!     --front front.jpg --back back.jpg --selfie selfie.jpg [--document-type id] [--json]
//! ```
#![forbid(unsafe_code)]
#![allow(clippy::print_stdout)]

use std::process::ExitCode;

use dvs_client_app::{Args, Backend, ClientAppError, Step, USAGE, load_request, run};
use dvs_public::Client;

#[tokio::main]
async fn main() -> ExitCode {
    match main_inner().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("client_app: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn main_inner() -> Result<(), ClientAppError> {
    let args = Args::parse(std::env::args().skip(1))?;
    if args.help {
        println!(
            "client_app: create a DVS verification request with the public key and ask the backend to verify it\n\n\
             Environment: DVS_PUBLIC_KEY (required), DVS_BASE_URL (optional)\n\n\
             Options:\n  --backend-url <url>      the backend (default http://127.0.0.1:3000)\n{USAGE}\n  --json                   print the summary as JSON on the last line"
        );
        return Ok(());
    }
    if args.images.front.is_none() {
        return Err(ClientAppError::Usage(
            "--front <file> is required (see --help)".into(),
        ));
    }
    let client = Client::from_env()?;
    let backend = Backend::new(
        args.backend_url
            .clone()
            .unwrap_or_else(|| "http://127.0.0.1:3000".into()),
    )?;
    let request = load_request(args.document_type.clone(), &args.images)?;
    let summary = run(&client, &backend, request, |step| match step {
        Step::Created { request_id, status } => {
            println!("request created: {request_id} (status {status:?})");
        }
        Step::PassedToBackend { backend_url } => {
            println!("request id passed to the backend at {backend_url}");
        }
        Step::Decided(summary) => println!("decision: {:?}", summary.outcome),
    })
    .await?;
    if args.json {
        println!(
            "{}",
            serde_json::to_string(&summary).unwrap_or_else(|_| "{}".into())
        );
    }
    Ok(())
}
