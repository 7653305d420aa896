//! Hit counts: Verify is billable and sent at most once; reads are retried; the recovery
//! path looks the result up and never re-sends Verify.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use dvs_secret::{
    Client, DocumentType, Error, Image, RequestV4, RetryPolicy, SecretKey, V4Options, Verified,
};
use dvs_test_support::{fixture, fixture_response, jpeg, read_request};
use tokio::io::AsyncWriteExt;
use tokio::net::TcpListener;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{
    SECRET, SLOW, client, impatient_client, request_id, result_path, server, verify_path,
};

/// Mounts Verify answering `response`, expected exactly `times`.
async fn mount_verify(server: &MockServer, response: ResponseTemplate, times: u64) {
    Mock::given(method("POST"))
        .and(path(verify_path()))
        .respond_with(response)
        .named("POST Verify/{id}")
        .expect(times)
        .mount(server)
        .await;
}

/// Mounts the result endpoint answering `response`, expected exactly `times`.
async fn mount_result(server: &MockServer, response: ResponseTemplate, times: u64) {
    Mock::given(method("GET"))
        .and(path(result_path()))
        .respond_with(response)
        .named("GET Request/{id}/result")
        .expect(times)
        .mount(server)
        .await;
}

#[tokio::test]
async fn verify_after_a_500_is_sent_exactly_once() {
    let server = server().await;
    mount_verify(&server, fixture_response(500, "errors/api_error.json"), 1).await;
    let err = client(&server).verify(&request_id()).await.unwrap_err();
    assert!(matches!(err, Error::Server(_)), "{err:?}");
    server.verify().await;
}

#[tokio::test]
async fn verify_after_a_503_without_retry_after_is_sent_exactly_once() {
    let server = server().await;
    mount_verify(&server, ResponseTemplate::new(503), 1).await;
    let err = client(&server).verify(&request_id()).await.unwrap_err();
    assert!(matches!(err, Error::Server(_)), "{err:?}");
    server.verify().await;
}

#[tokio::test]
async fn verify_after_a_timeout_is_sent_exactly_once() {
    let server = server().await;
    mount_verify(
        &server,
        fixture_response(200, "v3_verify.json").set_delay(SLOW),
        1,
    )
    .await;
    let err = impatient_client(&server)
        .verify(&request_id())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Timeout), "{err:?}");
    assert!(err.outcome_unknown());
    server.verify().await;
}

#[tokio::test]
async fn direct_verify_after_a_timeout_is_sent_exactly_once() {
    let server = server().await;
    Mock::given(method("POST"))
        .and(path("/api/v4/verify"))
        .respond_with(fixture_response(200, "v4_verify.json").set_delay(SLOW))
        .expect(1)
        .mount(&server)
        .await;
    let request = RequestV4::new(DocumentType::Id).front(Image::from_bytes(jpeg(64, 1)).unwrap());
    let err = impatient_client(&server)
        .verify_v4(&request, V4Options::new())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Timeout), "{err:?}");
    server.verify().await;
}

#[tokio::test]
async fn verify_is_sent_again_when_dvs_says_to_come_back() {
    // 429 with Retry-After: the server did not take the request; re-sending is safe.
    let server = server().await;
    Mock::given(method("POST"))
        .and(path(verify_path()))
        .respond_with(
            fixture_response(429, "errors/rate_limited.json").insert_header("retry-after", "0"),
        )
        .up_to_n_times(1)
        .with_priority(1)
        .expect(1)
        .mount(&server)
        .await;
    mount_verify(&server, fixture_response(200, "v3_verify.json"), 1).await;
    client(&server).verify(&request_id()).await.unwrap();
    server.verify().await;
}

#[tokio::test]
async fn get_result_after_a_503_is_retried() {
    let server = server().await;
    Mock::given(method("GET"))
        .and(path(result_path()))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .with_priority(1)
        .expect(1)
        .mount(&server)
        .await;
    mount_result(&server, fixture_response(200, "result_wrapper_v3.json"), 1).await;
    let stored = client(&server).get_result(&request_id()).await.unwrap();
    assert!(stored.is_verified());
    server.verify().await;
}

