//! Every `tracing` span and event of a full flow (the client app creates a request with the
//! public key, the backend component claims and verifies it with the secret key), captured
//! at debug level together with the dependencies' own events, and scanned for keys, SSN,
//! name, date of birth, the user id and image bytes. Its own test binary: the subscriber
//! and the flow do not share a process with other suites.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Write;
use std::sync::{Arc, Mutex};

use dvs_backend::{Settings, SqliteStore, UserId, Verifier};
use dvs_mock::MockDvs;
use dvs_mock::synthetic_person::{DATE_OF_BIRTH, FULL_NAME};
use dvs_public::{DocumentType, PublicKey, VerificationRequest};
use dvs_secret::SecretKey;
use dvs_test_support::JPEG_MAGIC;
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::fmt::format::FmtSpan;

const PUBLIC: &str = "pk_7f3c9a1e-5b2d-4e8f-9a6c-0d1e2f3a4b5c";
const SECRET: &str = "sk_0e9d8c7b-6a5f-4e3d-8c2b-1a0f9e8d7c6b";
const SSN: &str = "987-65-4329";
const NAME: &str = "ZELDA QUINTANILLA";
const IMAGE_MARKER: &str = "IMAGE-PAYLOAD-MARKER-4471";
const USER: &str = "account-42-zq";

fn image() -> Vec<u8> {
    [&JPEG_MAGIC[..], IMAGE_MARKER.as_bytes(), &[0x5A; 64]].concat()
}

/// A writer into one shared buffer.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for Captured {
    type Writer = Captured;
    fn make_writer(&'a self) -> Captured {
        self.clone()
    }
}

#[tokio::test]
async fn a_full_flows_tracing_output_holds_no_key_and_no_pii() {
    let captured = Captured::default();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::DEBUG)
        .with_span_events(FmtSpan::FULL)
        .with_ansi(false)
        .with_writer(captured.clone())
        .finish();
    // This process has no other test: the subscriber sees every thread's events.
    tracing::subscriber::set_global_default(subscriber).unwrap();

    let mock = MockDvs::builder()
        .public_key(PublicKey::new(PUBLIC).unwrap())
        .secret_key(SecretKey::new(SECRET).unwrap())
        .start()
        .await;
    let public = dvs_public::Client::builder(PublicKey::new(PUBLIC).unwrap())
        .base_url(mock.base_url())
        .build()
        .unwrap();
    let secret = dvs_secret::Client::builder(SecretKey::new(SECRET).unwrap())
        .base_url(mock.base_url())
        .build()
        .unwrap();
    let request = VerificationRequest::new(DocumentType::Id)
        .front(image())
        .back(image())
        .selfie(image())
        .ssn(SSN)
        .track_string(format!("@ANSI 636026DAQ{SSN}DCS{NAME}"));
    let id = public.create_request(request).await.unwrap().request_id;
    let verifier = Verifier::builder(secret, SqliteStore::in_memory().unwrap())
        .settings(Settings::default().limit(1000, std::time::Duration::from_secs(3600)))
        .build()
        .unwrap();
    let user = UserId::new(USER).unwrap();
    let summary = verifier.verify_for(&user, id.as_str()).await.unwrap();
    // A retry and another user's replay add their events too.
    assert_eq!(
        verifier.verify_for(&user, id.as_str()).await.unwrap(),
        summary
    );
    let other = UserId::new("account-43-zq").unwrap();
    verifier.verify_for(&other, id.as_str()).await.unwrap_err();

    // Every scenario (the fraud signals and failed checks included, which the policy turns
    // into reasons), a Verify whose answer is lost, one answered with a 5xx, and an id
    // verified elsewhere: each path's events join the scan.
    let create = || async {
        let request = VerificationRequest::new(DocumentType::Id)
            .front(image())
            .back(image())
            .selfie(image())
            .ssn(SSN);
        public.create_request(request).await.unwrap().request_id
    };
    for scenario in dvs_mock::Scenario::ALL {
        if matches!(
            scenario,
            dvs_mock::Scenario::Slow | dvs_mock::Scenario::RateLimited
        ) {
            continue; // timing only; covered by the outage suites
        }
        let id = create().await;
        mock.push_next_verify_scenario(*scenario);
        let _ = verifier.verify_for(&user, id.as_str()).await;
    }
    let lost = create().await;
    mock.lose_next_verify_answer();
    let _ = verifier.verify_for(&user, lost.as_str()).await;
    let elsewhere = create().await;
    let direct = dvs_secret::Client::builder(SecretKey::new(SECRET).unwrap())
        .base_url(mock.base_url())
        .build()
        .unwrap();
    direct.verify(&elsewhere).await.unwrap();
    verifier
        .verify_for(&user, elsewhere.as_str())
        .await
        .unwrap_err();

    // The backend's own types, as an app would log them: the user's standing, an answer,
    // refusals, a claim record. Scanned with the tracing output.
    let status = verifier.status_for(&user).await.unwrap();
    let answer = verifier
        .answer_for(&user, id.as_str(), &dvs_secret::IdentityClaim::new())
        .await
        .unwrap();
    let refusal = verifier.verify_for(&other, id.as_str()).await.unwrap_err();
    let shown = format!(
        "{status:?}\n{answer:?}\n{refusal:?}\n{refusal}\n{verifier:?}\n{:?}\n",
        dvs_backend::Refusal::new(dvs_backend::RefusalKind::InvalidClaim),
    );
    captured
        .0
        .lock()
        .unwrap()
        .extend_from_slice(shown.as_bytes());

    let text = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    for expected in [
        "dvs_backend.verification",
        "request id claimed",
        id.as_str(),
        // The SDK's own spans and attempt events (dvs-core's `http::traced`, the engine).
        "dvs.operation",
        "operation=\"create_request\"",
        "operation=\"verify\"",
        "DVS answered",
    ] {
        assert!(
            text.contains(expected),
            "`{expected}` missing from:\n{text}"
        );
    }
    let needles = [
        (PUBLIC, "public key"),
        (&PUBLIC[3..], "public key body"),
        (SECRET, "secret key"),
        (&SECRET[3..], "secret key body"),
        (SSN, "SSN"),
        ("987654329", "SSN digits"),
        (NAME, "name sent"),
        ("QUINTANILLA", "family name"),
        (FULL_NAME, "name from DVS"),
        (DATE_OF_BIRTH, "date of birth"),
        (IMAGE_MARKER, "image bytes"),
        (USER, "user id"),
    ];
    let leaks: Vec<&str> = needles
        .iter()
        .filter(|(needle, _)| text.contains(needle))
        .map(|(_, what)| *what)
        .collect();
    assert!(leaks.is_empty(), "leaked {leaks:?} in:\n{text}");
}
