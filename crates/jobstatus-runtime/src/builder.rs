//! The one client builder all five provider crates share.

use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;

use crate::Error;
use crate::credentials::{Expiry, IdentityCache, ProvideCredentials};
use crate::destination::Destinations;
use crate::exchange::DEFAULT_BODY_LIMIT;
use crate::hooks::SharedProvider;
use crate::http_client::{Timeouts, build_client_with_roots, check_base_url};

/// What a provider crate tells the shared builder.
pub trait Provider {
    /// The credentials it signs with.
    type Credentials: Expiry + Clone + Send + Sync + 'static;
    /// The client it builds.
    type Client;
    /// The vendor, as errors name it (`Alibaba Cloud`).
    const VENDOR: &'static str;
    /// The domains the vendor owns; credentials go to hosts under them (over https) freely.
    const VENDOR_DOMAINS: &'static [&'static str];
    /// The base URL for a region, by the vendor's host rule; an error for a region that is not
    /// well formed or, where the vendor publishes its list, not known.
    fn endpoint_for_region(region: &str) -> Result<String, Error>;
    /// The vendor's default credential chain.
    fn default_credentials() -> SharedProvider<Self::Credentials>;
    /// Builds the client from resolved settings.
    fn build(settings: Settings<Self::Credentials>) -> Result<Self::Client, Error>;
}

/// Resolved settings handed to [`Provider::build`].
pub struct Settings<C> {
    /// The checked base URL, without a trailing `/`.
    pub base_url: String,
    /// The HTTP client.
    pub http: reqwest::Client,
    /// The credentials source.
    pub credentials: SharedProvider<C>,
    /// Where the credentials may go (the base URL passed this check).
    pub destinations: Destinations,
    /// The body cap in bytes.
    pub body_limit: usize,
}

/// Builds a provider's client: where it goes (a region or a base URL), how it authenticates,
/// and its HTTP settings.
pub struct ClientBuilder<P: Provider> {
    base_url: Option<Result<String, Error>>,
    credentials: Option<SharedProvider<P::Credentials>>,
    /// True when `credentials` came through `shared_credentials` and is used as given.
    shared: bool,
    http: Option<reqwest::Client>,
    timeouts: Timeouts,
    body_limit: usize,
    destinations: Destinations,
    allow_errors: Vec<Error>,
    roots: Vec<rustls::pki_types::CertificateDer<'static>>,
    _provider: PhantomData<fn() -> P>,
}

impl<P: Provider> Default for ClientBuilder<P> {
    fn default() -> Self {
        ClientBuilder {
            base_url: None,
            credentials: None,
            shared: false,
            http: None,
            timeouts: Timeouts::default(),
            body_limit: DEFAULT_BODY_LIMIT,
            destinations: Destinations::vendor(P::VENDOR, P::VENDOR_DOMAINS),
            allow_errors: Vec::new(),
            roots: Vec::new(),
            _provider: PhantomData,
        }
    }
}

impl<P: Provider> fmt::Debug for ClientBuilder<P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("credentials", &self.credentials.as_ref().map(|_| "set"))
            .field("timeouts", &self.timeouts)
            .field("body_limit", &self.body_limit)
            .field("destinations", &self.destinations)
            .finish()
    }
}

impl<P: Provider> ClientBuilder<P> {
    /// Uses the vendor's host for `region`. A region that is not well formed fails the build.
    pub fn region(mut self, region: &str) -> Self {
        self.base_url = Some(P::endpoint_for_region(region));
        self
    }

