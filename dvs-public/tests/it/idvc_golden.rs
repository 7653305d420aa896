//! What `dvs-public` sends for IDScan's web library's `submit` payloads, field by field
//! against what the library itself sends for them (`prepareRequestDataForDiveApi` of
//! `@idscan/idvc2@3.10.0`, run by `tests/idvc/golden.mjs`; see docs/testing.md).
//!
//! - The payloads are `tests/idvc/payloads/*.json` (committed, synthetic).
//! - The library's bodies come from `IDVC_GOLDEN_DIR` (relative to the workspace root), or
//!   else `tests/idvc/out` when it exists. Without them that comparison prints why and is
//!   skipped (a bare machine has no Node.js and no copy of the library); with
//!   `IDVC_GOLDEN_DIR` set, a missing body fails.
//! - Every difference must be one of [`KNOWN_DIFFERENCES`], each listed with its reason in
//!   docs/api-coverage.md; any other fails the test.
//! - What we send for each payload is pinned in `tests/idvc/sent-bodies.txt` as a digest
//!   of the body, which the WebAssembly tests (`wasm-tests`) check too: so the body the
//!   browser build sends is the one compared with the library's here.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use crate::idvc_submit::sent_body;

/// One kind of difference between the library's body and ours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Difference {
    /// The library sends `""` for a field; we leave the field out.
    EmptyLeftOut,
}

/// The differences we accept, by field, and why (the same list is in docs/api-coverage.md,
/// "Differences from IDScan's web library").
const KNOWN_DIFFERENCES: [(&str, Difference, &str); 5] = [
    (
        "faceImageBase64",
        Difference::EmptyLeftOut,
        "no selfie: an empty image is no image to the service; omitting it cannot be misread",
    ),
    (
        "backOrSecondImageBase64",
        Difference::EmptyLeftOut,
        "no back image",
    ),
    (
        "frontMultiImagesBase64",
        Difference::EmptyLeftOut,
        "no recording (the library's Blob serializes as {} and is sent as \"\")",
    ),
    (
        "faceMultiImagesBase64",
        Difference::EmptyLeftOut,
        "no recording",
    ),
    (
        "trackString",
        Difference::EmptyLeftOut,
        "no barcode or MRZ text",
    ),
];

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// The committed payloads, by stem.
fn payloads() -> BTreeMap<String, Vec<u8>> {
    let dir = workspace_root().join("tests/idvc/payloads");
    let mut payloads = BTreeMap::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "json") {
            let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
            payloads.insert(stem, std::fs::read(&path).unwrap());
        }
    }
    assert!(payloads.len() >= 6, "at least six payload kinds");
    payloads
}

/// Where the library's bodies are, and whether they were asked for explicitly.
fn golden_dir() -> Option<(PathBuf, bool)> {
    let root = workspace_root();
    if let Some(dir) = std::env::var_os("IDVC_GOLDEN_DIR") {
        return Some((root.join(dir), true));
    }
    let default = root.join("tests/idvc/out");
    default.is_dir().then_some((default, false))
}

/// The differences between the library's body and ours, field by field.
fn differences(
    library: &Map<String, Value>,
    ours: &Map<String, Value>,
) -> Vec<(String, Result<Difference, String>)> {
    let mut found = Vec::new();
    for (field, theirs) in library {
        match ours.get(field) {
            Some(mine) if mine == theirs => {}
            Some(mine) => found.push((
                field.clone(),
                Err(format!(
                    "the library sends {}, we send {}",
                    shown(theirs),
                    shown(mine)
                )),
            )),
            None if theirs.as_str() == Some("") => {
                found.push((field.clone(), Ok(Difference::EmptyLeftOut)))
            }
            None => found.push((
                field.clone(),
                Err(format!(
                    "the library sends {}, we leave it out",
                    shown(theirs)
                )),
            )),
        }
    }
    for (field, mine) in ours {
        if !library.contains_key(field) {
            found.push((
                field.clone(),
                Err(format!("we send {}, the library does not", shown(mine))),
            ));
        }
    }
    found.sort_by(|a, b| a.0.cmp(&b.0));
    found
}

/// A value, short: long strings (images) by length.
fn shown(value: &Value) -> String {
    match value {
        Value::String(s) if s.len() > 40 => format!("a {}-byte string", s.len()),
        other => other.to_string(),
    }
}

include!("../../../tests/idvc/body_digest.rs");

