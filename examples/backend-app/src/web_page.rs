//! The web client's page, served by the backend (same origin as `POST /verifications`):
//! the page and its WebAssembly client, IDScan's web library and its model files, and the
//! page's settings.
//!
//! | route | what | cached |
//! |---|---|---|
//! | `GET /` | the page (`index.html` of the page folder) | revalidated every time (`no-cache`, `Last-Modified`: a 304 when unchanged) |
//! | `GET /config` | the page's settings as JSON: `licenseKey` (or `null`), `publicKey`, `dvsBaseUrl`, `library` (whether the library is served), `libraryPath` (where); never the secret key | revalidated every time (`no-cache`, an `ETag` of the answer) |
//! | `GET /static/{path}` | the page folder: script, style, the wasm client under `pkg/` | files whose name carries a content hash (`pkg/dvs_web_client-<hash>.js`, `pkg/dvs_web_client_bg-<hash>.wasm`): a year, `immutable`; the rest revalidated |
//! | `GET /ort-wasm-simd.wasm`, `GET /ort-wasm.wasm` | the library's WebAssembly runtime (`networks/<name>.gzip`, sent with `Content-Encoding: gzip`) where its runtime looks when the library's own loading loses a race (below) | revalidated every time |
//! | `GET /idvc/{version}/{path}` | IDScan's web library (`@idscan/idvc2` `dist/`, `{version}` from its `package.json`): `idvc.js` and, for `networkUrl: "idvc/{version}/networks"`, its model files, as plain bytes without `Content-Encoding` (the library unpacks them itself). HTML files of the package (its demo page holds IDScan's own keys) are never served | a year, `immutable` (a new version is a new path) |
//!
//! Files are served by tower-http's `ServeFile`, read from disk on each request (a rebuilt
//! wasm client is served without a restart), with `Last-Modified` and 304 answers to
//! `If-Modified-Since`. A file with a `.br` or `.gz` file beside it (made by the web client's
//! `build.sh` and the library's `fetch.sh`) is sent as that variant to a browser that accepts
//! it, with `Content-Encoding` and `Vary: Accept-Encoding`, unless a variant is older than the
//! file (an edited `app.js` is never answered with the stale compressed copy).
//!
//! Paths with `..`, absolute parts or backslashes, and folders, are refused (404).
//!
//! IDScan's library 3.10.0 unpacks its WebAssembly runtime (ONNX Runtime's
//! `ort-wasm-simd.wasm`) from `networks/ort-wasm-simd.wasm.gzip` and hands the runtime a
//! `blob:` URL for it; when two of its models start at once, the second can start the runtime
//! before that URL is set, and the runtime then fetches `/ort-wasm-simd.wasm` from the site's
//! root. A 404 there leaves the library on "Neural network is warming up" for good (seen on a
//! busy machine); so the page serves the same file there.
//!
//! Every answer carries the page's security headers ([`security_headers`]): a
//! Content-Security-Policy with no inline script, `X-Content-Type-Options: nosniff`,
//! `Referrer-Policy`, no framing, and a `Permissions-Policy` that allows the camera to the
//! page's own origin only.

use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use axum::Router;
use axum::extract::{Path as UrlPath, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::map_response_with_state;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Serialize;
use tower_http::services::ServeFile;

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

/// IDScan's library: its `dist/` folder and the package's version (its URL path).
#[derive(Debug, Clone)]
struct Library {
    dist_dir: PathBuf,
    version: String,
}

/// The web page to serve: its settings, the page folder, and IDScan's library if present.
#[derive(Debug, Clone)]
pub struct WebPage {
    config: PageConfig,
    page_dir: PathBuf,
    library: Option<Library>,
}

impl WebPage {
    /// A page served from `page_dir` (the web client's `web/` folder: `index.html`,
    /// `app.js`, `style.css`, and `pkg/` once built) with these settings.
    pub fn new(config: PageConfig, page_dir: impl Into<PathBuf>) -> Self {
        WebPage {
            config,
            page_dir: page_dir.into(),
            library: None,
        }
    }

    /// Serves IDScan's web library from `dist_dir` (the package's `dist/` folder) when it
    /// holds `idvc.js` and the package's `package.json` (beside `dist/`) names its version;
    /// otherwise the page runs with file inputs only.
    pub fn library(mut self, dist_dir: impl Into<PathBuf>) -> Self {
        let dist_dir = dist_dir.into();
        self.library = package_version(&dist_dir)
            .filter(|_| dist_dir.join("idvc.js").is_file())
            .map(|version| Library { dist_dir, version });
        self
    }

    /// Whether the library will be served.
    pub fn has_library(&self) -> bool {
        self.library.is_some()
    }

    /// Where the library is served, `/idvc/{version}/`, when it is.
    pub fn library_path(&self) -> Option<String> {
        self.library
            .as_ref()
            .map(|library| format!("/idvc/{}/", library.version))
    }
}

/// The `version` of the npm package whose `dist/` folder is `dist_dir`, when it is a plain
/// version (letters, digits, `.`, `-`, `+`: safe in a URL path).
fn package_version(dist_dir: &Path) -> Option<String> {
    let manifest = std::fs::read(dist_dir.parent()?.join("package.json")).ok()?;
    let manifest: serde_json::Value = serde_json::from_slice(&manifest).ok()?;
    let version = manifest.get("version")?.as_str()?;
    let plain = !version.is_empty()
        && version
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '+'));
    plain.then(|| version.to_owned())
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ConfigAnswer<'a> {
    #[serde(flatten)]
    config: &'a PageConfig,
    library: bool,
    library_path: Option<String>,
}

