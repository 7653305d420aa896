//! The stored-result wrapper (`GET /api/v3/Request/{id}/result`: its `verificationResult`,
//! read as a v3 result) and the create answer (`CreateRequestResponse`).
#![no_main]

use dvs_core::ResponseV3;
use dvs_core::CreateRequestResponse;
use dvs_secret::VerificationResult;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(wrapper) = serde_json::from_slice::<serde_json::Value>(data) {
        if let Ok(inner) = serde_json::from_value::<ResponseV3>(wrapper["verificationResult"].clone()) {
            let _ = format!("{inner:?}");
            let result = VerificationResult::from_v3(inner, bytes::Bytes::new());
            let _ = format!("{result:?}");
        }
    }
    if let Ok(created) = serde_json::from_slice::<CreateRequestResponse>(data) {
        let _ = format!("{created:?}");
        let _ = serde_json::to_vec(&created);
    }
});
