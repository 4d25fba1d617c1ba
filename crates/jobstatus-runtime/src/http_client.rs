//! The HTTP client every provider crate uses.

use std::sync::Once;
use std::time::Duration;

use crate::Error;

/// The `User-Agent` this workspace sends.
pub const USER_AGENT: &str = concat!("jobstatus/", env!("CARGO_PKG_VERSION"));

/// Installs rustls' ring crypto provider once. reqwest is built without a default provider
/// (aws-lc-sys would double the clean build), so this must run before any client is built.
pub fn install_crypto_provider() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // Err only means another provider is already installed, which is as good.
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
}

/// Timeouts for a client.
#[derive(Debug, Clone, Copy)]
pub struct Timeouts {
    /// Connecting, TLS included.
    pub connect: Duration,
    /// The whole request, body included.
    pub request: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Timeouts {
            connect: Duration::from_secs(10),
            request: Duration::from_secs(30),
        }
    }
}

/// A reqwest client with our user agent and timeouts, and a connection pool of its own.
pub fn build_client(timeouts: Timeouts) -> Result<reqwest::Client, Error> {
    install_crypto_provider();
    reqwest::Client::builder()
        .user_agent(USER_AGENT)
        .connect_timeout(timeouts.connect)
        .timeout(timeouts.request)
        .pool_idle_timeout(Duration::from_secs(60))
        .build()
        .map_err(|e| Error::InvalidRequest(format!("cannot build the HTTP client: {e}")))
}

/// True when `url`'s host is a loopback address or `localhost`.
pub fn is_loopback(url: &url::Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

/// Checks a base URL (an `http` or `https` URL with a host) and drops a trailing `/`.
pub fn check_base_url(base: &str) -> Result<String, Error> {
    let url = url::Url::parse(base.trim())
        .map_err(|e| Error::InvalidRequest(format!("invalid base URL {base:?}: {e}")))?;
    if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
        return Err(Error::InvalidRequest(format!(
            "invalid base URL {base:?}: it needs http:// or https:// and a host"
        )));
    }
    Ok(url.as_str().trim_end_matches('/').to_owned())
}