/// The page's routes (see the module docs), to merge into the backend's router:
/// `router(state).merge(web_page::routes(page))`. Each answer carries the
/// [`security_headers`].
pub fn routes(page: WebPage) -> Router {
    let headers = Arc::new(security_headers(&page.config.dvs_base_url));
    let mut router = Router::new()
        .route("/", get(index))
        .route("/config", get(config))
        .route("/static/{*path}", get(page_file));
    if let Some(library) = &page.library {
        router = router
            .route(
                &format!("/idvc/{}/{{*path}}", library.version),
                get(library_file),
            )
            .route("/ort-wasm-simd.wasm", get(library_runtime))
            .route("/ort-wasm.wasm", get(library_runtime));
    }
    router
        .with_state(Arc::new(page))
        .layer(map_response_with_state(headers, add_headers))
}

/// The page's security headers, for a page that sends its create requests to
/// `dvs_base_url`:
///
/// - `Content-Security-Policy`: scripts only from the page's origin (no inline script, no
///   `eval`), WebAssembly compilation (`'wasm-unsafe-eval'`: the wasm client and the
///   library's models), the library's workers (it unpacks them into `blob:` URLs), images
///   from the page, `data:` and `blob:` URLs (the captured photos), the camera stream, inline
///   styles (the library styles its own elements), requests to the page's origin and DVS's
///   origin only, no plugins, no `<base>`, forms to the page's origin only, and no framing;
/// - `X-Content-Type-Options: nosniff`;
/// - `Referrer-Policy: strict-origin` (never a path or query; the origin only over HTTPS);
/// - `X-Frame-Options: DENY`, for browsers without `frame-ancestors`;
/// - `Permissions-Policy`: the camera for the page's own origin, nothing else it does not use.
///
/// ```
/// let headers = dvs_backend_app::web_page::security_headers("https://dvs2.idware.net/");
/// let csp = headers.get("content-security-policy").unwrap().to_str().unwrap();
/// assert!(csp.contains("connect-src 'self' https://dvs2.idware.net "));
/// assert!(csp.contains("frame-ancestors 'none'"));
/// assert!(!csp.contains("'unsafe-eval'") && !csp.contains("script-src 'self' 'unsafe-inline'"));
/// ```
pub fn security_headers(dvs_base_url: &str) -> HeaderMap {
    let connect = ["'self'", &url_origin(dvs_base_url), "blob:", "data:"]
        .into_iter()
        .filter(|source| !source.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let policy = [
        "default-src 'none'".to_owned(),
        "script-src 'self' 'wasm-unsafe-eval' blob:".to_owned(),
        "worker-src 'self' blob:".to_owned(),
        format!("connect-src {connect}"),
        "img-src 'self' data: blob:".to_owned(),
        "media-src 'self' blob: mediastream:".to_owned(),
        "style-src 'self' 'unsafe-inline'".to_owned(),
        "font-src 'self'".to_owned(),
        "manifest-src 'self'".to_owned(),
        "object-src 'none'".to_owned(),
        "base-uri 'none'".to_owned(),
        "form-action 'self'".to_owned(),
        "frame-ancestors 'none'".to_owned(),
    ]
    .join("; ");
    let mut headers = HeaderMap::new();
    // The origin is scheme://host[:port] of a parsed URL: always a valid header value; an
    // unparsable base URL leaves DVS out (the page's requests to it then fail loudly).
    if let Ok(value) = HeaderValue::from_str(&policy) {
        headers.insert(header::CONTENT_SECURITY_POLICY, value);
    }
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("strict-origin"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        "permissions-policy",
        HeaderValue::from_static(
            "camera=(self), microphone=(), geolocation=(), payment=(), usb=()",
        ),
    );
    headers
}

/// `scheme://host[:port]` of `url`, or an empty string when it has none.
fn url_origin(url: &str) -> String {
    match url::Url::parse(url).map(|u| u.origin()) {
        Ok(origin @ url::Origin::Tuple(..)) => origin.ascii_serialization(),
        _ => String::new(),
    }
}

async fn add_headers(State(headers): State<Arc<HeaderMap>>, mut response: Response) -> Response {
    for (name, value) in headers.iter() {
        response.headers_mut().insert(name, value.clone());
    }
    response
}

/// How long a browser may keep a file without asking again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Caching {
    /// Ask every time (`no-cache`): a 304 when it is unchanged.
    Revalidate,
    /// A year, never revalidated: the URL changes when the content does.
    Immutable,
}

