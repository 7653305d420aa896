//! The web client end to end in headless Chromium (chromedriver + fantoccini): dvs-mock,
//! the example backend serving the page, and the page's WebAssembly client, all on
//! loopback, with Chromium's host resolution limited to `localhost` (any other host name
//! fails to resolve, so nothing can leave the machine).
//!
//! Needs chromedriver and Chromium, the wasm client built (`examples/web-client/build.sh`)
//! and, for the library checks, IDScan's library fetched (`tests/idvc/fetch.sh`) with the
//! golden bodies made (`node tests/idvc/golden.mjs`). Without `DVS_BROWSER_E2E=1` it prints
//! why and passes when something is missing (a bare machine); `.ci/run` sets it, so there
//! a missing piece fails. `CHROMEDRIVER` and `CHROME` name the binaries (default: on PATH,
//! `chromium`). `DVS_SCREENSHOT` names a file to save the finished page to.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stdout,
    clippy::print_stderr
)]

use std::net::{Ipv4Addr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use dvs_full_flow::web_demo::{WebDemo, WebDemoOptions, start_web_demo};
use dvs_mock::{MockDvs, ReceivedRequest, Scenario};
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};

mod accessibility;
mod console;
mod page_figures;

/// The license key the page gets: not one IDScan issued, so the library must refuse it.
const DUMMY_LICENSE_KEY: &str = "dvs-rs-e2e-dummy-license-key";

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// chromedriver, killed when dropped.
struct Driver {
    child: Child,
    port: u16,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn start_driver(binary: &str) -> Driver {
    let port = free_port();
    let child = Command::new(binary)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {binary}: {e}"));
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::net::TcpStream::connect(SocketAddr::from((Ipv4Addr::LOCALHOST, port))).is_err() {
        assert!(Instant::now() < deadline, "chromedriver did not listen");
        std::thread::sleep(Duration::from_millis(100));
    }
    Driver { child, port }
}

/// What the test needs (chromedriver, Chromium, axe-core's script), or why it cannot run.
fn prerequisites() -> Result<(String, String, String), String> {
    let driver = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into());
    if Command::new(&driver).arg("--version").output().is_err() {
        return Err(format!("no chromedriver (`{driver}`); set CHROMEDRIVER"));
    }
    let chrome = std::env::var("CHROME").unwrap_or_else(|_| "chromium".into());
    if Command::new(&chrome).arg("--version").output().is_err() {
        return Err(format!("no Chromium (`{chrome}`); set CHROME"));
    }
    let wasm = root().join("examples/web-client/web/pkg/dvs_web_client.js");
    if !wasm.is_file() {
        return Err("the wasm client is not built: run examples/web-client/build.sh".into());
    }
    for needed in [
        "tests/idvc/package/dist/idvc.js",
        "tests/idvc/out/dl-barcode-selfie-webp.v3.json",
    ] {
        if !root().join(needed).is_file() {
            return Err(format!(
                "{needed} is missing: run tests/idvc/fetch.sh and node tests/idvc/golden.mjs"
            ));
        }
    }
    let axe = accessibility::script(&root())?;
    Ok((driver, chrome, axe))
}

