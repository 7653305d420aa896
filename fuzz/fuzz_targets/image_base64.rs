//! Base64 image input (`Image::from_base64`, data URIs, white space) and raw bytes: decoded
//! images re-encode to the same bytes.
#![no_main]

use dvs_core::Image;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(image) = Image::from_base64(text) {
            let json = serde_json::to_string(&image).unwrap_or_default();
            let back: Image = serde_json::from_str(&json).expect("re-encoded image decodes");
            assert_eq!(back, image);
            assert_eq!(image.base64_len() + 2, json.len());
            let _ = format!("{image:?}");
        }
    }
    if let Ok(image) = Image::from_bytes(data.to_vec()) {
        assert_eq!(image.as_bytes(), data);
    }
});
