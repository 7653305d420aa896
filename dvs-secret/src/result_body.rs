//! Reading a verification result out of a 2xx body: v3 or v4 shape, mapped to
//! [`VerificationResult`] with decode errors that never quote the body.

use std::borrow::Cow;

use bytes::Bytes;

use crate::VerificationResult;
use dvs_core::Error;
use dvs_core::internal::refuse_empty_body;

use crate::Result;

/// Which verification-result model a body is read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ResultShape {
    /// `VerifyResponseV3` (`POST /api/v3/Verify`).
    V3,
    /// `VerifyResponseV4` (`POST /api/v4/verify`).
    V4,
    /// Either, told by the body's keys ([`is_v4`]): the Verify-by-id answer and the stored
    /// result are documented as v3, but the result endpoint also serves requests made
    /// through v4.
    Detect,
}

/// Top-level keys only a v4 response has (with a value other than `null`).
const V4_KEYS: [&str; 7] = [
    "faceMatchVerificationResult",
    "antiSpoofingVerificationResult",
    "documentConfidenceScores",
    "externalVerificationResults",
    "requestData",
    "images",
    "authenticationResults",
];

/// Whether a result body has the v4 shape: a v4-only top-level key whose value is not `null`.
///
/// One pass over the bytes that stops at the first such key (in a v4 body, just after
/// `document`), run before the parse of every answer that may be either shape, so it must
/// cost little next to the parse. Only `"`, `{` and `}` matter, found with `memchr` (SIMD):
/// strings are skipped whole (their contents can hold any of them), objects nest, and a string
/// at depth 1 followed by `:` is a top-level key. Arrays need no tracking: they hold no keys,
/// and a string inside one is never followed by `:`. A key written with escapes is unescaped
/// before it is compared.
///
/// A body that is not a JSON object, or not JSON at all (truncated, say), is told `false`:
/// the v3 parse that follows reads the whole body and refuses it, as the v4 parse would.
fn is_v4(body: &[u8]) -> bool {
    let skip_ws = |mut i: usize| {
        while body.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        i
    };
    // The index just past the string whose contents start at `i`, and whether it had escapes.
    let string_end = |mut i: usize| -> Option<(usize, bool)> {
        let mut escaped = false;
        loop {
            i += memchr::memchr2(b'"', b'\\', body.get(i..)?)?;
            if body[i] == b'"' {
                return Some((i + 1, escaped));
            }
            escaped = true;
            i += 2;
        }
    };
    let is_v4_key = |quoted: &[u8], escaped: bool| {
        if escaped {
            serde_json::from_slice::<Cow<'_, str>>(quoted).is_ok_and(|key| V4_KEYS.contains(&&*key))
        } else {
            V4_KEYS
                .iter()
                .any(|key| key.as_bytes() == &quoted[1..quoted.len() - 1])
        }
    };
    let scan = || -> Option<bool> {
        let mut i = skip_ws(0);
        if body.get(i) != Some(&b'{') {
            return None;
        }
        i += 1;
        let mut depth = 1usize;
        loop {
            i += memchr::memchr3(b'"', b'{', b'}', body.get(i..)?)?;
            match body[i] {
                b'"' => {
                    let (end, escaped) = string_end(i + 1)?;
                    if depth == 1 {
                        let colon = skip_ws(end);
                        if body.get(colon) == Some(&b':')
                            && is_v4_key(&body[i..end], escaped)
                            && !body.get(skip_ws(colon + 1)..)?.starts_with(b"null")
                        {
                            return Some(true);
                        }
                    }
                    i = end;
                    continue;
                }
                b'{' => depth += 1,
                _ => {
                    depth -= 1;
                    if depth == 0 {
                        return Some(false);
                    }
                }
            }
            i += 1;
        }
    };
    scan().unwrap_or(false)
}

/// Parses a result body of `shape` (the body is kept as the result's raw JSON).
pub(crate) fn parse_result(
    status: u16,
    body: Bytes,
    shape: ResultShape,
) -> Result<VerificationResult> {
    refuse_empty_body(status, &body)?;
    let v4 = match shape {
        ResultShape::V3 => false,
        ResultShape::V4 => true,
        ResultShape::Detect => is_v4(&body),
    };
    let parsed = if v4 {
        VerificationResult::parse_v4(body)
    } else {
        VerificationResult::parse_v3(body)
    };
    parsed.map_err(|e| Error::from_json_error(status, &e))
}

