//! Retry behaviour, counted in attempts: creation is not idempotent, so only a connection
//! that was never made, or an explicit "come back" from the server, is retried.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use dvs_public::{
    Client, DocumentType, Error, HttpRequest, HttpResponse, ReqwestTransport, RetryPolicy,
    Transport, TransportError, TransportErrorKind, VerificationRequest,
};
use dvs_test_support::{catch_all, closed_port_address, fixture_response, jpeg};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::{builder, client, key};

fn request() -> VerificationRequest {
    VerificationRequest::new(DocumentType::Passport).front(jpeg(1000, 7))
}

/// Counts the attempts the engine makes; optionally fails the first ones with "could not
/// connect" before delegating to reqwest.
#[derive(Debug)]
struct CountingTransport {
    inner: ReqwestTransport,
    attempts: Arc<AtomicUsize>,
    refuse_first: usize,
}

#[async_trait::async_trait]
impl Transport for CountingTransport {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let attempt = self.attempts.fetch_add(1, Ordering::SeqCst);
        if attempt < self.refuse_first {
            return Err(TransportError::new(
                TransportErrorKind::Connect,
                "connection refused (simulated)",
            ));
        }
        self.inner.send(request).await
    }
}

fn counting(refuse_first: usize) -> (CountingTransport, Arc<AtomicUsize>) {
    let attempts = Arc::new(AtomicUsize::new(0));
    let transport = CountingTransport {
        inner: ReqwestTransport::new(
            ReqwestTransport::default_client(Duration::from_secs(2)).unwrap(),
        ),
        attempts: attempts.clone(),
        refuse_first,
    };
    (transport, attempts)
}

#[tokio::test]
async fn connect_failure_to_a_closed_port_is_retried() {
    let closed = closed_port_address();
    let (transport, attempts) = counting(0);
    let client = Client::builder(key())
        .base_url(format!("http://{closed}/"))
        .retry_policy(RetryPolicy::immediate(2))
        .transport(transport)
        .build()
        .unwrap();

    let error = client.create_request(request()).await.unwrap_err();

    assert!(matches!(error, Error::Connect(_)), "{error:?}");
    assert!(error.is_local(), "a connect failure means nothing was sent");
    assert_eq!(
        attempts.load(Ordering::SeqCst),
        3,
        "one attempt and two retries"
    );
}