impl Caching {
    fn header(self) -> HeaderValue {
        match self {
            Caching::Revalidate => HeaderValue::from_static("no-cache"),
            Caching::Immutable => HeaderValue::from_static("public, max-age=31536000, immutable"),
        }
    }

    /// For a file of the page folder: immutable when its name carries a content hash.
    fn of_page_file(relative: &str) -> Self {
        if content_hashed(relative) {
            Caching::Immutable
        } else {
            Caching::Revalidate
        }
    }
}

/// Whether a file name carries a content hash as `build.sh` writes it: `<stem>-<16 lowercase
/// hex digits>.<extension>` (`dvs_web_client_bg-0123456789abcdef.wasm`).
fn content_hashed(relative: &str) -> bool {
    let name = relative.rsplit('/').next().unwrap_or(relative);
    let Some((stem, _extension)) = name.rsplit_once('.') else {
        return false;
    };
    let Some((_, hash)) = stem.rsplit_once('-') else {
        return false;
    };
    hash.len() == 16 && hash.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

async fn index(State(page): State<Arc<WebPage>>, request: Request) -> Response {
    serve_file(&page.page_dir, "index.html", Caching::Revalidate, request).await
}

async fn config(State(page): State<Arc<WebPage>>, request: Request) -> Response {
    let answer = ConfigAnswer {
        config: &page.config,
        library: page.has_library(),
        library_path: page.library_path(),
    };
    let Ok(body) = serde_json::to_vec(&answer) else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let etag = format!("\"{:016x}\"", fnv1a(&body));
    let unchanged = request
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|tags| tags.split(',').any(|tag| tag.trim() == etag));
    let mut response = if unchanged {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        (
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            )],
            body,
        )
            .into_response()
    };
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, Caching::Revalidate.header());
    if let Ok(etag) = HeaderValue::from_str(&etag) {
        headers.insert(header::ETAG, etag);
    }
    response
}

/// FNV-1a, 64 bits: the `/config` answer's `ETag` (a change detector, not a secret).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

async fn page_file(
    State(page): State<Arc<WebPage>>,
    UrlPath(path): UrlPath<String>,
    request: Request,
) -> Response {
    let caching = Caching::of_page_file(&path);
    serve_file(&page.page_dir, &path, caching, request).await
}

async fn library_file(
    State(page): State<Arc<WebPage>>,
    UrlPath(path): UrlPath<String>,
    request: Request,
) -> Response {
    let Some(library) = &page.library else {
        return StatusCode::NOT_FOUND.into_response();
    };
    if is_html(&path) {
        // The package's demo page holds license keys issued to IDScan: never served.
        return StatusCode::NOT_FOUND.into_response();
    }
    serve_file(&library.dist_dir, &path, Caching::Immutable, request).await
}

/// `/ort-wasm-simd.wasm` or `/ort-wasm.wasm`: the library's gzip file of that name, sent as
/// `gzip`-encoded WebAssembly (see the module docs) to a browser that accepts gzip.
async fn library_runtime(State(page): State<Arc<WebPage>>, request: Request) -> Response {
    let Some(library) = &page.library else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let accepts_gzip = request
        .headers()
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|e| e.trim().starts_with("gzip")));
    let name = request.uri().path().trim_start_matches('/').to_owned();
    if !accepts_gzip || !matches!(name.as_str(), "ort-wasm-simd.wasm" | "ort-wasm.wasm") {
        return StatusCode::NOT_FOUND.into_response();
    }
    let gzip = format!("networks/{name}.gzip");
    let mut response = serve_file(&library.dist_dir, &gzip, Caching::Revalidate, request).await;
    if response.status().is_success() {
        let headers = response.headers_mut();
        headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/wasm"),
        );
        headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    response
}

