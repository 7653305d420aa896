//! Fault injection: gateway errors, rate limits, resets, slow and stalled servers, redirects
//! and wrong content types, served by wiremock or by raw loopback TCP servers.
//!
//! For every mode the table states the error variant, the exact number of attempts of the
//! billable `Verify` (never more than one once it may have reached the server) and of the
//! idempotent `get_result` (retried within the policy), and every server checks that the
//! `Authorization` header reached only the configured host.

use std::time::Duration;

use dvs_secret::{Error, RequestId, RetryPolicy, SecretKey};
use dvs_test_support::raw_server::{Behavior, RawServer};
use dvs_test_support::{closed_port_address, jpeg};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

const ID: &str = "3fa85f64-5717-4562-b3fc-2c963f66afa6";
const SECRET: &str = "sk_fault-injection-0000-4000-8000-000000000001";
const PUBLIC: &str = "pk_fault-injection-0000-4000-8000-000000000002";
/// `Expect::attempts` for a reset right after accept: 3 when reported as `Connect`
/// (nothing sent, retried), 1 when reported as `Transport` (maybe sent, not retried).
const RESET_RACE: usize = usize::MAX - 1;
/// Per-attempt timeout of the clients under test: far below the slow server's 5 s, far above
/// what a loaded 2-core machine needs to answer on loopback (400 ms flaked there).
const TIMEOUT: Duration = Duration::from_millis(1500);

const JSON_500: &str = r#"{"code":"ApiError","message":"boom","traceId":"0HMV-trace"}"#;
const HTML_502: &str = "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>";
const VERIFIED_V3: &str = r#"{"requestId":"3fa85f64-5717-4562-b3fc-2c963f66afa6","documentType":1,"documentVerificationResult":{"documentConfidence":90}}"#;

fn backend(base_url: &str) -> dvs_secret::Client {
    dvs_secret::Client::builder(SecretKey::new(SECRET).unwrap())
        .base_url(base_url)
        .timeout(TIMEOUT)
        .retry_policy(RetryPolicy::immediate(2))
        .build()
        .unwrap()
}

fn app(base_url: &str) -> dvs_public::Client {
    dvs_public::Client::builder(dvs_public::PublicKey::new(PUBLIC).unwrap())
        .base_url(base_url)
        .timeout(TIMEOUT)
        .retry_policy(RetryPolicy::immediate(2))
        .build()
        .unwrap()
}

fn id() -> RequestId {
    ID.parse().unwrap()
}

fn json(status: u16, body: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(body.as_bytes().to_vec(), "application/json")
}

fn html(status: u16, body: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(body.as_bytes().to_vec(), "text/html")
}

/// How the faulty server is made.
enum Server {
    /// Wiremock answers every request with this.
    Wire(fn() -> ResponseTemplate),
    /// Wiremock answers the first request with the first template, later ones with the second.
    WireThen(fn() -> ResponseTemplate, fn() -> ResponseTemplate),
    /// A raw TCP server.
    Raw(Behavior),
    /// Wiremock redirects to a second wiremock server with this status.
    RedirectElsewhere(u16),
    /// Nothing listens on the port.
    Refused,
}

/// One fault mode, and what each call must report.
struct Mode {
    name: &'static str,
    server: Server,
    verify: Expect,
    get_result: Expect,
}

/// The outcome of one call: the error (or success) and how many requests reached the server.
struct Expect {
    check: fn(&Result<(), Error>) -> bool,
    want: &'static str,
    attempts: usize,
}

fn is_server(status: u16) -> fn(&Result<(), Error>) -> bool {
    match status {
        500 => |r| matches!(r, Err(Error::Server(i)) if i.status == 500),
        502 => |r| matches!(r, Err(Error::Server(i)) if i.status == 502),
        503 => |r| matches!(r, Err(Error::Server(i)) if i.status == 503),
        504 => |r| matches!(r, Err(Error::Server(i)) if i.status == 504),
        _ => unreachable!(),
    }
}

