//! `RequestId`: the id a backend receives from an untrusted client, so parsing is strict.

use std::collections::HashSet;

use dvs_core::{Error, RequestId, RequestIdError};

const LOWER: &str = "3fa85f64-5717-4562-b3fc-2c963f66afa6";
const UPPER: &str = "3FA85F64-5717-4562-B3FC-2C963F66AFA6";

#[test]
fn good_ids_parse_in_any_case_and_are_stored_lower_case() {
    let lower = RequestId::parse(LOWER).unwrap();
    let upper = RequestId::parse(UPPER).unwrap();
    let mixed: RequestId = "3Fa85F64-5717-4562-b3FC-2C963f66aFa6".parse().unwrap();
    assert_eq!(lower, upper);
    assert_eq!(lower, mixed);
    assert_eq!(upper.as_str(), LOWER);
    assert_eq!(upper.to_string(), LOWER);
    assert_eq!(AsRef::<str>::as_ref(&upper), LOWER);
    assert_eq!(format!("{upper:?}"), format!("RequestId({LOWER})"));
    // Edge values.
    assert!(RequestId::parse("00000000-0000-0000-0000-000000000000").is_ok());
    assert!(RequestId::parse("ffffffff-ffff-ffff-ffff-ffffffffffff").is_ok());
    // Equal ids hash alike.
    let set: HashSet<RequestId> = [lower, upper, mixed].into_iter().collect();
    assert_eq!(set.len(), 1);
}

#[test]
fn display_and_from_str_round_trip() {
    let id: RequestId = UPPER.parse().unwrap();
    let again: RequestId = id.to_string().parse().unwrap();
    assert_eq!(id, again);
}

#[test]
fn from_bytes_gives_a_parseable_canonical_id() {
    let id = RequestId::from_bytes([
        0x3f, 0xa8, 0x5f, 0x64, 0x57, 0x17, 0x45, 0x62, 0xb3, 0xfc, 0x2c, 0x96, 0x3f, 0x66, 0xaf,
        0xa6,
    ]);
    assert_eq!(id.as_str(), LOWER);
    assert_eq!(RequestId::parse(id.as_str()).unwrap(), id);
    assert_eq!(
        RequestId::from_bytes([0; 16]).as_str(),
        "00000000-0000-0000-0000-000000000000"
    );
}

