//! What the page wrote to Chromium's console, from chromedriver's log endpoint (the
//! capability `goog:loggingPrefs` turns it on): the test fails on any Content-Security-Policy
//! violation the browser reports there ("Refused to load…", "Refused to execute…", "…violates
//! the following Content Security Policy directive…").

use fantoccini::Client;
use serde_json::{Value, json};

/// The browser's console entries since the last call (chromedriver hands each out once).
pub(crate) async fn entries(client: &Client, driver_port: u16) -> Vec<String> {
    let session = client.session_id().await.unwrap().expect("a session");
    let answer: Value = reqwest::Client::new()
        .post(format!(
            "http://127.0.0.1:{driver_port}/session/{session}/se/log"
        ))
        .json(&json!({ "type": "browser" }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    answer["value"]
        .as_array()
        .unwrap_or_else(|| panic!("chromedriver's log answer: {answer}"))
        .iter()
        .map(|entry| {
            format!(
                "{} {}",
                entry["level"].as_str().unwrap_or("?"),
                entry["message"].as_str().unwrap_or("")
            )
        })
        .collect()
}

/// The Content-Security-Policy violations among `entries`.
pub(crate) fn csp_violations(entries: &[String]) -> Vec<&String> {
    entries
        .iter()
        .filter(|line| {
            line.contains("Content Security Policy")
                || line.contains("Content-Security-Policy")
                || line.contains("Refused to ")
        })
        .collect()
}
