//! `dvs-mock`: runs the offline DVS mock until Ctrl-C, for demos and for clients in any
//! language.
//!
//! It prints three `NAME=value` lines on stdout (the base URL and the mock's own keys, which
//! are valid against this mock only) and a human note on stderr.

use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpListener};
use std::process::ExitCode;
use std::time::Duration;

use dvs_mock::{MockDvs, PublicKey, Scenario, SecretKey};

const USAGE: &str = "\
dvs-mock: an offline mock of the IDScan.net DVS (DIVE) API

USAGE:
    dvs-mock [OPTIONS]

OPTIONS:
    --port <n>              port to listen on (default 0: a free port)
    --host <ip>             address to bind (default 127.0.0.1)
    --scenario <name>       default scenario (default approved)
    --public-key <pk_...>   fixed public key (default: a fresh random one)
    --secret-key <sk_...>   fixed secret key (default: a fresh random one)
    --request-expiry <s>    seconds a created request stays verifiable (default 900)
    --latency-ms <ms>       delay added to every answer (default 0)
    --strict-fields         refuse body fields the request model does not have (400
                            ValidationError) instead of ignoring them as DVS does
    --front-only            the account processes document fronts only: no back image
                            or track string needed (default: back processing on)
    --list-scenarios        print the scenarios and exit
    -h, --help              print this help and exit

Prints DVS_BASE_URL, DVS_PUBLIC_KEY and DVS_SECRET_KEY lines on stdout, then serves until
Ctrl-C. Pick a scenario per request with `dvs-mock-scenario=<name>` in userAgent or
captureMethod (v4: metadata.userAgent / metadata.captureMethod).";

/// The parsed command line.
#[derive(Debug)]
struct Args {
    host: IpAddr,
    port: u16,
    scenario: Scenario,
    public_key: Option<PublicKey>,
    secret_key: Option<SecretKey>,
    request_expiry: Option<Duration>,
    latency: Duration,
    strict_fields: bool,
    front_only: bool,
}

