//! Secrets and PII: every public type and error of `dvs-public`, `dvs-secret`, `dvs-mock` and
//! the example client app, built with a known key, SSN, name and image, is formatted with
//! `Debug` and `Display` and scanned for them. Also: `http://` base URLs are refused except
//! on loopback, for both clients, and the SDK crates emit no log or tracing output.
//!
//! (`dvs-core`'s own types are scanned by `dvs-core/tests/it/redaction.rs`.)

use std::time::Duration;

use dvs_public::VerificationRequest;
use dvs_secret::{DocumentChecks, DocumentType, Error, Image, Policy, RequestId, RetryPolicy};
use dvs_test_support::raw_server::{Behavior, RawServer};
use dvs_test_support::{JPEG_MAGIC, closed_port_address};
use wiremock::matchers::{method, path_regex};
use wiremock::{Mock, MockServer, ResponseTemplate};

const PUBLIC: &str = "pk_7f3c9a1e-5b2d-4e8f-9a6c-0d1e2f3a4b5c";
const SECRET: &str = "sk_0e9d8c7b-6a5f-4e3d-8c2b-1a0f9e8d7c6b";
const SSN: &str = "987-65-4329";
const NAME: &str = "ZELDA QUINTANILLA";
/// A date of birth, in the US form a document may print; the needles hold its other forms.
const DOB: &str = "07/23/2009";
const DOCUMENT_NUMBER: &str = "D4471-8820-QX";
const ID: &str = "3fa85f64-5717-4562-b3fc-2c963f66afa6";
/// Bytes inside the test image, after the JPEG magic number.
const IMAGE_MARKER: &str = "IMAGE-PAYLOAD-MARKER-4471";

/// A JPEG whose bytes hold [`IMAGE_MARKER`].
fn image_bytes() -> Vec<u8> {
    [&JPEG_MAGIC[..], IMAGE_MARKER.as_bytes(), &[0x5A; 64]].concat()
}

fn image_base64() -> String {
    use std::fmt::Write as _;
    // Standard base64 without a dependency: via serde_json of an Image (its Serialize).
    let image = Image::from_bytes(image_bytes()).unwrap();
    let json = serde_json::to_string(&image).unwrap();
    let mut out = String::new();
    write!(out, "{}", json.trim_matches('"')).unwrap();
    out
}

/// Everything that must never appear in output.
fn needles() -> Vec<(String, &'static str)> {
    let b64 = image_base64();
    vec![
        (PUBLIC.to_string(), "public key"),
        (PUBLIC[3..].to_string(), "public key body"),
        (SECRET.to_string(), "secret key"),
        (SECRET[3..].to_string(), "secret key body"),
        (SSN.to_string(), "SSN"),
        (SSN.replace('-', ""), "SSN digits"),
        (NAME.to_string(), "name"),
        ("QUINTANILLA".to_string(), "family name"),
        (IMAGE_MARKER.to_string(), "image bytes"),
        (DOB.to_string(), "date of birth"),
        ("2009-07-23".to_string(), "date of birth (ISO)"),
        ("2009".to_string(), "birth year"),
        (DOCUMENT_NUMBER.to_string(), "document number"),
        (b64[8..32].to_string(), "image base64"),
    ]
}

/// Collects formatted output and checks it at the end, naming every leak.
#[derive(Default)]
struct Scan {
    checked: usize,
    leaks: Vec<String>,
}

impl Scan {
    fn text(&mut self, label: &str, text: &str) {
        self.checked += 1;
        for (needle, what) in needles() {
            if text.contains(&needle) {
                self.leaks.push(format!("{label}: {what} in {text:?}"));
            }
        }
    }

    fn debug(&mut self, label: &str, value: &impl std::fmt::Debug) {
        self.text(&format!("{label} (Debug)"), &format!("{value:?}"));
        self.text(&format!("{label} (Debug, pretty)"), &format!("{value:#?}"));
    }

