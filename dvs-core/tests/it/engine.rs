//! The HTTP engine against loopback servers: headers, retries (with hit counts), timeouts,
//! connect failures, redirects, and bodies that do not fit.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use bytes::Bytes;
use dvs_core::ResponseV4;
use dvs_core::RetryPolicy;
use dvs_core::internal::ApiCall;
use dvs_core::{BodyKind, CreateRequestResponse, Error};
use dvs_core::{
    DEFAULT_CONNECT_TIMEOUT, HttpRequest, HttpResponse, ReqwestTransport, Transport, TransportError,
};
use dvs_test_support::{catch_all, closed_port_address, fixture, fixture_response};
use wiremock::matchers::{body_bytes, header, method, path, query_param};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

use crate::support::{SECRET_KEY, TestClient, builder};

const RESULT_PATH: &str = "api/v3/Request/x/result";
const MAX_RETRIES: u32 = 2;

fn client(server: &MockServer) -> TestClient {
    builder()
        .base_url(server.uri())
        .retry_policy(RetryPolicy::immediate(MAX_RETRIES))
        .user_agent_suffix("suffix")
        .build()
        .unwrap()
}

fn post(path: &str) -> ApiCall {
    ApiCall::post(path, Bytes::from_static(br#"{"documentType":1}"#))
}

async fn hits(server: &MockServer) -> usize {
    server.received_requests().await.unwrap().len()
}

fn header_of<'a>(request: &'a Request, name: &str) -> Option<&'a str> {
    request.headers.get(name).map(|v| v.to_str().unwrap())
}

#[tokio::test]
async fn get_sends_bearer_user_agent_and_accept() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v3/Request/x/result"))
        .and(header(
            "authorization",
            format!("Bearer {SECRET_KEY}").as_str(),
        ))
        .and(header("user-agent", "dvs-rs/0.1.0 suffix"))
        .and(header("accept", "application/json"))
        .respond_with(fixture_response(
            200,
            "result_wrapper_v3_numeric_status.json",
        ))
        .expect(1)
        .mount(&server)
        .await;
    catch_all(&server).await;

    let client = client(&server);
    assert_eq!(client.engine.user_agent(), "dvs-rs/0.1.0 suffix");
    let response = client
        .engine
        .execute(ApiCall::get(RESULT_PATH))
        .await
        .unwrap();
    assert_eq!(response.status, 200);
    assert_eq!(
        &response.body[..],
        &fixture("result_wrapper_v3_numeric_status.json")[..],
        "body byte for byte"
    );

    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1);
    assert_eq!(
        header_of(&requests[0], "content-type"),
        None,
        "a GET has no body type"
    );
    assert!(requests[0].body.is_empty());
}

#[tokio::test]
async fn post_sends_json_body_and_content_type() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/v3/Request"))
        .and(header(
            "authorization",
            format!("Bearer {SECRET_KEY}").as_str(),
        ))
        .and(header("content-type", "application/json"))
        .and(header("user-agent", "dvs-rs/0.1.0 suffix"))
        .and(body_bytes(br#"{"documentType":1}"#.to_vec()))
        .respond_with(fixture_response(200, "create_request_created.json"))
        .expect(1)
        .mount(&server)
        .await;
    catch_all(&server).await;

    let (created, raw) = client(&server)
        .engine
        .execute_json::<CreateRequestResponse>(post("api/v3/Request"))
        .await
        .unwrap();
    assert_eq!(
        created.request_id.as_str(),
        "3fa85f64-5717-4562-b3fc-2c963f66afa6"
    );
    assert_eq!(&raw[..], &fixture("create_request_created.json")[..]);
}

#[tokio::test]
async fn query_parameters_and_fixture_served_byte_for_byte() {
    let server = MockServer::start().await;
    let raw = fixture("v4_verify_every_field.json");
    Mock::given(method("POST"))
        .and(path("/api/v4/verify"))
        .and(query_param("returnContent", "true"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(raw.clone(), "application/json"))
        .expect(1)
        .mount(&server)
        .await;
    catch_all(&server).await;

    let call = post("api/v4/verify").query("returnContent", "true");
    let (response, body) = client(&server)
        .engine
        .execute_json::<ResponseV4>(call)
        .await
        .unwrap();
    assert_eq!(&body[..], &raw[..]);
    let document = response.document_verification_result.unwrap_or_default();
    assert_eq!(document.document_confidence.unwrap().get(), 95);
}

#[tokio::test]
async fn post_is_retried_on_429_with_retry_after() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "0"))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(fixture_response(200, "create_request_created.json"))
        .expect(1)
        .mount(&server)
        .await;

    let response = client(&server)
        .engine
        .execute(post("api/v3/Request"))
        .await
        .unwrap();
    assert_eq!(response.status, 200);
    assert_eq!(hits(&server).await, 2);
}

