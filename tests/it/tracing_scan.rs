//! Every `tracing` span and event of a full flow (client app creates with the public key,
//! the backend component claims and verifies with the secret key), captured at debug level
//! with the dependencies' own events, scanned for keys, SSN, name, date of birth and image
//! bytes.

use std::io::Write;
use std::sync::{Arc, Mutex};

use dvs_backend::{SqliteStore, UserId, Verifier};
use dvs_mock::MockDvs;
use dvs_mock::synthetic_person::{DATE_OF_BIRTH, FULL_NAME};
use dvs_public::PublicKey;
use dvs_secret::SecretKey;
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::fmt::format::FmtSpan;

use crate::secrets_scan::{PUBLIC, SECRET, needles, request_with_pii};

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
    // This test's thread only (a current-thread runtime: the clients' tasks run here too).
    let _guard = tracing::subscriber::set_default(subscriber);

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
    let id = public
        .create_request(request_with_pii())
        .await
        .unwrap()
        .request_id;
    let verifier = Verifier::builder(secret, SqliteStore::in_memory().unwrap()).build();
    let user = UserId::new("account-42").unwrap();
    let summary = verifier.verify_for(&user, id.as_str()).await.unwrap();
    // A retry, a replay and a lost lookup path add their events too.
    assert_eq!(
        verifier.verify_for(&user, id.as_str()).await.unwrap(),
        summary
    );
    let other = UserId::new("account-43").unwrap();
    verifier.verify_for(&other, id.as_str()).await.unwrap_err();

    let text = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    // The scan saw the flow: spans of the SDK and of the backend component, with the id.
    for expected in ["dvs_backend.verification", "DVS answered", id.as_str()] {
        assert!(
            text.contains(expected),
            "`{expected}` missing from:\n{text}"
        );
    }
    let mut leaks = Vec::new();
    let mut all = needles();
    all.push((FULL_NAME.to_owned(), "name from DVS"));
    all.push((DATE_OF_BIRTH.to_owned(), "date of birth"));
    all.push(("account-42".to_owned(), "user id"));
    for (needle, what) in &all {
        if text.contains(needle.as_str()) {
            leaks.push(*what);
        }
    }
    assert!(leaks.is_empty(), "leaked {leaks:?} in:\n{text}");
}
