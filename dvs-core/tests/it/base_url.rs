//! Base URLs: joined correctly, `https://` required except on loopback, no credentials.

use dvs_core::DEFAULT_BASE_URL;
use dvs_core::Error;
use dvs_core::internal::{is_loopback, parse_base_url};

fn join(base: &str, path: &str) -> String {
    parse_base_url(base)
        .unwrap()
        .join(path)
        .unwrap()
        .to_string()
}

#[test]
fn joins_with_or_without_trailing_slash() {
    for base in [
        "https://dvs.example",
        "https://dvs.example/",
        " https://dvs.example/ ",
    ] {
        assert_eq!(
            parse_base_url(base).unwrap().as_str(),
            "https://dvs.example/",
            "{base:?}"
        );
        assert_eq!(
            join(base, "api/v3/Request"),
            "https://dvs.example/api/v3/Request"
        );
    }
    assert_eq!(
        join(DEFAULT_BASE_URL, "api/v4/verify"),
        "https://dvs2.idware.net/api/v4/verify"
    );
}

#[test]
fn keeps_a_path_prefix() {
    for base in [
        "https://gateway.example/dvs",
        "https://gateway.example/dvs/",
    ] {
        assert_eq!(
            join(base, "api/v3/Verify/3fa85f64-5717-4562-b3fc-2c963f66afa6"),
            "https://gateway.example/dvs/api/v3/Verify/3fa85f64-5717-4562-b3fc-2c963f66afa6",
            "{base}"
        );
    }
    assert_eq!(
        join("https://gw.example/a/b", "api/v3/Request"),
        "https://gw.example/a/b/api/v3/Request"
    );
    assert_eq!(
        join("https://gw.example:8443/x", "api"),
        "https://gw.example:8443/x/api"
    );
}

#[test]
fn http_only_on_loopback() {
    for base in [
        "http://localhost",
        "http://LOCALHOST:8080/",
        "http://127.0.0.1:3000",
        "http://127.1.2.3/",
        "http://[::1]:9000/prefix",
    ] {
        let url = parse_base_url(base).unwrap_or_else(|e| panic!("{base}: {e}"));
        assert!(is_loopback(&url), "{base}");
        assert!(url.as_str().ends_with('/'), "{base}");
    }
    for base in [
        "http://dvs.example",
        "http://dvs2.idware.net/",
        "http://localhost.evil.example/",
        "http://127.0.0.1.evil.example/",
        "http://10.0.0.1/",
        "http://192.168.1.10:8080/",
        "http://0.0.0.0/",
        "http://[::]/",
    ] {
        match parse_base_url(base) {
            Err(Error::Config(message)) => {
                assert!(message.contains("https://"), "{base}: {message}");
                assert!(message.contains("clear text"), "{base}: {message}");
            }
            other => panic!("{base}: expected a Config error, got {other:?}"),
        }
    }
}

#[test]
fn other_schemes_credentials_and_junk_are_refused() {
    let refused = [
        ("ftp://dvs.example/", "scheme `ftp`"),
        ("file:///etc/passwd", "scheme `file`"),
        ("ws://localhost/", "scheme `ws`"),
        ("https://user:secret-password@dvs.example/", "credentials"),
        ("https://user@dvs.example/", "credentials"),
        ("https://dvs.example/?key=1", "query"),
        ("https://dvs.example/#frag", "fragment"),
        ("dvs.example", "not a valid URL"),
        ("", "not a valid URL"),
        ("https://", "not a valid URL"),
    ];
    for (base, expected) in refused {
        match parse_base_url(base) {
            Err(Error::Config(message)) => {
                assert!(message.contains(expected), "{base:?}: {message}");
                assert!(!message.contains("secret-password"), "{base:?}: {message}");
            }
            other => panic!("{base:?}: expected a Config error, got {other:?}"),
        }
    }
}

#[test]
fn the_builder_checks_the_base_url() {
    let error = crate::support::builder()
        .base_url("http://dvs.example")
        .build()
        .unwrap_err();
    assert!(matches!(error, Error::Config(_)), "{error:?}");
    assert!(error.was_not_sent());
    let client = crate::support::builder()
        .base_url("https://gw.example/dvs")
        .build()
        .unwrap();
    assert_eq!(client.engine.base_url().as_str(), "https://gw.example/dvs/");
}