    fn both(&mut self, label: &str, value: &(impl std::fmt::Debug + std::fmt::Display)) {
        self.debug(label, value);
        self.text(&format!("{label} (Display)"), &value.to_string());
    }

    /// An error, its Display, Debug and every source in its chain.
    fn error(&mut self, label: &str, error: &(dyn std::error::Error + 'static)) {
        self.text(&format!("{label} (Display)"), &error.to_string());
        self.text(&format!("{label} (Debug)"), &format!("{error:?}"));
        let mut source = error.source();
        while let Some(inner) = source {
            self.text(&format!("{label} (source)"), &format!("{inner} {inner:?}"));
            source = inner.source();
        }
    }

    fn finish(self) {
        eprintln!(
            "secrets scan: {} outputs checked, {} leaks",
            self.checked,
            self.leaks.len()
        );
        assert!(self.leaks.is_empty(), "{}", self.leaks.join("\n"));
    }
}

/// A DVS error body full of PII, as a careless server might send it.
fn pii_error_body() -> String {
    format!(
        r#"{{"code":"ValidationError","message":"ssn {SSN} does not match {NAME}","propertyErrors":{{"ssn":["{SSN} is invalid"],"fullName":"{NAME}"}},"multipleErrors":[{{"code":"OCRError","message":"{NAME}"}}],"traceId":"trace-1","developerMessage":"{SECRET} {SSN}","echo":"{NAME}"}}"#
    )
}

/// A v3 result full of PII, and an echo of the uploaded image.
fn pii_result_v3() -> String {
    format!(
        r#"{{"requestId":"{ID}","documentType":1,"document":{{"fullName":"{NAME}","familyName":"QUINTANILLA","id":"{SSN}","ssn":"{SSN}","address":"1 {NAME} WAY","unknownField":"{NAME}"}},"documentVerificationResult":{{"documentConfidence":90}},"faceVerificationResult":{{"confidence":88}},"extraTopLevel":{{"ssn":"{SSN}"}},"facePhoto":"{img}","documentFacePhoto":"{img}","signature":"{img}"}}"#,
        img = image_base64()
    )
}

fn pii_result_v4() -> String {
    format!(
        r#"{{"requestId":"{ID}","document":{{"fullName":"{NAME}","ssn":"{SSN}"}},"documentVerificationResult":{{"documentConfidence":90}},"faceMatchVerificationResult":{{"faceMatchConfidence":88}},"externalVerificationResults":[{{"name":"SSN check","result":"{SSN} {NAME}"}}],"requestData":{{"ssn":"{SSN}","frontImageBase64":"{img}"}},"images":{{"frontImageBase64":"{img}"}},"content":{{"faceImageBase64":"{img}"}},"authenticationResults":[{{"name":"{NAME}","value":"{SSN}"}}]}}"#,
        img = image_base64()
    )
}

fn pii_wrapper() -> String {
    format!(
        r#"{{"verificationResult":{},"request":{{"id":"{ID}","status":"Success","documentType":1,"content":{{"frontImageBase64":"{}","ssn":"{SSN}","trackString":"{NAME}"}}}}}}"#,
        pii_result_v3(),
        image_base64()
    )
}

fn public_key() -> dvs_public::PublicKey {
    dvs_public::PublicKey::new(PUBLIC).unwrap()
}

fn secret_key() -> dvs_secret::SecretKey {
    dvs_secret::SecretKey::new(SECRET).unwrap()
}

fn request_with_pii() -> VerificationRequest {
    VerificationRequest::new(DocumentType::Id)
        .front(image_bytes())
        .back(image_bytes())
        .selfie(image_bytes())
        .ssn(SSN)
        .track_string(format!("@ANSI 636026DAQ{SSN}DCS{NAME}"))
        .capture_method("111")
        .user_agent("Mozilla/5.0 test")
}

#[tokio::test]
async fn no_secret_or_pii_in_any_output() {
    let mut scan = Scan::default();

    // ---- keys and key errors ---------------------------------------------------------
    scan.debug("PublicKey", &public_key());
    scan.debug("SecretKey", &secret_key());
    for text in [
        format!(" {PUBLIC}"),
        format!("{PUBLIC}\n"),
        format!("{PUBLIC} x"),
        SECRET.to_string(),
    ] {
        let e = dvs_public::PublicKey::new(text).unwrap_err();
        scan.both("KeyError (public)", &e);
        scan.error("Error::InvalidKey", &Error::from(e));
    }
    let e = dvs_secret::SecretKey::new(PUBLIC).unwrap_err();
    scan.both("KeyError (secret)", &e);

    // ---- request ids, images, requests -----------------------------------------------
    let e = RequestId::parse(&format!("{SSN}-{NAME}-{SSN}")).unwrap_err();
    scan.both("RequestIdError", &e);
    let image = Image::from_bytes(image_bytes()).unwrap();
    scan.debug("Image", &image);
    let e = Image::from_bytes(format!("{NAME} {SSN}").into_bytes()).unwrap_err();
    scan.both("ImageError (text)", &e);
    let e = Image::from_base64(&format!("{}!{SSN}", image_base64())).unwrap_err();
    scan.both("ImageError (base64)", &e);
    scan.debug("VerificationRequest", &request_with_pii());
    scan.debug(
        "CaptureMethod",
        &dvs_public::CaptureMethod::from_steps([dvs_public::Capture::AutoCapture; 3]),
    );
    let mut v3 = dvs_secret::RequestV3::new(DocumentType::Id)
        .front(image.clone())
        .selfie(image.clone());
    v3.ssn = Some(SSN.into());
    v3.track_string = Some(format!("DCS{NAME}").into());
    scan.debug("RequestV3", &v3);
    let v4 = dvs_secret::RequestV4::new(DocumentType::Id)
        .front(image.clone())
        .selfie(image.clone())
        .ssn(SSN)
        .track_string(dvs_secret::TrackStringV4::new(format!("DCS{NAME}DAQ{SSN}")));
    scan.debug("RequestV4", &v4);
    scan.debug("V4Options", &dvs_secret::V4Options::new());
    scan.debug("SensitiveText", &dvs_secret::SensitiveText::new(SSN));

    // ---- clients and builders ----------------------------------------------------------
    let public_builder = dvs_public::Client::builder(public_key())
        .base_url(format!("https://user:{SECRET}@dvs.example/"));
    scan.debug(
        "dvs_public::ClientBuilder (credentials in URL)",
        &public_builder,
    );
    let e = public_builder.build().unwrap_err();
    scan.error("Error::Config (credentials in URL)", &e);
    let secret_builder = dvs_secret::Client::builder(secret_key()).user_agent_suffix("backend/1");
    scan.debug("dvs_secret::ClientBuilder", &secret_builder);
    scan.debug(
        "dvs_public::Client",
        &dvs_public::Client::new(public_key()).unwrap(),
    );
    scan.debug(
        "dvs_secret::Client",
        &dvs_secret::Client::new(secret_key()).unwrap(),
    );

    // ---- server answers full of PII --------------------------------------------------------
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path_regex("^/api/v3/Verify/.+"))
        .respond_with(ResponseTemplate::new(400).set_body_raw(pii_error_body(), "application/json"))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path_regex("^/api/v3/Request/.+/result$"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(pii_wrapper(), "application/json"))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path_regex("^/api/v3/Verify$"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(pii_result_v3(), "application/json"))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path_regex("^/api/v4/verify$"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(pii_result_v4(), "application/json"))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path_regex("^/api/v3/Request$"))
        .respond_with(ResponseTemplate::new(422).set_body_raw(pii_error_body(), "application/json"))
        .mount(&server)
        .await;
    let backend = dvs_secret::Client::builder(secret_key())
        .base_url(format!("{}/", server.uri()))
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let id: RequestId = ID.parse().unwrap();

    let e = backend.verify(&id).await.unwrap_err();
    scan.error("Error::Validation (PII body)", &e);
    scan.debug("ApiErrorInfo", e.api_info().unwrap());
    scan.debug("ErrorBody", e.api_info().unwrap().body.as_ref().unwrap());
    scan.debug("PropertyErrors", e.property_errors().unwrap());

    let stored = backend.get_result(&id).await.unwrap();
    scan.debug("StoredResult", &stored);
    let result = stored.result.clone().unwrap();
    scan.debug("VerificationResult (v3)", &result);
    scan.debug("Document", &result.document);
    let images = result.returned_images().unwrap();
    assert_eq!(images.len(), 3, "the v3 portraits and signature are read");
    scan.debug("ReturnedImages (v3)", &images);
    for (_, image) in images.iter() {
        scan.debug("ReturnedImage", image);
    }
    let decision = Policy::default().decide(&result);
    scan.debug("Decision", &decision);
    for reason in &decision.reasons {
        scan.debug("Reason", reason);
    }
    let summary = decision.summary(&result);
    scan.debug("Summary", &summary);
    scan.text("Summary (JSON)", &serde_json::to_string(&summary).unwrap());

    let direct = backend.verify_v3(&v3).await.unwrap();
    scan.debug("VerificationResult (direct v3)", &direct);
    let direct = backend
        .verify_v4(&v4, dvs_secret::V4Options::new())
        .await
        .unwrap();
    scan.debug("VerificationResult (v4)", &direct);
    let images = direct.returned_images().unwrap();
    assert_eq!(
        images.len(),
        2,
        "images under `images` and `content` are read"
    );
    scan.debug("ReturnedImages (v4)", &images);
    scan.debug("authenticationResults", &direct.authentication_results);
    let mismatched = direct.clone().asked_for(
        "0b5e2f9c-4c1a-4d8e-9f3b-7a6c5d4e3f21"
            .parse::<dvs_secret::RequestId>()
            .unwrap(),
    );
    let mismatch = mismatched.request_id_mismatch().unwrap();
    scan.both("RequestIdMismatch", &mismatch);
    let decision = Policy::default().decide(&mismatched);
    scan.text(
        "Summary of a mismatched result (JSON)",
        &serde_json::to_string(&decision.summary(&mismatched)).unwrap(),
    );
    for check in &direct.external_checks {
        scan.debug("ExternalCheck", check);
    }

    // verify_or_recover: Verify fails with AlreadyProcessed carrying PII, the lookup works.
    let recover_server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(400).set_body_raw(
            format!(r#"{{"code":"RequestAlreadyProcessed","message":"{NAME} {SSN}"}}"#),
            "application/json",
        ))
        .mount(&recover_server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(pii_wrapper(), "application/json"))
        .mount(&recover_server)
        .await;
    let recovered = dvs_secret::Client::builder(secret_key())
        .base_url(format!("{}/", recover_server.uri()))
        .build()
        .unwrap()
        .verify_or_recover(&id)
        .await
        .unwrap();
    assert!(recovered.is_recovered());
    scan.debug("Verified::Recovered", &recovered);

    // The app's create call answered with a PII error.
    let app = dvs_public::Client::builder(public_key())
        .base_url(format!("{}/", server.uri()))
        .build()
        .unwrap();
    let e = app.create_request(request_with_pii()).await.unwrap_err();
    scan.error("Error::Validation (create)", &e);

    // A 2xx body that does not fit, full of PII.
    let decode_server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            format!(r#"{{"requestId":"{ID}","document":"{NAME} {SSN} {SECRET}"}}"#),
            "application/json",
        ))
        .mount(&decode_server)
        .await;
    let e = dvs_secret::Client::builder(secret_key())
        .base_url(format!("{}/", decode_server.uri()))
        .build()
        .unwrap()
        .verify(&id)
        .await
        .unwrap_err();
    assert!(matches!(e, Error::Decode { .. }), "{e:?}");
    scan.error("Error::Decode", &e);

    // Transport-level errors carry the underlying reqwest error as their source.
    let e = dvs_secret::Client::builder(secret_key())
        .base_url(format!("http://{}/", closed_port_address()))
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap()
        .verify(&id)
        .await
        .unwrap_err();
    assert!(matches!(e, Error::Connect(_)), "{e:?}");
    scan.error("Error::Connect", &e);
    let slow = RawServer::start(Behavior::ReadThenReset).await;
    let e = dvs_public::Client::builder(public_key())
        .base_url(slow.base_url())
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap()
        .create_request(request_with_pii())
        .await
        .unwrap_err();
    assert!(matches!(e, Error::Transport(_)), "{e:?}");
    scan.error("Error::Transport", &e);
    let e = Error::from_response(500, None, pii_error_body().as_bytes());
    scan.error("Error::Server", &e);
    let e = Error::from_response(
        429,
        Some(Duration::from_secs(3)),
        pii_error_body().as_bytes(),
    );
    scan.error("Error::RateLimited", &e);
    let response = dvs_public::HttpResponse::new(200, Default::default(), pii_wrapper().into());
    scan.debug("HttpResponse", &response);

    // ---- dvs-mock ---------------------------------------------------------------------------
    let mock_builder = dvs_mock::MockDvs::builder()
        .public_key(public_key())
        .secret_key(secret_key());
    scan.debug("MockDvsBuilder", &mock_builder);
    let mock = mock_builder.start().await;
    scan.debug("MockDvs", &mock);
    let app = dvs_public::Client::builder(mock.public_key())
        .base_url(mock.base_url())
        .build()
        .unwrap();
    let created = app.create_request(request_with_pii()).await.unwrap();
    scan.debug("CreatedRequest", &created);
    let received = mock.received();
    assert_eq!(received.len(), 1);
    scan.debug("ReceivedRequest", &received[0]);
    scan.debug("Scenario", &dvs_mock::Scenario::FaceMismatch);
    let e = "no-such-scenario"
        .parse::<dvs_mock::Scenario>()
        .unwrap_err();
    scan.both("UnknownScenario", &e);

    // ---- the example client app ---------------------------------------------------------
    let e = dvs_client_app::ClientAppError::Dvs(Error::from_response(
        400,
        None,
        pii_error_body().as_bytes(),
    ));
    scan.error("ClientAppError::Dvs", &e);
    let e = dvs_client_app::ClientAppError::BadImage {
        role: "front",
        path: "front.jpg".into(),
        reason: Image::from_bytes(NAME.as_bytes().to_vec())
            .unwrap_err()
            .to_string(),
    };
    scan.error("ClientAppError::BadImage", &e);
    let e = dvs_client_app::ClientAppError::BackendAnswerInvalid {
        reason: "missing outcome".into(),
    };
    scan.error("ClientAppError::BackendAnswerInvalid", &e);

    scan.finish();
}