#[test]
fn bad_ids_give_the_right_error() {
    use RequestIdError::{Empty, InvalidCharacter, WrongLength};
    let cases: &[(&str, &str, RequestIdError)] = &[
        ("empty", "", Empty),
        ("too short", "3fa85f64", WrongLength { len: 8 }),
        ("one short", &LOWER[..35], WrongLength { len: 35 }),
        (
            "one long",
            "3fa85f64-5717-4562-b3fc-2c963f66afa6a",
            WrongLength { len: 37 },
        ),
        (
            "no hyphens",
            "3fa85f6457174562b3fc2c963f66afa6",
            WrongLength { len: 32 },
        ),
        (
            "braces",
            "{3fa85f64-5717-4562-b3fc-2c963f66afa6}",
            WrongLength { len: 38 },
        ),
        (
            "urn form",
            "urn:uuid:3fa85f64-5717-4562-b3fc-2c963f66afa6",
            WrongLength { len: 45 },
        ),
        (
            "trailing newline",
            "3fa85f64-5717-4562-b3fc-2c963f66afa6\n",
            WrongLength { len: 37 },
        ),
        (
            "surrounding spaces",
            " 3fa85f64-5717-4562-b3fc-2c963f66afa6 ",
            WrongLength { len: 38 },
        ),
        (
            "short path traversal",
            "../../admin",
            WrongLength { len: 11 },
        ),
        // 36 bytes, so the length check passes and the character check must catch them.
        (
            "hyphen one early",
            "3fa85f6-45717-4562-b3fc-2c963f66afa6",
            InvalidCharacter { position: 7 },
        ),
        (
            "hyphen one late",
            "3fa85f645-717-4562-b3fc-2c963f66afa6",
            InvalidCharacter { position: 8 },
        ),
        (
            "hyphens swapped for hex",
            "3fa85f64a5717a4562ab3fca2c963f66afa6",
            InvalidCharacter { position: 8 },
        ),
        (
            "underscores",
            "3fa85f64_5717_4562_b3fc_2c963f66afa6",
            InvalidCharacter { position: 8 },
        ),
        (
            "non-hex letter",
            "3fa85f64-5717-4562-b3fc-2c963f66afag",
            InvalidCharacter { position: 35 },
        ),
        (
            "non-hex first",
            "gfa85f64-5717-4562-b3fc-2c963f66afa6",
            InvalidCharacter { position: 0 },
        ),
        (
            "36-byte path traversal",
            "../../../../../../../../etc/passwd..",
            InvalidCharacter { position: 0 },
        ),
        (
            "encoded traversal",
            "%2e%2e%2f5717-4562-b3fc-2c963f66afa6",
            InvalidCharacter { position: 0 },
        ),
        (
            "slash inside",
            "3fa85f64-5717-4562-b3fc-2c963f66a/a6",
            InvalidCharacter { position: 33 },
        ),
        (
            "leading space",
            " fa85f64-5717-4562-b3fc-2c963f66afa6",
            InvalidCharacter { position: 0 },
        ),
        (
            "tab inside",
            "3fa85f64-5717-4562-b3fc-2c963f66af\ta",
            InvalidCharacter { position: 34 },
        ),
        (
            "NUL inside",
            "3fa85f64-5717-4562-b3fc-2c963f66af\0a",
            InvalidCharacter { position: 34 },
        ),
        (
            "non-ASCII, same byte length",
            "3fa85f64-5717-4562-b3fc-2c963f66afé",
            InvalidCharacter { position: 34 },
        ),
        (
            "non-ASCII, longer",
            "3fa85f64-5717-4562-b3fc-2c963f66afaé",
            WrongLength { len: 37 },
        ),
        (
            "full-width digit",
            "３fa85f64-5717-4562-b3fc-2c963f66af",
            InvalidCharacter { position: 0 },
        ),
    ];
    for (what, text, expected) in cases {
        let error = RequestId::parse(text).unwrap_err();
        assert_eq!(&error, expected, "{what}: {text:?}");
        assert_eq!(
            text.parse::<RequestId>().unwrap_err(),
            error,
            "{what}: FromStr agrees"
        );
    }
}

#[test]
fn error_messages_do_not_repeat_the_input() {
    let hostile = "<script>alert(1)</script>........../";
    assert_eq!(hostile.len(), 36);
    for text in [hostile, "DROP TABLE requests;", "\u{1b}[2J"] {
        let error = RequestId::parse(text).unwrap_err();
        let shown = [
            error.to_string(),
            Error::from(error.clone()).to_string(),
            format!("{error:?}"),
        ];
        for s in shown {
            assert!(!s.contains(text), "{s}");
            assert!(!s.contains("script") && !s.contains("DROP"), "{s}");
        }
    }
    assert_eq!(
        RequestIdError::WrongLength { len: 8 }.to_string(),
        "the request id must be a 36-character UUID (got 8 characters)"
    );
    assert!(
        RequestIdError::InvalidCharacter { position: 7 }
            .to_string()
            .contains("position 7")
    );
}

#[test]
fn serde_is_a_transparent_string() {
    let id: RequestId = UPPER.parse().unwrap();
    assert_eq!(serde_json::to_string(&id).unwrap(), format!("\"{LOWER}\""));
    let back: RequestId = serde_json::from_str(&format!("\"{UPPER}\"")).unwrap();
    assert_eq!(back, id);

    #[derive(serde::Serialize, serde::Deserialize, PartialEq, Debug)]
    #[serde(rename_all = "camelCase")]
    struct Envelope {
        request_id: RequestId,
    }
    let json = serde_json::to_string(&Envelope { request_id: id }).unwrap();
    assert_eq!(json, format!(r#"{{"requestId":"{LOWER}"}}"#));
    assert_eq!(
        serde_json::from_str::<Envelope>(&json).unwrap().request_id,
        id
    );

    // Not a string, or not a UUID: an error that does not quote the value.
    assert!(serde_json::from_str::<RequestId>("42").is_err());
    let error = serde_json::from_str::<RequestId>(r#""../../etc/passwd""#).unwrap_err();
    assert!(!error.to_string().contains("passwd"), "{error}");
    assert!(error.to_string().contains("36-character UUID"), "{error}");
}
