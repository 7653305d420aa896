//! Figure 5: decoding a full v4 result with `returnContent` images (≈ 10 MiB of JSON) — the
//! SDK's `VerificationResult::parse_v4` against `serde_json::from_slice::<Value>`, the
//! usual hand-written way to read a response one has not modelled.

use std::hint::black_box;
use std::time::Instant;

use bytes::Bytes;
use dvs_secret::VerificationResult;

use crate::fixtures::{self, MIB};
use crate::stats::median;
use crate::{BoxError, resident_memory};

/// The ways of decoding that are measured.
pub(crate) const VARIANTS: [&str; 2] = ["sdk", "baseline"];

fn decode(variant: &str, body: &Bytes) -> Result<usize, BoxError> {
    Ok(match variant {
        "sdk" => {
            let result = VerificationResult::parse_v4(body.clone())?;
            black_box(&result);
            result.raw_json().len()
        }
        _ => {
            let value: serde_json::Value = serde_json::from_slice(body)?;
            black_box(&value);
            value.as_object().map_or(0, serde_json::Map::len)
        }
    })
}

/// Decoding speed of `variant`, MiB of JSON per second (median of `runs`); and the body's size.
pub(crate) fn throughput(variant: &str, runs: usize) -> Result<(f64, usize), BoxError> {
    let body = Bytes::from(fixtures::v4_result_with_content());
    let mib = body.len() as f64 / MIB as f64;
    decode(variant, &body)?;
    let mut rates = Vec::with_capacity(runs);
    for _ in 0..runs {
        let start = Instant::now();
        decode(variant, &body)?;
        rates.push(mib / start.elapsed().as_secs_f64());
    }
    Ok((median(&rates), body.len()))
}

/// In the child: decodes once and prints `extra=BYTES body=BYTES` (peak resident memory above
/// the level once the body is held).
pub(crate) fn child(variant: &str) -> Result<(), BoxError> {
    let body = Bytes::from(fixtures::v4_result_with_content());
    let base = resident_memory::current();
    resident_memory::reset_peak();
    decode(variant, &body)?;
    let extra = resident_memory::peak().saturating_sub(base);
    println!("extra={extra} body={}", body.len());
    Ok(())
}

/// In the parent: runs `variant` in a child process; returns the extra peak ÷ body size.
pub(crate) fn run_child(variant: &str) -> Result<f64, BoxError> {
    let output = crate::child_process::run(&["mem-decode", variant], &[])?;
    let (extra, body) = (output.field("extra")?, output.field("body")?);
    if body > 0.0 {
        Ok(extra / body)
    } else {
        Err(format!("mem-decode {variant}: an empty body").into())
    }
}