#[tokio::test]
async fn post_is_retried_on_503_with_retry_after_but_not_without() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/with"))
        .respond_with(ResponseTemplate::new(503).insert_header("Retry-After", "0"))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/without"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let client = client(&server);

    let error = client.engine.execute(post("with")).await.unwrap_err();
    assert!(matches!(error, Error::RateLimited { .. }), "{error:?}");
    assert_eq!(error.retry_after(), Some(Duration::ZERO));
    assert_eq!(hits(&server).await, MAX_RETRIES as usize + 1);

    server.reset().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let error = client.engine.execute(post("without")).await.unwrap_err();
    assert!(matches!(error, Error::Server(_)), "{error:?}");
    assert_eq!(
        hits(&server).await,
        1,
        "a billable call is not re-sent on a bare 503"
    );
}

#[tokio::test]
async fn post_is_not_retried_on_500() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(500).set_body_raw(
            r#"{"code":"ApiError","message":"Internal error","traceId":"00-abc-01"}"#,
            "application/json",
        ))
        .expect(1)
        .mount(&server)
        .await;

    let error = client(&server)
        .engine
        .execute(post("api/v3/Verify"))
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Server(_)), "{error:?}");
    assert_eq!(error.trace_id(), Some("00-abc-01"));
    assert_eq!(hits(&server).await, 1);
}

#[tokio::test]
async fn get_is_retried_on_503_up_to_max_retries() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503).set_body_string("Service Unavailable"))
        .mount(&server)
        .await;

    let error = client(&server)
        .engine
        .execute(ApiCall::get(RESULT_PATH))
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Server(_)), "{error:?}");
    assert_eq!(error.api_info().unwrap().body_kind, BodyKind::Text);
    assert_eq!(hits(&server).await, MAX_RETRIES as usize + 1);
}

#[tokio::test]
async fn get_recovers_after_a_502() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(502).set_body_string("<html><body>Bad Gateway</body></html>"),
        )
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(fixture_response(
            200,
            "result_wrapper_v3_numeric_status.json",
        ))
        .mount(&server)
        .await;

    let response = client(&server)
        .engine
        .execute(ApiCall::get(RESULT_PATH))
        .await
        .unwrap();
    assert_eq!(response.status, 200);
    assert_eq!(hits(&server).await, 2);
}

#[tokio::test]
async fn client_errors_are_never_retried() {
    for (status, body) in [
        (400, r#"{"code":"OCRError","message":"m"}"#),
        (401, ""),
        (404, r#"{"code":"NotFound","message":"m"}"#),
    ] {
        let server = MockServer::start().await;
        Mock::given(wiremock::matchers::any())
            .respond_with(ResponseTemplate::new(status).set_body_string(body))
            .mount(&server)
            .await;
        let client = client(&server);
        let error = client
            .engine
            .execute(ApiCall::get(RESULT_PATH))
            .await
            .unwrap_err();
        assert_eq!(error.status(), Some(status));
        assert_eq!(hits(&server).await, 1, "GET {status}");
        let error = client
            .engine
            .execute(post("api/v3/Verify"))
            .await
            .unwrap_err();
        assert_eq!(error.status(), Some(status));
        assert_eq!(hits(&server).await, 2, "POST {status}");
    }
}

#[tokio::test]
async fn retry_after_longer_than_the_maximum_is_returned_not_waited() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "3600"))
        .mount(&server)
        .await;
    let error = client(&server)
        .engine
        .execute(post("api/v3/Request"))
        .await
        .unwrap_err();
    assert_eq!(error.retry_after(), Some(Duration::from_secs(3600)));
    assert_eq!(hits(&server).await, 1);
}

