//! The JSON body of a create call, written in one pass into one buffer sized up front.
//!
//! `serde_json` writes each image's base64 straight into the buffer (see `Image`'s
//! `Serialize`), so no per-image base64 string exists. The buffer's capacity is an upper bound
//! computed before writing — the images' exact base64 lengths plus a bound on everything else
//! — so the buffer never grows (a grow would briefly hold two copies of the body).

use std::io;

use bytes::Bytes;
use dvs_core::{Error, RequestV3};

/// Room for the braces, field names, `documentType` and `verifyFace`: about 200 bytes, with slack.
const FIXED_OVERHEAD: usize = 512;
/// The most bytes JSON string escaping can turn one input byte into (`\u00XX`).
const MAX_ESCAPE_FACTOR: usize = 6;

/// Serializes `request` into a body buffer; returns it as shared bytes (no copy).
pub(crate) fn encode(request: &RequestV3) -> Result<Bytes, Error> {
    encode_vec(request).map(Bytes::from)
}

fn encode_vec(request: &RequestV3) -> Result<Vec<u8>, Error> {
    let mut body = Vec::with_capacity(capacity_for(request));
    serde_json::to_writer(&mut body, request).map_err(|_| Error::InvalidInput {
        field: "overriddenSettings",
        reason: "could not be written as JSON".into(),
    })?;
    Ok(body)
}

/// An upper bound on the serialized length of `request`.
pub(crate) fn capacity_for(request: &RequestV3) -> usize {
    let images: usize = request.images().map(|(_, image)| image.base64_len()).sum();
    let texts: usize = [
        request.track_string.as_ref().map(|t| t.len()),
        request.ssn.as_ref().map(|t| t.len()),
        request.capture_method.as_ref().map(String::len),
        request.user_agent.as_ref().map(String::len),
    ]
    .into_iter()
    .flatten()
    .map(|len| len.saturating_mul(MAX_ESCAPE_FACTOR))
    .fold(0usize, usize::saturating_add);
    let settings = request.overridden_settings.as_ref().map_or(0, |settings| {
        let mut counter = ByteCounter(0);
        // Writing into a counter cannot fail; on the impossible error, count nothing extra.
        serde_json::to_writer(&mut counter, settings).map_or(0, |()| counter.0)
    });
    FIXED_OVERHEAD
        .saturating_add(images)
        .saturating_add(texts)
        .saturating_add(settings)
}

/// A writer that only counts bytes.
struct ByteCounter(usize);

impl io::Write for ByteCounter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0 = self.0.saturating_add(buf.len());
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dvs_core::{DocumentType, Image, OverriddenSettingsV3, SensitiveText};

    fn image(len: usize) -> Image {
        let mut bytes = vec![0x5A; len];
        bytes[..4].copy_from_slice(&[0xFF, 0xD8, 0xFF, 0xE0]);
        Image::from_bytes(bytes).unwrap()
    }

    #[test]
    fn buffer_never_grows_and_slack_is_small() {
        for len in [4, 5, 6, 1000, 65_537, 1 << 20] {
            let mut request = RequestV3::new(DocumentType::Id)
                .front(image(len))
                .back(image(len + 1))
                .selfie(image(len + 2))
                .verify_face(true);
            request.track_string = Some(SensitiveText::new(
                "@\n\u{1e}\rANSI 636026080102DL00410288ZA03290015DLDAQD1234562",
            ));
            request.ssn = Some(SensitiveText::new("123-45-6789"));
            request.capture_method = Some("111".into());
            request.user_agent = Some("Mozilla/5.0 \"quoted\" \\ agent".into());
            request.overridden_settings = Some(
                OverriddenSettingsV3::new()
                    .is_ocr_enabled(true)
                    .face_verification(true),
            );
            let capacity = capacity_for(&request);
            let body = encode_vec(&request).unwrap();
            assert!(body.len() <= capacity, "{} > {capacity}", body.len());
            assert_eq!(body.capacity(), capacity, "the buffer grew");
            assert!(
                capacity - body.len() < 2048,
                "slack {}",
                capacity - body.len()
            );
            let parsed: serde_json::Value = serde_json::from_slice(&body).unwrap();
            assert_eq!(parsed["documentType"], 1);
        }
    }

    #[test]
    fn bare_request_fits() {
        let request = RequestV3::new(DocumentType::Passport).front(image(4));
        let body = encode_vec(&request).unwrap();
        assert_eq!(body.capacity(), capacity_for(&request));
        assert_eq!(
            std::str::from_utf8(&body).unwrap(),
            r#"{"documentType":2,"frontImageBase64":"/9j/4A=="}"#
        );
    }
}
