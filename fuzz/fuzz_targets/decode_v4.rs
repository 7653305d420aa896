//! A v4 verify answer (`VerifyResponseV4`), as `VerificationResult::parse_v4` reads it; on
//! success the policy, the summary and `Debug` run on it too; it must accept exactly what a
//! plain `serde_json` parse of `ResponseV4` accepts.
#![no_main]

use bytes::Bytes;
use dvs_secret::{Policy, VerificationResult};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let parsed = VerificationResult::parse_v4(Bytes::copy_from_slice(data));
    let direct = serde_json::from_slice::<dvs_core::ResponseV4>(data);
    // `parse_v4` skips `requestData` and `content` instead of building them: it must accept
    // and refuse exactly what a full parse does.
    assert_eq!(parsed.is_ok(), direct.is_ok());
    if let Ok(result) = parsed {
        let decision = Policy::default().decide(&result);
        let _ = serde_json::to_vec(&decision.summary(&result));
        let _ = format!("{result:?} {decision:?}");
    }
    if let Ok(response) = direct {
        let _ = serde_json::to_vec(&response);
    }
});