#[tokio::test]
async fn post_is_not_retried_on_timeout() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_string("{}")
                .set_delay(Duration::from_secs(2)),
        )
        .mount(&server)
        .await;
    let client: TestClient = builder()
        .base_url(server.uri())
        .retry_policy(RetryPolicy::immediate(MAX_RETRIES))
        .timeout(Duration::from_millis(150))
        .build()
        .unwrap();

    let error = client
        .engine
        .execute(post("api/v3/Verify"))
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Timeout), "{error:?}");
    assert!(error.outcome_unknown());
    assert_eq!(
        hits(&server).await,
        1,
        "a billable call that may have arrived is not re-sent"
    );
}

#[tokio::test]
async fn get_is_retried_on_timeout() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_string("{}")
                .set_delay(Duration::from_secs(2)),
        )
        .mount(&server)
        .await;
    let client: TestClient = builder()
        .base_url(server.uri())
        .retry_policy(RetryPolicy::immediate(MAX_RETRIES))
        .timeout(Duration::from_millis(150))
        .build()
        .unwrap();

    let error = client
        .engine
        .execute(ApiCall::get(RESULT_PATH))
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Timeout), "{error:?}");
    assert_eq!(hits(&server).await, MAX_RETRIES as usize + 1);
}

/// Counts the attempts going through the real reqwest transport.
#[derive(Debug, Clone)]
struct Counting {
    inner: ReqwestTransport,
    attempts: Arc<AtomicUsize>,
}

#[async_trait::async_trait]
impl Transport for Counting {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        self.attempts.fetch_add(1, Ordering::SeqCst);
        self.inner.send(request).await
    }
}

/// A POST to `base_url` through the real reqwest transport with `connect_timeout`: the error
/// and the number of attempts.
async fn post_counting_attempts(base_url: String, connect_timeout: Duration) -> (Error, usize) {
    let attempts = Arc::new(AtomicUsize::new(0));
    let transport = Counting {
        inner: ReqwestTransport::new(ReqwestTransport::default_client(connect_timeout).unwrap()),
        attempts: attempts.clone(),
    };
    let client: TestClient = builder()
        .base_url(base_url)
        .retry_policy(RetryPolicy::immediate(MAX_RETRIES))
        .transport(transport)
        .build()
        .unwrap();
    let error = client
        .engine
        .execute(post("api/v3/Verify"))
        .await
        .unwrap_err();
    (error, attempts.load(Ordering::SeqCst))
}

#[tokio::test]
async fn connect_failure_is_retried_even_for_post() {
    let closed = closed_port_address();
    let (error, attempts) =
        post_counting_attempts(format!("http://{closed}"), DEFAULT_CONNECT_TIMEOUT).await;
    assert!(matches!(error, Error::Connect(_)), "{error:?}");
    assert!(error.is_retryable());
    assert!(!error.outcome_unknown());
    assert_eq!(error.status(), None);
    assert_eq!(attempts, MAX_RETRIES as usize + 1);
}

/// A loopback listener that takes no more connections: its accept queue (backlog 1) is full
/// and nobody accepts, so the kernel drops further SYNs and a connect hangs until the
/// client's connect timeout. Nothing leaves the machine. Keep the streams alive.
async fn listener_that_never_connects() -> (tokio::net::TcpListener, Vec<tokio::net::TcpStream>) {
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let listener = socket.listen(1).unwrap();
    let addr = listener.local_addr().unwrap();
    let mut queued = Vec::new();
    for _ in 0..64 {
        match tokio::time::timeout(
            Duration::from_millis(200),
            tokio::net::TcpStream::connect(addr),
        )
        .await
        {
            Ok(stream) => queued.push(stream.unwrap()),
            Err(_hung) => return (listener, queued),
        }
    }
    panic!("precondition: the accept queue never filled; connects do not hang here");
}

#[tokio::test]
async fn connect_timeout_is_a_connect_error_and_retried_even_for_post() {
    // Before: reported as `Timeout` ("may have been received") and never retried for a POST,
    // although nothing was sent.
    let (listener, _queued) = listener_that_never_connects().await;
    let base_url = format!("http://{}", listener.local_addr().unwrap());
    let (error, attempts) = post_counting_attempts(base_url, Duration::from_millis(150)).await;
    assert!(matches!(error, Error::Connect(_)), "{error:?}");
    assert!(error.was_not_sent());
    assert!(!error.outcome_unknown());
    assert_eq!(attempts, MAX_RETRIES as usize + 1);
}

