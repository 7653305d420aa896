//! The client itself: key handling, headers, and what it shows.

use dvs_secret::{Client, Error, KeyError, SecretKey};
use dvs_test_support::fixture_response;
use wiremock::Mock;
use wiremock::matchers::{header_regex, method, path};

use crate::support::{SECRET, client, request_id, server, verify_path};

#[test]
fn client_is_cheap_to_share() {
    fn assert_traits<T: Clone + Send + Sync + std::fmt::Debug + 'static>() {}
    assert_traits::<Client>();
}

#[tokio::test]
async fn debug_does_not_show_the_key() {
    let server = server().await;
    let shown = format!("{:?}", client(&server));
    assert!(!shown.contains(&SECRET[3..]), "{shown}");
    assert!(shown.contains("sk_"), "{shown}");
}

#[test]
fn a_public_key_is_refused_as_a_secret_key() {
    let err = "pk_a47764c0-e3da-4300-ba2d-fdf148c011ea"
        .parse::<SecretKey>()
        .unwrap_err();
    assert_eq!(err, KeyError::PublicWhereSecretExpected);
}

#[test]
fn plain_http_is_refused_off_loopback() {
    let err = Client::builder(SecretKey::new(SECRET).unwrap())
        .base_url("http://dvs.example/")
        .build()
        .unwrap_err();
    assert!(matches!(err, Error::Config(_)), "{err:?}");
}

#[tokio::test]
async fn calls_carry_the_sdk_user_agent() {
    let server = server().await;
    Mock::given(method("POST"))
        .and(path(verify_path()))
        .and(header_regex(
            "user-agent",
            r"^dvs-rs/\d+\.\d+\.\d+ my-backend/1\.0$",
        ))
        .respond_with(fixture_response(200, "v3_verify.json"))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder(SecretKey::new(SECRET).unwrap())
        .base_url(server.uri())
        .user_agent_suffix("my-backend/1.0")
        .build()
        .unwrap();
    assert!(client.base_url().starts_with("http://127.0.0.1:"));
    client.verify(&request_id()).await.unwrap();
    server.verify().await;
}