fn is_html(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    lower.ends_with(".html") || lower.ends_with(".htm")
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
/// unpacks them itself, so no `Content-Encoding` is ever set for them.
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

/// The compressed variants `ServeFile` may send instead of `path`: `.br` and `.gz` beside
/// it, when every one present is at least as new as the file.
async fn variants_are_fresh(path: &Path, file_modified: SystemTime) -> bool {
    for extension in ["br", "gz"] {
        let mut variant = path.as_os_str().to_owned();
        variant.push(".");
        variant.push(extension);
        // Off the async threads, like the file itself (a missing variant is no stale one).
        if let Ok(meta) = tokio::fs::metadata(PathBuf::from(variant)).await {
            if !meta.modified().is_ok_and(|m| m >= file_modified) {
                return false;
            }
        }
    }
    true
}

async fn serve_file(dir: &Path, relative: &str, caching: Caching, request: Request) -> Response {
    let Some(path) = safe_join(dir, relative) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let meta = match tokio::fs::metadata(&path).await {
        Ok(meta) if meta.is_file() => meta,
        _ => return StatusCode::NOT_FOUND.into_response(),
    };
    let mut service = ServeFile::new(&path);
    let compressible = match meta.modified() {
        Ok(modified) => variants_are_fresh(&path, modified).await,
        Err(_) => false,
    };
    if compressible {
        service = service.precompressed_br().precompressed_gzip();
    }
    let mut response = match service.try_call(request).await {
        Ok(response) => response.into_response(),
        Err(_) => return StatusCode::NOT_FOUND.into_response(),
    };
    let status = response.status();
    let headers = response.headers_mut();
    if status.is_success() {
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static(content_type(relative)),
        );
    }
    if status.is_success() || status == StatusCode::NOT_MODIFIED {
        headers.insert(header::CACHE_CONTROL, caching.header());
        if compressible {
            headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
        }
    }
    response
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
            content_type("pkg/dvs_web_client_bg-0123456789abcdef.wasm"),
            "application/wasm"
        );
        assert_eq!(content_type("idvc.js"), "text/javascript; charset=utf-8");
    }

    #[test]
    fn only_content_hashed_names_are_immutable() {
        for hashed in [
            "pkg/dvs_web_client_bg-0123456789abcdef.wasm",
            "pkg/dvs_web_client-fedcba9876543210.js",
        ] {
            assert_eq!(
                Caching::of_page_file(hashed),
                Caching::Immutable,
                "{hashed}"
            );
        }
        for plain in [
            "app.js",
            "pkg/dvs_web_client.js",
            "pkg/dvs_web_client_bg.wasm",
            "pkg/a-0123456789ABCDEF.js",
            "pkg/a-0123456789abcde.js",
            "pkg/a-0123456789abcdefa.js",
            "pkg/-0123456789abcdeg.js",
            "0123456789abcdef",
        ] {
            assert_eq!(Caching::of_page_file(plain), Caching::Revalidate, "{plain}");
        }
    }

    #[test]
    fn the_library_version_must_be_plain() {
        let dir = std::env::temp_dir().join(format!("dvs-web-page-{}", std::process::id()));
        let dist = dir.join("dist");
        std::fs::create_dir_all(&dist).unwrap();
        for (manifest, expected) in [
            (r#"{"version":"3.10.0"}"#, Some("3.10.0")),
            (r#"{"version":"3.10.0-beta.1+x"}"#, Some("3.10.0-beta.1+x")),
            (r#"{"version":"../../etc"}"#, None),
            (r#"{"version":"1 2"}"#, None),
            (r#"{"version":""}"#, None),
            (r#"{"name":"x"}"#, None),
            ("not json", None),
        ] {
            std::fs::write(dir.join("package.json"), manifest).unwrap();
            assert_eq!(package_version(&dist).as_deref(), expected, "{manifest}");
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn the_policy_names_the_dvs_origin_only() {
        for (base, origin) in [
            ("https://dvs2.idware.net/", "https://dvs2.idware.net"),
            ("http://127.0.0.1:9000/dvs/", "http://127.0.0.1:9000"),
            ("not a url", ""),
        ] {
            let headers = security_headers(base);
            let csp = headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
            assert!(
                csp.contains(&format!("connect-src 'self' {origin} blob:").replace("  ", " ")),
                "{csp}"
            );
            assert!(!csp.contains("/dvs/"), "{csp}");
        }
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
