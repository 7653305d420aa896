//! API key validation: every malformed key gets its own typed error, messages and `Debug`
//! never show the key, and `from_env` never falls back to a default.

use dvs_core::{
    ApiKey, Error, KeyError, KeyKind, PUBLIC_KEY_ENV, PublicKey, SECRET_KEY_ENV, SecretKey,
};

use crate::support::{PUBLIC_KEY, PUBLIC_KEY_BODY, SECRET_KEY, SECRET_KEY_BODY, TestClient};

const PUBLIC: KeyKind = KeyKind::Public;
const SECRET: KeyKind = KeyKind::Secret;

#[test]
fn well_formed_keys_parse() {
    let public = PublicKey::new(PUBLIC_KEY).unwrap();
    assert_eq!(public.expose_secret(), PUBLIC_KEY);
    let secret: SecretKey = SECRET_KEY.parse().unwrap();
    assert_eq!(secret.expose_secret(), SECRET_KEY);
    assert_eq!(<SecretKey as ApiKey>::KIND, KeyKind::Secret);
    assert_eq!(<PublicKey as ApiKey>::KIND, KeyKind::Public);
    assert_eq!(ApiKey::expose_secret(&secret), SECRET_KEY);
    // Short keys are accepted: DVS does not publish a key format beyond the prefix.
    assert!(PublicKey::new("pk_x").is_ok());
}

#[test]
fn malformed_public_keys_give_the_right_error() {
    let cases: &[(&str, &str, KeyError)] = &[
        ("empty", "", KeyError::Empty { expected: PUBLIC }),
        (
            "only spaces",
            "   ",
            KeyError::SurroundingWhitespace { expected: PUBLIC },
        ),
        (
            "leading space",
            " pk_abc",
            KeyError::SurroundingWhitespace { expected: PUBLIC },
        ),
        (
            "newline at end",
            "pk_abc\n",
            KeyError::SurroundingWhitespace { expected: PUBLIC },
        ),
        (
            "CRLF at end",
            "pk_abc\r\n",
            KeyError::SurroundingWhitespace { expected: PUBLIC },
        ),
        (
            "tab inside",
            "pk_abc\tdef",
            KeyError::InvalidCharacter {
                expected: PUBLIC,
                position: 6,
            },
        ),
        (
            "space inside",
            "pk_abc def",
            KeyError::InvalidCharacter {
                expected: PUBLIC,
                position: 6,
            },
        ),
        (
            "bell control char",
            "pk_ab\u{7}c",
            KeyError::InvalidCharacter {
                expected: PUBLIC,
                position: 5,
            },
        ),
        (
            "NUL",
            "pk_\0abc",
            KeyError::InvalidCharacter {
                expected: PUBLIC,
                position: 3,
            },
        ),
        (
            "DEL",
            "pk_abc\u{7f}",
            KeyError::InvalidCharacter {
                expected: PUBLIC,
                position: 6,
            },
        ),
        (
            "non-ASCII letter",
            "pk_abcé",
            KeyError::InvalidCharacter {
                expected: PUBLIC,
                position: 6,
            },
        ),
        // Positions count characters, not bytes: the 'é's are two bytes each.
        (
            "non-ASCII then control",
            "pk_éé\u{1}",
            KeyError::InvalidCharacter {
                expected: PUBLIC,
                position: 3,
            },
        ),
        (
            "zero-width space first",
            "\u{200b}pk_abc",
            KeyError::InvalidCharacter {
                expected: PUBLIC,
                position: 0,
            },
        ),
        (
            "secret key",
            SECRET_KEY,
            KeyError::SecretWherePublicExpected,
        ),
        (
            "secret prefix only",
            "sk_",
            KeyError::SecretWherePublicExpected,
        ),
        (
            "only prefix",
            "pk_",
            KeyError::NothingAfterPrefix { expected: PUBLIC },
        ),
        (
            "no prefix",
            PUBLIC_KEY_BODY,
            KeyError::MissingPrefix { expected: PUBLIC },
        ),
        (
            "upper-case prefix",
            "PK_abc",
            KeyError::MissingPrefix { expected: PUBLIC },
        ),
        (
            "hyphen instead of underscore",
            "pk-abc",
            KeyError::MissingPrefix { expected: PUBLIC },
        ),
        (
            "bearer pasted in",
            "Bearer",
            KeyError::MissingPrefix { expected: PUBLIC },
        ),
    ];
    for (what, text, expected) in cases {
        let error = PublicKey::new(*text).unwrap_err();
        assert_eq!(&error, expected, "{what}: {text:?}");
        assert_eq!(
            text.parse::<PublicKey>().unwrap_err(),
            error,
            "{what}: FromStr agrees"
        );
    }
}

