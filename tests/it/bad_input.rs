//! The bad-input catalogue: one table of hostile or broken inputs — keys, request ids,
//! images, builder and request values, and server answers — each with the specific typed
//! error it must produce.
//!
//! Every case runs in its own task, so a panic is reported as that case failing (none may
//! panic), and every error's `Display` and `Debug` are checked not to hold the input whole
//! (the key, the id, the response body) nor the SSN planted in bodies.

use std::time::Duration;

use dvs_public::{DocumentType, ImageError, KeyError, RequestIdError, VerificationRequest};
use dvs_secret::{Error, RequestId, RetryPolicy, SecretKey};
use dvs_test_support::jpeg;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

const ID: &str = "3fa85f64-5717-4562-b3fc-2c963f66afa6";
const OTHER_ID: &str = "0b8e3c1a-0000-4000-8000-00000000beef";
const SECRET: &str = "sk_bad-input-0000-4000-8000-000000000001";
const PUBLIC: &str = "pk_bad-input-0000-4000-8000-000000000002";
/// Planted in server bodies: must never reach an error message.
const SSN: &str = "123-45-6789";

/// Which call an answer is given to.
#[derive(Clone, Copy, Debug)]
enum Call {
    /// `dvs_secret::Client::verify` (`POST /api/v3/Verify/{id}`).
    Verify,
    /// `dvs_secret::Client::get_result` (`GET /api/v3/Request/{id}/result`).
    GetResult,
    /// `dvs_public::Client::create_request` (`POST /api/v3/Request`).
    Create,
}