fn pinned_digests() -> BTreeMap<String, String> {
    let text =
        std::fs::read_to_string(workspace_root().join("tests/idvc/sent-bodies.txt")).unwrap();
    text.lines()
        .filter(|line| !line.trim().is_empty() && !line.starts_with('#'))
        .map(|line| {
            let (stem, digest) = line.split_once(' ').unwrap();
            (stem.to_owned(), digest.trim().to_owned())
        })
        .collect()
}

#[tokio::test]
async fn what_we_send_for_each_payload_is_pinned() {
    let pinned = pinned_digests();
    let mut computed = BTreeMap::new();
    for (stem, payload) in payloads() {
        computed.insert(stem, body_digest(&sent_body(&payload).await));
    }
    let listing: String = computed
        .iter()
        .map(|(stem, digest)| format!("{stem} {digest}\n"))
        .collect();
    assert_eq!(
        pinned, computed,
        "tests/idvc/sent-bodies.txt is out of date: if the change is intended (and the golden \
         comparison still passes), replace its entries with:\n{listing}"
    );
}

#[tokio::test]
async fn we_send_what_idscans_web_library_sends() {
    let Some((dir, required)) = golden_dir() else {
        println!(
            "golden: skipped: no library bodies (set IDVC_GOLDEN_DIR, or run tests/idvc/fetch.sh \
             and node tests/idvc/golden.mjs to make tests/idvc/out)"
        );
        return;
    };
    let mut compared = 0;
    let mut unexplained = Vec::new();
    let mut seen = BTreeMap::new();
    for (stem, payload) in payloads() {
        let path = dir.join(format!("{stem}.v3.json"));
        let Ok(bytes) = std::fs::read(&path) else {
            assert!(!required, "golden: no {}", path.display());
            println!("golden: skipped {stem}: no {}", path.display());
            continue;
        };
        let Value::Object(library) = serde_json::from_slice(&bytes).unwrap() else {
            panic!("{}: not an object", path.display());
        };
        let ours = sent_body(&payload).await;
        for (field, difference) in differences(&library, &ours) {
            match difference {
                Ok(kind)
                    if KNOWN_DIFFERENCES
                        .iter()
                        .any(|(known, k, _)| *known == field && *k == kind) =>
                {
                    *seen.entry((field, kind)).or_insert(0) += 1;
                }
                Ok(kind) => unexplained.push(format!("{stem}: {field}: {kind:?} (not listed)")),
                Err(what) => unexplained.push(format!("{stem}: {field}: {what}")),
            }
        }
        compared += 1;
    }
    assert!(
        unexplained.is_empty(),
        "differences from IDScan's web library that are neither fixed nor listed in \
         KNOWN_DIFFERENCES and docs/api-coverage.md:\n{}",
        unexplained.join("\n")
    );
    if required {
        assert!(
            compared >= 6,
            "golden: compared {compared} payloads, want at least 6"
        );
    }
    println!("golden: {compared} payloads compared field by field with the library's bodies");
    for ((field, kind), count) in &seen {
        println!("golden:   known difference {field}: {kind:?} in {count} bodies");
    }
}

#[test]
fn the_comparison_catches_each_kind_of_difference() {
    let library: Map<String, Value> = serde_json::from_str(
        r#"{"documentType":1,"faceImageBase64":"","captureMethod":"12","verifyFace":false}"#,
    )
    .unwrap();
    let same: Map<String, Value> =
        serde_json::from_str(r#"{"documentType":1,"captureMethod":"12","verifyFace":false}"#)
            .unwrap();
    assert_eq!(
        differences(&library, &same),
        vec![("faceImageBase64".into(), Ok(Difference::EmptyLeftOut))]
    );
    let wrong: Map<String, Value> = serde_json::from_str(
        r#"{"documentType":2,"faceImageBase64":"","verifyFace":false,"ssn":"1"}"#,
    )
    .unwrap();
    let found: Vec<_> = differences(&library, &wrong)
        .into_iter()
        .map(|(field, d)| (field, d.is_ok()))
        .collect();
    assert_eq!(
        found,
        [
            ("captureMethod".to_owned(), false),
            ("documentType".to_owned(), false),
            ("ssn".to_owned(), false),
        ]
    );
}

#[test]
fn every_known_difference_is_documented() {
    let docs = std::fs::read_to_string(workspace_root().join("docs/api-coverage.md")).unwrap();
    let section = docs
        .split("### Differences from IDScan's web library")
        .nth(1)
        .expect("docs/api-coverage.md has the section");
    for (field, _, _) in KNOWN_DIFFERENCES {
        assert!(
            section.contains(&format!("`{field}`")),
            "{field} is not documented"
        );
    }
}