#[test]
fn malformed_secret_keys_give_the_right_error() {
    let cases: &[(&str, &str, KeyError)] = &[
        ("empty", "", KeyError::Empty { expected: SECRET }),
        (
            "only a newline",
            "\n",
            KeyError::SurroundingWhitespace { expected: SECRET },
        ),
        (
            "trailing newline",
            "sk_abc\n",
            KeyError::SurroundingWhitespace { expected: SECRET },
        ),
        (
            "tab inside",
            "sk_a\tbc",
            KeyError::InvalidCharacter {
                expected: SECRET,
                position: 4,
            },
        ),
        (
            "escape char",
            "sk_\u{1b}[31m",
            KeyError::InvalidCharacter {
                expected: SECRET,
                position: 3,
            },
        ),
        (
            "non-ASCII digit",
            "sk_١٢٣",
            KeyError::InvalidCharacter {
                expected: SECRET,
                position: 3,
            },
        ),
        (
            "public key",
            PUBLIC_KEY,
            KeyError::PublicWhereSecretExpected,
        ),
        (
            "only prefix",
            "sk_",
            KeyError::NothingAfterPrefix { expected: SECRET },
        ),
        (
            "no prefix",
            SECRET_KEY_BODY,
            KeyError::MissingPrefix { expected: SECRET },
        ),
        (
            "Stripe-style live prefix",
            "sk-live-abc",
            KeyError::MissingPrefix { expected: SECRET },
        ),
    ];
    for (what, text, expected) in cases {
        let error = SecretKey::new(*text).unwrap_err();
        assert_eq!(&error, expected, "{what}: {text:?}");
        assert_eq!(
            text.parse::<SecretKey>().unwrap_err(),
            error,
            "{what}: FromStr agrees"
        );
    }
}

#[test]
fn secret_key_where_public_expected_says_it_must_never_ship_client_side() {
    let message = PublicKey::new(SECRET_KEY).unwrap_err().to_string();
    assert!(
        message.contains("a secret key must never ship in client-side code"),
        "{message}"
    );
    assert!(message.contains("public key"), "{message}");
    assert!(!message.contains(SECRET_KEY_BODY), "{message}");

    let reverse = SecretKey::new(PUBLIC_KEY).unwrap_err().to_string();
    assert!(
        reverse.contains("secret key (sk_) is expected"),
        "{reverse}"
    );
    assert!(!reverse.contains(PUBLIC_KEY_BODY), "{reverse}");
}

#[test]
fn messages_are_specific_and_never_contain_the_key() {
    let with_key_text = [
        PublicKey::new(format!("{PUBLIC_KEY}\n")).unwrap_err(),
        PublicKey::new(format!("{PUBLIC_KEY}\u{7}")).unwrap_err(),
        PublicKey::new(PUBLIC_KEY_BODY).unwrap_err(),
        SecretKey::new(format!(" {SECRET_KEY}")).unwrap_err(),
        SecretKey::new(SECRET_KEY_BODY).unwrap_err(),
        SecretKey::new(format!("{SECRET_KEY}é")).unwrap_err(),
    ];
    for error in &with_key_text {
        for shown in [
            error.to_string(),
            format!("{error:?}"),
            Error::from(error.clone()).to_string(),
        ] {
            assert!(!shown.contains(PUBLIC_KEY_BODY), "{shown}");
            assert!(!shown.contains(SECRET_KEY_BODY), "{shown}");
        }
    }
    assert_eq!(
        KeyError::MissingPrefix { expected: PUBLIC }.to_string(),
        "the public key (pk_) must start with `pk_`"
    );
    assert!(
        KeyError::SurroundingWhitespace { expected: SECRET }
            .to_string()
            .contains("trim it")
    );
    assert!(
        KeyError::InvalidCharacter {
            expected: PUBLIC,
            position: 6
        }
        .to_string()
        .contains("position 6")
    );
    assert_eq!(
        Error::from(KeyError::Empty { expected: SECRET }).to_string(),
        "invalid API key: the secret key (sk_) is empty"
    );
}

#[test]
fn debug_shows_at_most_the_prefix() {
    let public = PublicKey::new(PUBLIC_KEY).unwrap();
    let secret = SecretKey::new(SECRET_KEY).unwrap();
    assert_eq!(format!("{public:?}"), "PublicKey(pk_[REDACTED])");
    assert_eq!(format!("{secret:?}"), "SecretKey(sk_[REDACTED])");
    assert_eq!(format!("{secret:#?}"), "SecretKey(sk_[REDACTED])");
    // Even a key of one character after the prefix is not shown.
    let short = SecretKey::new("sk_Z").unwrap();
    assert!(!format!("{short:?}").contains('Z'));
}

