//! Base URL validation: `https://` anywhere, `http://` only on loopback.

use url::{Host, Url};

use crate::Error;

/// IDScan's documented DVS host.
pub const DEFAULT_BASE_URL: &str = "https://dvs2.idware.net/";

/// Environment variable read by `from_env()` for an alternative base URL.
pub const BASE_URL_ENV: &str = "DVS_BASE_URL";

/// Parses and checks a base URL; the result always ends with `/` so paths join under it.
///
/// ```
/// use dvs_core::internal::parse_base_url;
/// assert_eq!(parse_base_url("https://dvs.example/prefix")?.as_str(), "https://dvs.example/prefix/");
/// assert!(parse_base_url("http://127.0.0.1:8080").is_ok());
/// assert!(parse_base_url("http://dvs.example").is_err());
/// # Ok::<(), dvs_core::Error>(())
/// ```
pub fn parse_base_url(text: &str) -> Result<Url, Error> {
    let mut url = Url::parse(text.trim())
        .map_err(|e| Error::Config(format!("the base URL is not a valid URL ({e})")))?;
    match url.scheme() {
        "https" => {}
        "http" if is_loopback(&url) => {}
        "http" => {
            return Err(Error::Config(
                "the base URL uses http:// on a non-loopback host; keys and PII would travel \
                 in clear text. Use https:// (http:// is allowed only for localhost/127.0.0.1/[::1])"
                    .into(),
            ));
        }
        other => {
            return Err(Error::Config(format!(
                "the base URL scheme `{other}` is not supported; use https://"
            )));
        }
    }
    if url.host().is_none() {
        return Err(Error::Config("the base URL has no host".into()));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(Error::Config(
            "the base URL must not carry credentials; the API key is sent as a bearer token".into(),
        ));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(Error::Config(
            "the base URL must not have a query or fragment".into(),
        ));
    }
    if !url.path().ends_with('/') {
        let path = format!("{}/", url.path());
        url.set_path(&path);
    }
    Ok(url)
}

/// `true` for `localhost`, `127.0.0.0/8` and `::1`.
pub fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(Host::Ipv4(ip)) => ip.is_loopback(),
        Some(Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}