/// What the command line asks for.
#[derive(Debug)]
enum Command {
    Serve(Args),
    Help,
    ListScenarios,
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Command, String> {
    let mut parsed = Args {
        host: IpAddr::V4(Ipv4Addr::LOCALHOST),
        port: 0,
        scenario: Scenario::Approved,
        public_key: None,
        secret_key: None,
        request_expiry: None,
        latency: Duration::ZERO,
        strict_fields: false,
        front_only: false,
    };
    while let Some(arg) = args.next() {
        let (name, inline) = match arg.split_once('=') {
            Some((name, value)) if name.starts_with("--") => {
                (name.to_owned(), Some(value.to_owned()))
            }
            _ => (arg.clone(), None),
        };
        let mut value = || {
            inline
                .clone()
                .or_else(|| args.next())
                .ok_or_else(|| format!("{name} needs a value"))
        };
        match name.as_str() {
            "-h" | "--help" => return Ok(Command::Help),
            "--list-scenarios" => return Ok(Command::ListScenarios),
            "--strict-fields" => parsed.strict_fields = true,
            "--front-only" => parsed.front_only = true,
            "--port" => {
                parsed.port = value()?
                    .parse()
                    .map_err(|_| "--port needs a number 0-65535")?
            }
            "--host" => parsed.host = value()?.parse().map_err(|_| "--host needs an IP address")?,
            "--scenario" => {
                parsed.scenario = value()?.parse().map_err(|e| format!("--scenario: {e}"))?
            }
            "--public-key" => {
                parsed.public_key =
                    Some(value()?.parse().map_err(|e| format!("--public-key: {e}"))?);
            }
            "--secret-key" => {
                parsed.secret_key =
                    Some(value()?.parse().map_err(|e| format!("--secret-key: {e}"))?);
            }
            "--request-expiry" => {
                let secs: u64 = value()?
                    .parse()
                    .map_err(|_| "--request-expiry needs whole seconds")?;
                parsed.request_expiry = Some(Duration::from_secs(secs));
            }
            "--latency-ms" => {
                let ms: u64 = value()?
                    .parse()
                    .map_err(|_| "--latency-ms needs whole milliseconds")?;
                parsed.latency = Duration::from_millis(ms);
            }
            other => return Err(format!("unknown argument `{other}` (try --help)")),
        }
    }
    Ok(Command::Serve(parsed))
}

#[allow(clippy::print_stdout, reason = "a command-line tool's output")]
#[tokio::main]
async fn main() -> ExitCode {
    let args = match parse_args(std::env::args().skip(1)) {
        Ok(Command::Serve(args)) => args,
        Ok(Command::Help) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Ok(Command::ListScenarios) => {
            for scenario in Scenario::ALL {
                println!("{:<24} {}", scenario.name(), scenario.description());
            }
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("dvs-mock: {message}");
            return ExitCode::from(2);
        }
    };
    let listener = match TcpListener::bind(SocketAddr::new(args.host, args.port)) {
        Ok(listener) => listener,
        Err(e) => {
            eprintln!(
                "dvs-mock: cannot listen on {}:{}: {e}",
                args.host, args.port
            );
            return ExitCode::FAILURE;
        }
    };
    let mut builder = MockDvs::builder()
        .listener(listener)
        .default_scenario(args.scenario)
        .latency(args.latency)
        .strict_fields(args.strict_fields)
        .front_only(args.front_only);
    if let Some(key) = args.public_key {
        builder = builder.public_key(key);
    }
    if let Some(key) = args.secret_key {
        builder = builder.secret_key(key);
    }
    if let Some(expiry) = args.request_expiry {
        builder = builder.request_expiry(expiry);
    }
    let mock = builder.start().await;

    // A wildcard bind is reachable on loopback; clients accept http:// only there.
    let port = mock.address().port();
    let host = if args.host.is_unspecified() {
        IpAddr::V4(Ipv4Addr::LOCALHOST)
    } else {
        args.host
    };
    let base_url = match host {
        IpAddr::V4(ip) => format!("http://{ip}:{port}/"),
        IpAddr::V6(ip) => format!("http://[{ip}]:{port}/"),
    };
    // These are the mock's own keys, valid against this process only: printing them is the
    // point (other-language clients read them from here).
    println!("DVS_BASE_URL={base_url}");
    println!("DVS_PUBLIC_KEY={}", mock.public_key().expose_secret());
    println!("DVS_SECRET_KEY={}", mock.secret_key().expose_secret());
    eprintln!(
        "dvs-mock: serving the DVS API on {base_url} (default scenario: {}). \
         These keys work against this mock only. Ctrl-C to stop.",
        args.scenario
    );

    if let Err(e) = tokio::signal::ctrl_c().await {
        eprintln!("dvs-mock: cannot wait for Ctrl-C ({e}); stopping");
        return ExitCode::FAILURE;
    }
    eprintln!("dvs-mock: stopped");
    ExitCode::SUCCESS
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Command, String> {
        parse_args(args.iter().map(|s| (*s).to_owned()))
    }

    #[test]
    fn parses_options() {
        let Ok(Command::Serve(args)) = parse(&[
            "--port",
            "8080",
            "--scenario=face-mismatch",
            "--latency-ms",
            "5",
        ]) else {
            panic!("expected serve");
        };
        assert_eq!(args.port, 8080);
        assert_eq!(args.scenario, Scenario::FaceMismatch);
        assert_eq!(args.latency, Duration::from_millis(5));
        assert!(!args.strict_fields && !args.front_only);
        let Ok(Command::Serve(args)) = parse(&["--strict-fields", "--front-only"]) else {
            panic!("expected serve");
        };
        assert!(args.strict_fields && args.front_only);
        assert!(matches!(parse(&["--help"]), Ok(Command::Help)));
        assert!(parse(&["--port"]).is_err());
        assert!(
            parse(&["--scenario", "nope"])
                .unwrap_err()
                .contains("known scenarios")
        );
        assert!(parse(&["--public-key", "sk_x"]).is_err());
        assert!(parse(&["--bogus"]).is_err());
    }
}
