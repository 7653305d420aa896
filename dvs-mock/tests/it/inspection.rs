//! `MockDvs::received`: what the code under test sent.

use dvs_mock::{KeyKind, MockDvs, Scenario};
use dvs_test_support::fixture_json;
use serde_json::json;

use crate::support::{create, get, id_body, keys, post, verify};

#[tokio::test]
async fn received_requests_record_key_kind_path_body_and_outcome() {
    let mock = MockDvs::start().await;
    let (_, sk) = keys(&mock);
    let id = create(&mock, &id_body()).await;
    mock.push_next_scenario(Scenario::FaceMismatch);
    verify(&mock, &id).await;
    get(&mock, &format!("api/v3/Request/{id}/result?x=1"), Some(&sk)).await;
    post(
        &mock,
        "api/v4/verify",
        Some(&sk),
        &fixture_json("request_v4.json"),
    )
    .await;

    let received = mock.received();
    assert_eq!(received.len(), 4);
    let create = &received[0];
    assert_eq!(create.method, "POST");
    assert!(create.path_is("/api/v3/request"));
    assert_eq!(create.key_kind, Some(KeyKind::Public));
    assert_eq!(create.status, 200);
    assert_eq!(create.scenario, Some(Scenario::Approved));
    assert_eq!(create.field("DOCUMENTTYPE"), Some(&json!(1)));
    assert_eq!(
        create.field("frontImageBase64"),
        Some(&json!("<JPEG image, 16 bytes>"))
    );
    assert_eq!(
        create.field("backOrSecondImageBase64"),
        Some(&json!("<PNG image, 16 bytes>"))
    );

    let verify = &received[1];
    assert_eq!(verify.path, format!("/api/v3/Verify/{id}"));
    assert_eq!(verify.key_kind, Some(KeyKind::Secret));
    assert_eq!(verify.scenario, Some(Scenario::FaceMismatch));
    assert_eq!(verify.body, Some(json!({})));

    assert_eq!(received[2].method, "GET");
    assert_eq!(received[2].query.as_deref(), Some("x=1"));
    assert_eq!(received[2].body, None);

    let v4 = &received[3];
    assert_eq!(
        v4.field("ssn"),
        Some(&json!("000-00-0000")),
        "non-image fields are kept"
    );
    assert_eq!(
        v4.field("metadata").unwrap()["otherMetadata"],
        json!("order-42")
    );
    let shown = format!("{v4:?}");
    assert!(
        shown.contains("ssn") && !shown.contains("000-00-0000") && !shown.contains("order-42"),
        "{shown}"
    );

    mock.clear_received();
    assert!(mock.received().is_empty());
    // Clearing the log keeps the stored requests.
    assert_eq!(
        get(&mock, &format!("api/v3/Request/{id}/result"), Some(&sk))
            .await
            .status,
        200
    );
}

#[tokio::test]
async fn refused_calls_are_recorded_with_their_status() {
    let mock = MockDvs::start().await;
    let (pk, _) = keys(&mock);
    post(&mock, "api/v3/Verify", Some(&pk), &id_body()).await;
    post(
        &mock,
        "api/v3/Request",
        Some(&pk),
        &json!({"documentType": 1}),
    )
    .await;
    let received = mock.received();
    assert_eq!(
        (received[0].status, received[0].key_kind),
        (401, Some(KeyKind::Public))
    );
    assert_eq!(received[0].scenario, None);
    assert_eq!(received[1].status, 400);
}
