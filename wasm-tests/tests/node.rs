//! `dvs-public` compiled to `wasm32-unknown-unknown` and run in Node.js: its HTTP is
//! JavaScript's `fetch` (Node.js's, which has no CORS). See `common` for the mock it calls.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
async fn a_request_is_created_through_fetch() {
    common::a_request_is_created().await;
}

#[wasm_bindgen_test]
async fn a_429_comes_back_at_once_with_its_retry_after() {
    common::a_429_comes_back_at_once_with_its_retry_after().await;
}

#[wasm_bindgen_test]
async fn a_web_library_payload_becomes_the_request_in_node() {
    common::a_web_library_payload_becomes_the_request().await;
}

#[wasm_bindgen_test]
async fn the_web_library_payloads_send_the_native_bodies_in_node() {
    common::the_web_library_payloads_send_the_bodies_the_native_build_sends().await;
}