#[tokio::test]
async fn get_result_after_a_timeout_is_retried() {
    let server = server().await;
    Mock::given(method("GET"))
        .and(path(result_path()))
        .respond_with(fixture_response(200, "result_wrapper_v3.json").set_delay(SLOW))
        .up_to_n_times(1)
        .with_priority(1)
        .expect(1)
        .mount(&server)
        .await;
    mount_result(&server, fixture_response(200, "result_wrapper_v3.json"), 1).await;
    let stored = impatient_client(&server)
        .get_result(&request_id())
        .await
        .unwrap();
    assert!(stored.is_verified());
    server.verify().await;
}

#[tokio::test]
async fn get_result_gives_up_after_the_policy_s_retries() {
    let server = server().await;
    // One attempt plus two retries.
    mount_result(&server, ResponseTemplate::new(500), 3).await;
    let err = client(&server).get_result(&request_id()).await.unwrap_err();
    assert!(matches!(err, Error::Server(_)), "{err:?}");
    server.verify().await;
}

#[tokio::test]
async fn recover_after_a_timeout_looks_the_result_up_without_verifying_again() {
    let server = server().await;
    mount_verify(
        &server,
        fixture_response(200, "v3_verify.json").set_delay(SLOW),
        1,
    )
    .await;
    mount_result(&server, fixture_response(200, "result_wrapper_v3.json"), 1).await;

    let verified = impatient_client(&server)
        .verify_or_recover(&request_id())
        .await
        .unwrap();

    assert!(verified.is_recovered());
    match &verified {
        Verified::Recovered { result, cause } => {
            assert!(matches!(cause, Error::Timeout), "{cause:?}");
            assert_eq!(result.document_confidence.map(|c| c.get()), Some(77));
        }
        other => panic!("unexpected: {other:?}"),
    }
    server.verify().await;
}

#[tokio::test]
async fn recover_treats_already_processed_as_a_lookup() {
    let server = server().await;
    mount_verify(
        &server,
        fixture_response(400, "errors/request_already_processed.json"),
        1,
    )
    .await;
    mount_result(&server, fixture_response(200, "result_wrapper_v3.json"), 1).await;

    let verified = client(&server)
        .verify_or_recover(&request_id())
        .await
        .unwrap();

    match verified {
        Verified::Recovered {
            cause: Error::AlreadyProcessed(_),
            ref result,
        } => assert_eq!(result.face_match_confidence.map(|c| c.get()), Some(71)),
        other => panic!("unexpected: {other:?}"),
    }
    server.verify().await;
}

#[tokio::test]
async fn recover_returns_the_verify_error_while_no_result_is_stored() {
    let server = server().await;
    mount_verify(
        &server,
        fixture_response(200, "v3_verify.json").set_delay(SLOW),
        1,
    )
    .await;
    mount_result(
        &server,
        fixture_response(200, "result_wrapper_pending.json"),
        1,
    )
    .await;
    let err = impatient_client(&server)
        .verify_or_recover(&request_id())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Timeout), "{err:?}");
    server.verify().await;
}

#[tokio::test]
async fn recover_returns_the_verify_error_when_the_lookup_fails_too() {
    let server = server().await;
    mount_verify(
        &server,
        fixture_response(200, "v3_verify.json").set_delay(SLOW),
        1,
    )
    .await;
    mount_result(&server, fixture_response(404, "errors/not_found.json"), 1).await;
    let err = impatient_client(&server)
        .verify_or_recover(&request_id())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Timeout), "{err:?}");
    server.verify().await;
}

