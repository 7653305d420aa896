//! The `dvs-mock` binary: prints a usable base URL and keys, and serves curl-style calls.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use serde_json::json;

use crate::support::{id_body, send};

/// Kills the child process when the test ends, pass or fail.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn start(args: &[&str]) -> (Running, String, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_dvs-mock"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let running = Running(child);
    let mut lines = BufReader::new(stdout).lines();
    let mut next = |name: &str| {
        let line = lines.next().unwrap().unwrap();
        line.strip_prefix(&format!("{name}="))
            .unwrap_or_else(|| panic!("expected {name}=…, got {line}"))
            .to_owned()
    };
    let base = next("DVS_BASE_URL");
    let pk = next("DVS_PUBLIC_KEY");
    let sk = next("DVS_SECRET_KEY");
    (running, base, pk, sk)
}

#[tokio::test]
async fn the_binary_prints_its_url_and_keys_and_serves_create_then_verify() {
    let (_running, base, pk, sk) = start(&["--port", "0"]);
    assert!(
        base.starts_with("http://127.0.0.1:") && base.ends_with('/'),
        "{base}"
    );
    assert!(pk.starts_with("pk_") && pk[3..].parse::<dvs_core::RequestId>().is_ok());
    assert!(sk.starts_with("sk_") && sk[3..].parse::<dvs_core::RequestId>().is_ok());
    // What a client in another language would do with the printed values.
    assert!(
        dvs_core::internal::parse_base_url(&base).is_ok(),
        "clients accept the base URL"
    );

    let body = serde_json::to_vec(&id_body()).unwrap();
    let created = send(
        "POST",
        &format!("{base}api/v3/Request"),
        Some(&pk),
        Some(body),
    )
    .await;
    assert_eq!(created.status, 200, "{:?}", created.json);
    let id = created.json["requestId"].as_str().unwrap();

    let verified = send(
        "POST",
        &format!("{base}api/v3/Verify/{id}"),
        Some(&sk),
        Some(b"{}".to_vec()),
    )
    .await;
    assert_eq!(verified.status, 200, "{:?}", verified.json);
    assert_eq!(verified.json["requestId"], json!(id));
    assert_eq!(
        verified.json["documentVerificationResult"]["totalConfidence"],
        json!(96)
    );
}

#[tokio::test]
async fn the_binary_takes_a_scenario_and_fixed_keys() {
    let (_running, base, pk, sk) = start(&[
        "--scenario",
        "face-mismatch",
        "--public-key",
        "pk_00000000-0000-4000-8000-00000000000a",
        "--secret-key=sk_00000000-0000-4000-8000-00000000000b",
    ]);
    assert_eq!(pk, "pk_00000000-0000-4000-8000-00000000000a");
    assert_eq!(sk, "sk_00000000-0000-4000-8000-00000000000b");
    let body = serde_json::to_vec(&id_body()).unwrap();
    let answer = send(
        "POST",
        &format!("{base}api/v3/Verify"),
        Some(&sk),
        Some(body),
    )
    .await;
    assert_eq!(
        answer.json["faceVerificationResult"]["confidence"],
        json!(20)
    );
}

#[test]
fn the_binary_explains_bad_arguments() {
    let help = Command::new(env!("CARGO_BIN_EXE_dvs-mock"))
        .arg("--help")
        .output()
        .unwrap();
    assert!(help.status.success());
    assert!(String::from_utf8_lossy(&help.stdout).contains("--port"));

    let scenarios = Command::new(env!("CARGO_BIN_EXE_dvs-mock"))
        .arg("--list-scenarios")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&scenarios.stdout).contains("rate-limited"));

    let bad = Command::new(env!("CARGO_BIN_EXE_dvs-mock"))
        .args(["--scenario", "nope"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("known scenarios"));
}