#[test]
fn key_kinds_tell_their_prefix() {
    assert_eq!(KeyKind::of(PUBLIC_KEY), Some(KeyKind::Public));
    assert_eq!(KeyKind::of(SECRET_KEY), Some(KeyKind::Secret));
    assert_eq!(KeyKind::of("xk_abc"), None);
    assert_eq!(KeyKind::Public.prefix(), "pk_");
    assert_eq!(KeyKind::Secret.prefix(), "sk_");
    assert_eq!(KeyKind::Secret.to_string(), "secret key (sk_)");
}

// ---- from_env -------------------------------------------------------------------------
//
// The process environment is shared by every test thread, and changing it needs `unsafe`
// in edition 2024. So the environment cases run this test binary again as a child process
// with the environment set up, and the child runs `from_env_child` (ignored in normal runs).

const CASE_VAR: &str = "DVS_CORE_IT_ENV_CASE";

fn run_child(case: &str, setup: impl FnOnce(&mut std::process::Command)) {
    let mut command = std::process::Command::new(std::env::current_exe().unwrap());
    command
        .args([
            "keys::from_env_child",
            "--exact",
            "--ignored",
            "--test-threads=1",
        ])
        .env_remove(PUBLIC_KEY_ENV)
        .env_remove(SECRET_KEY_ENV)
        .env_remove(dvs_core::BASE_URL_ENV)
        .env(CASE_VAR, case);
    setup(&mut command);
    let output = command.output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "child case `{case}` failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    // A filter that matched nothing would also exit successfully: make sure it ran.
    assert!(
        stdout.contains("1 passed"),
        "child case `{case}` did not run:\n{stdout}"
    );
}

#[test]
fn from_env_unset_is_not_set_never_a_default() {
    run_child("unset", |_| {});
}

#[test]
fn from_env_validates_what_it_reads() {
    run_child("wrong_kind", |c| {
        c.env(PUBLIC_KEY_ENV, SECRET_KEY)
            .env(SECRET_KEY_ENV, format!("{SECRET_KEY}\n"));
    });
}

#[test]
fn from_env_reads_key_and_base_url() {
    run_child("good", |c| {
        c.env(SECRET_KEY_ENV, SECRET_KEY)
            .env(PUBLIC_KEY_ENV, PUBLIC_KEY)
            .env(dvs_core::BASE_URL_ENV, "http://127.0.0.1:9/prefix");
    });
}

#[cfg(unix)]
#[test]
fn from_env_not_unicode() {
    use std::os::unix::ffi::OsStrExt;
    run_child("not_unicode", |c| {
        c.env(SECRET_KEY_ENV, std::ffi::OsStr::from_bytes(b"sk_\xff\xfe"));
    });
}

#[test]
#[ignore = "run as a child process by the from_env_* tests, with its environment set up"]
fn from_env_child() {
    use dvs_core::internal::ClientBuilder;
    // Run by hand (e.g. `--include-ignored`) without a case, there is nothing to check.
    let Ok(case) = std::env::var(CASE_VAR) else {
        return;
    };
    match case.as_str() {
        "unset" => {
            assert_eq!(
                PublicKey::from_env().unwrap_err(),
                KeyError::NotSet {
                    var: "DVS_PUBLIC_KEY",
                    expected: PUBLIC
                }
            );
            assert_eq!(
                SecretKey::from_env().unwrap_err(),
                KeyError::NotSet {
                    var: "DVS_SECRET_KEY",
                    expected: SECRET
                }
            );
            let message = SecretKey::from_env().unwrap_err().to_string();
            assert!(message.contains("DVS_SECRET_KEY is not set"), "{message}");
            match ClientBuilder::<TestClient>::from_env() {
                Err(Error::InvalidKey(KeyError::NotSet { var, .. })) => {
                    assert_eq!(var, SECRET_KEY_ENV);
                }
                other => panic!("expected NotSet, got {other:?}"),
            }
        }
        "wrong_kind" => {
            assert_eq!(
                PublicKey::from_env().unwrap_err(),
                KeyError::SecretWherePublicExpected
            );
            assert_eq!(
                SecretKey::from_env().unwrap_err(),
                KeyError::SurroundingWhitespace { expected: SECRET }
            );
        }
        "good" => {
            assert_eq!(SecretKey::from_env().unwrap().expose_secret(), SECRET_KEY);
            assert_eq!(PublicKey::from_env().unwrap().expose_secret(), PUBLIC_KEY);
            let client = ClientBuilder::<TestClient>::from_env()
                .unwrap()
                .build()
                .unwrap();
            assert_eq!(
                client.engine.base_url().as_str(),
                "http://127.0.0.1:9/prefix/"
            );
        }
        "not_unicode" => {
            assert_eq!(
                SecretKey::from_env().unwrap_err(),
                KeyError::NotUnicode {
                    var: "DVS_SECRET_KEY"
                }
            );
        }
        other => panic!("unknown child case {other:?}; this test only runs as a child process"),
    }
}