/// The document checks (age, expiry, country, type, identity match) say why in reasons and
/// summaries that hold no date of birth, name or document number, whatever the outcome.
#[test]
fn document_checks_leak_no_pii() {
    use dvs_secret::{CountryCode, DocumentDateError, IdentityClaim, VerificationResult};
    let mut scan = Scan::default();
    let body = format!(
        r#"{{"requestId":"{ID}","documentType":2,"document":{{"fullName":"{NAME}","firstName":"ZELDA","familyName":"QUINTANILLA","dob":"{DOB}","issued":"{DOB}","expires":"{DOB}","id":"{DOCUMENT_NUMBER}","abbrCountry":"ZZ","gender":"{NAME}"}},"documentVerificationResult":{{"documentConfidence":95,"isDocumentExpired":false}},"faceMatchVerificationResult":{{"faceMatchConfidence":95}},"antiSpoofingVerificationResult":{{"antiSpoofingFaceImageConfidence":95}}}}"#
    );
    let result = VerificationResult::parse_v4(body.into_bytes().into()).unwrap();
    let on = dvs_secret::Date::new(2026, 11, 30).unwrap();
    let policies = [
        Policy::default().with_min_age(21),
        Policy::default()
            .with_min_age(18)
            .with_expiry_grace_days(30)
            .with_allowed_countries([CountryCode::parse("US").unwrap()])
            .with_allowed_document_types([DocumentType::Id]),
    ];
    let claims = [
        IdentityClaim::new(),
        IdentityClaim::new()
            .with_name(NAME)
            .with_date_of_birth_text(DOB)
            .unwrap(),
        IdentityClaim::new()
            .with_name("ZELDA QUINTANILLA-SMITH")
            .with_date_of_birth_text("2009-07-24")
            .unwrap(),
    ];
    let mut reasons_seen = 0;
    for policy in &policies {
        scan.debug("Policy", policy);
        for claim in &claims {
            scan.debug("IdentityClaim", claim);
            let decision = policy.decide_with_claim(&result, on, claim);
            scan.debug("Decision (document checks)", &decision);
            for reason in &decision.reasons {
                reasons_seen += 1;
                scan.debug("Reason (document checks)", reason);
                scan.text("Reason (JSON)", &serde_json::to_string(reason).unwrap());
            }
            let summary = decision.summary(&result);
            assert_eq!(summary.age_verified, Some(false), "the holder is 17");
            scan.debug("Summary (document checks)", &summary);
            scan.text(
                "Summary (document checks, JSON)",
                &serde_json::to_string(&summary).unwrap(),
            );
        }
    }
    assert!(
        reasons_seen >= 10,
        "the checks fired ({reasons_seen} reasons)"
    );
    let document = &result.document;
    scan.debug("Document", document);
    scan.debug("PersonName", &document.person_name().unwrap());
    scan.debug("Gender", &document.gender_kind().unwrap());
    scan.debug(
        "Date of birth error",
        &document.age_on(dvs_secret::Date::new(2000, 1, 1).unwrap()),
    );
    for text in [DOB, "2009-07-32", "07/23/20099", NAME] {
        let error = dvs_secret::read_date(text).err();
        scan.debug("DateError", &error);
        if let Some(error) = error {
            scan.error("DateError", &error);
            scan.error("DocumentDateError", &DocumentDateError::Unreadable(error));
        }
        if let Err(error) = CountryCode::parse(text) {
            scan.error("CountryCodeError", &error);
        }
    }
    scan.finish();
}

