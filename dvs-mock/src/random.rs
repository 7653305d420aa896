//! Fresh random ids, keys and trace ids, without a random-number dependency.
//!
//! Bytes come from SipHash keyed by [`RandomState`] (seeded from the OS once per thread),
//! fed with a process-wide counter and the clock. That is unpredictable enough for mock keys
//! and request ids; it is not meant for real secrets.

use std::hash::{BuildHasher, Hasher, RandomState};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use dvs_core::RequestId;

static COUNTER: AtomicU64 = AtomicU64::new(0);

/// 16 random bytes with the version-4 UUID bits set.
pub(crate) fn uuid_bytes() -> [u8; 16] {
    let count = COUNTER.fetch_add(1, Ordering::Relaxed);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let mut out = [0u8; 16];
    for (half, chunk) in out.chunks_exact_mut(8).enumerate() {
        let mut hasher = RandomState::new().build_hasher();
        hasher.write_u64(count);
        hasher.write_u128(nanos);
        hasher.write_usize(half);
        chunk.copy_from_slice(&hasher.finish().to_le_bytes());
    }
    out[6] = (out[6] & 0x0f) | 0x40;
    out[8] = (out[8] & 0x3f) | 0x80;
    out
}

/// A fresh request id.
pub(crate) fn request_id() -> RequestId {
    RequestId::from_bytes(uuid_bytes())
}

/// A fresh W3C-style trace id, as ASP.NET puts in error bodies (`00-<32 hex>-<16 hex>-00`).
pub(crate) fn trace_id() -> String {
    let hex: String = request_id()
        .as_str()
        .chars()
        .filter(|c| *c != '-')
        .collect();
    format!("00-{hex}-{}-00", &hex[..16])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_differ_and_are_uuids() {
        let a = request_id();
        let b = request_id();
        assert_ne!(a, b);
        assert_eq!(a.as_str().parse::<RequestId>(), Ok(a));
        assert_eq!(&a.as_str()[14..15], "4");
        assert_eq!(trace_id().len(), 3 + 32 + 1 + 16 + 3);
    }
}