#[tokio::test]
async fn connect_failure_then_success_reaches_the_server_once() {
    let server = MockServer::start().await;
    catch_all(&server).await;
    Mock::given(method("POST"))
        .and(path("/api/v3/Request"))
        .respond_with(fixture_response(200, "create_request_created.json"))
        .expect(1)
        .mount(&server)
        .await;
    let (transport, attempts) = counting(1);
    let client = builder(&server).transport(transport).build().unwrap();

    let created = client.create_request(request()).await.unwrap();

    assert!(created.is_pending());
    assert_eq!(attempts.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn server_error_500_is_tried_exactly_once() {
    let server = MockServer::start().await;
    catch_all(&server).await;
    Mock::given(method("POST"))
        .and(path("/api/v3/Request"))
        .respond_with(fixture_response(
            500,
            "errors/api_error_connection_trace_id.json",
        ))
        .expect(1)
        .mount(&server)
        .await;

    let error = client(&server).create_request(request()).await.unwrap_err();

    assert!(matches!(error, Error::Server(_)), "{error:?}");
}

#[tokio::test]
async fn timeout_is_tried_exactly_once() {
    let server = MockServer::start().await;
    catch_all(&server).await;
    Mock::given(method("POST"))
        .and(path("/api/v3/Request"))
        .respond_with(
            fixture_response(200, "create_request_created.json").set_delay(Duration::from_secs(3)),
        )
        .expect(1)
        .mount(&server)
        .await;
    let client = builder(&server)
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();

    let error = client.create_request(request()).await.unwrap_err();

    assert!(matches!(error, Error::Timeout), "{error:?}");
    assert!(error.outcome_unknown());
}

#[tokio::test]
async fn too_many_requests_with_retry_after_is_retried() {
    let server = MockServer::start().await;
    catch_all(&server).await;
    Mock::given(method("POST"))
        .and(path("/api/v3/Request"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "0"))
        .up_to_n_times(1)
        .expect(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/api/v3/Request"))
        .respond_with(fixture_response(200, "create_request_created.json"))
        .expect(1)
        .with_priority(2)
        .mount(&server)
        .await;

    let created = client(&server).create_request(request()).await.unwrap();

    assert!(created.is_pending());
}

#[tokio::test]
async fn unavailable_503_with_retry_after_is_retried() {
    let server = MockServer::start().await;
    catch_all(&server).await;
    Mock::given(method("POST"))
        .and(path("/api/v3/Request"))
        .respond_with(ResponseTemplate::new(503).insert_header("retry-after", "0"))
        .up_to_n_times(1)
        .expect(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/api/v3/Request"))
        .respond_with(fixture_response(200, "create_request_created.json"))
        .expect(1)
        .with_priority(2)
        .mount(&server)
        .await;

    client(&server).create_request(request()).await.unwrap();
}

#[tokio::test]
async fn without_retry_after_429_and_503_are_tried_once() {
    for (status, expect_rate_limited) in [(429, true), (503, false)] {
        let server = MockServer::start().await;
        catch_all(&server).await;
        Mock::given(method("POST"))
            .and(path("/api/v3/Request"))
            .respond_with(ResponseTemplate::new(status))
            .expect(1)
            .mount(&server)
            .await;

        let error = client(&server).create_request(request()).await.unwrap_err();

        assert_eq!(
            matches!(error, Error::RateLimited { .. }),
            expect_rate_limited,
            "{error:?}"
        );
        assert_eq!(error.status(), Some(status));
        server.verify().await;
    }
}

#[tokio::test]
async fn retry_policy_none_never_retries() {
    let (transport, attempts) = counting(usize::MAX);
    let client = Client::builder(key())
        .base_url("http://127.0.0.1:9/")
        .retry_policy(dvs_public::RetryPolicy::none())
        .transport(transport)
        .build()
        .unwrap();

    let error = client.create_request(request()).await.unwrap_err();

    assert!(matches!(error, Error::Connect(_)), "{error:?}");
    assert_eq!(attempts.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_permitted_retry_streams_the_same_body_again_with_its_length() {
    let server = MockServer::start().await;
    catch_all(&server).await;
    Mock::given(method("POST"))
        .and(path("/api/v3/Request"))
        .respond_with(ResponseTemplate::new(503).insert_header("retry-after", "0"))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/api/v3/Request"))
        .respond_with(fixture_response(200, "create_request_created.json"))
        .with_priority(2)
        .mount(&server)
        .await;
    // Several 64 KiB chunks per image, and a last chunk that needs padding.
    let front = jpeg(300_001, 1);
    let request = VerificationRequest::new(DocumentType::Id)
        .front(front.clone())
        .back(jpeg(150_000, 2))
        .selfie(jpeg(70_000, 3));

    client(&server).create_request(request).await.unwrap();

    let received = server.received_requests().await.unwrap();
    assert_eq!(received.len(), 2);
    assert_eq!(received[0].body, received[1].body);
    for request in &received {
        let length = request.headers.get("content-length").unwrap();
        assert_eq!(length.to_str().unwrap(), request.body.len().to_string());
        assert!(request.headers.get("transfer-encoding").is_none());
    }
    let body: serde_json::Value = serde_json::from_slice(&received[1].body).unwrap();
    use base64::Engine as _;
    let sent = base64::engine::general_purpose::STANDARD
        .decode(body["frontImageBase64"].as_str().unwrap())
        .unwrap();
    assert_eq!(sent, front);
}
