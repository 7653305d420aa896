//! Keys: which kind each endpoint accepts, and the 401 answers.

use dvs_mock::{KeyKind, MockDvs};
use serde_json::json;

use crate::support::{create, id_body, keys, post, send, verify};

fn assert_error_shape(answer: &crate::support::Answer, status: u16, code: &str) {
    assert_eq!(answer.status, status, "{:?}", answer.json);
    assert_eq!(answer.code(), Some(code));
    assert!(
        answer.json["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty())
    );
    assert!(answer.json["propertyErrors"].is_object());
    assert!(answer.json["multipleErrors"].is_array());
    assert!(
        answer.json["traceId"]
            .as_str()
            .is_some_and(|t| t.starts_with("00-"))
    );
    assert!(
        answer.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/json"),
        "error bodies are JSON"
    );
}

#[tokio::test]
async fn keys_have_the_documented_form() {
    let mock = MockDvs::start().await;
    let (pk, sk) = keys(&mock);
    for (key, prefix) in [(&pk, "pk_"), (&sk, "sk_")] {
        let uuid = key.strip_prefix(prefix).unwrap();
        assert!(
            uuid.parse::<dvs_core::RequestId>().is_ok(),
            "{prefix} + UUID"
        );
        assert_eq!(uuid, uuid.to_ascii_lowercase());
    }
    let other = MockDvs::start().await;
    assert_ne!(keys(&other), (pk, sk), "every mock gets fresh keys");
    assert!(mock.base_url().starts_with("http://127.0.0.1:") && mock.base_url().ends_with('/'));
    assert_eq!(format!("{}/", mock.uri()), mock.base_url());
    let shown = format!("{mock:?}");
    assert!(
        !shown.contains(&keys(&mock).0[3..]) && !shown.contains(&keys(&mock).1[3..]),
        "{shown}"
    );
}

#[tokio::test]
async fn fixed_keys_are_used() {
    let mock = MockDvs::builder()
        .public_key("pk_00000000-0000-4000-8000-000000000001".parse().unwrap())
        .secret_key("sk_00000000-0000-4000-8000-000000000002".parse().unwrap())
        .start()
        .await;
    let answer = post(
        &mock,
        "api/v3/Request",
        Some("pk_00000000-0000-4000-8000-000000000001"),
        &id_body(),
    )
    .await;
    assert_eq!(answer.status, 200);
    let id = answer.json["requestId"].as_str().unwrap();
    let path = format!("api/v3/Verify/{id}");
    let answer = post(
        &mock,
        &path,
        Some("sk_00000000-0000-4000-8000-000000000002"),
        &json!({}),
    )
    .await;
    assert_eq!(answer.status, 200);
}

#[tokio::test]
async fn a_missing_malformed_or_foreign_key_is_401() {
    let mock = MockDvs::start().await;
    let url = format!("{}api/v3/Request", mock.base_url());
    let bytes = serde_json::to_vec(&id_body()).unwrap();
    let body = Some(bytes.clone());

    let missing = send("POST", &url, None, body.clone()).await;
    assert_error_shape(&missing, 401, "Unauthorized");

    let foreign = send(
        "POST",
        &url,
        Some("pk_3fa85f64-5717-4562-b3fc-2c963f66afa6"),
        body.clone(),
    )
    .await;
    assert_error_shape(&foreign, 401, "Unauthorized");

    let (pk, _) = keys(&mock);
    let client = reqwest::Client::new();
    let basic = client
        .post(&url)
        .header("Authorization", format!("Basic {pk}"))
        .body(bytes.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(basic.status().as_u16(), 401);

    let lower_scheme = client
        .post(&url)
        .header("Authorization", format!("bearer {pk}"))
        .body(bytes)
        .send()
        .await
        .unwrap();
    assert_eq!(
        lower_scheme.status().as_u16(),
        200,
        "the scheme is case-insensitive"
    );

    let kinds: Vec<_> = mock.received().iter().map(|r| r.key_kind).collect();
    assert_eq!(kinds, [None, None, None, Some(KeyKind::Public)]);
}

/// Documented decision: the public key on a secret-only endpoint is 401 (not 403).
#[tokio::test]
async fn the_public_key_is_refused_with_401_on_every_secret_endpoint() {
    let mock = MockDvs::start().await;
    let (pk, _) = keys(&mock);
    let id = create(&mock, &id_body()).await;
    let calls = [
        ("POST", format!("api/v3/Verify/{id}")),
        ("GET", format!("api/v3/Request/{id}/result")),
        ("POST", "api/v3/Verify".to_owned()),
        ("POST", "api/v4/verify".to_owned()),
    ];
    for (method, path) in calls {
        let body = (method == "POST").then(|| serde_json::to_vec(&id_body()).unwrap());
        let answer = send(
            method,
            &format!("{}{path}", mock.base_url()),
            Some(&pk),
            body,
        )
        .await;
        assert_error_shape(&answer, 401, "Unauthorized");
        let message = answer.json["message"].as_str().unwrap();
        assert!(message.contains("secret key"), "{path}: {message}");
    }
    // The request is untouched: the backend can still verify it.
    assert_eq!(verify(&mock, &id).await.status, 200);
}

/// Documented decision: the secret key may create requests (full access per IDScan).
#[tokio::test]
async fn the_secret_key_may_create_requests() {
    let mock = MockDvs::start().await;
    let (_, sk) = keys(&mock);
    let answer = post(&mock, "api/v3/Request", Some(&sk), &id_body()).await;
    assert_eq!(answer.status, 200, "{:?}", answer.json);
    assert_eq!(mock.received()[0].key_kind, Some(KeyKind::Secret));
}
