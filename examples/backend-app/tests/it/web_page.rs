//! The page server (`web_page::routes`) on loopback, as a browser meets it: security headers
//! on every answer, compressed variants for browsers that accept them (never for the
//! library's model files, never a stale one), 304 answers to conditional requests,
//! `immutable` only for content-hashed and versioned files, and the paths it must refuse.

use std::net::{Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use dvs_backend_app::web_page::{PageConfig, WebPage, routes};
use reqwest::StatusCode;
use reqwest::header::HeaderMap;

const WASM: &str = "pkg/dvs_web_client_bg-0123456789abcdef.wasm";

/// A page folder and a library package in a temporary folder, each file with its `.br` and
/// `.gz` variants where build.sh and fetch.sh write them.
struct Site {
    root: PathBuf,
}

impl Drop for Site {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

fn write(path: &Path, bytes: &[u8]) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

/// `file` with stand-in `.br` and `.gz` variants (distinct bytes, to tell which was sent).
fn write_with_variants(path: &Path, bytes: &[u8]) {
    write(path, bytes);
    write(&PathBuf::from(format!("{}.br", path.display())), b"BROTLI");
    write(&PathBuf::from(format!("{}.gz", path.display())), b"GZIP");
}

fn site() -> Site {
    let root = std::env::temp_dir().join(format!(
        "dvs-web-page-it-{}-{}",
        std::process::id(),
        SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
    ));
    let page = root.join("web");
    write_with_variants(&page.join("index.html"), b"<!doctype html><title>t</title>");
    write_with_variants(&page.join("app.js"), b"console.log('app');");
    write_with_variants(&page.join("pkg/dvs_web_client.js"), b"export {};");
    write_with_variants(&page.join(WASM), b"\0asm\x01\0\0\0");
    let package = root.join("package");
    write(&package.join("package.json"), br#"{"version":"3.10.0"}"#);
    write_with_variants(&package.join("dist/idvc.js"), b"export default 1;");
    write(
        &package.join("dist/networks/model.onnx.gzip"),
        b"\x1f\x8b model bytes",
    );
    write(
        &package.join("dist/networks/ort-wasm-simd.wasm.gzip"),
        b"\x1f\x8b runtime bytes",
    );
    write(
        &package.join("dist/index.html"),
        b"<html>IDScan's demo keys</html>",
    );
    Site { root }
}

async fn serve(site: &Site) -> String {
    let page = WebPage::new(
        PageConfig {
            license_key: None,
            public_key: "pk_00000000-0000-4000-8000-000000000001".into(),
            dvs_base_url: "http://127.0.0.1:9/dvs/".into(),
        },
        site.root.join("web"),
    )
    .library(site.root.join("package/dist"));
    assert!(page.has_library());
    let listener = tokio::net::TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, 0)))
        .await
        .unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, routes(page)).await });
    format!("http://{addr}")
}

async fn get(url: &str, headers: &[(&str, &str)]) -> (StatusCode, HeaderMap, Vec<u8>) {
    let mut request = reqwest::Client::new().get(url);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = request.send().await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    (status, headers, response.bytes().await.unwrap().to_vec())
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> &'a str {
    headers
        .get(name)
        .map_or("", |v| v.to_str().unwrap_or("<not text>"))
}

#[tokio::test]
async fn every_answer_carries_the_security_headers() {
    let site = site();
    let base = serve(&site).await;
    for path in [
        "/",
        "/config",
        "/static/app.js",
        &format!("/static/{WASM}"),
        "/idvc/3.10.0/idvc.js",
        "/static/missing.js",
    ] {
        let (_, headers, _) = get(&format!("{base}{path}"), &[]).await;
        let csp = header(&headers, "content-security-policy");
        for directive in [
            "default-src 'none'",
            "script-src 'self' 'wasm-unsafe-eval' blob:",
            "worker-src 'self' blob:",
            "connect-src 'self' http://127.0.0.1:9 blob: data:",
            "frame-ancestors 'none'",
            "object-src 'none'",
            "base-uri 'none'",
        ] {
            assert!(csp.contains(directive), "{path}: {directive} in {csp}");
        }
        assert!(
            !csp.contains("'unsafe-eval'") && !csp.contains("script-src 'self' 'unsafe-inline'"),
            "{path}: {csp}"
        );
        assert_eq!(header(&headers, "x-content-type-options"), "nosniff");
        assert_eq!(header(&headers, "x-frame-options"), "DENY");
        assert_eq!(header(&headers, "referrer-policy"), "strict-origin");
        assert!(
            header(&headers, "permissions-policy").starts_with("camera=(self), microphone=()"),
            "{path}"
        );
    }
}

