//! API key parsing: any text is accepted or refused with a `KeyError`, and neither the key's
//! `Debug` nor the error's message holds the text.
#![no_main]

use dvs_core::{PublicKey, SecretKey};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // Worth hiding: long, key-like (a digit, no white space). Shorter or spaced texts can be
    // words of the fixed messages themselves (the fuzzer found "secret key (sk_)").
    let secretish = text.len() >= 12
        && text.bytes().any(|b| b.is_ascii_digit())
        && !text.chars().any(char::is_whitespace);
    match PublicKey::new(text) {
        Ok(key) => {
            assert_eq!(key.expose_secret(), text);
            assert!(!secretish || !format!("{key:?}").contains(text));
        }
        Err(e) => assert!(!secretish || !e.to_string().contains(text)),
    }
    match SecretKey::new(text) {
        Ok(key) => {
            assert_eq!(key.expose_secret(), text);
            assert!(!secretish || !format!("{key:?}").contains(text));
        }
        Err(e) => assert!(!secretish || !e.to_string().contains(text)),
    }
});
