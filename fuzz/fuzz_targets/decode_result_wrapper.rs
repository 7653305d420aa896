//! The stored-result wrapper (`GET /api/v3/Request/{id}/result`, `RequestResultV3`) and the
//! create answer (`CreateRequestResponse`).
#![no_main]

use dvs_core::models::RequestResultV3;
use dvs_core::{CreateRequestResponse, VerificationResult};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(wrapper) = serde_json::from_slice::<RequestResultV3>(data) {
        let _ = format!("{wrapper:?}");
        let _ = serde_json::to_vec(&wrapper);
        if let Some(inner) = wrapper.verification_result {
            let result = VerificationResult::from_v3(inner, bytes::Bytes::new());
            let _ = format!("{result:?}");
        }
    }
    if let Ok(created) = serde_json::from_slice::<CreateRequestResponse>(data) {
        let _ = format!("{created:?}");
        let _ = serde_json::to_vec(&created);
    }
});