fn modes() -> Vec<Mode> {
    let server_error = |status, attempts_get| Expect {
        check: is_server(status),
        want: "Error::Server",
        attempts: attempts_get,
    };
    vec![
        Mode {
            name: "500 with a DVS JSON body",
            server: Server::Wire(|| json(500, JSON_500)),
            verify: server_error(500, 1),
            get_result: server_error(500, 3),
        },
        Mode {
            name: "500 with an HTML body",
            server: Server::Wire(|| html(500, "<html><body>Internal Server Error</body></html>")),
            verify: server_error(500, 1),
            get_result: server_error(500, 3),
        },
        Mode {
            name: "502 with an HTML body (proxy)",
            server: Server::Wire(|| html(502, HTML_502)),
            verify: server_error(502, 1),
            get_result: server_error(502, 3),
        },
        Mode {
            name: "502 with a JSON body",
            server: Server::Wire(|| json(502, JSON_500)),
            verify: server_error(502, 1),
            get_result: server_error(502, 3),
        },
        Mode {
            name: "503 without Retry-After, JSON",
            server: Server::Wire(|| json(503, JSON_500)),
            verify: server_error(503, 1),
            get_result: server_error(503, 3),
        },
        Mode {
            name: "503 without Retry-After, HTML",
            server: Server::Wire(|| html(503, "<html>Service Unavailable</html>")),
            verify: server_error(503, 1),
            get_result: server_error(503, 3),
        },
        Mode {
            name: "504 with an HTML body",
            server: Server::Wire(|| html(504, "<html>Gateway Timeout</html>")),
            verify: server_error(504, 1),
            get_result: server_error(504, 3),
        },
        Mode {
            name: "504 with a JSON body",
            server: Server::Wire(|| json(504, "{}")),
            verify: server_error(504, 1),
            get_result: server_error(504, 3),
        },
        Mode {
            // The server said the call was not processed and when to come back: the one
            // case where a billable call is sent again.
            name: "429 Retry-After: 1 (seconds), then 200",
            server: Server::WireThen(
                || json(429, r#"{"code":"TooManyRequests"}"#).insert_header("Retry-After", "1"),
                || json(200, VERIFIED_V3),
            ),
            verify: Expect {
                check: |r| r.is_ok(),
                want: "Ok after one wait",
                attempts: 2,
            },
            get_result: Expect {
                check: |r| r.is_err(), // the second answer is a v3 result, not a wrapper …
                want: "(not used)",
                attempts: usize::MAX,
            },
        },
        Mode {
            name: "429 Retry-After: 0 (seconds) on every attempt",
            server: Server::Wire(|| json(429, "").insert_header("Retry-After", "0")),
            verify: Expect {
                check: |r| {
                    matches!(r, Err(Error::RateLimited { retry_after: Some(d), .. }) if d.is_zero())
                },
                want: "Error::RateLimited { retry_after: Some(0s) }",
                attempts: 3,
            },
            get_result: Expect {
                check: |r| matches!(r, Err(Error::RateLimited { .. })),
                want: "Error::RateLimited",
                attempts: 3,
            },
        },
        Mode {
            name: "429 Retry-After: an HTTP-date in the past",
            server: Server::Wire(|| {
                json(429, "").insert_header("Retry-After", "Sun, 06 Nov 1994 08:49:37 GMT")
            }),
            verify: Expect {
                check: |r| {
                    matches!(r, Err(Error::RateLimited { retry_after: Some(d), .. }) if d.is_zero())
                },
                want: "Error::RateLimited { retry_after: Some(0s) }",
                attempts: 3,
            },
            get_result: Expect {
                check: |r| matches!(r, Err(Error::RateLimited { .. })),
                want: "Error::RateLimited",
                attempts: 3,
            },
        },
        Mode {
            // Further away than the policy's max_retry_after (30 s): returned at once.
            name: "429 Retry-After: an HTTP-date years ahead",
            server: Server::Wire(|| {
                json(429, "").insert_header("Retry-After", "Thu, 31 Dec 2099 23:59:59 GMT")
            }),
            verify: Expect {
                check: |r| {
                    matches!(r, Err(Error::RateLimited { retry_after: Some(d), .. })
                        if *d > Duration::from_secs(365 * 86_400))
                },
                want: "Error::RateLimited { retry_after: Some(> 1 year) }",
                attempts: 1,
            },
            get_result: Expect {
                check: |r| matches!(r, Err(Error::RateLimited { .. })),
                want: "Error::RateLimited",
                attempts: 1,
            },
        },
        Mode {
            name: "503 with Retry-After: 0",
            server: Server::Wire(|| html(503, "<html>busy</html>").insert_header("Retry-After", "0")),
            verify: Expect {
                check: |r| matches!(r, Err(Error::RateLimited { info, .. }) if info.status == 503),
                want: "Error::RateLimited (status 503)",
                attempts: 3,
            },
            get_result: Expect {
                check: |r| matches!(r, Err(Error::RateLimited { .. })),
                want: "Error::RateLimited",
                attempts: 3,
            },
        },
        Mode {
            // The TCP handshake completed, then the server reset the connection before
            // reading. Which error the client sees is a race on loopback: when the RST
            // lands before hyper's connector hands over the socket, hyper-util reports a
            // *connect* error ("tcp connect error", ECONNRESET) and nothing of the request
            // was written, so `Connect` is honest and the retry is safe (3 connections, no
            // request bytes sent). When the socket was handed over first, the request may
            // have been written: `Transport`, and the Verify is not re-sent. Observed: both,
            // and mixes (Connect, Connect, then Transport on the third connection).
            name: "connection reset right after accept (before the request is read)",
            server: Server::Raw(Behavior::ResetOnAccept),
            verify: Expect {
                check: |r| matches!(r, Err(Error::Transport(_) | Error::Connect(_))),
                want: "Error::Connect (3 connections, none sent) or Error::Transport (1)",
                attempts: RESET_RACE,
            },
            get_result: Expect {
                check: |r| matches!(r, Err(Error::Transport(_) | Error::Connect(_))),
                want: "Error::Connect or Error::Transport",
                attempts: 3,
            },
        },
        Mode {
            // The client has written the request (it sits unread in the server's socket
            // buffer) when the reset comes: `Transport`, and the Verify is not re-sent.
            name: "connection reset after the request was sent, before it was read",
            server: Server::Raw(Behavior::ResetUnreadAfter(Duration::from_millis(100))),
            verify: Expect {
                check: |r| matches!(r, Err(Error::Transport(_))),
                want: "Error::Transport",
                attempts: 1,
            },
            get_result: Expect {
                check: |r| matches!(r, Err(Error::Transport(_))),
                want: "Error::Transport",
                attempts: 3,
            },
        },
        Mode {
            name: "connection reset after the request was read",
            server: Server::Raw(Behavior::ReadThenReset),
            verify: Expect {
                check: |r| matches!(r, Err(Error::Transport(_))),
                want: "Error::Transport",
                attempts: 1,
            },
            get_result: Expect {
                check: |r| matches!(r, Err(Error::Transport(_))),
                want: "Error::Transport",
                attempts: 3,
            },
        },
        Mode {
            name: "server slower than the timeout",
            server: Server::Raw(Behavior::ReadThenSleep(Duration::from_secs(5))),
            verify: Expect {
                check: |r| matches!(r, Err(Error::Timeout)),
                want: "Error::Timeout",
                attempts: 1,
            },
            get_result: Expect {
                check: |r| matches!(r, Err(Error::Timeout)),
                want: "Error::Timeout",
                attempts: 3,
            },
        },
        Mode {
            name: "stalled body (headers and 12 of 1000 bytes, then silence)",
            server: Server::Raw(Behavior::ReadThenSendAndStall(
                b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{\"requestId\"",
            )),
            verify: Expect {
                check: |r| matches!(r, Err(Error::Timeout)),
                want: "Error::Timeout",
                attempts: 1,
            },
            get_result: Expect {
                check: |r| matches!(r, Err(Error::Timeout)),
                want: "Error::Timeout",
                attempts: 3,
            },
        },
        Mode {
            name: "body cut short (content-length 1000, 12 bytes, then close)",
            server: Server::Raw(Behavior::ReadThenSendAndClose(
                b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{\"requestId\"",
            )),
            verify: Expect {
                check: |r| matches!(r, Err(Error::Transport(_))),
                want: "Error::Transport",
                attempts: 1,
            },
            get_result: Expect {
                check: |r| matches!(r, Err(Error::Transport(_))),
                want: "Error::Transport",
                attempts: 3,
            },
        },
        Mode {
            // Nothing was sent: the one failure a billable call is retried after.
            name: "connection refused (nothing listens)",
            server: Server::Refused,
            verify: Expect {
                check: |r| matches!(r, Err(e @ Error::Connect(_)) if e.was_not_sent()),
                want: "Error::Connect",
                attempts: 0,
            },
            get_result: Expect {
                check: |r| matches!(r, Err(Error::Connect(_))),
                want: "Error::Connect",
                attempts: 0,
            },
        },
        Mode {
            name: "302 redirect to another host",
            server: Server::RedirectElsewhere(302),
            verify: Expect {
                check: |r| matches!(r, Err(Error::Api(i)) if i.status == 302),
                want: "Error::Api (302)",
                attempts: 1,
            },
            get_result: Expect {
                check: |r| matches!(r, Err(Error::Api(i)) if i.status == 302),
                want: "Error::Api (302)",
                attempts: 1,
            },
        },
        Mode {
            name: "307 redirect to another host",
            server: Server::RedirectElsewhere(307),
            verify: Expect {
                check: |r| matches!(r, Err(Error::Api(i)) if i.status == 307),
                want: "Error::Api (307)",
                attempts: 1,
            },
            get_result: Expect {
                check: |r| matches!(r, Err(Error::Api(i)) if i.status == 307),
                want: "Error::Api (307)",
                attempts: 1,
            },
        },
        Mode {
            // Lenient on what we read: a JSON body with the wrong content type is read.
            name: "200 with valid JSON labelled text/plain",
            server: Server::Wire(|| {
                ResponseTemplate::new(200).set_body_raw(VERIFIED_V3.as_bytes().to_vec(), "text/plain")
            }),
            verify: Expect {
                check: |r| r.is_ok(),
                want: "Ok (content type is not trusted, the body is)",
                attempts: 1,
            },
            get_result: Expect {
                // A v3 result is not a result wrapper, but it is a JSON object: read as
                // a wrapper without a verificationResult.
                check: |r| r.is_ok(),
                want: "Ok",
                attempts: 1,
            },
        },
        Mode {
            name: "200 with an HTML page (captive portal)",
            server: Server::Wire(|| html(200, "<!DOCTYPE html><html><body>Sign in to Wi-Fi</body></html>")),
            verify: Expect {
                check: |r| matches!(r, Err(Error::Decode { status: 200, .. })),
                want: "Error::Decode",
                attempts: 1,
            },
            get_result: Expect {
                check: |r| matches!(r, Err(Error::Decode { status: 200, .. })),
                want: "Error::Decode",
                attempts: 1,
            },
        },
    ]
}

/// A started server of some kind, with what it saw.
struct Running {
    base_url: String,
    wire: Option<MockServer>,
    raw: Option<RawServer>,
    /// The redirect target: must never see a request.
    elsewhere: Option<MockServer>,
}

impl Running {
    async fn start(server: &Server) -> Running {
        let mut running = Running {
            base_url: String::new(),
            wire: None,
            raw: None,
            elsewhere: None,
        };
        match server {
            Server::Wire(template) => {
                let mock = MockServer::start().await;
                Mock::given(any())
                    .respond_with(template())
                    .mount(&mock)
                    .await;
                running.base_url = format!("{}/", mock.uri());
                running.wire = Some(mock);
            }
            Server::WireThen(first, then) => {
                let mock = MockServer::start().await;
                Mock::given(any())
                    .respond_with(first())
                    .up_to_n_times(1)
                    .with_priority(1)
                    .mount(&mock)
                    .await;
                Mock::given(any())
                    .respond_with(then())
                    .with_priority(2)
                    .mount(&mock)
                    .await;
                running.base_url = format!("{}/", mock.uri());
                running.wire = Some(mock);
            }
            Server::Raw(behavior) => {
                let raw = RawServer::start(behavior.clone()).await;
                running.base_url = raw.base_url();
                running.raw = Some(raw);
            }
            Server::RedirectElsewhere(status) => {
                let elsewhere = MockServer::start().await;
                Mock::given(any())
                    .respond_with(json(200, VERIFIED_V3))
                    .mount(&elsewhere)
                    .await;
                let mock = MockServer::start().await;
                let target = format!("{}/api/v3/Verify/{ID}", elsewhere.uri());
                Mock::given(any())
                    .respond_with(ResponseTemplate::new(*status).insert_header("Location", target))
                    .mount(&mock)
                    .await;
                running.base_url = format!("{}/", mock.uri());
                running.wire = Some(mock);
                running.elsewhere = Some(elsewhere);
            }
            Server::Refused => {
                running.base_url = format!("http://{}/", closed_port_address());
            }
        }
        running
    }

    /// Requests that reached the configured server; checks each carried exactly our
    /// `Authorization` and was addressed to the configured host.
    async fn attempts(&self, mode: &str) -> usize {
        let host = self
            .base_url
            .trim_start_matches("http://")
            .trim_end_matches('/');
        let bearer = format!("Bearer {SECRET}");
        if let Some(mock) = &self.wire {
            let requests = mock.received_requests().await.unwrap();
            for r in &requests {
                let auth = r.headers.get("authorization").map(|v| v.to_str().unwrap());
                assert_eq!(auth, Some(bearer.as_str()), "{mode}: Authorization");
                let sent_host = r.headers.get("host").map(|v| v.to_str().unwrap());
                assert_eq!(sent_host, Some(host), "{mode}: Host");
            }
            return requests.len();
        }
        if let Some(raw) = &self.raw {
            let requests = raw.requests();
            for r in &requests {
                assert_eq!(r.header("authorization"), Some(bearer.as_str()), "{mode}");
                assert_eq!(r.header("host"), Some(host), "{mode}: Host");
            }
            // A reset-on-accept server reads no request; count its connections instead.
            return requests.len().max(raw.connections());
        }
        0
    }

    /// The redirect target must have seen nothing: the Authorization header never left
    /// the configured host.
    async fn assert_nothing_elsewhere(&self, mode: &str) {
        if let Some(elsewhere) = &self.elsewhere {
            let seen = elsewhere.received_requests().await.unwrap();
            assert!(
                seen.is_empty(),
                "{mode}: the redirect target received {} request(s)",
                seen.len()
            );
        }
    }
}

/// The variant's name and status, for the printed table.
fn variant(e: &Error) -> String {
    let debug = format!("{e:?}");
    let name = debug
        .split(['(', ' ', '{'])
        .next()
        .unwrap_or("?")
        .to_string();
    match e.status() {
        Some(status) => format!("{name} ({status})"),
        None => name,
    }
}

fn check(mode: &str, call: &str, expect: &Expect, outcome: &Result<(), Error>, attempts: usize) {
    assert!(
        (expect.check)(outcome),
        "{mode}: {call} should be {}, got {outcome:?}",
        expect.want
    );
    if expect.attempts == RESET_RACE {
        // Each connection failed either as `Connect` (nothing written: retried) or as
        // `Transport` (ends the call). So: at most 3, and exactly 3 when it ended as Connect.
        match outcome {
            Err(Error::Connect(_)) => assert_eq!(attempts, 3, "{mode}: {call}"),
            _ => assert!((1..=3).contains(&attempts), "{mode}: {call}: {attempts}"),
        }
    } else if expect.attempts != usize::MAX {
        assert_eq!(attempts, expect.attempts, "{mode}: {call} attempts");
    }
    if let Err(e) = outcome {
        let text = format!("{e} {e:?}");
        assert!(!text.contains(SECRET), "{mode}: key in the error");
        assert!(
            !text.contains("Bad Gateway</h1>"),
            "{mode}: body in the error"
        );
    }
}

/// Every mode, Verify then (on a fresh server) get_result. Prints the table it checked.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fault_modes() {
    let modes = modes();
    assert!(modes.len() >= 12);
    let mut table = String::from(
        "| mode | Verify | attempts | get_result | attempts |\n|---|---|---|---|---|\n",
    );
    let mut handles = Vec::new();
    for mode in modes {
        // Modes run concurrently; each has its own servers.
        handles.push(tokio::spawn(async move {
            let verify_server = Running::start(&mode.server).await;
            let outcome = backend(&verify_server.base_url)
                .verify(&id())
                .await
                .map(drop);
            let verify_attempts = verify_server.attempts(mode.name).await;
            check(mode.name, "verify", &mode.verify, &outcome, verify_attempts);
            verify_server.assert_nothing_elsewhere(mode.name).await;

            let observed = match &outcome {
                Ok(()) => "Ok".to_string(),
                Err(e) => variant(e),
            };
            let mut row = format!("| {} | {observed} | {verify_attempts} |", mode.name);
            if mode.get_result.attempts != usize::MAX {
                let get_server = Running::start(&mode.server).await;
                let outcome = backend(&get_server.base_url)
                    .get_result(&id())
                    .await
                    .map(drop);
                let get_attempts = get_server.attempts(mode.name).await;
                check(
                    mode.name,
                    "get_result",
                    &mode.get_result,
                    &outcome,
                    get_attempts,
                );
                get_server.assert_nothing_elsewhere(mode.name).await;
                let observed = match &outcome {
                    Ok(()) => "Ok".to_string(),
                    Err(e) => variant(e),
                };
                row.push_str(&format!(" {observed} | {get_attempts} |"));
            } else {
                row.push_str(" – | – |");
            }
            row
        }));
    }
    for handle in handles {
        table.push_str(&handle.await.unwrap());
        table.push('\n');
    }
    eprintln!("{table}");
}

/// The client app's create call is not idempotent either: one attempt once it may have
/// reached the server, and the public key reaches only the configured host.
#[tokio::test]
async fn create_request_is_sent_at_most_once() {
    let image = jpeg(64, 1);
    let request = || {
        dvs_public::VerificationRequest::new(dvs_public::DocumentType::Passport)
            .front(image.clone())
    };
    let bearer = format!("Bearer {PUBLIC}");

    for behavior in [
        Behavior::ReadThenReset,
        Behavior::ResetUnreadAfter(Duration::from_millis(100)),
        Behavior::ReadThenSleep(Duration::from_secs(5)),
        Behavior::ResetOnAccept,
    ] {
        let server = RawServer::start(behavior.clone()).await;
        let err = app(&server.base_url())
            .create_request(request())
            .await
            .unwrap_err();
        if matches!(behavior, Behavior::ResetOnAccept) {
            // The reset-on-accept race (see `fault_modes`): `Connect` attempts wrote nothing
            // and are retried; a `Transport` ends the call.
            assert!(err.is_retryable(), "{err:?}");
            let expected = if matches!(err, dvs_public::Error::Connect(_)) {
                3..=3
            } else {
                1..=3
            };
            assert!(expected.contains(&server.connections()), "{err:?}");
        } else {
            assert!(err.outcome_unknown(), "{behavior:?}: {err:?}");
            assert_eq!(server.connections(), 1, "{behavior:?}");
        }
        for r in server.requests() {
            assert_eq!(r.header("authorization"), Some(bearer.as_str()));
            assert!(r.request_line().starts_with("POST /api/v3/Request "));
            assert!(r.body_len > 0);
        }
    }

    let mock = MockServer::start().await;
    Mock::given(any())
        .respond_with(html(502, HTML_502))
        .mount(&mock)
        .await;
    let err = app(&format!("{}/", mock.uri()))
        .create_request(request())
        .await
        .unwrap_err();
    assert!(
        matches!(err, dvs_public::Error::Server(ref i) if i.status == 502),
        "{err:?}"
    );
    assert_eq!(mock.received_requests().await.unwrap().len(), 1);

    // A redirect is not followed: the public key and the images stay with the configured host.
    let elsewhere = MockServer::start().await;
    Mock::given(any())
        .respond_with(json(200, "{}"))
        .mount(&elsewhere)
        .await;
    let mock = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(308)
                .insert_header("Location", format!("{}/api/v3/Request", elsewhere.uri())),
        )
        .mount(&mock)
        .await;
    let err = app(&format!("{}/", mock.uri()))
        .create_request(request())
        .await
        .unwrap_err();
    assert!(
        matches!(err, dvs_public::Error::Api(ref i) if i.status == 308),
        "{err:?}"
    );
    assert!(elsewhere.received_requests().await.unwrap().is_empty());
}

/// `verify_or_recover` after a lost answer looks the result up; it never sends Verify twice.
#[tokio::test]
async fn verify_or_recover_never_resends_verify() {
    use wiremock::matchers::{method, path};
    let mock = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(format!("/api/v3/Verify/{ID}")))
        .respond_with(html(504, "<html>Gateway Timeout</html>"))
        .mount(&mock)
        .await;
    let wrapper =
        format!(r#"{{"verificationResult":{VERIFIED_V3},"request":{{"status":"Success"}}}}"#);
    Mock::given(method("GET"))
        .and(path(format!("/api/v3/Request/{ID}/result")))
        .respond_with(json(200, &wrapper))
        .mount(&mock)
        .await;
    let verified = backend(&format!("{}/", mock.uri()))
        .verify_or_recover(&id())
        .await
        .unwrap();
    assert!(verified.is_recovered());
    let received = mock.received_requests().await.unwrap();
    let verifies = received
        .iter()
        .filter(|r| r.method.as_str() == "POST")
        .count();
    let lookups = received
        .iter()
        .filter(|r| r.method.as_str() == "GET")
        .count();
    assert_eq!((verifies, lookups), (1, 1));
}
