//! Reading a verification result out of a 2xx body: v3 or v4 shape, mapped to
//! [`VerificationResult`] with decode errors that never quote the body.

use std::sync::atomic::{AtomicU8, Ordering};

use bytes::Bytes;
use serde::de::IgnoredAny;

use dvs_core::http::decode_json;
use dvs_core::models::{ResponseV3, ResponseV4};
use dvs_core::{Error, RequestId, VerificationResult};

use crate::Result;

/// Which response shape to read.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Shape<'a> {
    /// `VerifyResponseV3` (`POST /api/v3/Verify`).
    V3,
    /// `VerifyResponseV4` (`POST /api/v4/verify`).
    V4,
    /// Either: the Verify-by-id answer and the stored result are documented as v3, but the
    /// result endpoint also serves requests made through v4, so the shape is told by its keys.
    /// The hint (shared by a client's clones) remembers the shape last told.
    Detect(&'a ShapeHint),
}

/// The shape a client's server answered with last, so that the next answer can be parsed
/// as that shape at once instead of probed first (a server answers one endpoint with one
/// shape). The guess is checked against the parsed value, and a wrong guess falls back to
/// the probe, so the result is always the one the probe would give.
/// (0 until a shape is told.)
#[derive(Debug, Default)]
pub(crate) struct ShapeHint(AtomicU8);

/// A client's hints, one per endpoint that is probed (a stored result may have been made
/// through v4 while Verify-by-id answers v3).
#[derive(Debug, Default)]
pub(crate) struct ShapeHints {
    /// `POST /api/v3/Verify/{id}`.
    pub(crate) verify: ShapeHint,
    /// `GET /api/v3/Request/{id}/result`.
    pub(crate) stored_result: ShapeHint,
}

impl ShapeHint {
    const V3: u8 = 3;
    const V4: u8 = 4;

    fn get(&self) -> u8 {
        self.0.load(Ordering::Relaxed)
    }

    fn set(&self, v4: bool) {
        self.0
            .store(if v4 { Self::V4 } else { Self::V3 }, Ordering::Relaxed);
    }

    /// The body parsed as the hinted shape, when there is a hint and the parsed value
    /// proves it right: the probe would have chosen the same shape. `None` otherwise (no
    /// hint, a parse error, or a value of the other shape), and the caller probes.
    fn parse(&self, body: &Bytes) -> Option<VerificationResult> {
        match self.get() {
            Self::V4 => {
                // As `VerificationResult::parse_v4` reads it: echoes checked, not built.
                let response = ResponseV4::parse_without_echoes(body).ok()?;
                // A v4-only field with a value: the body has a v4-only key that is not null.
                let v4 = response.face_match_verification_result.is_some()
                    || response.anti_spoofing_verification_result.is_some()
                    || !response.document_confidence_scores.is_empty()
                    || !response.external_verification_results.is_empty();
                v4.then(|| VerificationResult::from_v4(response, body.clone()))
            }
            Self::V3 => {
                let response: ResponseV3 = serde_json::from_slice(body).ok()?;
                // v4-only keys land among the unmodelled fields, with their values.
                let v4 = V4_KEYS
                    .iter()
                    .any(|key| response.extra.get(key).is_some_and(|v| !v.is_null()));
                (!v4).then(|| VerificationResult::from_v3(response, body.clone()))
            }
            _ => None, // no shape told yet
        }
    }
}

/// Top-level keys only a v4 response has (with a value other than `null`).
const V4_KEYS: [&str; 4] = [
    "faceMatchVerificationResult",
    "antiSpoofingVerificationResult",
    "documentConfidenceScores",
    "externalVerificationResults",
];