/// The input of one case.
enum Input {
    PublicKey(&'static str),
    SecretKey(&'static str),
    RequestId(String),
    /// A request checked locally by the public client (limit 1 KiB for the size case).
    Request(fn() -> VerificationRequest),
    /// A public-client builder change, then `build()`.
    Builder(fn(dvs_public::ClientBuilder) -> dvs_public::ClientBuilder),
    /// A server answer (status, content type, body) to a call.
    Answer {
        call: Call,
        status: u16,
        content_type: &'static str,
        body: Vec<u8>,
    },
}

type Check = fn(&Result<(), Error>) -> bool;

struct Case {
    name: &'static str,
    input: Input,
    check: Check,
}

fn case(name: &'static str, input: Input, check: Check) -> Case {
    Case { name, input, check }
}

fn answer(call: Call, status: u16, content_type: &'static str, body: impl Into<Vec<u8>>) -> Input {
    Input::Answer {
        call,
        status,
        content_type,
        body: body.into(),
    }
}

fn ok200(call: Call, body: impl Into<Vec<u8>>) -> Input {
    answer(call, 200, "application/json", body)
}

fn decode(r: &Result<(), Error>, what: &str) -> bool {
    matches!(r, Err(Error::Decode { status: 200, reason }) if reason.contains(what))
}

fn key_error(r: &Result<(), Error>) -> Option<&KeyError> {
    match r {
        Err(Error::InvalidKey(e)) => Some(e),
        _ => None,
    }
}

fn id_error(r: &Result<(), Error>) -> Option<&RequestIdError> {
    match r {
        Err(Error::InvalidRequestId(e)) => Some(e),
        _ => None,
    }
}

fn image_error(r: &Result<(), Error>) -> Option<(&'static str, &ImageError)> {
    match r {
        Err(Error::InvalidImage { field, source }) => Some((field, source)),
        _ => None,
    }
}

fn input_field(r: &Result<(), Error>) -> Option<&'static str> {
    match r {
        Err(Error::InvalidInput { field, .. }) => Some(field),
        _ => None,
    }
}

fn config(r: &Result<(), Error>) -> bool {
    matches!(r, Err(Error::Config(_)))
}

fn nested(depth: usize) -> Vec<u8> {
    let mut body = br#"{"requestId":"3fa85f64-5717-4562-b3fc-2c963f66afa6","document":"#.to_vec();
    body.extend(std::iter::repeat_n(b'[', depth));
    body.extend(std::iter::repeat_n(b']', depth));
    body.push(b'}');
    body
}

fn catalogue() -> Vec<Case> {
    use Call::*;
    use KeyError as K;
    use dvs_core::KeyKind::{Public, Secret};
    vec![
        // ---- keys -------------------------------------------------------------------
        case("public key: empty", Input::PublicKey(""), |r| {
            key_error(r) == Some(&K::Empty { expected: Public })
        }),
        case("public key: leading space", Input::PublicKey(" pk_abcdef"), |r| {
            key_error(r) == Some(&K::SurroundingWhitespace { expected: Public })
        }),
        case("public key: trailing newline (from a file)", Input::PublicKey("pk_abcdef\n"), |r| {
            key_error(r) == Some(&K::SurroundingWhitespace { expected: Public })
        }),
        case("public key: inner space", Input::PublicKey("pk_ab cdef"), |r| {
            key_error(r) == Some(&K::InvalidCharacter { expected: Public, position: 5 })
        }),
        case("public key: non-ASCII", Input::PublicKey("pk_ключ-ключ"), |r| {
            key_error(r) == Some(&K::InvalidCharacter { expected: Public, position: 3 })
        }),
        case("public key: a secret key given", Input::PublicKey("sk_live-0000-4000-8000-0001"), |r| {
            key_error(r) == Some(&K::SecretWherePublicExpected)
        }),
        case("secret key: a public key given", Input::SecretKey("pk_live-0000-4000-8000-0001"), |r| {
            key_error(r) == Some(&K::PublicWhereSecretExpected)
        }),
        case("secret key: `Bearer ` pasted in", Input::SecretKey("Bearer sk_live-0000-4000"), |r| {
            key_error(r) == Some(&K::InvalidCharacter { expected: Secret, position: 6 })
        }),
        case("secret key: prefix only", Input::SecretKey("sk_"), |r| {
            key_error(r) == Some(&K::NothingAfterPrefix { expected: Secret })
        }),
        case("secret key: no prefix", Input::SecretKey("a47764c0-e3da-4300-ba2d-fdf148c011ea"), |r| {
            key_error(r) == Some(&K::MissingPrefix { expected: Secret })
        }),
        case("secret key: NUL byte", Input::SecretKey("sk_\0live-0000-4000"), |r| {
            key_error(r) == Some(&K::InvalidCharacter { expected: Secret, position: 3 })
        }),
        case("secret key: CR LF header injection", Input::SecretKey("sk_live\r\nX-Admin: 1"), |r| {
            key_error(r) == Some(&K::InvalidCharacter { expected: Secret, position: 7 })
        }),
        // ---- request ids ------------------------------------------------------------
        case("request id: empty", Input::RequestId(String::new()), |r| {
            id_error(r) == Some(&RequestIdError::Empty)
        }),
        case("request id: too short", Input::RequestId("3fa85f64".into()), |r| {
            id_error(r) == Some(&RequestIdError::WrongLength { len: 8 })
        }),
        case("request id: 37 characters", Input::RequestId(format!("{ID}0")), |r| {
            id_error(r) == Some(&RequestIdError::WrongLength { len: 37 })
        }),
        case("request id: 1 MiB", Input::RequestId("a".repeat(1 << 20)), |r| {
            id_error(r) == Some(&RequestIdError::WrongLength { len: 1 << 20 })
        }),
        case("request id: path traversal of 36 characters", Input::RequestId("../../../../../../../../admin/delete".into()), |r| {
            id_error(r) == Some(&RequestIdError::InvalidCharacter { position: 0 })
        }),
        case("request id: no hyphens", Input::RequestId("3fa85f6405717045620b3fc02c963f66afa6".into()), |r| {
            id_error(r) == Some(&RequestIdError::InvalidCharacter { position: 8 })
        }),
        case("request id: non-hex last character", Input::RequestId("3fa85f64-5717-4562-b3fc-2c963f66afaG".into()), |r| {
            id_error(r) == Some(&RequestIdError::InvalidCharacter { position: 35 })
        }),
        case("request id: braces", Input::RequestId("{3fa85f64-5717-4562-b3fc-2c963f66af}".into()), |r| {
            id_error(r) == Some(&RequestIdError::InvalidCharacter { position: 0 })
        }),
        case("request id: multi-byte character, 36 bytes", Input::RequestId("3fa85f64-5717-4562-b3fc-2c963f66af\u{e9}".into()), |r| {
            id_error(r) == Some(&RequestIdError::InvalidCharacter { position: 34 })
        }),
        case("request id: query string smuggled", Input::RequestId("3fa85f64-5717-4562-b3fc-2c96?admin=1".into()), |r| {
            id_error(r) == Some(&RequestIdError::InvalidCharacter { position: 28 })
        }),
        // ---- images -----------------------------------------------------------------
        case("image: empty bytes", Input::Request(|| VerificationRequest::new(DocumentType::Passport).front(Vec::new())), |r| {
            image_error(r) == Some(("frontImageBase64", &ImageError::Empty))
        }),
        case("image: text", Input::Request(|| VerificationRequest::new(DocumentType::Passport).front(b"hello, I am not a photo".to_vec())), |r| {
            image_error(r) == Some(("frontImageBase64", &ImageError::UnsupportedFormat { looks_like: "text" }))
        }),
        case("image: GIF", Input::Request(|| VerificationRequest::new(DocumentType::Passport).front(b"GIF89a\x01\x00\x01\x00".to_vec())), |r| {
            image_error(r) == Some(("frontImageBase64", &ImageError::UnsupportedFormat { looks_like: "GIF" }))
        }),
        case("image: PDF", Input::Request(|| VerificationRequest::new(DocumentType::Passport).front(b"%PDF-1.7\n%\xe2\xe3".to_vec())), |r| {
            image_error(r) == Some(("frontImageBase64", &ImageError::UnsupportedFormat { looks_like: "PDF" }))
        }),
        case("image: HEIC", Input::Request(|| VerificationRequest::new(DocumentType::Passport).front(b"\0\0\0\x18ftypheic\0\0\0\0".to_vec())), |r| {
            image_error(r) == Some(("frontImageBase64", &ImageError::UnsupportedFormat { looks_like: "HEIC/HEIF or another ISO media file" }))
        }),
        case("image: random binary selfie", Input::Request(|| VerificationRequest::new(DocumentType::Passport).front(jpeg(64, 1)).selfie(vec![0x00, 0x9c, 0x13, 0xfe, 0x80])), |r| {
            image_error(r) == Some(("faceImageBase64", &ImageError::UnsupportedFormat { looks_like: "unknown binary data" }))
        }),
        case("image: invalid base64", Input::Request(|| VerificationRequest::new(DocumentType::Passport).front(dvs_public::Image::from_base64("/9j/4A==!!not-base64"))), |r| {
            matches!(image_error(r), Some(("frontImageBase64", ImageError::InvalidBase64 { .. })))
        }),
        case("image: data URI without payload", Input::Request(|| VerificationRequest::new(DocumentType::Passport).front(dvs_public::Image::from_base64("data:image/png;base64,"))), |r| {
            image_error(r) == Some(("frontImageBase64", &ImageError::Empty))
        }),
        case("image: base64 of a GIF", Input::Request(|| VerificationRequest::new(DocumentType::Passport).front(dvs_public::Image::from_base64("R0lGODlhAQABAAAAACw="))), |r| {
            image_error(r) == Some(("frontImageBase64", &ImageError::UnsupportedFormat { looks_like: "GIF" }))
        }),
        case("image: over the 1 KiB limit", Input::Request(|| VerificationRequest::new(DocumentType::Passport).front(jpeg(2048, 1))), |r| {
            image_error(r) == Some(("frontImageBase64", &ImageError::TooLarge { len: 2048, limit: 1024 }))
        }),
        case("image: unreadable file", Input::Request(|| VerificationRequest::new(DocumentType::Passport).front(dvs_public::Image::from_path("/nonexistent/front.jpg"))), |r| {
            image_error(r) == Some(("frontImageBase64", &ImageError::Io { kind: std::io::ErrorKind::NotFound }))
        }),
        // ---- request builder values --------------------------------------------------
        case("request: no image at all", Input::Request(|| VerificationRequest::new(DocumentType::Passport)), |r| {
            input_field(r) == Some("frontImageBase64")
        }),
        case("request: blank track string alone", Input::Request(|| VerificationRequest::new(DocumentType::Id).track_string(" \n")), |r| {
            input_field(r) == Some("frontImageBase64")
        }),
        case("request: nothing at all for a face-only type", Input::Request(|| VerificationRequest::new(DocumentType::FaceAuthorization)), |r| {
            input_field(r) == Some("faceImageBase64")
        }),
        case("request: multi-images recording over the 1 KiB limit", Input::Request(|| VerificationRequest::new(DocumentType::Id).front(jpeg(64, 1)).front_multi_images(dvs_public::MultiImages::from_bytes(vec![0x1A; 1025]).unwrap())), |r| {
            image_error(r) == Some(("frontMultiImagesBase64", &ImageError::TooLarge { len: 1025, limit: 1024 }))
        }),
        // Front only, face match without a selfie, empty texts: the account's settings and
        // the server decide (`tests/it` of dvs-public sends them), so they are not here.
        // ---- client configuration ----------------------------------------------------
        case("config: http:// to a remote host", Input::Builder(|b| b.base_url("http://dvs2.idware.net/")), config),
        case("config: http:// to localhost.evil.example", Input::Builder(|b| b.base_url("http://localhost.evil.example/")), config),
        case("config: ftp:// scheme", Input::Builder(|b| b.base_url("ftp://dvs2.idware.net/")), config),
        case("config: not a URL", Input::Builder(|b| b.base_url("dvs2 idware net")), config),
        case("config: credentials in the URL", Input::Builder(|b| b.base_url("https://admin:hunter2-password@dvs.example/")), config),
        case("config: query in the URL", Input::Builder(|b| b.base_url("https://dvs.example/?key=1")), config),
        case("config: zero timeout", Input::Builder(|b| b.timeout(Duration::ZERO)), config),
        case("config: zero image limit", Input::Builder(|b| b.max_image_bytes(0)), config),
        case("config: zero response limit", Input::Builder(|b| b.max_response_bytes(0)), config),
        case("config: header injection in the user agent", Input::Builder(|b| b.user_agent_suffix("app/1\r\nX-Admin: 1")), config),
        // ---- server answers -------------------------------------------------------------
        case("200: truncated JSON", ok200(Verify, &br#"{"requestId":"3fa85f64-5717-4562-b3fc-2c963f66afa6","document":{"ssn":"123-45-6789","fullName":"JA"#[..]), |r| {
            decode(r, "truncated JSON")
        }),
        // Lenient on what we read: a value that does not fit is dropped, not fatal (see
        // `lenient_reads_drop_values_that_do_not_fit` for what the result then holds).
        case("200: wrong type (requestId a number) is dropped", ok200(Verify, &br#"{"requestId":42,"documentType":1}"#[..]), |r| {
            r.is_ok()
        }),
        case("200: wrong type (document a string)", ok200(Verify, format!(r#"{{"requestId":"{ID}","document":"SSN {SSN}"}}"#)), |r| {
            decode(r, "unexpected shape")
        }),
        case("200: huge number (confidence 1e400)", ok200(Verify, format!(r#"{{"requestId":"{ID}","documentVerificationResult":{{"documentConfidence":1e400}}}}"#)), |r| {
            decode(r, "malformed JSON")
        }),
        case("200: huge integer (confidence 2^70) is dropped", ok200(Verify, format!(r#"{{"requestId":"{ID}","documentVerificationResult":{{"documentConfidence":1180591620717411303424}}}}"#)), |r| {
            r.is_ok()
        }),
        case("200: huge integer (document type 2^70)", ok200(Verify, format!(r#"{{"requestId":"{ID}","documentType":1180591620717411303424}}"#)), |r| {
            r.is_ok()
        }),
        case("200: deeply nested JSON (100 000 levels)", ok200(Verify, nested(100_000)), |r| {
            decode(r, "at line 1")
        }),
        case("200: empty body", ok200(Verify, Vec::new()), |r| decode(r, "the body is empty")),
        case("200: white space only", ok200(Verify, &b" \r\n\t "[..]), |r| decode(r, "the body is empty")),
        case("200: HTML", answer(Verify, 200, "text/html", format!("<html><body>Maintenance. Call {SSN}</body></html>")), |r| {
            decode(r, "malformed JSON")
        }),
        case("200: invalid UTF-8 inside a string", ok200(Verify, [&br#"{"requestId":"3fa85f64-5717-4562-b3fc-2c963f66afa6","document":{"fullName":""#[..], &[0xff, 0xfe, 0xc3][..], &b"\"}}"[..]].concat()), |r| {
            decode(r, "JSON")
        }),
        case("200: JSON array", ok200(Verify, &b"[1,2,3]"[..]), |r| decode(r, "unexpected shape")),
        case("200: JSON null", ok200(Verify, &b"null"[..]), |r| decode(r, "unexpected shape")),
        case("200: trailing garbage", ok200(Verify, format!(r#"{{"requestId":"{ID}"}} {SSN}"#)), |r| {
            decode(r, "malformed JSON")
        }),
        // A paid result is returned; the mismatch is on it (dvs-secret's `request_id_mismatch` tests).
        case("200: a result for another request id is returned", ok200(Verify, format!(r#"{{"requestId":"{OTHER_ID}"}}"#)), |r| {
            r.is_ok()
        }),
        case("200: body over the 64 KiB response limit", ok200(Verify, format!(r#"{{"requestId":"{ID}","pad":"{}"}}"#, "x".repeat(70_000))), |r| {
            decode(r, "over the limit")
        }),
        case("200 create: request id `../admin`", ok200(Create, &br#"{"requestId":"../admin","status":0}"#[..]), |r| {
            decode(r, "unexpected shape")
        }),
        case("200 create: no request id", ok200(Create, &br#"{"status":0,"documentType":1}"#[..]), |r| {
            decode(r, "unexpected shape")
        }),
        case("200 create: empty body", ok200(Create, Vec::new()), |r| decode(r, "the body is empty")),
        case("200 result: verificationResult a number", ok200(GetResult, &br#"{"verificationResult":5,"request":null}"#[..]), |r| {
            decode(r, "unexpected shape")
        }),
        case("200 result: truncated wrapper", ok200(GetResult, &br#"{"verificationResult":{"requestId":"3fa8"#[..]), |r| {
            decode(r, "truncated JSON")
        }),
        case("500: enormous HTML error body (8 MiB)", answer(Verify, 500, "text/html", format!("<html>{}{SSN}</html>", "<p>stack frame</p>".repeat(450_000))), |r| {
            matches!(r, Err(Error::Server(i)) if i.body.is_none() && i.body_len > 8_000_000)
        }),
        case("400: error body with wrong types", answer(Verify, 400, "application/json", format!(r#"{{"code":5,"message":["{SSN}"],"propertyErrors":"x"}}"#)), |r| {
            matches!(r, Err(Error::Validation(i)) if i.body.is_none() && i.body_kind == dvs_public::BodyKind::OtherJson)
        }),
        case("400: 10 000 property errors echoing the SSN", answer(Verify, 400, "application/json", {
            let fields: Vec<String> = (0..10_000).map(|i| format!(r#""field{i}":"{SSN} is invalid""#)).collect();
            format!(r#"{{"code":"ValidationError","propertyErrors":{{{}}}}}"#, fields.join(","))
        }), |r| {
            matches!(r, Err(e @ Error::Validation(_)) if e.property_errors().map(|p| p.0.len()) == Some(10_000))
        }),
        case("400: error body of control characters and ANSI escapes", answer(Verify, 400, "application/json", r#"{"code":"OCRError","traceId":"\u001b[31mFAKE\r\nlevel=error forged"}"#), |r| {
            matches!(r, Err(e @ Error::DocumentRejected(_))
                if e.trace_id().is_some_and(|t| t.contains('\u{1b}'))
                && !e.to_string().contains('\u{1b}') && !e.to_string().contains('\n'))
        }),
        case("401: HTML login page", answer(Verify, 401, "text/html", "<html><form>Sign in</form></html>"), |r| {
            matches!(r, Err(Error::Auth(i)) if i.body_kind == dvs_public::BodyKind::Html)
        }),
        case("404: empty body", answer(Verify, 404, "application/json", Vec::new()), |r| {
            matches!(r, Err(Error::NotFound(i)) if i.body_kind == dvs_public::BodyKind::Empty)
        }),
        case("500: deeply nested JSON error body", answer(Verify, 500, "application/json", nested(100_000)), |r| {
            matches!(r, Err(Error::Server(i)) if i.body_kind == dvs_public::BodyKind::OtherJson)
        }),
        case("418: invalid UTF-8 error body", answer(Verify, 418, "text/plain", vec![0xff, 0xfe, 0x00, 0x9f]), |r| {
            matches!(r, Err(Error::Api(i)) if i.status == 418 && i.body_kind == dvs_public::BodyKind::Text)
        }),
    ]
}

/// The input text a message must not repeat whole, for inputs worth hiding.
fn secret_of(input: &Input) -> Option<Vec<u8>> {
    match input {
        Input::PublicKey(k) | Input::SecretKey(k) if k.len() >= 8 => Some(k.as_bytes().to_vec()),
        Input::RequestId(id) if id.len() >= 12 => Some(id.as_bytes().to_vec()),
        Input::Answer { body, .. } if body.len() >= 24 => Some(body.clone()),
        _ => None,
    }
}

async fn run(input: &Input) -> Result<(), Error> {
    match input {
        Input::PublicKey(text) => dvs_public::PublicKey::new(*text)
            .map(drop)
            .map_err(Error::from),
        Input::SecretKey(text) => SecretKey::new(*text).map(drop).map_err(Error::from),
        Input::RequestId(text) => RequestId::parse(text).map(drop).map_err(Error::from),
        Input::Request(make) => {
            let client = dvs_public::Client::builder(dvs_public::PublicKey::new(PUBLIC).unwrap())
                .max_image_bytes(1024)
                .build()?;
            client.check(&make())
        }
        Input::Builder(change) => change(dvs_public::Client::builder(
            dvs_public::PublicKey::new(PUBLIC).unwrap(),
        ))
        .build()
        .map(drop),
        Input::Answer {
            call,
            status,
            content_type,
            body,
        } => {
            let server = MockServer::start().await;
            Mock::given(any())
                .respond_with(
                    ResponseTemplate::new(*status).set_body_raw(body.clone(), content_type),
                )
                .mount(&server)
                .await;
            let base = format!("{}/", server.uri());
            let id: RequestId = ID.parse().unwrap();
            let outcome = match call {
                Call::Verify | Call::GetResult => {
                    let client = dvs_secret::Client::builder(SecretKey::new(SECRET).unwrap())
                        .base_url(&base)
                        .retry_policy(RetryPolicy::none())
                        .max_response_bytes(if body.len() > 65_536 && body.len() < 100_000 {
                            64 * 1024
                        } else {
                            64 * 1024 * 1024
                        })
                        .build()?;
                    match call {
                        Call::Verify => client.verify(&id).await.map(drop),
                        _ => client.get_result(&id).await.map(drop),
                    }
                }
                Call::Create => {
                    let client =
                        dvs_public::Client::builder(dvs_public::PublicKey::new(PUBLIC).unwrap())
                            .base_url(&base)
                            .retry_policy(RetryPolicy::none())
                            .build()?;
                    let request =
                        VerificationRequest::new(DocumentType::Passport).front(jpeg(64, 1));
                    client.create_request(request).await.map(drop)
                }
            };
            // None of these calls may be sent twice.
            assert_eq!(server.received_requests().await.unwrap().len(), 1);
            outcome
        }
    }
}

fn contains(haystack: &str, needle: &[u8]) -> bool {
    haystack
        .as_bytes()
        .windows(needle.len())
        .any(|w| w == needle)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_input_catalogue() {
    let cases = catalogue();
    assert!(cases.len() >= 40, "{} cases", cases.len());
    let total = cases.len();
    let mut failures = Vec::new();
    let mut handles = Vec::new();
    for case in cases {
        handles.push((
            case.name,
            tokio::spawn(async move {
                let outcome = run(&case.input).await;
                let mut problems = Vec::new();
                if !(case.check)(&outcome) {
                    problems.push(format!("unexpected outcome {outcome:?}"));
                }
                if let Err(e) = &outcome {
                    let text = format!("{e}\n{e:?}\n{:?}", std::error::Error::source(e));
                    if let Some(secret) = secret_of(&case.input) {
                        if contains(&text, &secret) {
                            problems.push("the error repeats the input whole".into());
                        }
                    }
                    if text.contains(SSN) || text.contains("hunter2") {
                        problems.push("the error holds planted PII".into());
                    }
                    if e.to_string().len() > 400 {
                        problems.push(format!("message of {} bytes", e.to_string().len()));
                    }
                }
                problems
            }),
        ));
    }
    for (name, handle) in handles {
        match handle.await {
            Ok(problems) if problems.is_empty() => {}
            Ok(problems) => failures.push(format!("{name}: {}", problems.join("; "))),
            Err(e) if e.is_panic() => failures.push(format!("{name}: PANICKED")),
            Err(e) => failures.push(format!("{name}: {e}")),
        }
    }
    eprintln!(
        "bad-input catalogue: {total} cases, {} failed",
        failures.len()
    );
    assert!(
        failures.is_empty(),
        "{} of {total} cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The crashing input the `retry_after` fuzz target found (a year of 22 digits overflowed
/// the HTTP-date arithmetic and panicked in debug builds), through the whole client: a 429
/// carrying it must be an ordinary `RateLimited` without a usable delay.
#[tokio::test]
async fn fuzz_regression_retry_after_huge_year() {
    const CRASH: &[u8] = b"Sn, 06 Nov 1900000000000000001904 8:49:37 GMT";
    let text = std::str::from_utf8(CRASH).unwrap();
    assert_eq!(
        dvs_core::parse_retry_after(text, std::time::SystemTime::now()),
        None
    );
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", text))
        .mount(&server)
        .await;
    let client = dvs_secret::Client::builder(SecretKey::new(SECRET).unwrap())
        .base_url(format!("{}/", server.uri()))
        .build()
        .unwrap();
    let err = client.verify(&ID.parse().unwrap()).await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::RateLimited {
                retry_after: None,
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

/// What the lenient cases of the catalogue leave in the result: the value that did not fit
/// is `None`, never a made-up number, and the rest is read.
#[tokio::test]
async fn lenient_reads_drop_values_that_do_not_fit() {
    let server = MockServer::start().await;
    let body = r#"{"requestId":42,"documentType":1,"documentVerificationResult":{"documentConfidence":1180591620717411303424},"faceVerificationResult":{"confidence":77}}"#;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_raw(body, "application/json"))
        .mount(&server)
        .await;
    let client = dvs_secret::Client::builder(SecretKey::new(SECRET).unwrap())
        .base_url(format!("{}/", server.uri()))
        .build()
        .unwrap();
    let result = client.verify(&ID.parse().unwrap()).await.unwrap();
    assert_eq!(result.request_id, None);
    assert_eq!(result.document_confidence, None);
    assert_eq!(result.face_match_confidence.map(|c| c.get()), Some(77));
    assert_eq!(result.raw_json(), body.as_bytes());
}