/// The part of `body` that `part` borrows from, without copying; a copy if it is not one.
pub(crate) fn sub_bytes(body: &Bytes, part: &str) -> Bytes {
    let start = (part.as_ptr() as usize).wrapping_sub(body.as_ptr() as usize);
    match start.checked_add(part.len()) {
        Some(end) if end <= body.len() => body.slice(start..end),
        _ => Bytes::copy_from_slice(part.as_bytes()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sub_bytes_shares_the_body_when_it_can() {
        let body = Bytes::from_static(br#"{"verificationResult":{"a":1},"request":{}}"#);
        let text = std::str::from_utf8(&body).unwrap();
        let part = &text[22..29];
        assert_eq!(part, r#"{"a":1}"#);
        let shared = sub_bytes(&body, part);
        assert_eq!(&shared[..], part.as_bytes());
        assert_eq!(shared.as_ptr(), part.as_ptr(), "no copy");

        let elsewhere = String::from(r#"{"b":2}"#);
        assert_eq!(&sub_bytes(&body, &elsewhere)[..], elsewhere.as_bytes());
    }

    /// What the scan must tell, from a full parse: a v4-only top-level key that is not `null`.
    fn has_v4_key(body: &[u8]) -> bool {
        let value: serde_json::Value = serde_json::from_slice(body).unwrap();
        let object = value.as_object().unwrap();
        V4_KEYS
            .iter()
            .any(|key| object.get(*key).is_some_and(|v| !v.is_null()))
    }

    /// A random JSON text built to trip the scan: v4 keys at every depth, `null` values,
    /// arrays of objects, strings holding brackets, quotes and escapes, uneven whitespace.
    fn random_json(seed: &mut u64, depth: u32, out: &mut String) {
        const STRINGS: [&str; 6] = ["", "}", "{\\\"[", "a\\\\", "\\u0041:", "x,y"];
        let ws = ["", " ", "\n  ", "\t"];
        let pick = next_of(seed, if depth == 0 { 4 } else { 7 });
        match pick {
            0 => out.push_str("null"),
            1 => out.push_str("-1.5e3"),
            2 | 3 => {
                out.push('"');
                out.push_str(STRINGS[next_of(seed, 6) as usize]);
                out.push('"');
            }
            4 | 5 => {
                out.push('{');
                let keys = next_of(seed, 4);
                for k in 0..keys {
                    if k > 0 {
                        out.push(',');
                    }
                    out.push_str(ws[next_of(seed, 4) as usize]);
                    let key = match next_of(seed, 4) {
                        0 => V4_KEYS[next_of(seed, 4) as usize],
                        1 => STRINGS[next_of(seed, 6) as usize],
                        _ => "faceVerificationResult",
                    };
                    out.push('"');
                    out.push_str(key);
                    out.push('"');
                    out.push_str(ws[next_of(seed, 4) as usize]);
                    out.push(':');
                    out.push_str(ws[next_of(seed, 4) as usize]);
                    random_json(seed, depth - 1, out);
                }
                out.push('}');
            }
            _ => {
                out.push('[');
                for k in 0..next_of(seed, 3) {
                    if k > 0 {
                        out.push(',');
                    }
                    random_json(seed, depth - 1, out);
                }
                out.push(']');
            }
        }
    }

    /// xorshift: the next pseudo-random number below `n`.
    fn next_of(seed: &mut u64, n: u64) -> u64 {
        *seed ^= *seed << 13;
        *seed ^= *seed >> 7;
        *seed ^= *seed << 17;
        *seed % n
    }

    #[test]
    fn the_scan_tells_what_a_full_parse_tells_on_random_objects() {
        let mut seed = 0x9E37_79B9_7F4A_7C15_u64;
        let mut v4 = 0;
        for _ in 0..20_000 {
            let mut value = String::new();
            random_json(&mut seed, 4, &mut value);
            // A top-level v4 key with a value, one with `null`, both, or none; written plain
            // or with its first letter escaped.
            let key = V4_KEYS[next_of(&mut seed, 4) as usize];
            let key = match next_of(&mut seed, 2) {
                0 => key.to_owned(),
                _ => format!("\\u{:04x}{}", key.as_bytes()[0], &key[1..]),
            };
            let body = match next_of(&mut seed, 4) {
                0 => format!(r#"{{"a":{value}, "{key}" : {{}} }}"#),
                1 => format!(r#"{{"a":{value}, "{key}" :null}}"#),
                2 => format!(r#"{{"{key}": null,"a":{value}, "{key}" : [] }}"#),
                _ => format!(r#"{{"a":{value}}}"#),
            };
            let told = is_v4(body.as_bytes());
            assert_eq!(told, has_v4_key(body.as_bytes()), "{body}");
            v4 += usize::from(told);
            // Cut anywhere, the scan answers; it never panics.
            for cut in [body.len() / 3, body.len() / 2, body.len() - 1] {
                let _ = is_v4(&body.as_bytes()[..cut]);
            }
        }
        // Both shapes occur.
        assert!(v4 > 8_000 && v4 < 12_000, "{v4}");
    }

    #[test]
    fn the_shape_is_told_by_v4_only_keys() {
        for (body, v4) in [
            (
                &br#"{"a":{"externalVerificationResults":1},"b":[1,{"c":2}]}"#[..],
                false,
            ),
            (
                br#"{"a":{"x":[1,2]},"antiSpoofingVerificationResult":{}}"#,
                true,
            ),
            (br#" {"documentConfidenceScores":{}, "#, true),
            (
                br#"{"documentConfidenceScores":null,"faceVerificationResult":{}}"#,
                false,
            ),
            (br#"{"document\u0043onfidenceScores":{}}"#, true),
            (br#"{"document\u0043onfidenceScore":{}}"#, false),
            (br#"{"a":"}\"{","externalVerificationResults":[]}"#, true),
            (
                br#"{"a":"x\\","b":{"faceMatchVerificationResult":1}}"#,
                false,
            ),
            (
                br#" { "faceMatchVerificationResult" : null , "x" : [ "]" ] } "#,
                false,
            ),
            (br#"["faceMatchVerificationResult", {}]"#, false),
        ] {
            assert_eq!(is_v4(body), v4, "{}", String::from_utf8_lossy(body));
        }
        for fixture in ["v3_verify.json", "v4_verify.json", "v4_unknown_fields.json"] {
            let body = dvs_test_support::fixture(fixture);
            assert_eq!(is_v4(&body), fixture.starts_with("v4"), "{fixture}");
            assert_eq!(is_v4(&body), has_v4_key(&body), "{fixture}");
        }
    }

    #[test]
    fn a_result_is_parsed_as_the_shape_told() {
        let v4 =
            Bytes::from_static(br#"{"faceMatchVerificationResult":{"faceMatchConfidence":80}}"#);
        let v3 = Bytes::from_static(br#"{"faceVerificationResult":{"confidence":80}}"#);
        let r4 = parse_result(200, v4, ResultShape::Detect).unwrap();
        let r3 = parse_result(200, v3, ResultShape::Detect).unwrap();
        assert_eq!(r4.api_version, crate::ApiVersion::V4);
        assert_eq!(r3.api_version, crate::ApiVersion::V3);
        assert_eq!(r4.face_match_confidence, r3.face_match_confidence);
        // The reason of a decode error, or what came instead.
        let reason = |parsed: Result<VerificationResult>| match parsed {
            Err(Error::Decode { reason, .. }) => reason,
            other => format!("not a decode error: {other:?}"),
        };
        for (bad, expected) in [
            (&b""[..], "the body is empty"),
            (b"  ", "the body is empty"),
            (b"[1]", "unexpected shape"),
            (b"{\"a\":1", "truncated JSON"),
            (b"{} x", "malformed JSON"),
        ] {
            for shape in [ResultShape::Detect, ResultShape::V3, ResultShape::V4] {
                let got = reason(parse_result(200, Bytes::from_static(bad), shape));
                assert!(got.contains(expected), "{got}");
            }
        }
        // A v4-only key is read as v4, whatever its value.
        let odd = Bytes::from_static(br#"{"faceMatchVerificationResult":"x"}"#);
        assert!(parse_result(200, odd.clone(), ResultShape::V3).is_ok());
        let got = reason(parse_result(200, odd, ResultShape::Detect));
        assert!(got.contains("unexpected shape"), "{got}");
    }
}