/// Whether the body has a v4-only top-level key: a byte scan that stops at the first one
/// (for a v4 body, just after `document`), falling back to a serde walk of the top-level keys
/// when the scan cannot tell (an escaped key, a body that is not an object). This runs before
/// the real parse on a client's first call to an endpoint and whenever its [`ShapeHint`]
/// proves wrong, so it must cost little next to the parse; whatever it answers, the real
/// parse still validates the whole body.
fn has_v4_key(status: u16, body: &[u8]) -> Result<bool> {
    match scan_for_v4_key(body) {
        Some(found) => Ok(found),
        None => walk_for_v4_key(status, body),
    }
}

/// Scans the top-level object's keys for a v4-only one with a non-`null` value. `None` when
/// the scan cannot tell: not an object, an escaped top-level key, or a truncated body.
///
/// Only `"`, `{` and `}` matter, found with `memchr` (SIMD): strings are skipped whole (their
/// contents can hold any of them), objects nest, and a string at depth 1 followed by `:` is
/// a top-level key. Arrays need no tracking: they hold no keys, and a string inside one is
/// never followed by `:`.
fn scan_for_v4_key(body: &[u8]) -> Option<bool> {
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
                    if body.get(colon) == Some(&b':') {
                        if escaped {
                            return None;
                        }
                        let key = &body[i + 1..end - 1];
                        if V4_KEYS.iter().any(|k| k.as_bytes() == key)
                            && !body.get(skip_ws(colon + 1)..)?.starts_with(b"null")
                        {
                            return Some(true);
                        }
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
}

/// Walks the top-level keys with serde, skipping values, up to the first v4-only one.
fn walk_for_v4_key(status: u16, body: &[u8]) -> Result<bool> {
    use std::cell::Cell;
    use std::fmt;

    use serde::de::{self, DeserializeSeed, MapAccess, Visitor};

    /// One top-level key: records in `found` whether it is v4-only.
    struct Key<'a>(&'a Cell<bool>);

    impl<'de> DeserializeSeed<'de> for Key<'_> {
        type Value = ();
        fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
            deserializer.deserialize_str(self)
        }
    }

    impl Visitor<'_> for Key<'_> {
        type Value = ();
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a key")
        }
        fn visit_str<E: de::Error>(self, key: &str) -> Result<(), E> {
            self.0.set(V4_KEYS.contains(&key));
            Ok(())
        }
    }

    /// Walks the top-level object; stops (with an error that only ends the walk) at the
    /// first v4-only key.
    struct Probe<'a>(&'a Cell<bool>);

    impl<'de> Visitor<'de> for Probe<'_> {
        type Value = ();
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a JSON object")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
            while map.next_key_seed(Key(self.0))?.is_some() {
                // A v4 key counts when its value is not `null`.
                let value = map.next_value::<Option<IgnoredAny>>()?;
                if self.0.get() && value.is_some() {
                    return Err(de::Error::custom("found a v4 key"));
                }
                self.0.set(false);
            }
            Ok(())
        }
    }

    if body.iter().all(u8::is_ascii_whitespace) {
        // The same error as every other empty body.
        decode_json::<IgnoredAny>(status, body)?;
    }
    let found = Cell::new(false);
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let walked = de::Deserializer::deserialize_map(&mut deserializer, Probe(&found));
    if found.get() {
        return Ok(true);
    }
    walked.map_err(|e| Error::decode(status, &e))?;
    deserializer.end().map_err(|e| Error::decode(status, &e))?;
    Ok(false)
}

/// Parses a result body of `shape` (the body is kept as the result's raw JSON).
pub(crate) fn parse_result(status: u16, body: Bytes, shape: Shape) -> Result<VerificationResult> {
    let v4 = match shape {
        Shape::V3 => false,
        Shape::V4 => true,
        Shape::Detect(hint) => {
            if let Some(result) = hint.parse(&body) {
                return Ok(result);
            }
            let v4 = has_v4_key(status, &body)?;
            hint.set(v4);
            v4
        }
    };
    let parsed = if v4 {
        VerificationResult::parse_v4(body)
    } else {
        VerificationResult::parse_v3(body)
    };
    parsed.map_err(|e| Error::decode(status, &e))
}

