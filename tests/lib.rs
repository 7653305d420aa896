//! Cross-crate tests of dvs-rs live in `it/`; this library is empty on purpose.
#![forbid(unsafe_code)]