/// The scan can fail: a value that holds the needles is caught.
#[test]
fn the_scan_catches_a_leak() {
    let mut scan = Scan::default();
    scan.text("planted", &format!("Bearer {SECRET} for {NAME}"));
    assert_eq!(scan.leaks.len(), 4, "{:?}", scan.leaks);
}

/// `http://` is refused unless the host is loopback, by both clients, before anything is sent.
#[test]
fn plain_http_is_refused_except_on_loopback() {
    let table: &[(&str, bool)] = &[
        ("https://dvs2.idware.net/", true),
        ("http://127.0.0.1:8080/", true),
        ("http://127.9.9.9/", true),
        ("http://localhost:3000", true),
        ("http://LOCALHOST/", true),
        ("http://[::1]:8080/", true),
        ("http://dvs2.idware.net/", false),
        ("http://10.0.0.5/", false),
        ("http://192.168.1.10:8080/", false),
        ("http://0.0.0.0:8080/", false),
        ("http://[::]:8080/", false),
        ("http://localhost.evil.example/", false),
        ("http://127.0.0.1.nip.io/", false),
        ("http://evil.example/127.0.0.1/", false),
        ("HTTP://dvs.example/", false),
        ("ws://127.0.0.1/", false),
        ("file:///etc/passwd", false),
    ];
    for &(url, accepted) in table {
        let public = dvs_public::Client::builder(public_key())
            .base_url(url)
            .build();
        let secret = dvs_secret::Client::builder(secret_key())
            .base_url(url)
            .build();
        for (who, outcome) in [("public", public.map(drop)), ("secret", secret.map(drop))] {
            match outcome {
                Ok(()) => assert!(accepted, "{who}: {url} should be refused"),
                Err(Error::Config(message)) => {
                    assert!(!accepted, "{who}: {url} should be accepted: {message}");
                    assert!(!message.contains(SECRET) && !message.contains(PUBLIC));
                }
                Err(other) => panic!("{who}: {url}: {other:?}"),
            }
        }
    }
}