/// Refuses a result that names another request than the one asked about.
pub(crate) fn check_request_id(
    status: u16,
    asked: &RequestId,
    result: &VerificationResult,
) -> Result<()> {
    match result.request_id {
        Some(got) if got != *asked => Err(Error::Decode {
            status,
            reason: "the result names a different request id than the one asked for".into(),
        }),
        _ => Ok(()),
    }
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

    /// A random JSON text built to trip the scan: v4 keys at every depth, `null` values,
    /// arrays of objects, strings holding brackets, quotes and escapes, uneven whitespace.
    fn random_json(seed: &mut u64, depth: u32, out: &mut String) {
        fn next_of(seed: &mut u64, n: u64) -> u64 {
            *seed ^= *seed << 13;
            *seed ^= *seed >> 7;
            *seed ^= *seed << 17;
            *seed % n
        }
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

    #[test]
    fn the_scan_agrees_with_a_serde_walk_on_random_objects() {
        let mut seed = 0x9E37_79B9_7F4A_7C15_u64;
        let (mut told, mut v4) = (0, 0);
        for _ in 0..20_000 {
            let mut text = String::from("{");
            random_json(&mut seed, 4, &mut text);
            // Wrap the value as the first key's; then, one time in four each, a top-level v4
            // key with a value, one with `null`, or both; or none.
            let key = V4_KEYS[(seed % 4) as usize];
            let body = match (seed >> 8) % 4 {
                0 => format!(r#"{{"a":{}, "{key}" : {{}} }}"#, &text[1..]),
                1 => format!(r#"{{"a":{}, "{key}" :null}}"#, &text[1..]),
                2 => format!(r#"{{"{key}": null,"a":{}, "{key}" : [] }}"#, &text[1..]),
                _ => format!(r#"{{"a":{}}}"#, &text[1..]),
            };
            let walked = walk_for_v4_key(200, body.as_bytes()).unwrap();
            if let Some(scanned) = scan_for_v4_key(body.as_bytes()) {
                assert_eq!(scanned, walked, "{body}");
                told += 1;
            }
            v4 += usize::from(walked);
            // Cut anywhere, the scan answers or gives up; it never panics.
            for cut in [body.len() / 3, body.len() / 2, body.len() - 1] {
                let _ = scan_for_v4_key(&body.as_bytes()[..cut]);
            }
        }
        // The scan decides nearly every case itself, and both shapes occur.
        assert!(told > 15_000, "{told}");
        assert!(v4 > 8_000 && v4 < 13_000, "{v4}");
    }

    /// What a parse told: the shape and the scores, or that it failed.
    fn told(parsed: Result<VerificationResult>) -> Option<String> {
        parsed.ok().map(|r| {
            format!(
                "{:?} {:?} {:?} {:?} {:?} {:?} {}",
                r.api_version,
                r.request_id,
                r.document_confidence,
                r.face_match_confidence,
                r.anti_spoofing_confidence,
                r.flags,
                r.external_checks.len()
            )
        })
    }

    #[test]
    fn a_hinted_parse_tells_what_the_probe_tells() {
        let mut bodies: Vec<Vec<u8>> =
            ["v3_verify.json", "v4_verify.json", "v4_unknown_fields.json"]
                .iter()
                .map(|f| dvs_test_support::fixture(f))
                .collect();
        bodies.extend(
            [
                &br#"{"documentConfidenceScores":{},"externalVerificationResults":[]}"#[..],
                br#"{"faceMatchVerificationResult":null,"faceVerificationResult":{}}"#,
                br#"{"antiSpoofingVerificationResult":{}}"#,
                br#"{"document\u0043onfidenceScores":{"a":1}}"#,
                br#"{"documentVerificationResult":{"totalConfidence":80}}"#,
                br#"{"requestId":"not-a-uuid"}"#,
                b"{\"a\":1",
                b"",
            ]
            .map(<[u8]>::to_vec),
        );
        let mut seed = 0x2545_F491_4F6C_DD1D_u64;
        for _ in 0..3_000 {
            let mut text = String::from("{");
            random_json(&mut seed, 3, &mut text);
            let key = V4_KEYS[(seed % 4) as usize];
            bodies.push(format!(r#"{{"a":{}, "{key}" : {{}} }}"#, &text[1..]).into_bytes());
            bodies.push(format!(r#"{{"a":{}}}"#, &text[1..]).into_bytes());
        }
        // One hint across all bodies, as a client's across its calls, starting from each
        // state; every parse must tell what a parse without a hint tells.
        for first in [None, Some(false), Some(true)] {
            let hint = ShapeHint::default();
            if let Some(v4) = first {
                hint.set(v4);
            }
            for body in &bodies {
                let body = Bytes::from(body.clone());
                let probed = told(parse_result(
                    200,
                    body.clone(),
                    Shape::Detect(&ShapeHint::default()),
                ));
                let hinted = told(parse_result(200, body.clone(), Shape::Detect(&hint)));
                assert_eq!(hinted, probed, "{:?}", String::from_utf8_lossy(&body));
            }
        }
        // A told shape is remembered, and a run of one shape parses without a probe.
        let hint = ShapeHint::default();
        let v4 = Bytes::from(bodies[1].clone());
        parse_result(200, v4.clone(), Shape::Detect(&hint)).unwrap();
        assert_eq!(hint.get(), ShapeHint::V4);
        assert!(hint.parse(&v4).is_some());
        let v3 = Bytes::from(bodies[0].clone());
        assert!(hint.parse(&v3).is_none(), "a v3 body is not taken for v4");
        parse_result(200, v3.clone(), Shape::Detect(&hint)).unwrap();
        assert_eq!(hint.get(), ShapeHint::V3);
        assert!(hint.parse(&v3).is_some());
        assert!(hint.parse(&v4).is_none(), "a v4 body is not taken for v3");
    }

    #[test]
    fn the_shape_is_detected_from_v4_only_keys() {
        let v4 =
            Bytes::from_static(br#"{"faceMatchVerificationResult":{"faceMatchConfidence":80}}"#);
        let v3 = Bytes::from_static(br#"{"faceVerificationResult":{"confidence":80}}"#);
        let r4 = parse_result(200, v4, Shape::Detect(&ShapeHint::default())).unwrap();
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
            (br#"{"a":"}\"{","externalVerificationResults":[]}"#, true),
            (
                br#"{"a":"x\\","b":{"faceMatchVerificationResult":1}}"#,
                false,
            ),
            (
                br#" { "faceMatchVerificationResult" : null , "x" : [ "]" ] } "#,
                false,
            ),
        ] {
            assert_eq!(has_v4_key(200, body).unwrap(), v4);
            assert_eq!(walk_for_v4_key(200, body).unwrap(), v4);
            assert!(scan_for_v4_key(body).is_none_or(|scanned| scanned == v4));
        }
        for fixture in ["v3_verify.json", "v4_verify.json", "v4_unknown_fields.json"] {
            let body = dvs_test_support::fixture(fixture);
            let walked = walk_for_v4_key(200, &body).unwrap();
            assert_eq!(scan_for_v4_key(&body), Some(walked), "{fixture}");
            assert_eq!(walked, fixture.starts_with("v4"), "{fixture}");
        }
        for bad in [&b""[..], b"  ", b"[1]", b"{\"a\":1", b"{} x"] {
            let parsed = parse_result(
                200,
                Bytes::from_static(bad),
                Shape::Detect(&ShapeHint::default()),
            );
            assert!(matches!(parsed, Err(Error::Decode { .. })));
        }
        let r3 = parse_result(200, v3, Shape::Detect(&ShapeHint::default())).unwrap();
        assert_eq!(r4.api_version, dvs_core::ApiVersion::V4);
        assert_eq!(r3.api_version, dvs_core::ApiVersion::V3);
        assert_eq!(r4.face_match_confidence, r3.face_match_confidence);
    }
}
