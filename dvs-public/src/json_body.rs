//! The JSON body of a create call, streamed from the raw images as it is uploaded
//! ([`StreamingJson`] explains how).

use dvs_core::internal::StreamingJson;
use dvs_core::{Error, RequestV3};

/// The body of `request`, ready to stream (or to buffer, where the transport needs bytes).
pub(crate) fn encode(request: &RequestV3) -> Result<StreamingJson, Error> {
    StreamingJson::new(request).map_err(|_| Error::InvalidInput {
        field: "overriddenSettings",
        reason: "could not be written as JSON".into(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use dvs_core::{DocumentType, Image, OverriddenSettingsV3, SensitiveText};

    fn image(len: usize) -> Image {
        Image::from_bytes(dvs_test_support::jpeg(len, len as u64)).unwrap()
    }

    #[test]
    fn streamed_body_is_the_json_with_an_exact_length() {
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
            let expected = serde_json::to_vec(&request).unwrap();
            let body = encode(&request).unwrap();
            assert_eq!(body.len(), expected.len());
            let streamed: Vec<u8> = body.chunks().flat_map(|c| c.to_vec()).collect();
            assert_eq!(streamed, expected);
            let parsed: serde_json::Value = serde_json::from_slice(&streamed).unwrap();
            assert_eq!(parsed["documentType"], 1);
        }
    }

    #[test]
    fn bare_request() {
        let request = RequestV3::new(DocumentType::Passport).front(image(4));
        let body = encode(&request).unwrap();
        assert_eq!(
            &body.to_bytes()[..],
            br#"{"documentType":2,"frontImageBase64":"/9j/4A=="}"#
        );
    }
}
