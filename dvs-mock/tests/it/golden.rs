//! Golden bodies built by IDScan's own web library (`tests/idvc/`, see docs/testing.md):
//! every v3 body is accepted by `POST /api/v3/Request`, every v4 body by
//! `POST /api/v4/verify`, and both are refused with strict fields.
//!
//! The bodies come from `IDVC_GOLDEN_DIR` (relative to the workspace root), or else
//! `tests/idvc/out` in the workspace when it exists. Without them the test prints why and passes (a bare machine has no Node.js
//! and no copy of the library); with `IDVC_GOLDEN_DIR` set, a missing or empty folder fails.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use dvs_mock::MockDvs;
use serde_json::Value;

use crate::support::{Answer, keys, post_raw, verify};

/// Where the golden bodies are, and whether they were asked for explicitly. A relative
/// `IDVC_GOLDEN_DIR` is taken from the workspace root (cargo runs tests in the package's
/// folder).
fn golden_dir() -> Option<(PathBuf, bool)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent()?;
    if let Some(dir) = std::env::var_os("IDVC_GOLDEN_DIR") {
        return Some((root.join(dir), true));
    }
    let default = root.join("tests/idvc/out");
    default.is_dir().then_some((default, false))
}

/// One golden body.
struct Golden {
    name: String,
    v4: bool,
    bytes: Vec<u8>,
    json: Value,
}

impl Golden {
    fn path(&self) -> &'static str {
        if self.v4 {
            "api/v4/verify"
        } else {
            "api/v3/Request"
        }
    }

    /// Neither a back image nor a track string: a default account answers
    /// `BackImageOrTrackStringNotPresentError` for document types that read a back.
    fn lacks_back(&self) -> bool {
        let empty = |v: Option<&Value>| v.is_none_or(|v| v.is_null() || v.as_str() == Some(""));
        let track = if self.v4 {
            self.json.get("trackString").and_then(|t| t.get("data"))
        } else {
            self.json.get("trackString")
        };
        empty(self.json.get("backOrSecondImageBase64")) && empty(track)
    }
}

fn load(dir: &Path) -> Vec<Golden> {
    let mut bodies = Vec::new();
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let v4 = match () {
            () if name.ends_with(".v3.json") => false,
            () if name.ends_with(".v4.json") => true,
            () => continue,
        };
        let bytes = std::fs::read(&path).unwrap();
        let json = serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        bodies.push(Golden {
            name,
            v4,
            bytes,
            json,
        });
    }
    bodies.sort_by(|a, b| a.name.cmp(&b.name));
    bodies
}

/// Sends a golden body byte for byte with the key the endpoint takes (public for create).
async fn send(mock: &MockDvs, golden: &Golden) -> Answer {
    let (pk, sk) = keys(mock);
    let key = if golden.v4 { sk } else { pk };
    post_raw(mock, golden.path(), Some(&key), golden.bytes.clone()).await
}

#[tokio::test]
async fn bodies_from_idscans_web_library_are_accepted() {
    let Some((dir, required)) = golden_dir() else {
        println!(
            "golden: skipped: no golden bodies (set IDVC_GOLDEN_DIR, or run tests/idvc/fetch.sh \
             and node tests/idvc/golden.mjs to make tests/idvc/out)"
        );
        return;
    };
    let bodies = load(&dir);
    if bodies.is_empty() {
        assert!(
            !required,
            "golden: no *.v3.json / *.v4.json in {}",
            dir.display()
        );
        println!("golden: skipped: no bodies in {}", dir.display());
        return;
    }

    let lenient = MockDvs::start().await;
    let front_only = MockDvs::builder().front_only(true).start().await;
    let strict = MockDvs::builder().strict_fields(true).start().await;
    let mut ignored_by_version: [BTreeSet<String>; 2] = Default::default();
    let mut needed_back = Vec::new();
    for golden in &bodies {
        let name = &golden.name;

        // Default account: accepted, or (no back, no track string) the account's answer.
        let answer = send(&lenient, golden).await;
        let ignored = lenient.received().pop().unwrap().ignored_fields;
        if answer.status == 200 {
            if !golden.v4 {
                let id = answer.json["requestId"].as_str().unwrap();
                let verified = verify(&lenient, id).await;
                assert_eq!(verified.status, 200, "{name} verify: {:?}", verified.json);
            }
        } else {
            assert!(golden.lacks_back(), "{name}: {:?}", answer.json);
            assert_eq!(
                (answer.status, answer.code()),
                (400, Some("BackImageOrTrackStringNotPresentError")),
                "{name}"
            );
            needed_back.push(name.as_str());
        }
        ignored_by_version[usize::from(golden.v4)].extend(ignored.iter().cloned());

        // A front-only account accepts every body.
        let answer = send(&front_only, golden).await;
        assert_eq!(answer.status, 200, "{name} (front only): {:?}", answer.json);

        // Strict fields: refused, naming exactly the fields the lenient mock ignored.
        let answer = send(&strict, golden).await;
        assert_eq!(
            (answer.status, answer.code()),
            (400, Some("ValidationError")),
            "{name} (strict): {:?}",
            answer.json
        );
        let mut refused = answer.property_errors();
        refused.sort();
        assert_eq!(
            refused, ignored,
            "{name}: strict refuses what lenient ignores"
        );
    }

    let v4 = bodies.iter().filter(|g| g.v4).count();
    println!(
        "golden: {} bodies from {} checked against dvs-mock ({} v3 to api/v3/Request, {} v4 to \
         api/v4/verify). Front-only account: all accepted. Default account: {} accepted, \
         BackImageOrTrackStringNotPresentError (no back image, no track string) for {:?}. \
         Strict fields: all refused with ValidationError. Fields the lenient mock ignored: \
         v3 {:?}, v4 {:?}",
        bodies.len(),
        dir.display(),
        bodies.len() - v4,
        v4,
        bodies.len() - needed_back.len(),
        needed_back,
        ignored_by_version[0],
        ignored_by_version[1],
    );
}
