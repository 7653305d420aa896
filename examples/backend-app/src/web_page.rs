//! The web client's page, served by the backend (same origin as `POST /verifications`):
//! the page and its WebAssembly client, IDScan's web library and its model files, and the
//! page's settings.
//!
//! | route | what |
//! |---|---|
//! | `GET /` | the page (`index.html` of the page folder) |
//! | `GET /config` | the page's settings as JSON: `licenseKey` (or `null`), `publicKey`, `dvsBaseUrl`, `library` (whether the library is served); never the secret key |
//! | `GET /static/{path}` | the page folder: script, style, the wasm client under `pkg/` |
//! | `GET /idvc/{path}` | IDScan's web library (`@idscan/idvc2` `dist/`): `idvc.js` and, for `networkUrl: "idvc/networks"`, its model files, as plain bytes without `Content-Encoding` (the library unpacks them itself). HTML files of the package (its demo page holds IDScan's own keys) are never served |
//!
//! Files are read from disk on each request, so a rebuilt wasm client is served without a
//! restart. Paths with `..`, absolute parts or backslashes are refused (404).

use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use axum::Router;
use axum::extract::{Path as UrlPath, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Serialize;

/// What the page is told at `GET /config`: the keys that belong in a browser and where DVS
/// is. The secret key has no field here.
#[derive(Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PageConfig {
    /// IDScan's web library license key (`IDVC_LICENSE_KEY`), if any. Without one the page
    /// offers file inputs instead of the camera capture.
    pub license_key: Option<String>,
    /// The public key (`pk_…`) the page creates requests with.
    pub public_key: String,
    /// The DVS base URL the page sends the create request to.
    pub dvs_base_url: String,
}

impl std::fmt::Debug for PageConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PageConfig")
            .field("license_key", &self.license_key.as_ref().map(|_| "<set>"))
            .field("dvs_base_url", &self.dvs_base_url)
            .finish_non_exhaustive()
    }
}

/// The web page to serve: its settings, the page folder, and IDScan's library if present.
#[derive(Debug, Clone)]
pub struct WebPage {
    config: PageConfig,
    page_dir: PathBuf,
    library_dir: Option<PathBuf>,
}

impl WebPage {
    /// A page served from `page_dir` (the web client's `web/` folder: `index.html`,
    /// `app.js`, `style.css`, and `pkg/` once built) with these settings.
    pub fn new(config: PageConfig, page_dir: impl Into<PathBuf>) -> Self {
        WebPage {
            config,
            page_dir: page_dir.into(),
            library_dir: None,
        }
    }

    /// Serves IDScan's web library from `dist_dir` (the package's `dist/` folder) when it
    /// holds `idvc.js`; otherwise the page runs with file inputs only.
    pub fn library(mut self, dist_dir: impl Into<PathBuf>) -> Self {
        let dir = dist_dir.into();
        self.library_dir = dir.join("idvc.js").is_file().then_some(dir);
        self
    }

    /// Whether the library will be served.
    pub fn has_library(&self) -> bool {
        self.library_dir.is_some()
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ConfigAnswer<'a> {
    #[serde(flatten)]
    config: &'a PageConfig,
    library: bool,
}

/// The page's routes (see the module docs), to merge into the backend's router:
/// `router(state).merge(web_page::routes(page))`.
pub fn routes(page: WebPage) -> Router {
    Router::new()
        .route("/", get(index))
        .route("/config", get(config))
        .route("/static/{*path}", get(page_file))
        .route("/idvc/{*path}", get(library_file))
        .with_state(Arc::new(page))
}

async fn index(State(page): State<Arc<WebPage>>) -> Response {
    serve_file(&page.page_dir, "index.html").await
}

async fn config(State(page): State<Arc<WebPage>>) -> Response {
    let mut response = axum::Json(ConfigAnswer {
        config: &page.config,
        library: page.has_library(),
    })
    .into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

async fn page_file(State(page): State<Arc<WebPage>>, UrlPath(path): UrlPath<String>) -> Response {
    serve_file(&page.page_dir, &path).await
}

async fn library_file(
    State(page): State<Arc<WebPage>>,
    UrlPath(path): UrlPath<String>,
) -> Response {
    let Some(dir) = &page.library_dir else {
        return StatusCode::NOT_FOUND.into_response();
    };
    // The package's demo page holds license keys issued to IDScan: never served.
    if path.to_ascii_lowercase().ends_with(".html") || path.to_ascii_lowercase().ends_with(".htm") {
        return StatusCode::NOT_FOUND.into_response();
    }
    serve_file(dir, &path).await
}

/// `relative` under `dir`, when it names a file there without leaving it.
fn safe_join(dir: &Path, relative: &str) -> Option<PathBuf> {
    if relative.contains('\\') {
        return None;
    }
    let relative = Path::new(relative);
    relative
        .components()
        .all(|c| matches!(c, Component::Normal(_)))
        .then(|| dir.join(relative))
}

/// The `Content-Type` for a file name. Compressed model files are plain bytes: the library
/// unpacks them itself, so no `Content-Encoding` is ever set.
fn content_type(name: &str) -> &'static str {
    let extension = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    match extension.as_deref() {
        Some("html") => "text/html; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("json") => "application/json",
        Some("wasm") => "application/wasm",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("webp") => "image/webp",
        Some("svg") => "image/svg+xml",
        _ => "application/octet-stream",
    }
}

async fn serve_file(dir: &Path, relative: &str) -> Response {
    let Some(path) = safe_join(dir, relative) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    match tokio::fs::read(&path).await {
        Ok(bytes) => {
            let mut response = bytes.into_response();
            let headers = response.headers_mut();
            headers.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static(content_type(relative)),
            );
            headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
            response
        }
        Err(_) => StatusCode::NOT_FOUND.into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_cannot_leave_the_folder() {
        let dir = Path::new("/srv/page");
        assert_eq!(safe_join(dir, "pkg/a.wasm"), Some(dir.join("pkg/a.wasm")));
        for bad in ["../secret", "pkg/../../x", "/etc/passwd", "a\\..\\b", "./a"] {
            assert_eq!(safe_join(dir, bad), None, "{bad}");
        }
    }

    #[test]
    fn model_files_are_plain_bytes() {
        assert_eq!(
            content_type("networks/ort-wasm.wasm.gzip"),
            "application/octet-stream"
        );
        assert_eq!(
            content_type("pkg/dvs_web_client_bg.wasm"),
            "application/wasm"
        );
        assert_eq!(content_type("idvc.js"), "text/javascript; charset=utf-8");
    }

    #[test]
    fn debug_hides_the_keys() {
        let config = PageConfig {
            license_key: Some("license-text".into()),
            public_key: "pk_00000000-0000-4000-8000-000000000001".into(),
            dvs_base_url: "http://127.0.0.1:1/".into(),
        };
        let debug = format!("{config:?}");
        assert!(
            !debug.contains("license-text") && !debug.contains("pk_0"),
            "{debug}"
        );
    }
}