#[tokio::test]
async fn compressed_variants_go_to_browsers_that_accept_them() {
    let site = site();
    let base = serve(&site).await;
    for path in [
        "/static/app.js",
        &format!("/static/{WASM}"),
        "/idvc/3.10.0/idvc.js",
    ] {
        let url = format!("{base}{path}");
        let (status, headers, body) = get(&url, &[("accept-encoding", "gzip, deflate, br")]).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert_eq!(header(&headers, "content-encoding"), "br", "{path}");
        assert_eq!(body, b"BROTLI", "{path}");
        assert_eq!(header(&headers, "vary"), "accept-encoding", "{path}");
        let (_, headers, body) = get(&url, &[("accept-encoding", "gzip")]).await;
        assert_eq!(header(&headers, "content-encoding"), "gzip", "{path}");
        assert_eq!(body, b"GZIP", "{path}");
        let (_, headers, body) = get(&url, &[("accept-encoding", "identity")]).await;
        assert_eq!(header(&headers, "content-encoding"), "", "{path}");
        assert_ne!(body, b"GZIP", "{path}");
    }
    let (_, headers, _) = get(
        &format!("{base}/static/{WASM}"),
        &[("accept-encoding", "br")],
    )
    .await;
    assert_eq!(header(&headers, "content-type"), "application/wasm");
    let (_, headers, _) = get(
        &format!("{base}/static/app.js"),
        &[("accept-encoding", "br")],
    )
    .await;
    assert_eq!(
        header(&headers, "content-type"),
        "text/javascript; charset=utf-8"
    );
}

