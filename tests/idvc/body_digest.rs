// The digest `tests/idvc/sent-bodies.txt` pins for each payload's body, shared by
// `dvs-public/tests/it/idvc_golden.rs` (native) and `wasm-tests` (WebAssembly) through
// `include!`: FNV-1a (64 bits) over the body's fields in name order, `name=value\n` with
// the value as compact JSON. Not a security measure: it only tells two builds' bodies apart.

/// The digest of a request body's fields.
fn body_digest(body: &serde_json::Map<String, serde_json::Value>) -> String {
    let mut fields: Vec<_> = body.iter().collect();
    fields.sort_by(|a, b| a.0.cmp(b.0));
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for (name, value) in fields {
        for byte in format!("{name}={value}\n").bytes() {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
}
