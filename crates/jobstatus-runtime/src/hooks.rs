//! What each provider's generated client carries (`inner`), and the two hooks it runs:
//! authenticate every attempt afresh, and read the answer under the body cap.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use crate::credentials::{AlibabaCredentials, AzureAuth, HuaweiAuth, ProvideCredentials};
use crate::destination::Destinations;
use crate::exchange::{self, DEFAULT_BODY_LIMIT};
use crate::{Error, acs3, azure_auth, sdk_hmac};

/// The future [`Authenticate::authenticate`] returns.
pub type AuthFuture<'a> = Pin<Box<dyn Future<Output = Result<(), Error>> + Send + 'a>>;

/// Adds authentication to a fully built request, just before it is sent.
pub trait Authenticate: Send + Sync + fmt::Debug {
    /// Signs the request or adds its key or token. Called on every attempt.
    fn authenticate<'a>(&'a self, request: &'a mut reqwest::Request) -> AuthFuture<'a>;
}

/// A shared credentials source.
pub type SharedProvider<C> = Arc<dyn ProvideCredentials<Credentials = C>>;

/// The state a generated client carries: how to authenticate, where credentials may go, and
/// the body cap.
#[derive(Debug, Clone)]
pub struct HookState<A> {
    /// How requests authenticate.
    pub auth: A,
    /// Where this client's credentials may be sent; checked before every request is signed.
    pub destinations: Arc<Destinations>,
    /// The largest response body read, in bytes.
    pub body_limit: usize,
}

impl<A> HookState<A> {
    /// Keeps `auth` and `destinations`, with the default body cap.
    pub fn new(auth: A, destinations: Destinations) -> Self {
        HookState {
            auth,
            destinations: Arc::new(destinations),
            body_limit: DEFAULT_BODY_LIMIT,
        }
    }

    /// Sets the body cap.
    pub fn with_body_limit(mut self, limit: usize) -> Self {
        self.body_limit = limit;
        self
    }
}

impl<A: Authenticate> HookState<A> {
    /// The `pre` hook: refuse a destination the credentials may not go to, then authenticate,
    /// keeping a typed error for [`exchange::call`].
    pub async fn pre<E>(
        &self,
        request: &mut reqwest::Request,
    ) -> Result<(), progenitor_client::Error<E>> {
        let checked = match self.destinations.check(request.url()) {
            Ok(()) => self.auth.authenticate(request).await,
            Err(e) => Err(e),
        };
        checked.map_err(|e| progenitor_client::Error::Custom(exchange::hook_error(e)))
    }

    /// The `exec` hook: send, and read the body under the cap.
    pub async fn exec(
        &self,
        client: &reqwest::Client,
        request: reqwest::Request,
    ) -> reqwest::Result<reqwest::Response> {
        exchange::execute(client, request, self.body_limit).await
    }
}

fn body_bytes(request: &reqwest::Request) -> Result<Vec<u8>, Error> {
    match request.body() {
        None => Ok(Vec::new()),
        Some(b) => b
            .as_bytes()
            .map(<[u8]>::to_vec)
            .ok_or_else(|| Error::InvalidRequest("a streamed body cannot be signed".into())),
    }
}

/// Signs with `ACS3-HMAC-SHA256`, a fresh nonce and the real clock on every attempt.
#[derive(Clone)]
pub struct AlibabaSigner {
    credentials: SharedProvider<AlibabaCredentials>,
    operation: acs3::Operation,
}

impl AlibabaSigner {
    /// Signs requests for `operation` with credentials from `credentials`.
    pub fn new(
        credentials: SharedProvider<AlibabaCredentials>,
        operation: acs3::Operation,
    ) -> Self {
        AlibabaSigner {
            credentials,
            operation,
        }
    }
}

impl fmt::Debug for AlibabaSigner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AlibabaSigner")
            .field("credentials", &self.credentials)
            .field("operation", &self.operation)
            .finish()
    }
}

impl Authenticate for AlibabaSigner {
    fn authenticate<'a>(&'a self, request: &'a mut reqwest::Request) -> AuthFuture<'a> {
        Box::pin(async move {
            let creds = self.credentials.provide().await?;
            creds.validate()?;
            let body = body_bytes(request)?;
            let method = request.method().clone();
            let mut url = request.url().clone();
            let nonce = acs3::new_nonce();
            let ctx = acs3::SignContext {
                creds: &creds,
                op: self.operation,
                date: chrono::Utc::now(),
                nonce: &nonce,
            };
            acs3::sign(&method, &mut url, request.headers_mut(), &body, &ctx)?;
            *request.url_mut() = url;
            tracing::trace!(target: "jobstatus::auth", action = self.operation.action, access_key_id = %creds.access_key_id, "signed ACS3");
            Ok(())
        })
    }
}

/// Signs with `SDK-HMAC-SHA256`, or sets `X-Auth-Token`, on every attempt.
#[derive(Clone)]
pub struct HuaweiSigner {
    credentials: SharedProvider<HuaweiAuth>,
}

impl HuaweiSigner {
    /// Authenticates with credentials from `credentials`.
    pub fn new(credentials: SharedProvider<HuaweiAuth>) -> Self {
        HuaweiSigner { credentials }
    }

    /// The credentials source (the client needs the project for the path).
    pub fn credentials(&self) -> &SharedProvider<HuaweiAuth> {
        &self.credentials
    }
}

impl fmt::Debug for HuaweiSigner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HuaweiSigner")
            .field("credentials", &self.credentials)
            .finish()
    }
}

impl Authenticate for HuaweiSigner {
    fn authenticate<'a>(&'a self, request: &'a mut reqwest::Request) -> AuthFuture<'a> {
        Box::pin(async move {
            let auth = self.credentials.provide().await?;
            auth.validate()?;
            // Huawei's official client sends (and signs) a JSON content type on every request,
            // GET included.
            request
                .headers_mut()
                .entry(http::header::CONTENT_TYPE)
                .or_insert(http::HeaderValue::from_static("application/json"));
            let body = body_bytes(request)?;
            let method = request.method().clone();
            let url = request.url().clone();
            sdk_hmac::authenticate(
                &method,
                &url,
                request.headers_mut(),
                &body,
                &auth,
                chrono::Utc::now(),
            )?;
            Ok(())
        })
    }
}

/// Adds the Azure key or bearer token on every attempt.
#[derive(Clone)]
pub struct AzureAuthenticator {
    credentials: SharedProvider<AzureAuth>,
}

impl AzureAuthenticator {
    /// Authenticates with credentials from `credentials`.
    pub fn new(credentials: SharedProvider<AzureAuth>) -> Self {
        AzureAuthenticator { credentials }
    }
}

impl fmt::Debug for AzureAuthenticator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AzureAuthenticator")
            .field("credentials", &self.credentials)
            .finish()
    }
}

impl Authenticate for AzureAuthenticator {
    fn authenticate<'a>(&'a self, request: &'a mut reqwest::Request) -> AuthFuture<'a> {
        Box::pin(async move {
            let auth = self.credentials.provide().await?;
            azure_auth::authenticate(request.headers_mut(), &auth).await
        })
    }
}
