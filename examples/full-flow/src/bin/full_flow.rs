//! `full_flow`: the whole DVS enhanced integration in one command.
//!
//! ```text
//! cargo run -p dvs-full-flow                        # offline, built-in mock
//! cargo run -p dvs-full-flow -- --scenario face-mismatch --json
//! DVS_PUBLIC_KEY=pk_… DVS_SECRET_KEY=sk_… cargo run -p dvs-full-flow -- \
//!     --front front.jpg --back back.jpg --selfie selfie.jpg --document-type id
//! ```
#![forbid(unsafe_code)]
#![allow(clippy::print_stdout)]

use std::process::ExitCode;
use std::str::FromStr;

use dvs_client_app::{Args, USAGE};
use dvs_full_flow::{Environment, run_full_flow};
use tracing_subscriber::filter::LevelFilter;

#[tokio::main]
async fn main() -> ExitCode {
    // The SDK's and the backend's `tracing` events on stderr: warnings by default so the
    // demo's steps stay readable; `RUST_LOG=debug` shows every call's span (no PII in them).
    let level = std::env::var("RUST_LOG")
        .ok()
        .and_then(|v| LevelFilter::from_str(&v).ok())
        .unwrap_or(LevelFilter::WARN);
    tracing_subscriber::fmt()
        .with_max_level(level)
        .with_writer(std::io::stderr)
        .init();
    let args = match Args::parse(std::env::args().skip(1)) {
        Ok(args) => args,
        Err(e) => {
            eprintln!("full_flow: {e}");
            return ExitCode::from(2);
        }
    };
    if args.help {
        println!(
            "full_flow: the DVS enhanced integration end to end (client app -> DVS -> backend -> decision)\n\n\
             With no DVS_PUBLIC_KEY/DVS_SECRET_KEY it runs offline against the built-in mock.\n\n\
             Options:\n{USAGE}\n  --scenario <name>        mock scenario (approved, low-document-confidence, face-mismatch,\n                           spoofed-selfie, expired-document, ocr-error, pdf417-error,\n                           underage, name-differs, us-date-format, unreadable-date,\n                           data-fields-tampered, document-photo-tampered, invalidated-document,\n                           suspicious-selfie, failed-external-check, …)\n  --min-age <years>        the backend's age gate: reject a holder younger than this\n  --json                   print the client-safe summary as JSON on the last line"
        );
        return ExitCode::SUCCESS;
    }
    let mut stdout = std::io::stdout();
    match run_full_flow(&args, &Environment::from_env(), &mut stdout).await {
        Ok(_) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("full_flow: {e}");
            ExitCode::FAILURE
        }
    }
}