    /// Uses an explicit base URL: a private endpoint, a proxy, or the emulator. Naming an
    /// `https://` URL here is permission to send credentials there. Plain `http://` to a host
    /// that is not loopback also needs [`allow_endpoint`](Self::allow_endpoint) with that
    /// `http://` origin, so that no key or token crosses a network in the clear by accident.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        let url = url.into();
        if url.trim_start().starts_with("https://") {
            // An unparseable URL is reported by `build`, with the URL's own error.
            let _ = self.destinations.allow(&url);
        }
        self.base_url = Some(Ok(url));
        self
    }

    /// Uses a base URL that came from elsewhere (a job reference). It is used only if it is
    /// the vendor's own host over https, loopback, or allowed with
    /// [`allow_endpoint`](Self::allow_endpoint); otherwise the build fails saying so.
    pub fn untrusted_base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(Ok(url.into()));
        self
    }

    /// Allows credentials to go to an origin (`https://host[:port]`, `http://host[:port]`, or
    /// a bare host for https), for base URLs given by [`untrusted_base_url`](Self::untrusted_base_url).
    pub fn allow_endpoint(mut self, origin: &str) -> Self {
        if let Err(e) = self.destinations.allow(origin) {
            self.allow_errors.push(e);
        }
        self
    }

    /// Trusts this certificate authority too, besides the system's roots (a private CA, or the
    /// emulator's). Not used with [`http_client`](Self::http_client): give that client the root.
    pub fn add_root_certificate(
        mut self,
        cert: rustls::pki_types::CertificateDer<'static>,
    ) -> Self {
        self.roots.push(cert);
        self
    }

    /// Trusts the certificates in this PEM text too (see
    /// [`add_root_certificate`](Self::add_root_certificate)); an error when it holds none.
    pub fn add_root_certificate_pem(mut self, pem: &[u8]) -> Result<Self, Error> {
        self.roots
            .extend(crate::http_client::certificates_from_pem(pem)?);
        Ok(self)
    }

    /// Uses fixed credentials.
    pub fn credentials(
        self,
        credentials: impl ProvideCredentials<Credentials = P::Credentials> + 'static,
    ) -> Self {
        self.credentials_provider(credentials)
    }

    /// Uses a credentials provider (a chain, a remote source). Without one, the vendor's default
    /// chain is used. Either way the client puts an [`IdentityCache`] in front of it: resolved
    /// at the first request, then only again shortly before the credentials expire.
    pub fn credentials_provider(
        mut self,
        provider: impl ProvideCredentials<Credentials = P::Credentials> + 'static,
    ) -> Self {
        self.credentials = Some(Arc::new(provider));
        self.shared = false;
        self
    }

    /// Uses a provider shared with other clients, as given (no cache of its own is added):
    /// share one [`IdentityCache`] to resolve credentials once for all of them.
    pub fn shared_credentials(mut self, provider: SharedProvider<P::Credentials>) -> Self {
        self.credentials = Some(provider);
        self.shared = true;
        self
    }

    /// Uses this reqwest client: its pool, proxy and TLS settings. Share one across clients
    /// to share connections.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// Sets connect and request timeouts (not used with [`http_client`](Self::http_client)).
    pub fn timeouts(mut self, timeouts: Timeouts) -> Self {
        self.timeouts = timeouts;
        self
    }

    /// Refuses response bodies larger than `bytes` without reading them whole (default 4 MiB).
    pub fn body_limit(mut self, bytes: usize) -> Self {
        self.body_limit = bytes;
        self
    }

    /// Builds the client. Fails when no region or base URL was given, the region or URL is
    /// invalid, or the credentials may not go to the URL's host. Credentials are looked up at
    /// the first request, not here.
    pub fn build(self) -> Result<P::Client, Error> {
        if let Some(e) = self.allow_errors.into_iter().next() {
            return Err(e);
        }
        let base = self
            .base_url
            .ok_or_else(|| Error::InvalidRequest("a region or a base URL is needed".into()))??;
        let base_url = check_base_url(&base)?;
        let parsed = url::Url::parse(&base_url)
            .map_err(|e| Error::InvalidRequest(format!("invalid base URL {base:?}: {e}")))?;
        self.destinations.check(&parsed)?;
        let http = match self.http {
            Some(h) => h,
            None => build_client_with_roots(self.timeouts, &self.roots)?,
        };
        let credentials = match (self.credentials, self.shared) {
            (Some(c), true) => c,
            (given, _) => {
                let inner = given.unwrap_or_else(P::default_credentials);
                Arc::new(IdentityCache::new(inner)) as SharedProvider<P::Credentials>
            }
        };
        P::build(Settings {
            base_url,
            http,
            credentials,
            destinations: self.destinations,
            body_limit: self.body_limit,
        })
    }
}