/// The SDK crates trace in two files only (their output is scanned by
/// dvs-backend/tests/tracing_scan.rs) and never log or print.
#[test]
fn the_sdk_crates_trace_only_through_the_span_files_and_never_print() {
    // `tracing` (spans and events with checked fields, dvs-backend/tests/tracing_scan.rs) is
    // allowed only in the two files that hold its calls; no `log`, no printing anywhere else.
    const TRACING_FILES: [&str; 2] = ["http/operation_span.rs", "http/engine.rs"];
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    for krate in ["dvs-core", "dvs-public", "dvs-secret", "dvs-mock"] {
        let dir = root.join(krate);
        let manifest = std::fs::read_to_string(dir.join("Cargo.toml")).unwrap();
        for dep in ["log ", "log.", "env_logger"] {
            assert!(
                !manifest.lines().any(|l| l.trim_start().starts_with(dep)),
                "{krate} depends on {dep}"
            );
        }
        let mut stack = vec![dir.join("src")];
        while let Some(path) = stack.pop() {
            for entry in std::fs::read_dir(&path).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    // Code only: doc examples may print.
                    let source: String = std::fs::read_to_string(&path)
                        .unwrap()
                        .lines()
                        .filter(|l| !l.trim_start().starts_with("//"))
                        .collect::<Vec<_>>()
                        .join("\n");
                    assert!(!source.contains("log::"), "{} uses log::", path.display());
                    let tracing_file = krate == "dvs-core"
                        && TRACING_FILES.iter().any(|file| path.ends_with(file));
                    if !tracing_file {
                        for mac in ["tracing::", "info!(", "debug!(", "warn!(", "trace!("] {
                            assert!(!source.contains(mac), "{} uses {mac}", path.display());
                        }
                    }
                    // Printing is for binaries only (dvs-mock's `main.rs` prints its URL and keys).
                    if !path.ends_with("main.rs") {
                        assert!(!source.contains("println!("), "{} prints", path.display());
                        assert!(!source.contains("eprintln!("), "{} prints", path.display());
                    }
                }
            }
        }
    }
}