async fn browser(driver: &Driver, chrome: &str) -> Client {
    let capabilities = json!({
        "browserName": "chrome",
        "goog:chromeOptions": {
            "binary": which(chrome),
            "args": [
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--window-size=900,1300",
                // Every host name but localhost fails to resolve: the page can reach its
                // own origin and the mock (an IP literal on loopback), nothing else.
                "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        },
        // The console, for the Content-Security-Policy violations it reports.
        "goog:loggingPrefs": { "browser": "ALL" },
    });
    let capabilities = match capabilities {
        Value::Object(map) => map,
        _ => unreachable!(),
    };
    let mut builder = ClientBuilder::rustls().expect("rustls connector");
    builder.capabilities(capabilities);
    builder
        .connect(&format!("http://127.0.0.1:{}", driver.port))
        .await
        .expect("connect to chromedriver")
}

fn which(binary: &str) -> String {
    if binary.contains('/') {
        return binary.to_owned();
    }
    let found = Command::new("sh")
        .arg("-c")
        .arg(format!("command -v {binary}"))
        .output()
        .unwrap();
    String::from_utf8(found.stdout).unwrap().trim().to_owned()
}

/// Waits until `script` (a JS expression) is truthy; returns its value.
async fn wait_for(client: &Client, script: &str, timeout: Duration, what: &str) -> Value {
    let deadline = Instant::now() + timeout;
    loop {
        let value = client
            .execute(&format!("return ({script});"), vec![])
            .await
            .unwrap();
        if !matches!(value, Value::Null | Value::Bool(false)) && value != json!("") {
            return value;
        }
        if Instant::now() > deadline {
            let page = client
                .execute("return document.body.innerText;", vec![])
                .await
                .unwrap();
            panic!("timed out waiting for {what}; page text: {page}");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Runs the page's submit (the function the library's `submit` calls) with a payload.
async fn submit(client: &Client, payload: &Value) -> Value {
    client
        .execute_async(
            "const done = arguments[arguments.length - 1];\
             window.dvsDemo.submit(arguments[0]).then(done, (e) => done({ thrown: String(e) }));",
            vec![payload.clone()],
        )
        .await
        .unwrap()
}

fn payload(name: &str) -> Value {
    let path = root()
        .join("tests/idvc/payloads")
        .join(format!("{name}.json"));
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

/// What the mock received for the last create request.
fn last_create(mock: &MockDvs) -> ReceivedRequest {
    mock.received()
        .into_iter()
        .rev()
        .find(|r| r.path_is("/api/v3/Request"))
        .expect("a create request reached the mock")
}

/// What the mock records for the library's own body (the golden one): sent byte for byte,
/// with the fields it sends empty left out, as docs/api-coverage.md lists (we omit an image
/// or recording we do not have instead of sending `""`).
async fn golden_as_received(mock: &MockDvs, name: &str) -> ReceivedRequest {
    let path = root().join(format!("tests/idvc/out/{name}.v3.json"));
    let mut golden: Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    golden
        .as_object_mut()
        .unwrap()
        .retain(|_, v| v.as_str() != Some(""));
    let answer = reqwest::Client::new()
        .post(format!("{}api/v3/Request", mock.base_url()))
        .bearer_auth(mock.public_key().expose_secret())
        .json(&golden)
        .send()
        .await
        .unwrap();
    assert!(answer.status().is_success(), "the golden body was refused");
    last_create(mock)
}

/// The text of the element with this id, as shown.
async fn element_text(client: &Client, id: &str) -> String {
    client
        .find(Locator::Id(id))
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

async fn page_text(client: &Client) -> String {
    let text = client
        .execute("return document.body.innerText;", vec![])
        .await
        .unwrap();
    format!(
        "{}\n{}",
        text.as_str().unwrap_or(""),
        client.source().await.unwrap()
    )
}

/// Every URL the page loaded or called so far.
async fn resource_urls(client: &Client) -> Vec<String> {
    let urls = client
        .execute(
            "return performance.getEntriesByType('resource').map((e) => e.name);",
            vec![],
        )
        .await
        .unwrap();
    serde_json::from_value(urls).unwrap()
}

/// The document fields of a verified request (the PII the page must never see), from the
/// result endpoint with the secret key.
async fn document_fields(mock: &MockDvs, request_id: &str) -> Vec<String> {
    let result: Value = reqwest::Client::new()
        .get(format!(
            "{}api/v3/Request/{request_id}/result",
            mock.base_url()
        ))
        .bearer_auth(mock.secret_key().expose_secret())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let document = &result["verificationResult"]["document"];
    let mut fields = Vec::new();
    collect_strings(document, &mut fields);
    assert!(!fields.is_empty(), "the result holds document data");
    fields.retain(|f| f.len() >= 4);
    fields
}

fn collect_strings(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::String(s) => out.push(s.clone()),
        Value::Array(items) => items.iter().for_each(|v| collect_strings(v, out)),
        Value::Object(map) => map.values().for_each(|v| collect_strings(v, out)),
        _ => {}
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_web_client_in_headless_chromium() {
    let required = std::env::var("DVS_BROWSER_E2E").is_ok_and(|v| v == "1");
    let (driver_bin, chrome, axe) = match prerequisites() {
        Ok(found) => found,
        Err(why) if !required => {
            println!("browser e2e: skipped: {why} (set DVS_BROWSER_E2E=1 to make this a failure)");
            return;
        }
        Err(why) => panic!("browser e2e: {why}"),
    };
    let demo: WebDemo = start_web_demo(WebDemoOptions {
        license_key: Some(DUMMY_LICENSE_KEY.into()),
        bind: SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
        // The age gate on: the approved synthetic person is 36, the underage one 17.
        min_age: Some(21),
        ..WebDemoOptions::default()
    })
    .await
    .unwrap();
    let mock = demo.mock.as_ref().expect("the built-in mock");
    let mock_origin = mock.uri();
    let page_origin = demo.url().trim_end_matches('/').to_owned();
    let driver = start_driver(&driver_bin);
    let client = browser(&driver, &chrome).await;

    // 0. The page's figures: a first visit (empty cache) and a repeat visit (warm cache),
    //    each until the library has refused the dummy key and the file inputs show.
    let settled = "document.body.dataset.mode === 'files'";
    let first = page_figures::visit(&client, driver.port, &demo.url(), settled).await;
    println!("page figures: first visit: {first}");
    client.goto("about:blank").await.unwrap();
    let repeat = page_figures::visit(&client, driver.port, &demo.url(), settled).await;
    println!("page figures: repeat visit: {repeat}");
    let repeat_share = repeat.transferred() as f64 / first.transferred() as f64;
    println!(
        "page figures: repeat / first = {:.2} % of the bytes",
        100.0 * repeat_share
    );
    // A repeat visit asks only whether the page's own small files changed (304s).
    assert!(
        repeat_share <= 0.01,
        "a repeat visit transferred {:.2} % of a first visit's bytes (budget 1 %)",
        100.0 * repeat_share
    );
    // The first visit's content other than the library's models (already gzip files it
    // unpacks itself) travels compressed: at most 40 % of its size as served uncompressed.
    let (sent, content) = first.compressible();
    println!(
        "page figures: first visit without the library's models: {sent} B transferred for \
         {content} B of content ({:.1} %)",
        100.0 * sent as f64 / content as f64
    );
    assert!(
        sent as f64 <= 0.40 * content as f64,
        "the first visit's compressible content was sent at {sent} B for {content} B"
    );
    client
        .execute(
            "performance.setResourceTimingBufferSize(100000); return 0;",
            vec![],
        )
        .await
        .unwrap();

    // 1. The library mounts from our origin; with a dummy key it says so and the page
    //    offers the file inputs.
    wait_for(
        &client,
        "/not valid/i.test(document.getElementById('videoCapturingEl').innerText) && document.body.dataset.mode === 'files'",
        Duration::from_secs(240),
        "the library's \"not valid\" state and the file inputs",
    )
    .await;
    let urls = resource_urls(&client).await;
    assert!(
        urls.iter()
            .any(|u| *u == format!("{page_origin}/idvc/3.10.0/idvc.js")),
        "the library came from our origin: {urls:?}"
    );
    let form_shown = client
        .execute("return !document.getElementById('files').hidden;", vec![])
        .await
        .unwrap();
    assert_eq!(form_shown, json!(true));
    // The library's runtime where its own fallback fetches it (web_page.rs): a WebAssembly
    // module Chromium compiles, not a 404.
    let runtime = client
        .execute_async(
            "const done = arguments[arguments.length - 1];\
             WebAssembly.compileStreaming(fetch('/ort-wasm-simd.wasm'))\
               .then(() => done('compiled'), (e) => done(String(e)));",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(runtime, "compiled", "/ort-wasm-simd.wasm");
    // The library loaded and refused the key, the file inputs shown: no CSP violation, and
    // nothing serious or critical for axe.
    let log = console::entries(&client, driver.port).await;
    assert!(
        console::csp_violations(&log).is_empty(),
        "CSP violations with the library loaded: {:?}",
        console::csp_violations(&log)
    );
    accessibility::check(
        &client,
        &axe,
        "the page with the library loaded (file inputs)",
    )
    .await;

    // 2. A submit payload shaped as the library makes it ends in approve on screen, and
    //    the mock received what the library's own prepareRequestDataForDiveApi would send.
    mock.clear_received();
    let answer = submit(&client, &payload("dl-barcode-selfie-webp")).await;
    assert_eq!(answer["outcome"], "approve", "{answer}");
    assert_eq!(element_text(&client, "outcome").await, "approve");
    accessibility::check(&client, &axe, "the page showing a result").await;
    let focused = client
        .execute("return document.activeElement.id;", vec![])
        .await
        .unwrap();
    assert_eq!(focused, "resultHeading", "the result takes the focus");
    let from_page = last_create(mock);
    let request_id = mock
        .received()
        .into_iter()
        .find(|r| r.path.to_ascii_lowercase().starts_with("/api/v3/verify/"))
        .map(|r| r.path.rsplit('/').next().unwrap().to_owned())
        .expect("the backend verified the request");
    let pii = document_fields(mock, &request_id).await;
    for name in [
        "dl-barcode-selfie-webp",
        "passport-mrz-selfie-webp",
        "green-card-front-mrz-selfie-webp",
    ] {
        let sent = if name == "dl-barcode-selfie-webp" {
            from_page.clone()
        } else {
            mock.clear_received();
            let answer = submit(&client, &payload(name)).await;
            assert_eq!(answer["outcome"], "approve", "{name}: {answer}");
            last_create(mock)
        };
        let golden = golden_as_received(mock, name).await;
        assert_eq!(
            sent.body, golden.body,
            "{name}: the body differs from the library's"
        );
        assert_eq!(sent.ignored_fields, golden.ignored_fields, "{name}");
    }
    if let Ok(path) = std::env::var("DVS_SCREENSHOT") {
        // The finished page (an approve on screen), for the README; no extra submission, so
        // the demo user's verification limit holds for the steps below.
        std::fs::write(root().join(path), client.screenshot().await.unwrap()).unwrap();
    }

    // 3. FaceMismatch ends in reject on screen.
    mock.push_next_scenario(Scenario::FaceMismatch);
    let answer = submit(&client, &payload("dl-barcode-selfie-webp")).await;
    assert_eq!(answer["outcome"], "reject", "{answer}");
    assert_eq!(element_text(&client, "outcome").await, "reject");

    // 3a. A tampered document: top scores, but DVS flags it; review on screen, never
    //     approve.
    mock.push_next_scenario(Scenario::DataFieldsTampered);
    let answer = submit(&client, &payload("dl-barcode-selfie-webp")).await;
    assert_eq!(answer["outcome"], "review", "{answer}");
    assert!(
        answer["reasons"].as_array().is_some_and(|r| !r.is_empty()),
        "{answer}"
    );
    assert_eq!(element_text(&client, "outcome").await, "review");

    // 3b. The age gate: an underage holder ends in reject, with the reason and "age verified:
    //     no" on screen and no date of birth; the approved holder shows "age verified: yes".
    mock.push_next_scenario(Scenario::Underage);
    let answer = submit(&client, &payload("dl-barcode-selfie-webp")).await;
    assert_eq!(answer["outcome"], "reject", "{answer}");
    assert_eq!(answer["ageVerified"], false, "{answer}");
    assert!(
        answer["reasons"].as_array().is_some_and(|r| r
            .iter()
            .any(|r| r["code"] == "under_minimum_age" && r["minimum"] == 21)),
        "{answer}"
    );
    assert_eq!(element_text(&client, "age").await, "age verified: no");
    let answer = submit(&client, &payload("dl-barcode-selfie-webp")).await;
    assert_eq!(answer["outcome"], "approve", "{answer}");
    assert_eq!(element_text(&client, "age").await, "age verified: yes");

    // 3c. The identity match: what the user types is matched against the document; a name
    //     that differs ends in reject, a matching one (other case, given/family swapped)
    //     approves; the page never shows the document's name.
    let typed = |id: &'static str, text: &'static str| {
        let client = client.clone();
        async move {
            let input = client.find(Locator::Id(id)).await.unwrap();
            input.clear().await.unwrap();
            input.send_keys(text).await.unwrap();
        }
    };
    typed("claimedName", "Maria Exemplar").await;
    let answer = submit(&client, &payload("dl-barcode-selfie-webp")).await;
    assert_eq!(answer["outcome"], "reject", "{answer}");
    assert!(
        answer["reasons"]
            .as_array()
            .is_some_and(|r| r.iter().any(|r| r["code"] == "identity_mismatch")),
        "{answer}"
    );
    typed("claimedName", "sample jane").await;
    let answer = submit(&client, &payload("dl-barcode-selfie-webp")).await;
    assert_eq!(answer["outcome"], "approve", "{answer}");
    let text = page_text(&client).await;
    assert!(
        !text.contains("JANE Q SAMPLE") && !text.contains("1990"),
        "{text}"
    );
    client
        .find(Locator::Id("claimedName"))
        .await
        .unwrap()
        .clear()
        .await
        .unwrap();

    // 4. A request the mock refuses (a DL without back or track string, on an account that
    //    reads the back) shows the retake message with DVS's code.
    let answer = submit(&client, &payload("id-front-only-upload-webp")).await;
    assert_eq!(answer["error"], "retake", "{answer}");
    assert_eq!(
        answer["code"], "BackImageOrTrackStringNotPresentError",
        "{answer}"
    );
    let status = element_text(&client, "status").await;
    assert!(status.contains("retake the photos"), "{status}");

    // 5. The file inputs, end to end, with the bundled synthetic images.
    let assets = root().join("dvs-mock/assets").canonicalize().unwrap();
    for (input, file) in [
        ("front", "front.png"),
        ("back", "back.png"),
        ("selfie", "selfie.png"),
    ] {
        client
            .find(Locator::Id(input))
            .await
            .unwrap()
            .send_keys(assets.join(file).to_str().unwrap())
            .await
            .unwrap();
    }
    mock.clear_received();
    client
        .find(Locator::Id("send"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for(
        &client,
        "document.body.dataset.state === 'done:approve'",
        Duration::from_secs(30),
        "approve from the file inputs",
    )
    .await;
    let sent = last_create(mock);
    assert_eq!(sent.field("captureMethod"), Some(&json!("000")));
    assert!(
        sent.field("frontImageBase64")
            .and_then(Value::as_str)
            .is_some_and(|s| s.starts_with("<PNG image")),
        "{sent:?}"
    );

    // 6. Nothing but the page's origin and the mock was called; no secret key and no
    //    document data reached the page or its settings.
    for url in resource_urls(&client).await {
        assert!(
            url.starts_with(&format!("{page_origin}/"))
                || url.starts_with(&format!("{mock_origin}/")),
            "the page called {url}"
        );
    }
    let secret = mock.secret_key().expose_secret().to_owned();
    let config = reqwest::get(format!("{page_origin}/config"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        !config.contains(&secret) && !config.contains("sk_"),
        "{config}"
    );
    let text = page_text(&client).await;
    assert!(!text.contains(&secret), "the secret key reached the page");
    for field in &pii {
        assert!(
            !text.contains(field.as_str()),
            "document data reached the page"
        );
    }
    let log = console::entries(&client, driver.port).await;
    assert!(
        console::csp_violations(&log).is_empty(),
        "CSP violations during the flows: {:?}",
        console::csp_violations(&log)
    );

    // 7. File-input mode (no license key: the library is not loaded): no CSP violation,
    //    nothing serious or critical for axe.
    let files_only = start_web_demo(WebDemoOptions {
        bind: SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
        ..WebDemoOptions::default()
    })
    .await
    .unwrap();
    let visit = page_figures::visit(
        &client,
        driver.port,
        &files_only.url(),
        "document.body.dataset.mode === 'files'",
    )
    .await;
    println!("page figures: file-input mode, first visit of its origin: {visit}");
    let log = console::entries(&client, driver.port).await;
    assert!(
        console::csp_violations(&log).is_empty(),
        "CSP violations in file-input mode: {:?}",
        console::csp_violations(&log)
    );
    accessibility::check(&client, &axe, "the page in file-input mode").await;

    client.close().await.unwrap();
    drop(driver);
}

/// Browser timing (docs/performance.md): creating a request with three 2 MiB images through
/// the wasm client against the library's `prepareRequestDataForDiveApi` + `JSON.stringify`
/// + `fetch`, in the same page against the same mock, interleaved; prints medians and the
/// ratio. `cargo test -p dvs-full-flow --test browser -- --ignored --nocapture`
/// (after examples/web-client/build.sh; `BENCH_RUNS`, default 15).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "a measurement, not a check: run it on purpose"]
async fn browser_timing_wasm_client_against_plain_js() {
    let (driver_bin, chrome, _) = prerequisites().unwrap_or_else(|why| panic!("{why}"));
    let demo = start_web_demo(WebDemoOptions {
        bind: SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
        ..WebDemoOptions::default()
    })
    .await
    .unwrap();
    let driver = start_driver(&driver_bin);
    let client = browser(&driver, &chrome).await;
    let runs: u32 = std::env::var("BENCH_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(15);
    client
        .goto(&format!("{}static/bench.html?runs={runs}", demo.url()))
        .await
        .unwrap();
    let result = wait_for(
        &client,
        "window.benchResult",
        Duration::from_secs(600),
        "the timing runs",
    )
    .await;
    assert!(result.get("error").is_none(), "{result}");
    let version = client
        .execute("return navigator.userAgent;", vec![])
        .await
        .unwrap();
    println!(
        "browser timing ({version}), three 2 MiB images, {runs} interleaved runs each:\n  \
         wasm client: median {:.1} ms ({:.1} MiB/s of images)\n  \
         plain JS (prepareRequestDataForDiveApi + JSON.stringify + fetch): median {:.1} ms ({:.1} MiB/s)\n  \
         ratio wasm / JS: {:.2}",
        result["wasmMedianMs"].as_f64().unwrap(),
        result["wasmMiBPerS"].as_f64().unwrap(),
        result["jsMedianMs"].as_f64().unwrap(),
        result["jsMiBPerS"].as_f64().unwrap(),
        result["ratio"].as_f64().unwrap(),
    );
    client.close().await.unwrap();
    drop(driver);
}
