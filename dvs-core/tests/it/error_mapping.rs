//! `Error::from_response`: status + body → the variant that says what to do, with short,
//! body-free messages; and `Error::from_json_error`, which never quotes the value that did not fit.

use std::time::Duration;

use dvs_core::internal::decode_json;
use dvs_core::{BodyKind, Error, ErrorCode, RequestV3};
use dvs_test_support::{error_variant, fixture};

fn json_error(code: &str) -> Vec<u8> {
    format!(r#"{{"code":"{code}","message":"m","propertyErrors":{{}},"multipleErrors":[]}}"#)
        .into_bytes()
}

/// Status, `Retry-After`, body, expected variant, retryable, document failure.
type MappingCase = (u16, Option<Duration>, Vec<u8>, &'static str, bool, bool);

#[test]
fn mapping_table() {
    let trace = br#"{"code":"ApiError","message":"Internal error","traceId":"00-abc-01"}"#;
    let html = b"<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1><p>nginx</p></body></html>";
    let validation = fixture("errors/validation_error_pascal_case.json");
    let secs = |n| Some(Duration::from_secs(n));

    let cases: Vec<MappingCase> = vec![
        (401, None, json_error("Unauthorized"), "Auth", false, false),
        (401, None, Vec::new(), "Auth", false, false),
        (403, None, b"Forbidden".to_vec(), "Auth", false, false),
        (404, None, json_error("NotFound"), "NotFound", false, false),
        (404, None, Vec::new(), "NotFound", false, false),
        (400, None, validation, "Validation", false, false),
        (
            400,
            None,
            json_error("MultipleErrors"),
            "Validation",
            false,
            false,
        ),
        (
            400,
            None,
            json_error("FrontImageRequiredError"),
            "Validation",
            false,
            false,
        ),
        (
            400,
            None,
            json_error("OCRError"),
            "DocumentRejected",
            false,
            true,
        ),
        (
            400,
            None,
            json_error("PDF417Error"),
            "DocumentRejected",
            false,
            true,
        ),
        (
            400,
            None,
            json_error("FaceDocNotDetectError"),
            "DocumentRejected",
            false,
            true,
        ),
        (
            400,
            None,
            json_error("AntiSpoofing"),
            "DocumentRejected",
            false,
            true,
        ),
        (
            400,
            None,
            json_error("RequestAlreadyProcessed"),
            "AlreadyProcessed",
            false,
            false,
        ),
        (
            400,
            None,
            json_error("RequestExpired"),
            "Expired",
            false,
            false,
        ),
        (400, None, json_error("NotFound"), "NotFound", false, false),
        (400, None, json_error("SomethingNew"), "Api", false, false),
        (
            400,
            None,
            br#"{"foo":1}"#.to_vec(),
            "Validation",
            false,
            false,
        ),
        (418, None, br#"{"foo":1}"#.to_vec(), "Api", false, false),
        (
            429,
            secs(3),
            json_error("TooManyRequests"),
            "RateLimited",
            true,
            false,
        ),
        (429, None, Vec::new(), "RateLimited", true, false),
        (503, secs(10), Vec::new(), "RateLimited", true, false),
        (503, None, Vec::new(), "Server", true, false),
        (500, None, trace.to_vec(), "Server", true, false),
        (
            500,
            None,
            b"Internal Server Error".to_vec(),
            "Server",
            true,
            false,
        ),
        (502, None, html.to_vec(), "Server", true, false),
        (502, None, Vec::new(), "Server", true, false),
        (302, None, Vec::new(), "Api", false, false),
    ];
    for (status, retry_after, body, expected, retryable, document) in cases {
        let error = Error::from_response(status, retry_after, &body);
        let what = format!(
            "{status} {}",
            String::from_utf8_lossy(&body[..body.len().min(40)])
        );
        assert_eq!(error_variant(&error), expected, "{what}: {error:?}");
        assert_eq!(error.status(), Some(status), "{what}");
        assert_eq!(error.is_retryable(), retryable, "{what}");
        assert_eq!(error.is_document_failure(), document, "{what}");
        assert!(!error.was_not_sent(), "{what}");
        assert!(!error.outcome_unknown(), "{what}");
        assert_eq!(error.api_info().unwrap().body_len, body.len(), "{what}");
    }
}

#[test]
fn validation_error_exposes_code_fields_and_trace_id() {
    let error = Error::from_response(
        400,
        None,
        &fixture("errors/validation_error_pascal_case.json"),
    );
    assert_eq!(error.code(), Some(&ErrorCode::ValidationError));
    assert_eq!(
        error.trace_id(),
        Some("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
    );
    let fields = error.property_errors().unwrap();
    assert_eq!(
        fields.fields().collect::<Vec<_>>(),
        ["DocumentType", "FrontImageBase64"]
    );
    let message = error.to_string();
    assert!(message.contains("HTTP 400"), "{message}");
    assert!(message.contains("code ValidationError"), "{message}");
    assert!(
        message.contains("invalid fields: DocumentType, FrontImageBase64"),
        "{message}"
    );
    assert!(message.contains("trace id 00-4bf92f"), "{message}");
    // The server's free text (which may echo input) is not in the message.
    assert!(!message.contains("is required"), "{message}");
    assert!(!message.contains("'42'"), "{message}");
}

#[test]
fn multiple_errors_message_lists_the_codes() {
    let error = Error::from_response(
        400,
        None,
        &fixture("errors/multiple_errors_ocr_and_pdf417.json"),
    );
    assert!(matches!(error, Error::Validation(_)));
    assert_eq!(error.code(), Some(&ErrorCode::MultipleErrors));
    let message = error.to_string();
    assert!(
        message.contains("errors: OCRError, PDF417Error"),
        "{message}"
    );
    assert_eq!(
        error.trace_id(),
        Some("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
    );
}

#[test]
fn rate_limit_and_service_unavailable_carry_retry_after() {
    let limited = Error::from_response(429, Some(Duration::from_secs(3)), b"");
    assert_eq!(limited.retry_after(), Some(Duration::from_secs(3)));
    assert!(limited.to_string().contains("retry after 3s"), "{limited}");

    let busy = Error::from_response(503, Some(Duration::from_secs(10)), b"");
    assert!(matches!(busy, Error::RateLimited { .. }));
    assert_eq!(busy.retry_after(), Some(Duration::from_secs(10)));
    assert_eq!(busy.status(), Some(503));

    let down = Error::from_response(503, None, b"");
    assert!(matches!(down, Error::Server(_)));
    assert_eq!(down.retry_after(), None);
}

#[test]
fn server_error_with_trace_id() {
    let error = Error::from_response(
        500,
        None,
        br#"{"code":"ApiError","message":"Object reference not set","traceId":"00-abc-01"}"#,
    );
    assert!(matches!(error, Error::Server(_)));
    assert_eq!(error.trace_id(), Some("00-abc-01"));
    assert_eq!(error.code(), Some(&ErrorCode::ApiError));
    assert_eq!(
        error.to_string(),
        "DVS server error (HTTP 500, code ApiError, trace id 00-abc-01)"
    );
}

#[test]
fn html_from_a_proxy_is_described_not_embedded() {
    let html = b"<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head>\n<body><center><h1>502 Bad Gateway</h1></center><hr><center>cloudflare</center></body></html>";
    let error = Error::from_response(502, None, html);
    let info = error.api_info().unwrap();
    assert_eq!(info.body_kind, BodyKind::Html);
    assert!(info.body.is_none());
    assert_eq!(error.code(), None);
    assert_eq!(error.trace_id(), None);
    let message = error.to_string();
    assert!(message.contains("HTTP 502"), "{message}");
    assert!(message.contains("HTML page"), "{message}");
    assert!(message.contains("proxy"), "{message}");
    assert!(
        message.contains(&format!("{} bytes", html.len())),
        "{message}"
    );
    assert!(!message.contains('<'), "{message}");
    assert!(!message.contains("cloudflare"), "{message}");

    // Upper-case tags and leading white space are still HTML.
    let shouting = Error::from_response(
        504,
        None,
        b"\r\n  <HTML><BODY>Gateway Timeout</BODY></HTML>",
    );
    assert_eq!(shouting.api_info().unwrap().body_kind, BodyKind::Html);
}

#[test]
fn other_body_kinds() {
    let empty = Error::from_response(502, None, b"");
    assert_eq!(empty.api_info().unwrap().body_kind, BodyKind::Empty);
    assert_eq!(
        empty.to_string(),
        "DVS server error (HTTP 502 with an empty body (0 bytes))"
    );

    let text = Error::from_response(500, None, b"Internal Server Error: secret stack trace");
    assert_eq!(text.api_info().unwrap().body_kind, BodyKind::Text);
    assert!(!text.to_string().contains("stack trace"), "{text}");

    for body in [&br#"{"foo":1}"#[..], b"[1,2,3]", b"{}", br#"{"code":null}"#] {
        let error = Error::from_response(500, None, body);
        assert_eq!(
            error.api_info().unwrap().body_kind,
            BodyKind::OtherJson,
            "{body:?}"
        );
        assert!(
            error
                .to_string()
                .contains("JSON body that is not a DVS error"),
            "{error}"
        );
    }
}

#[test]
fn enormous_bodies_keep_the_message_short() {
    const MIB: usize = 1024 * 1024;
    let huge = "A".repeat(MIB);
    let bodies: Vec<(&str, Vec<u8>)> = vec![
        ("text", huge.clone().into_bytes()),
        (
            "html",
            format!("<html><body>{huge}</body></html>").into_bytes(),
        ),
        (
            "json message",
            format!(r#"{{"code":"ApiError","message":"{huge}"}}"#).into_bytes(),
        ),
        (
            "json trace id",
            format!(r#"{{"code":"ApiError","traceId":"{huge}"}}"#).into_bytes(),
        ),
        (
            "json unknown code",
            format!(r#"{{"code":"{huge}"}}"#).into_bytes(),
        ),
        (
            "json property name",
            format!(r#"{{"code":"ValidationError","propertyErrors":{{"{huge}":"x"}}}}"#)
                .into_bytes(),
        ),
        ("json many properties", {
            let fields: Vec<String> = (0..70_000)
                .map(|i| format!(r#""field{i}":"bad""#))
                .collect();
            format!(
                r#"{{"code":"ValidationError","propertyErrors":{{{}}}}}"#,
                fields.join(",")
            )
            .into_bytes()
        }),
        ("json many errors", {
            let errors = vec![r#"{"code":"OCRError"}"#; 70_000].join(",");
            format!(r#"{{"code":"MultipleErrors","multipleErrors":[{errors}]}}"#).into_bytes()
        }),
    ];
    for (what, body) in bodies {
        assert!(body.len() >= MIB, "{what}");
        for status in [400, 500, 502] {
            let error = Error::from_response(status, None, &body);
            let message = error.to_string();
            assert!(
                message.len() < 300,
                "{what} {status}: {} chars: {}",
                message.len(),
                message.chars().take(300).collect::<String>()
            );
            // Server text is quoted only in bounded pieces: 80 characters of a trace id,
            // 40 of a code or field name; messages and other bodies not at all.
            let limit = match what {
                "json trace id" => 81,
                "json unknown code" | "json property name" => 41,
                _ => 10,
            };
            assert!(
                !message.contains(&"A".repeat(limit)),
                "{what} {status}: {message}"
            );
            assert!(
                message.is_ascii() && !message.contains('\n'),
                "{what} {status}: {message}"
            );
        }
    }
}

#[test]
fn server_text_cannot_forge_log_lines() {
    let body = br#"{"code":"Bad\nINFO forged line\u001b[31m","traceId":"t\r\nINFO forged"}"#;
    let message = Error::from_response(500, None, body).to_string();
    assert!(
        !message.contains('\n') && !message.contains('\r') && !message.contains('\u{1b}'),
        "{message:?}"
    );
}

#[test]
fn decode_never_quotes_the_value() {
    // serde_json's own message quotes the offending value…
    let body = br#"{"documentType":1,"verifyFace":"123-45-6789"}"#;
    let raw = serde_json::from_slice::<RequestV3>(body).unwrap_err();
    assert!(
        raw.to_string().contains("123-45-6789"),
        "precondition: {raw}"
    );
    // …the SDK's does not.
    let error = Error::from_json_error(200, &raw);
    let message = error.to_string();
    assert!(!message.contains("123-45-6789"), "{message}");
    assert!(!format!("{error:?}").contains("123-45-6789"));
    assert!(message.contains("HTTP 200"), "{message}");
    assert!(
        message.contains("JSON of an unexpected shape at line 1 column"),
        "{message}"
    );
    assert_eq!(error.status(), Some(200));
    assert!(!error.is_retryable());

    // Same through decode_json, with an unknown-type field and with a number where text is expected.
    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    struct Strict {
        ssn: u64,
    }
    let error = decode_json::<Strict>(200, br#"{"ssn":"123-45-6789"}"#).unwrap_err();
    assert!(matches!(error, Error::Decode { status: 200, .. }));
    assert!(!error.to_string().contains("123-45-6789"), "{error}");
    let error = decode_json::<Strict>(200, br#"{"ssn":123456789,"ssn":1}"#).unwrap_err();
    assert!(!error.to_string().contains("123456789"), "{error}");
}

#[test]
fn decode_names_the_kind_of_problem() {
    let reason = |body: &[u8]| match decode_json::<serde_json::Value>(200, body).unwrap_err() {
        Error::Decode { reason, .. } => reason,
        other => panic!("{other:?}"),
    };
    assert_eq!(reason(b""), "the body is empty");
    assert_eq!(reason(b"  \n"), "the body is empty");
    assert!(reason(br#"{"requestId":"3fa8"#).starts_with("truncated JSON"));
    assert!(reason(b"<html></html>").starts_with("malformed JSON"));
}
