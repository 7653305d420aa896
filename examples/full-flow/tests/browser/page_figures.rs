//! The page's figures in Chromium (docs/performance.md): bytes transferred on a first visit
//! (empty cache) and on a repeat visit (same browser, warm cache), from the Performance API's
//! `transferSize` (response headers and body as they crossed the network; `0` for a file the
//! cache answered without asking; a 304's headers when it revalidated), and the time until the
//! page is ready (the page's `dvs-ready` mark: the library loaded, or the file inputs shown).

use std::fmt;
use std::time::{Duration, Instant};

use fantoccini::Client;
use serde::Deserialize;

/// One visit, as the page's Performance API saw it.
#[derive(Debug, Deserialize)]
pub(crate) struct Visit {
    /// Milliseconds from the navigation's start to the page's `dvs-ready` mark.
    pub(crate) ready_ms: f64,
    /// Every response of the visit: the document, then each resource.
    pub(crate) entries: Vec<Entry>,
}

/// One response.
#[derive(Debug, Deserialize)]
pub(crate) struct Entry {
    /// Its URL.
    pub(crate) name: String,
    /// Bytes transferred (headers and encoded body), 0 when the cache answered alone.
    #[serde(rename = "transferSize")]
    pub(crate) transfer_size: u64,
    /// The body's size as it was sent (compressed when it was).
    #[serde(rename = "encodedBodySize")]
    pub(crate) encoded_body_size: u64,
    /// The body's size once decoded.
    #[serde(rename = "decodedBodySize")]
    pub(crate) decoded_body_size: u64,
}

impl Visit {
    /// Bytes transferred in all.
    pub(crate) fn transferred(&self) -> u64 {
        self.entries.iter().map(|e| e.transfer_size).sum()
    }

    /// Bytes of content the visit used, decoded.
    pub(crate) fn decoded(&self) -> u64 {
        self.entries.iter().map(|e| e.decoded_body_size).sum()
    }

    /// Bytes transferred and bytes of content decoded for every response but the library's
    /// model files (`*.gzip`: compressed by IDScan, unpacked by the library itself).
    pub(crate) fn compressible(&self) -> (u64, u64) {
        self.entries
            .iter()
            .filter(|e| !e.name.ends_with(".gzip"))
            .fold((0, 0), |(sent, content), e| {
                (sent + e.transfer_size, content + e.decoded_body_size)
            })
    }
}

impl fmt::Display for Visit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{} B transferred for {} B of content, {} responses, ready after {:.0} ms",
            self.transferred(),
            self.decoded(),
            self.entries.len(),
            self.ready_ms
        )?;
        for entry in &self.entries {
            let path = entry
                .name
                .splitn(4, '/')
                .nth(3)
                .map_or(entry.name.as_str(), |p| p);
            writeln!(
                f,
                "    /{path}: {} B transferred, {} B body sent, {} B decoded",
                entry.transfer_size, entry.encoded_body_size, entry.decoded_body_size
            )?;
        }
        Ok(())
    }
}

/// Opens `url` and waits until the page is ready and in the state `settled` (a JS expression)
/// says, then until no new response has arrived for a second; returns what the visit cost.
/// On a timeout it prints the browser's console (`driver_port`: chromedriver's) and fails.
pub(crate) async fn visit(client: &Client, driver_port: u16, url: &str, settled: &str) -> Visit {
    client.goto(url).await.unwrap();
    let ready =
        format!("return performance.getEntriesByName('dvs-ready').length > 0 && ({settled});");
    let deadline = Instant::now() + Duration::from_secs(240);
    while client.execute(&ready, vec![]).await.unwrap() != serde_json::json!(true) {
        if Instant::now() > deadline {
            let text = client
                .execute("return document.body.innerText;", vec![])
                .await
                .unwrap();
            let console = super::console::entries(client, driver_port).await;
            panic!("{url} was not ready in time; page text: {text}; console: {console:#?}");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let count = "return performance.getEntriesByType('resource').length;";
    let mut seen = client.execute(count, vec![]).await.unwrap();
    let mut quiet_since = Instant::now();
    while quiet_since.elapsed() < Duration::from_secs(1) {
        tokio::time::sleep(Duration::from_millis(200)).await;
        let now = client.execute(count, vec![]).await.unwrap();
        if now != seen {
            seen = now;
            quiet_since = Instant::now();
        }
    }
    let figures = client
        .execute(
            "const pick = (e) => ({ name: e.name, transferSize: e.transferSize, \
               encodedBodySize: e.encodedBodySize, decodedBodySize: e.decodedBodySize });\
             return {\
               ready_ms: performance.getEntriesByName('dvs-ready')[0].startTime,\
               entries: [...performance.getEntriesByType('navigation'),\
                         ...performance.getEntriesByType('resource')].map(pick),\
             };",
            vec![],
        )
        .await
        .unwrap();
    serde_json::from_value(figures).unwrap()
}
