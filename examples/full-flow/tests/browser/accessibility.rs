//! axe-core (fetched by `tests/axe/fetch.sh`, pinned and integrity-checked) run in the page
//! as it stands: the test fails on any violation axe rates serious or critical. Moderate and
//! minor ones are printed.

use std::path::Path;

use fantoccini::Client;
use serde_json::Value;

/// axe-core's script, or why it is missing.
pub(crate) fn script(root: &Path) -> Result<String, String> {
    std::fs::read_to_string(root.join("tests/axe/package/axe.min.js"))
        .map_err(|e| format!("tests/axe/package/axe.min.js ({e}): run tests/axe/fetch.sh"))
}

/// Runs axe on the page in its current state (`state` names it in the messages); panics on
/// a serious or critical violation.
pub(crate) async fn check(client: &Client, axe: &str, state: &str) {
    // WebDriver's scripts are not subject to the page's Content-Security-Policy.
    client
        .execute(&format!("{axe}\nreturn typeof window.axe;"), vec![])
        .await
        .unwrap();
    let result = client
        .execute_async(
            "const done = arguments[arguments.length - 1];\
             window.axe.run(document, { resultTypes: ['violations'] })\
               .then((r) => done(r.violations.map((v) => ({ id: v.id, impact: v.impact,\
                 help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')) }))),\
                     (e) => done({ error: String(e) }));",
            vec![],
        )
        .await
        .unwrap();
    let violations = result
        .as_array()
        .unwrap_or_else(|| panic!("axe failed on {state}: {result}"));
    let (blocking, other): (Vec<&Value>, Vec<&Value>) = violations
        .iter()
        .partition(|v| matches!(v["impact"].as_str(), Some("serious" | "critical")));
    println!(
        "axe-core on {state}: {} serious or critical, {} moderate or minor{}",
        blocking.len(),
        other.len(),
        if other.is_empty() {
            String::new()
        } else {
            format!(
                ": {}",
                Value::from(other.iter().map(|v| (*v).clone()).collect::<Vec<_>>())
            )
        }
    );
    assert!(
        blocking.is_empty(),
        "axe-core found serious or critical violations on {state}: {}",
        Value::from(blocking.into_iter().cloned().collect::<Vec<_>>())
    );
}
