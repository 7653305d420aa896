use std::net::{Ipv4Addr, SocketAddr};

use dvs_backend_app::sign_in::DEMO_USER_HEADER;
use dvs_backend_app::{BackendState, spawn};
use dvs_mock::{MockDvs, Scenario};
use dvs_public::{DocumentType, VerificationRequest};
use dvs_secret::{Policy, RequestId};
use dvs_test_support::{closed_port_address, expiring_mock, jpeg, outlive_request_expiry, png};
use serde_json::Value;

struct Fixture {
    mock: MockDvs,
    backend: String,
    http: reqwest::Client,
}

async fn fixture_with(mock: MockDvs) -> Fixture {
    let secret = dvs_secret::Client::builder(mock.secret_key())
        .base_url(mock.base_url())
        .retry_policy(dvs_secret::RetryPolicy::none())
        .build()
        .unwrap();
    let addr = spawn(
        SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
        BackendState::new(secret, Policy::default()).unwrap(),
    )
    .await
    .unwrap();
    Fixture {
        mock,
        backend: format!("http://{addr}/verifications"),
        http: reqwest::Client::new(),
    }
}

async fn fixture() -> Fixture {
    fixture_with(MockDvs::start().await).await
}

impl Fixture {
    async fn post_raw(&self, body: &'static str) -> (u16, Value) {
        let response = self
            .http
            .post(&self.backend)
            .header(DEMO_USER_HEADER, "alice")
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        (status, response.json().await.unwrap())
    }

    async fn post_id(&self, id: &str) -> (u16, Value) {
        self.post_id_as("alice", id).await
    }

    async fn post_id_as(&self, user: &str, id: &str) -> (u16, Value) {
        let response = self
            .http
            .post(&self.backend)
            .header(DEMO_USER_HEADER, user)
            .json(&serde_json::json!({ "requestId": id }))
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        (status, response.json().await.unwrap())
    }

    async fn create(&self) -> RequestId {
        let public = dvs_public::Client::builder(self.mock.public_key())
            .base_url(self.mock.base_url())
            .build()
            .unwrap();
        let request = VerificationRequest::new(DocumentType::Id)
            .front(jpeg(2048, 1))
            .back(png(1024, 2))
            .selfie(jpeg(2048, 3));
        public.create_request(request).await.unwrap().request_id
    }
}

fn assert_error(answer: &(u16, Value), status: u16, code: &str) {
    assert_eq!(answer.0, status, "{:?}", answer.1);
    assert_eq!(answer.1["error"], code, "{:?}", answer.1);
    assert!(answer.1["message"].as_str().is_some_and(|m| !m.is_empty()));
    let text = answer.1.to_string();
    assert!(!text.contains("sk_") && !text.contains("pk_"), "{text}");
}

#[tokio::test]
async fn malformed_bodies_are_400() {
    let f = fixture().await;
    for body in [
        "not json",
        "{}",
        "[]",
        r#"{"requestId": 5}"#,
        r#"{"requestId":"x","extra":1}"#,
    ] {
        let answer = f.post_raw(body).await;
        assert_error(&answer, 400, "malformed_body");
    }
    assert!(f.mock.received().is_empty(), "nothing reached DVS");
}

#[tokio::test]
async fn an_unreadable_claimed_date_of_birth_is_400_and_never_reaches_dvs() {
    let f = fixture().await;
    let answer = f
        .post_raw(
            r#"{"requestId":"3fa85f64-5717-4562-b3fc-2c963f66afa6","claimedName":"Jane Sample","claimedDateOfBirth":"31/31/1990"}"#,
        )
        .await;
    assert_error(&answer, 400, "invalid_claim");
    let text = answer.1.to_string();
    assert!(
        !text.contains("31/31") && !text.contains("Sample"),
        "{text}"
    );
    assert!(f.mock.received().is_empty(), "nothing reached DVS");
}

#[tokio::test]
async fn bad_request_ids_are_400_and_never_reach_dvs() {
    let f = fixture().await;
    for id in [
        "",
        "../../admin",
        "3fa85f64-5717-4562-b3fc-2c963f66afa",
        "3fa85f64_5717_4562_b3fc_2c963f66afa6",
        "' OR 1=1 --",
    ] {
        assert_error(&f.post_id(id).await, 400, "invalid_request_id");
    }
    assert!(f.mock.received().is_empty(), "nothing reached DVS");
}

