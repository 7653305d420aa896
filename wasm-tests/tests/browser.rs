//! `dvs-public` compiled to `wasm32-unknown-unknown` and run in headless Chromium, on a test
//! page whose origin is not the mock's: every call goes through the browser's `fetch` with a
//! CORS preflight, and `Retry-After` is readable only because the mock exposes it. See
//! `common` for the mock it calls; `webdriver.json` holds the browser's flags.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn a_request_is_created_from_a_page_on_another_origin() {
    common::a_request_is_created().await;
}

#[wasm_bindgen_test]
async fn a_429_comes_back_at_once_with_its_retry_after() {
    common::a_429_comes_back_at_once_with_its_retry_after().await;
}

#[wasm_bindgen_test]
async fn a_web_library_payload_becomes_the_request_in_a_page() {
    common::a_web_library_payload_becomes_the_request().await;
}

#[wasm_bindgen_test]
async fn the_web_library_payloads_send_the_native_bodies_in_browser() {
    common::the_web_library_payloads_send_the_bodies_the_native_build_sends().await;
}