/// DVS's fraud signals and external checks: a result raising every signal, with PII in the
/// external checks' free text and in fields the SDK does not model, decided on by the
/// default policy and by one requiring every external check. The signals, the typed checks,
/// the policy, the reasons and the summary hold none of it.
#[test]
fn fraud_signals_and_external_checks_leak_no_pii() {
    use dvs_secret::{
        ExternalCheckName, ExternalCheckRequirement, ExternalCheckStatus, RawCode, Severity,
        Signal, SignalAction, VerificationResult,
    };
    let mut scan = Scan::default();
    let check = |name: &str, status: i64| {
        format!(
            r#"{{"name":"{name}","displayName":"{name} service","status":{status},"statusString":"Failed","reason":"{NAME} {SSN} {DOB}","effect":1,"values":[{{"name":"ssn","value":"{SSN}","score":0}}],"rawResponse":{{"dob":"{DOB}"}}}}"#
        )
    };
    let checks = [
        check("AddressValidation", 1),
        check("DMVValidation", 2),
        check("IdentiFraudValidation", -1),
        check("OFACValidation", 0),
        check("SexOffenderValidation", 2),
    ]
    .join(",");
    let v4 = format!(
        r#"{{"requestId":"{ID}","document":{{"fullName":"{NAME}","dob":"{DOB}","id":"{DOCUMENT_NUMBER}"}},"documentVerificationResult":{{"documentConfidence":95,"isInvalidated":true,"isLimitedDurationDocument":true,"isShuftiSuccess":false,"ssnEcho":"{SSN}"}},"faceMatchVerificationResult":{{"faceMatchConfidence":95,"isSuspiciousPhoto":true,"isAgeCheckSuccess":false,"isGenderCheckSuccess":false,"assessedAgeFromSelfie":17,"assessedAgeFromDocument":17,"holderName":"{NAME}"}},"antiSpoofingVerificationResult":{{"antiSpoofingFaceImageConfidence":95,"isDataFieldsTampered":true,"isPhotoFromDocumentTampered":true,"tamperedField":"{DOCUMENT_NUMBER}"}},"externalVerificationResults":[{checks}]}}"#
    );
    let v3 = format!(
        r#"{{"requestId":"{ID}","document":{{"fullName":"{NAME}","dob":"{DOB}"}},"documentVerificationResult":{{"status":7,"statusString":"Suspicious","totalConfidence":95,"statusDetail":"{NAME} {SSN}","validationTests":[{checks}]}},"faceVerificationResult":{{"confidence":95,"antiSpoofing":95}}}}"#
    );
    let results = [
        VerificationResult::parse_v4(v4.into_bytes().into()).unwrap(),
        VerificationResult::parse_v3(v3.into_bytes().into()).unwrap(),
    ];
    let mut strict = Policy::default().with_external_check_passing_status(1);
    for &signal in Signal::ALL {
        strict = strict.with_signal(signal, SignalAction::Reject);
    }
    for name in [
        ExternalCheckName::Address,
        ExternalCheckName::Dmv,
        ExternalCheckName::IdentiFraud,
        ExternalCheckName::Ofac,
        ExternalCheckName::from_raw(RawCode::Text("SexOffenderValidation".into())),
    ] {
        scan.both("ExternalCheckName", &name);
        strict = strict.require_external_check(name, Severity::Review);
    }
    scan.debug("Policy (signals, external checks)", &strict);
    scan.text("Policy (JSON)", &serde_json::to_string(&strict).unwrap());
    scan.debug("SignalActions", &strict.signal_actions);
    for requirement in &strict.required_external_checks {
        scan.debug("ExternalCheckRequirement", requirement);
    }
    scan.debug(
        "ExternalCheckRequirement (new)",
        &ExternalCheckRequirement::new(ExternalCheckName::Dmv, Severity::Reject),
    );
    let mut reasons_seen = 0;
    for result in &results {
        scan.debug("VerificationResult (signals)", result);
        scan.debug("Signals", &result.signals);
        scan.debug("Signals::raised", &result.signals.raised());
        scan.debug("DocumentStatusV3", &result.signals.document_status);
        for check in &result.external_checks {
            scan.debug("ExternalCheck", check);
            scan.debug("ExternalCheck::check_name", &check.check_name());
            scan.debug("ExternalCheck::check_status", &check.check_status());
            if let Some(status) = check.check_status() {
                scan.both("ExternalCheckStatus", &status);
            }
        }
        scan.both(
            "ExternalCheckStatus::Disabled",
            &ExternalCheckStatus::Disabled,
        );
        for policy in [&Policy::default(), &strict] {
            let decision = policy.decide(result);
            assert_ne!(decision.outcome, dvs_secret::Outcome::Approve);
            scan.debug("Decision (signals)", &decision);
            for reason in &decision.reasons {
                reasons_seen += 1;
                scan.debug("Reason (signals)", reason);
                scan.debug("Check (signals)", &reason.check());
                scan.text(
                    "Reason (signals, JSON)",
                    &serde_json::to_string(reason).unwrap(),
                );
            }
            let summary = decision.summary(result);
            scan.debug("Summary (signals)", &summary);
            scan.text(
                "Summary (signals, JSON)",
                &serde_json::to_string(&summary).unwrap(),
            );
        }
    }
    // v4 default: 8 signals raised, 7 acted on; strict: 8 rejects + 5 checks. v3: 1 + 1 + 5.
    assert!(
        reasons_seen >= 25,
        "the rules fired ({reasons_seen} reasons)"
    );
    scan.finish();
}