#[tokio::test]
async fn unknown_id_is_404() {
    let f = fixture().await;
    assert_error(
        &f.post_id("3fa85f64-5717-4562-b3fc-2c963f66afa6").await,
        404,
        "unknown_request",
    );
}

#[tokio::test]
async fn the_same_users_retry_gets_the_same_summary_and_another_user_409() {
    let f = fixture().await;
    let id = f.create().await;
    let first = f.post_id(id.as_str()).await;
    assert_eq!(first.0, 200, "{:?}", first.1);
    assert_eq!(first.1["outcome"], "approve");
    assert!(first.1.get("document").is_none());
    // A double click: the stored answer, said to be stored, with the same decision time.
    let (status, mut again) = f.post_id(id.as_str()).await;
    assert_eq!(status, 200);
    assert_eq!(
        (&first.1["fresh"], &again["fresh"]),
        (&true.into(), &false.into())
    );
    assert!(again["decidedAt"].is_string(), "{again}");
    let mut first_summary = first.1.clone();
    for body in [&mut again, &mut first_summary] {
        if let Some(object) = body.as_object_mut() {
            object.remove("fresh");
            object.remove("decidedAt");
        }
    }
    assert_eq!(again, first_summary, "a double click");
    assert_error(
        &f.post_id_as("mallory", id.as_str()).await,
        409,
        "already_processed",
    );
    let verifies = f
        .mock
        .received()
        .iter()
        .filter(|r| {
            r.method == "POST" && r.path.to_ascii_lowercase().starts_with("/api/v3/verify/")
        })
        .count();
    assert_eq!(verifies, 1);
}

#[tokio::test]
async fn a_request_without_sign_in_is_401_and_reaches_nothing() {
    let f = fixture().await;
    let response = f
        .http
        .post(&f.backend)
        .json(&serde_json::json!({ "requestId": "3fa85f64-5717-4562-b3fc-2c963f66afa6" }))
        .send()
        .await
        .unwrap();
    let answer = (
        response.status().as_u16(),
        response.json::<Value>().await.unwrap(),
    );
    assert_error(&answer, 401, "not_signed_in");
    assert!(f.mock.received().is_empty());
}

#[tokio::test]
async fn an_expired_request_is_410() {
    let f = fixture_with(expiring_mock().await).await;
    let id = f.create().await;
    outlive_request_expiry().await;
    assert_error(&f.post_id(id.as_str()).await, 410, "request_expired");
}

#[tokio::test]
async fn an_unreadable_document_is_422() {
    let f = fixture_with(
        MockDvs::builder()
            .default_scenario(Scenario::OcrError)
            .start()
            .await,
    )
    .await;
    let id = f.create().await;
    assert_error(&f.post_id(id.as_str()).await, 422, "document_rejected");
}

#[tokio::test]
async fn a_dvs_failure_is_502() {
    let f = fixture().await;
    let id = f.create().await;
    f.mock.push_next_scenario(Scenario::ServerError);
    assert_error(&f.post_id(id.as_str()).await, 502, "dvs_failed");
}

#[tokio::test]
async fn an_unreachable_dvs_is_503() {
    let closed = closed_port_address();
    let secret = dvs_secret::Client::builder(
        dvs_secret::SecretKey::new("sk_a47764c0-e3da-4300-ba2d-fdf148c011ea").unwrap(),
    )
    .base_url(format!("http://{closed}/"))
    .retry_policy(dvs_secret::RetryPolicy::none())
    .build()
    .unwrap();
    let addr = spawn(
        SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
        BackendState::new(secret, Policy::default()).unwrap(),
    )
    .await
    .unwrap();
    let response = reqwest::Client::new()
        .post(format!("http://{addr}/verifications"))
        .header(DEMO_USER_HEADER, "alice")
        .json(&serde_json::json!({ "requestId": "3fa85f64-5717-4562-b3fc-2c963f66afa6" }))
        .send()
        .await
        .unwrap();
    let answer = (
        response.status().as_u16(),
        response.json::<Value>().await.unwrap(),
    );
    assert_error(&answer, 503, "dvs_unreachable");
}

#[tokio::test]
async fn rate_limiting_is_503_with_retry_after() {
    let f = fixture().await;
    let id = f.create().await;
    f.mock.push_next_scenario(Scenario::RateLimited);
    let response = f
        .http
        .post(&f.backend)
        .header(DEMO_USER_HEADER, "alice")
        .json(&serde_json::json!({ "requestId": id }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 503);
    assert!(response.headers().get("retry-after").is_some());
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"], "dvs_busy");
}
