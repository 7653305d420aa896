//! CORS: a browser app on another origin can call the mock and read its answers.

use dvs_mock::{MockDvs, Scenario};

use crate::support::{id_body, keys, post};

fn header<'a>(headers: &'a reqwest::header::HeaderMap, name: &str) -> &'a str {
    headers
        .get(name)
        .unwrap_or_else(|| panic!("no {name}"))
        .to_str()
        .unwrap()
}

#[tokio::test]
async fn a_preflight_is_answered_and_not_logged() {
    let mock = MockDvs::start().await;
    let response = reqwest::Client::new()
        .request(
            reqwest::Method::OPTIONS,
            format!("{}api/v3/Request", mock.base_url()),
        )
        .header("Origin", "http://localhost:5173")
        .header("Access-Control-Request-Method", "POST")
        .header(
            "Access-Control-Request-Headers",
            "authorization,content-type",
        )
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 204);
    let headers = response.headers();
    assert_eq!(header(headers, "access-control-allow-origin"), "*");
    assert!(header(headers, "access-control-allow-methods").contains("POST"));
    let allowed = header(headers, "access-control-allow-headers").to_ascii_lowercase();
    assert!(allowed.contains("authorization") && allowed.contains("content-type"));
    assert!(mock.received().is_empty(), "a preflight is not a DVS call");
}

#[tokio::test]
async fn every_answer_may_be_read_by_any_origin_with_its_retry_after() {
    let mock = MockDvs::start().await;
    let (pk, _) = keys(&mock);
    let created = post(&mock, "api/v3/Request", Some(&pk), &id_body()).await;
    assert_eq!(created.status, 200);
    assert_eq!(header(&created.headers, "access-control-allow-origin"), "*");

    mock.push_next_scenario(Scenario::RateLimited);
    let limited = post(&mock, "api/v3/Request", Some(&pk), &id_body()).await;
    assert_eq!(limited.status, 429);
    assert!(limited.headers.contains_key("retry-after"));
    assert_eq!(header(&limited.headers, "access-control-allow-origin"), "*");
    assert_eq!(
        header(&limited.headers, "access-control-expose-headers"),
        "Retry-After"
    );

    let refused = post(&mock, "api/v3/Request", None, &id_body()).await;
    assert_eq!(refused.status, 401);
    assert_eq!(header(&refused.headers, "access-control-allow-origin"), "*");
}