#[tokio::test]
async fn model_files_stay_plain_bytes() {
    let site = site();
    let base = serve(&site).await;
    let (status, headers, body) = get(
        &format!("{base}/idvc/3.10.0/networks/model.onnx.gzip"),
        &[("accept-encoding", "gzip, br")],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(header(&headers, "content-encoding"), "");
    assert_eq!(header(&headers, "content-type"), "application/octet-stream");
    assert_eq!(body, b"\x1f\x8b model bytes");
}

#[tokio::test]
async fn the_library_runtime_is_also_served_where_its_fallback_looks() {
    let site = site();
    let base = serve(&site).await;
    let (status, headers, body) = get(
        &format!("{base}/ort-wasm-simd.wasm"),
        &[("accept-encoding", "gzip, deflate, br")],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(header(&headers, "content-encoding"), "gzip");
    assert_eq!(header(&headers, "content-type"), "application/wasm");
    assert_eq!(body, b"\x1f\x8b runtime bytes");
    // Not to a client that cannot decode it, and not a file the package lacks.
    let (status, _, _) = get(
        &format!("{base}/ort-wasm-simd.wasm"),
        &[("accept-encoding", "identity")],
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _, _) = get(
        &format!("{base}/ort-wasm.wasm"),
        &[("accept-encoding", "gzip")],
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_stale_variant_is_never_sent() {
    let site = site();
    let base = serve(&site).await;
    // app.js edited after build.sh wrote its variants.
    let app = site.root.join("web/app.js");
    std::fs::write(&app, b"console.log('edited');").unwrap();
    let later = SystemTime::now() + Duration::from_secs(5);
    std::fs::File::options()
        .write(true)
        .open(&app)
        .unwrap()
        .set_modified(later)
        .unwrap();
    let (status, headers, body) = get(
        &format!("{base}/static/app.js"),
        &[("accept-encoding", "br, gzip")],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(header(&headers, "content-encoding"), "");
    assert_eq!(body, b"console.log('edited');");
}

#[tokio::test]
async fn caching_immutable_for_hashed_and_versioned_files_revalidated_otherwise() {
    let site = site();
    let base = serve(&site).await;
    let immutable = "public, max-age=31536000, immutable";
    for (path, expected) in [
        ("/".to_owned(), "no-cache"),
        ("/config".to_owned(), "no-cache"),
        ("/static/app.js".to_owned(), "no-cache"),
        ("/static/pkg/dvs_web_client.js".to_owned(), "no-cache"),
        (format!("/static/{WASM}"), immutable),
        ("/idvc/3.10.0/idvc.js".to_owned(), immutable),
        (
            "/idvc/3.10.0/networks/model.onnx.gzip".to_owned(),
            immutable,
        ),
    ] {
        let (status, headers, _) = get(&format!("{base}{path}"), &[]).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert_eq!(header(&headers, "cache-control"), expected, "{path}");
    }
}

#[tokio::test]
async fn a_conditional_repeat_is_answered_304() {
    let site = site();
    let base = serve(&site).await;
    for path in ["/", "/static/app.js", "/idvc/3.10.0/idvc.js"] {
        let url = format!("{base}{path}");
        let (_, headers, _) = get(&url, &[("accept-encoding", "br")]).await;
        let last_modified = header(&headers, "last-modified").to_owned();
        assert!(!last_modified.is_empty(), "{path}: no Last-Modified");
        let (status, headers, body) = get(
            &url,
            &[
                ("accept-encoding", "br"),
                ("if-modified-since", &last_modified),
            ],
        )
        .await;
        assert_eq!(status, StatusCode::NOT_MODIFIED, "{path}");
        assert!(body.is_empty(), "{path}");
        assert!(
            !header(&headers, "cache-control").is_empty(),
            "{path}: a 304 renews the freshness"
        );
    }
    let (_, headers, _) = get(&format!("{base}/config"), &[]).await;
    let etag = header(&headers, "etag").to_owned();
    assert!(etag.starts_with('"') && etag.len() > 2, "{etag}");
    let (status, _, body) = get(&format!("{base}/config"), &[("if-none-match", &etag)]).await;
    assert_eq!(status, StatusCode::NOT_MODIFIED);
    assert!(body.is_empty());
    let (status, _, _) = get(&format!("{base}/config"), &[("if-none-match", "\"other\"")]).await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn refused_paths() {
    let site = site();
    let base = serve(&site).await;
    for path in [
        // The package's demo page (IDScan's own keys), however it is spelled.
        "/idvc/3.10.0/index.html",
        "/idvc/3.10.0/INDEX.HTML",
        "/idvc/3.10.0/index.htm",
        "/idvc/3.10.0/index%2ehtml",
        "/idvc/3.10.0/",
        // Folders are not files.
        "/idvc/3.10.0/networks",
        "/static/pkg",
        "/static/pkg/",
        // Only the versioned path.
        "/idvc/idvc.js",
        "/idvc/3.9.0/idvc.js",
        // Out of the folder.
        "/static/%2e%2e/package/package.json",
        "/static/..%2fpackage%2fpackage.json",
        "/static/pkg%5c..%5c..%5cpackage%5cpackage.json",
        "/idvc/3.10.0/%2e%2e/package.json",
        "/static//etc/passwd",
    ] {
        let (status, _, body) = get(&format!("{base}{path}"), &[]).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        assert!(
            !String::from_utf8_lossy(&body).contains("demo keys")
                && !String::from_utf8_lossy(&body).contains("version"),
            "{path}"
        );
    }
}

#[tokio::test]
async fn the_config_names_the_versioned_library_path() {
    let site = site();
    let base = serve(&site).await;
    let (_, _, body) = get(&format!("{base}/config"), &[]).await;
    let config: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(config["library"], true);
    assert_eq!(config["libraryPath"], "/idvc/3.10.0/");
}
