//! A v3 Verify answer (`VerifyResponseV3`), as `VerificationResult::parse_v3` reads it; on
//! success the policy, the summary and `Debug` run on it too.
#![no_main]

use bytes::Bytes;
use dvs_secret::{Policy, VerificationResult};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(result) = VerificationResult::parse_v3(Bytes::copy_from_slice(data)) {
        let decision = Policy::default().decide(&result);
        let _ = serde_json::to_vec(&decision.summary(&result));
        let _ = format!("{result:?} {decision:?}");
    }
    // The typed model alone (also reachable through the result wrapper).
    if let Ok(response) = serde_json::from_slice::<dvs_core::ResponseV3>(data) {
        let _ = serde_json::to_vec(&response);
    }
});
