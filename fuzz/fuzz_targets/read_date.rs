//! The document date reader and the typed document accessors on untrusted text: never a
//! panic; an accepted date reads back from its ISO form; ages and expiry never panic either.
#![no_main]

use dvs_core::read_date;
use dvs_secret::{Document, DocumentChecks, IdentityClaim, Policy, VerificationResult, names_match};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(date) = read_date(&text) {
        assert_eq!(read_date(&date.to_string()), Ok(date));
        let error = read_date(&format!("{text}x")).err();
        let _ = error.map(|e| e.to_string());
    }
    let Ok(on) = dvs_core::Date::new(2026, 11, 30) else {
        return;
    };
    let mut document = Document::default();
    document.dob = Some(text.to_string());
    document.issued = Some(text.to_string());
    document.expires = Some(text.to_string());
    document.full_name = Some(text.to_string());
    let _ = document.age_on(on);
    let _ = document.is_expired_on(on);
    if let Some(name) = document.person_name() {
        let _ = names_match(&name, &text);
    }
    // The same text through a whole result and a policy with every document check.
    let body = serde_json::json!({"document": {"dob": text, "expires": text, "fullName": text}});
    if let Ok(result) = VerificationResult::parse_v4(body.to_string().into()) {
        let claim = IdentityClaim::new().with_name(text.to_string());
        let _ = Policy::default()
            .with_min_age(21)
            .with_expiry_grace_days(u16::MAX)
            .decide_with_claim(&result, on, &claim);
    }
});
