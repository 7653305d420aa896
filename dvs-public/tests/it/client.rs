//! The client's own properties: key-only construction, cheap shared clones, no key in
//! output, injected `reqwest::Client`.

use std::time::Duration;

use dvs_public::{Client, DocumentType, Error, KeyError, PublicKey, VerificationRequest};
use dvs_test_support::{catch_all, fixture_response, jpeg};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer};

use crate::{PK, builder, client, key};

fn assert_send_sync_clone<T: Send + Sync + Clone + 'static>() {}
fn assert_send<T: Send>(_: &T) {}

#[test]
fn client_is_send_sync_clone_and_its_future_is_send() {
    assert_send_sync_clone::<Client>();
    let client = Client::new(key()).unwrap();
    let future = client.create_request(VerificationRequest::new(DocumentType::Passport));
    assert_send(&future);
}

#[test]
fn debug_does_not_show_the_key() {
    let client = Client::new(key()).unwrap();
    let text = format!("{client:?}");
    assert!(!text.contains(&PK[3..]), "{text}");
    assert!(text.contains("pk_[REDACTED]"), "{text}");
    let builder_text = format!("{:?}", Client::builder(key()));
    assert!(!builder_text.contains(&PK[3..]), "{builder_text}");
}

#[test]
fn a_secret_key_text_is_refused_as_public_key() {
    let error = PublicKey::new("sk_a47764c0-e3da-4300-ba2d-fdf148c011ea").unwrap_err();
    assert_eq!(error, KeyError::SecretWherePublicExpected);
    assert!(!error.to_string().contains("a47764c0"));
}

#[test]
fn defaults_and_configuration_checks() {
    let client = Client::new(key()).unwrap();
    assert_eq!(client.base_url(), "https://dvs2.idware.net/");
    assert_eq!(client.max_image_bytes(), 10 * 1024 * 1024);
    let error = Client::builder(key())
        .base_url("http://dvs.example")
        .build()
        .unwrap_err();
    assert!(matches!(error, Error::Config(_)), "{error:?}");
    let error = Client::builder(key())
        .timeout(Duration::ZERO)
        .build()
        .unwrap_err();
    assert!(matches!(error, Error::Config(_)), "{error:?}");
}

#[test]
fn from_env_without_the_variable_is_an_error() {
    if std::env::var_os(dvs_public::PUBLIC_KEY_ENV).is_some() {
        return; // The environment provides a key; nothing to check here.
    }
    let error = Client::from_env().unwrap_err();
    assert!(
        matches!(
            error,
            Error::InvalidKey(KeyError::NotSet {
                var: "DVS_PUBLIC_KEY",
                ..
            })
        ),
        "{error:?}"
    );
}

#[tokio::test]
async fn clones_share_one_client_and_work_concurrently() {
    let server = MockServer::start().await;
    catch_all(&server).await;
    Mock::given(method("POST"))
        .and(path("/api/v3/Request"))
        .respond_with(fixture_response(200, "create_request_created.json"))
        .expect(4)
        .mount(&server)
        .await;
    let client = client(&server);
    let tasks: Vec<_> = (0..4u64)
        .map(|n| {
            let client = client.clone();
            tokio::spawn(async move {
                client
                    .create_request(
                        VerificationRequest::new(DocumentType::Passport).front(jpeg(2000, n)),
                    )
                    .await
            })
        })
        .collect();
    for task in tasks {
        assert!(task.await.unwrap().unwrap().is_pending());
    }
}

#[tokio::test]
async fn an_injected_reqwest_client_is_used() {
    let server = MockServer::start().await;
    catch_all(&server).await;
    Mock::given(method("POST"))
        .and(path("/api/v3/Request"))
        .and(header("x-proxy-tag", "injected"))
        .respond_with(fixture_response(200, "create_request_created.json"))
        .expect(1)
        .mount(&server)
        .await;
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(
        "x-proxy-tag",
        reqwest::header::HeaderValue::from_static("injected"),
    );
    let http = reqwest::Client::builder()
        .default_headers(headers)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let client = builder(&server).http_client(http).build().unwrap();

    client
        .create_request(VerificationRequest::new(DocumentType::Passport).front(jpeg(100, 1)))
        .await
        .unwrap();
}
