//! The JSON fixtures every suite reads: raw files under `tests/support/fixtures/`, served and
//! parsed byte for byte, never re-serialized through our own types.

use serde_json::Value;

/// The folder of the fixture files, absolute.
const FIXTURES_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures");

/// The raw bytes of the fixture `name`, a path under `tests/support/fixtures/` (e.g.
/// `"v4_verify.json"` or `"errors/not_found.json"`). Panics, naming the file, when it cannot
/// be read.
pub fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{FIXTURES_DIR}/{name}");
    std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read fixture {path}: {e}"))
}

/// The fixture `name` parsed as JSON, for a test that sends it as a request body or compares
/// parts of it. Panics, naming the file, when it is not JSON.
pub fn fixture_json(name: &str) -> Value {
    serde_json::from_slice(&fixture(name))
        .unwrap_or_else(|e| panic!("fixture {name} is not JSON: {e}"))
}
