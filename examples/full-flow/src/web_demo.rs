//! The web demo: the example backend serving the web client's page (and the backend's
//! `POST /verifications`) on `localhost`, with DVS the built-in mock by default or the real
//! service when keys are set.

use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;

use dvs_backend_app::web_page::{PageConfig, WebPage, routes};
use dvs_backend_app::{BackendState, router};
use dvs_mock::{MockDvs, Scenario};
use dvs_secret::{Policy, SecretKey};

use crate::{Environment, FullFlowError};

/// The license key of IDScan's web library, read by the web demo.
pub const LICENSE_KEY_ENV: &str = "IDVC_LICENSE_KEY";

/// How to start the web demo.
#[derive(Debug, Clone)]
pub struct WebDemoOptions {
    /// Keys and base URL; with neither key, the built-in mock runs.
    pub env: Environment,
    /// IDScan's web library license key (`IDVC_LICENSE_KEY`), if any.
    pub license_key: Option<String>,
    /// Where the backend listens (default `127.0.0.1:8080`).
    pub bind: SocketAddr,
    /// The mock's default scenario (built-in mock only).
    pub scenario: Scenario,
    /// The backend policy's minimum age (the age gate), if any.
    pub min_age: Option<u8>,
    /// The page folder (`examples/web-client/web`).
    pub page_dir: PathBuf,
    /// IDScan's library `dist/` folder (`tests/idvc/package/dist`), served when present.
    pub library_dir: PathBuf,
}

impl Default for WebDemoOptions {
    fn default() -> Self {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
        WebDemoOptions {
            env: Environment::default(),
            license_key: None,
            bind: SocketAddr::from((Ipv4Addr::LOCALHOST, 8080)),
            scenario: Scenario::Approved,
            min_age: None,
            page_dir: root.join("examples/web-client/web"),
            library_dir: root.join("tests/idvc/package/dist"),
        }
    }
}

/// A running web demo; stops when dropped (with the runtime's tasks).
#[derive(Debug)]
pub struct WebDemo {
    /// The address the backend and the page are served on.
    pub addr: SocketAddr,
    /// The built-in mock, when no keys were set.
    pub mock: Option<MockDvs>,
    /// The DVS base URL the page sends to.
    pub dvs_base_url: String,
    /// Whether IDScan's library is served.
    pub library: bool,
    /// Whether the page's wasm client was built (`examples/web-client/build.sh`).
    pub bundle_built: bool,
}

impl WebDemo {
    /// The address to open: `http://localhost:PORT/` (the library's license check exempts
    /// the host `localhost`, not `127.0.0.1`).
    pub fn url(&self) -> String {
        format!("http://localhost:{}/", self.addr.port())
    }
}

/// Starts the backend with the page on `options.bind`, and the built-in mock if no keys
/// are set. Returns once it is listening.
pub async fn start_web_demo(options: WebDemoOptions) -> Result<WebDemo, FullFlowError> {
    let env = &options.env;
    let (public_key, secret, base_url, mock) = match (&env.public_key, &env.secret_key) {
        (Some(pk), Some(sk)) => {
            let public_key =
                dvs_public::PublicKey::new(pk.clone()).map_err(dvs_public::Error::from)?;
            let secret_key = SecretKey::new(sk.clone()).map_err(dvs_public::Error::from)?;
            let mut secret = dvs_secret::Client::builder(secret_key);
            if let Some(url) = &env.base_url {
                secret = secret.base_url(url.clone());
            }
            let secret = secret.build()?;
            let base_url = secret.base_url().to_owned();
            (public_key, secret, base_url, None)
        }
        (None, None) => {
            let mock = MockDvs::builder()
                .default_scenario(options.scenario)
                .start()
                .await;
            let secret = dvs_secret::Client::builder(mock.secret_key())
                .base_url(mock.base_url())
                .build()?;
            (mock.public_key(), secret, mock.base_url(), Some(mock))
        }
        _ => {
            return Err(FullFlowError::Usage(
                "set both DVS_PUBLIC_KEY and DVS_SECRET_KEY to use a real server, or neither to use the built-in mock".into(),
            ));
        }
    };
    let page = WebPage::new(
        PageConfig {
            license_key: options.license_key.clone(),
            public_key: public_key.expose_secret().to_owned(),
            dvs_base_url: base_url.clone(),
        },
        &options.page_dir,
    )
    .library(&options.library_dir);
    let library = page.has_library();
    let bundle_built = options.page_dir.join("pkg/dvs_web_client.js").is_file();
    let mut policy = Policy::default();
    if let Some(years) = options.min_age {
        policy = policy.with_min_age(years);
    }
    let state = BackendState::new(secret, policy)
        .map_err(|e| FullFlowError::Usage(format!("the backend's settings: {e}")))?;
    let app = router(state).merge(routes(page));
    let listener = tokio::net::TcpListener::bind(options.bind)
        .await
        .map_err(FullFlowError::Backend)?;
    let addr = listener.local_addr().map_err(FullFlowError::Backend)?;
    tokio::spawn(async move {
        if let Err(e) = axum::serve(listener, app).await {
            eprintln!("web_demo: server stopped: {e}");
        }
    });
    Ok(WebDemo {
        addr,
        mock,
        dvs_base_url: base_url,
        library,
        bundle_built,
    })
}