#[tokio::test]
async fn redirects_are_not_followed_and_the_key_stays_home() {
    let server = MockServer::start().await;
    let elsewhere = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(200).set_body_string("{}"))
        .mount(&elsewhere)
        .await;
    Mock::given(wiremock::matchers::any())
        .respond_with(
            ResponseTemplate::new(302)
                .insert_header("Location", format!("{}/steal", elsewhere.uri()).as_str()),
        )
        .mount(&server)
        .await;
    let client = client(&server);

    for call in [ApiCall::get(RESULT_PATH), post("api/v3/Verify")] {
        let error = client.engine.execute(call).await.unwrap_err();
        assert!(matches!(error, Error::Api(_)), "{error:?}");
        assert_eq!(error.status(), Some(302));
    }
    assert_eq!(hits(&server).await, 2, "no retry on a redirect");
    assert_eq!(
        hits(&elsewhere).await,
        0,
        "the other host never saw the request or the key"
    );
}

#[tokio::test]
async fn success_bodies_that_do_not_fit_are_decode_errors() {
    let cases: [(&str, ResponseTemplate); 4] = [
        ("empty", ResponseTemplate::new(200)),
        (
            "html",
            ResponseTemplate::new(200)
                .set_body_raw("<html><body>Welcome</body></html>", "text/html"),
        ),
        (
            "truncated",
            ResponseTemplate::new(200)
                .set_body_raw(r#"{"requestId":"3fa85f64-5717"#, "application/json"),
        ),
        (
            "wrong shape",
            ResponseTemplate::new(200).set_body_raw("[1,2,3]", "application/json"),
        ),
    ];
    for (what, template) in cases {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .respond_with(template)
            .mount(&server)
            .await;
        let error = client(&server)
            .engine
            .execute_json::<CreateRequestResponse>(post("api/v3/Request"))
            .await
            .unwrap_err();
        match &error {
            Error::Decode { status, reason } => {
                assert_eq!(*status, 200, "{what}");
                assert!(
                    !reason.contains("Welcome") && !reason.contains("3fa85f64"),
                    "{what}: {reason}"
                );
            }
            other => panic!("{what}: expected Decode, got {other:?}"),
        }
        assert!(!error.is_retryable(), "{what}");
        assert_eq!(hits(&server).await, 1, "{what}");
    }
}

#[tokio::test]
async fn response_over_the_size_limit_is_a_decode_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw(vec![b' '; 64 * 1024], "application/json"),
        )
        .mount(&server)
        .await;
    let client: TestClient = builder()
        .base_url(server.uri())
        .retry_policy(RetryPolicy::immediate(MAX_RETRIES))
        .max_response_bytes(1024)
        .build()
        .unwrap();

    let error = client
        .engine
        .execute(ApiCall::get(RESULT_PATH))
        .await
        .unwrap_err();
    match &error {
        Error::Decode { reason, .. } => {
            assert!(reason.contains("over the limit of 1024 bytes"), "{reason}")
        }
        other => panic!("expected Decode, got {other:?}"),
    }
    assert_eq!(
        hits(&server).await,
        1,
        "an oversized answer is not fetched again"
    );

    // At the limit exactly, it is read.
    let roomy: TestClient = builder()
        .base_url(server.uri())
        .max_response_bytes(64 * 1024)
        .build()
        .unwrap();
    assert_eq!(
        roomy
            .engine
            .execute(ApiCall::get(RESULT_PATH))
            .await
            .unwrap()
            .body
            .len(),
        64 * 1024
    );
}

/// An HTML page as a proxy sends it with an error status, `len` bytes long.
fn proxy_page(len: usize) -> Vec<u8> {
    let mut page =
        b"<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body>".to_vec();
    page.resize(len - b"</body></html>".len(), b'x');
    page.extend_from_slice(b"</body></html>");
    page
}

fn limited_client(server: &MockServer, limit: usize) -> TestClient {
    builder()
        .base_url(server.uri())
        .retry_policy(RetryPolicy::immediate(MAX_RETRIES))
        .max_response_bytes(limit)
        .build()
        .unwrap()
}

