//! Reading a verification result out of a 2xx body: v3 or v4 shape, mapped to
//! [`VerificationResult`] with decode errors that never quote the body.

use bytes::Bytes;
use serde::Deserialize;
use serde::de::IgnoredAny;

use dvs_core::http::decode_json;
use dvs_core::{Error, RequestId, VerificationResult};

use crate::Result;

/// Which response shape to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    /// `VerifyResponseV3` (`POST /api/v3/Verify`).
    V3,
    /// `VerifyResponseV4` (`POST /api/v4/verify`).
    V4,
    /// Either: the Verify-by-id answer and the stored result are documented as v3, but the
    /// result endpoint also serves requests made through v4, so the shape is told by its keys.
    Detect,
}

/// Keys only a v4 response has.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct V4Probe {
    #[serde(default)]
    face_match_verification_result: Option<IgnoredAny>,
    #[serde(default)]
    anti_spoofing_verification_result: Option<IgnoredAny>,
    #[serde(default)]
    document_confidence_scores: Option<IgnoredAny>,
    #[serde(default)]
    external_verification_results: Option<IgnoredAny>,
}

impl V4Probe {
    fn is_v4(&self) -> bool {
        self.face_match_verification_result.is_some()
            || self.anti_spoofing_verification_result.is_some()
            || self.document_confidence_scores.is_some()
            || self.external_verification_results.is_some()
    }
}

/// Parses a result body of `shape` (the body is kept as the result's raw JSON).
pub(crate) fn parse_result(status: u16, body: Bytes, shape: Shape) -> Result<VerificationResult> {
    let v4 = match shape {
        Shape::V3 => false,
        Shape::V4 => true,
        Shape::Detect => decode_json::<V4Probe>(status, &body)?.is_v4(),
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

    #[test]
    fn the_shape_is_detected_from_v4_only_keys() {
        let v4 =
            Bytes::from_static(br#"{"faceMatchVerificationResult":{"faceMatchConfidence":80}}"#);
        let v3 = Bytes::from_static(br#"{"faceVerificationResult":{"confidence":80}}"#);
        let r4 = parse_result(200, v4, Shape::Detect).unwrap();
        let r3 = parse_result(200, v3, Shape::Detect).unwrap();
        assert_eq!(r4.api_version, dvs_core::ApiVersion::V4);
        assert_eq!(r3.api_version, dvs_core::ApiVersion::V3);
        assert_eq!(r4.face_match_confidence, r3.face_match_confidence);
    }
}