#[tokio::test]
async fn recover_does_not_look_up_after_a_clear_answer() {
    for (status, name) in [
        (500, "errors/api_error.json"),
        (400, "errors/ocr_error.json"),
        (400, "errors/request_expired.json"),
        (404, "errors/not_found.json"),
    ] {
        let server = server().await;
        mount_verify(&server, fixture_response(status, name), 1).await;
        mount_result(&server, fixture_response(200, "result_wrapper_v3.json"), 0).await;
        let err = client(&server)
            .verify_or_recover(&request_id())
            .await
            .unwrap_err();
        assert_eq!(err.status(), Some(status), "{name}: {err:?}");
        server.verify().await;
    }
}

#[tokio::test]
async fn recover_after_a_gateway_timeout_looks_the_result_up() {
    let server = server().await;
    mount_verify(&server, ResponseTemplate::new(504), 1).await;
    mount_result(&server, fixture_response(200, "result_wrapper_v3.json"), 1).await;
    let verified = client(&server)
        .verify_or_recover(&request_id())
        .await
        .unwrap();
    assert!(verified.is_recovered());
    server.verify().await;
}

#[tokio::test]
async fn a_fresh_answer_is_not_looked_up() {
    let server = server().await;
    mount_verify(&server, fixture_response(200, "v3_verify.json"), 1).await;
    mount_result(&server, fixture_response(200, "result_wrapper_v3.json"), 0).await;
    let verified = client(&server)
        .verify_or_recover(&request_id())
        .await
        .unwrap();
    assert!(matches!(verified, Verified::Fresh(_)));
    assert_eq!(
        verified.result().document_confidence.map(|c| c.get()),
        Some(88)
    );
    server.verify().await;
}

/// A loopback server that drops every POST's connection after reading it, and answers a
/// GET with the stored-result fixture. Counts both.
async fn dropping_server() -> (String, Arc<AtomicUsize>, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}/", listener.local_addr().unwrap());
    let posts = Arc::new(AtomicUsize::new(0));
    let gets = Arc::new(AtomicUsize::new(0));
    let (p, g) = (posts.clone(), gets.clone());
    let stored = fixture("result_wrapper_v3.json");
    tokio::spawn(async move {
        // Bounded: a test makes a handful of connections at most.
        for _ in 0..16 {
            let Ok((mut socket, _)) = listener.accept().await else {
                return;
            };
            let request = tokio::time::timeout(Duration::from_secs(5), read_request(&mut socket))
                .await
                .ok()
                .flatten();
            let Some(request) = request else {
                continue; // not a whole request: nothing to count or answer
            };
            if request.method() == "POST" {
                p.fetch_add(1, Ordering::SeqCst);
                drop(socket); // the request arrived; the answer never comes
            } else {
                g.fetch_add(1, Ordering::SeqCst);
                let header = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
                    stored.len()
                );
                let _ = socket.write_all(header.as_bytes()).await;
                let _ = socket.write_all(&stored).await;
                let _ = socket.shutdown().await;
            }
        }
    });
    (base, posts, gets)
}

fn client_for(base: &str) -> Client {
    Client::builder(SecretKey::new(SECRET).unwrap())
        .base_url(base)
        .timeout(Duration::from_secs(5))
        .retry_policy(RetryPolicy::immediate(2))
        .build()
        .unwrap()
}

#[tokio::test]
async fn verify_after_a_dropped_connection_is_sent_once_and_recovered_by_lookup() {
    let (base, posts, gets) = dropping_server().await;
    let client = client_for(&base);

    let err = client.verify(&request_id()).await.unwrap_err();
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    assert!(err.outcome_unknown());
    assert_eq!(posts.load(Ordering::SeqCst), 1);

    let verified = client.verify_or_recover(&request_id()).await.unwrap();
    match verified {
        Verified::Recovered {
            cause: Error::Transport(_),
            ..
        } => {}
        other => panic!("unexpected: {other:?}"),
    }
    assert_eq!(
        posts.load(Ordering::SeqCst),
        2,
        "one Verify per call, never re-sent"
    );
    assert_eq!(gets.load(Ordering::SeqCst), 1);
}