#[tokio::test]
async fn error_answers_over_the_size_limit_keep_their_status() {
    // Before: any body over the limit became `Decode { status: 200 }`, so a proxy's big 502
    // page was not a `Server` error, was not retried for a GET, and not recovered after Verify.
    const LIMIT: usize = 1024 * 1024;
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(502).set_body_raw(proxy_page(2 * LIMIT), "text/html"))
        .mount(&server)
        .await;
    let client = limited_client(&server, LIMIT);

    let error = client
        .engine
        .execute(ApiCall::get(RESULT_PATH))
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Server(_)), "{error:?}");
    let info = error.api_info().unwrap();
    assert_eq!(info.status, 502);
    assert_eq!(info.body_kind, BodyKind::Html);
    assert_eq!(info.body_len, LIMIT, "read up to the limit, not further");
    assert!(info.body_truncated);
    assert!(
        error.to_string().contains("over the response size limit"),
        "{error}"
    );
    assert_eq!(
        hits(&server).await,
        MAX_RETRIES as usize + 1,
        "a GET is retried"
    );

    let error = client
        .engine
        .execute(post("api/v3/Verify"))
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(502), "{error:?}");
    assert!(error.attempt_outcome().unwrap().may_have_been_processed());
    assert_eq!(
        hits(&server).await,
        MAX_RETRIES as usize + 2,
        "a POST is not"
    );
}

/// A POST to a server that always gives `answer`, with a response size limit of `limit`: the
/// error, and how many requests the server received.
async fn post_with_limit(answer: ResponseTemplate, limit: usize) -> (Error, usize) {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(answer)
        .mount(&server)
        .await;
    let error = limited_client(&server, limit)
        .engine
        .execute(post("api/v3/Request"))
        .await
        .unwrap_err();
    (error, hits(&server).await)
}

#[tokio::test]
async fn a_long_rate_limit_answer_is_still_a_rate_limit() {
    let answer = ResponseTemplate::new(429)
        .insert_header("Retry-After", "0")
        .set_body_raw(vec![b'{'; 8 * 1024], "application/json");
    let (error, requests) = post_with_limit(answer, 1024).await;
    assert!(matches!(error, Error::RateLimited { .. }), "{error:?}");
    assert_eq!(error.retry_after(), Some(Duration::ZERO));
    let info = error.api_info().unwrap();
    assert_eq!((info.body_kind, info.body_len), (BodyKind::OtherJson, 1024));
    assert!(info.body_truncated);
    assert_eq!(
        requests,
        MAX_RETRIES as usize + 1,
        "DVS said to come back, so even a POST is sent again"
    );
}

#[tokio::test]
async fn a_success_over_the_size_limit_keeps_its_status() {
    let answer = ResponseTemplate::new(201).set_body_raw(vec![b' '; 4096], "application/json");
    let (error, requests) = post_with_limit(answer, 1024).await;
    assert!(
        matches!(&error, Error::Decode { status: 201, reason } if reason.contains("over the limit of 1024 bytes")),
        "{error:?}"
    );
    assert_eq!(requests, 1);
}

#[test]
fn builder_refuses_bad_options() {
    let zero_timeout = builder().timeout(Duration::ZERO).build().unwrap_err();
    assert!(matches!(zero_timeout, Error::Config(_)), "{zero_timeout:?}");
    let zero_connect = builder()
        .connect_timeout(Duration::ZERO)
        .build()
        .unwrap_err();
    assert!(matches!(zero_connect, Error::Config(_)), "{zero_connect:?}");
    assert!(
        zero_connect.to_string().contains("connect timeout"),
        "{zero_connect}"
    );
    let zero_images = builder().max_image_bytes(0).build().unwrap_err();
    assert!(matches!(zero_images, Error::Config(_)));
    let zero_response = builder().max_response_bytes(0).build().unwrap_err();
    assert!(matches!(zero_response, Error::Config(_)));
    let bad_agent = builder().user_agent_suffix("app\n1.0").build().unwrap_err();
    assert!(matches!(bad_agent, Error::Config(_)));
    // No timeout at all is allowed.
    assert!(builder().timeout(None).build().is_ok());
    let client = builder().max_image_bytes(1234).build().unwrap();
    assert_eq!(client.engine.max_image_bytes(), 1234);
    assert_eq!(client.engine.user_agent(), "dvs-rs/0.1.0");
    assert_eq!(client.engine.retry_policy().max_retries, 2);
}
