//! `web_demo`: the web client's page, served by the example backend, against the built-in
//! mock (no keys) or the real service (`DVS_PUBLIC_KEY` and `DVS_SECRET_KEY`).
//!
//! ```text
//! examples/web-client/demo.sh                  # fetches the library, builds the wasm, runs this
//! cargo run -p dvs-full-flow --bin web_demo -- [--port 8080] [--scenario face-mismatch] [--min-age 21]
//! IDVC_LICENSE_KEY=… cargo run -p dvs-full-flow --bin web_demo   # camera capture
//! ```
#![forbid(unsafe_code)]
#![allow(clippy::print_stdout)]

use std::net::{Ipv4Addr, SocketAddr};
use std::process::ExitCode;

use dvs_full_flow::Environment;
use dvs_full_flow::web_demo::{LICENSE_KEY_ENV, WebDemoOptions, start_web_demo};
use dvs_mock::Scenario;

const USAGE: &str = "\
web_demo: the dvs-rs web client (IDScan's web library + dvs-public in WebAssembly), served
by the example backend on http://localhost:PORT/

OPTIONS:
    --port <n>          port on 127.0.0.1 (default 8080; 0 picks a free one)
    --scenario <name>   the built-in mock's default scenario (default approved)
    --min-age <years>   the backend's age gate: younger holders are rejected (default none)
    -h, --help          print this help

ENVIRONMENT:
    DVS_PUBLIC_KEY, DVS_SECRET_KEY, DVS_BASE_URL   the real service (default: built-in mock)
    IDVC_LICENSE_KEY                               IDScan's web library license key (camera
                                                   capture; without it: file inputs)";

#[tokio::main]
async fn main() -> ExitCode {
    let mut options = WebDemoOptions::default();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "-h" | "--help" => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            "--port" => match args.next().and_then(|p| p.parse::<u16>().ok()) {
                Some(port) => options.bind = SocketAddr::from((Ipv4Addr::LOCALHOST, port)),
                None => return usage_error("--port needs a number"),
            },
            "--scenario" => match args.next().map(|s| s.parse::<Scenario>()) {
                Some(Ok(scenario)) => options.scenario = scenario,
                _ => {
                    let names: Vec<&str> = Scenario::ALL.iter().map(|s| s.name()).collect();
                    return usage_error(&format!("--scenario needs one of: {}", names.join(", ")));
                }
            },
            "--min-age" => match args.next().and_then(|y| y.trim().parse::<u8>().ok()) {
                Some(years) => options.min_age = Some(years),
                None => return usage_error("--min-age needs a whole number of years (0-255)"),
            },
            other => return usage_error(&format!("unknown option `{other}`")),
        }
    }
    options.env = Environment::from_env();
    options.license_key = std::env::var(LICENSE_KEY_ENV)
        .ok()
        .filter(|k| !k.trim().is_empty());
    let demo = match start_web_demo(options.clone()).await {
        Ok(demo) => demo,
        Err(e) => {
            eprintln!("web_demo: {e}");
            return ExitCode::FAILURE;
        }
    };
    match &demo.mock {
        Some(_) => println!(
            "DVS: built-in mock at {} (scenario {}; no keys, no network)",
            demo.dvs_base_url, options.scenario
        ),
        None => println!("DVS: {} (keys from the environment)", demo.dvs_base_url),
    }
    if !demo.bundle_built {
        println!("warning: the wasm client is not built; run examples/web-client/build.sh");
    }
    println!(
        "capture: {}",
        match (demo.library, options.license_key.is_some()) {
            (true, true) => "IDScan's web library with IDVC_LICENSE_KEY (camera)",
            (true, false) => "file inputs (set IDVC_LICENSE_KEY for the camera capture)",
            (false, _) => "file inputs (IDScan's library not installed: tests/idvc/fetch.sh)",
        }
    );
    println!("open {}", demo.url());
    match tokio::signal::ctrl_c().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("web_demo: {e}");
            ExitCode::FAILURE
        }
    }
}

fn usage_error(message: &str) -> ExitCode {
    eprintln!("web_demo: {message}\n\n{USAGE}");
    ExitCode::from(2)
}
