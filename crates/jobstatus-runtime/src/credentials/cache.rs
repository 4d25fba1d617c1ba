//! An identity cache over any credentials provider: resolved lazily, kept until shortly before
//! it expires, refreshed once for every caller waiting at that moment, and, should a refresh
//! fail, the credentials still valid kept in use. The provider itself runs on tokio's blocking
//! pool, so reading a profile file (or, later, a network source) never stalls an async worker.

use std::fmt;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use chrono::{DateTime, Utc};

use super::{
    AlibabaCredentials, AzureAuth, CredentialsError, HuaweiAuth, ProvideCredentials, Provided,
};

/// When credentials stop working.
pub trait Expiry {
    /// `None`: they do not expire.
    fn expires_at(&self) -> Option<DateTime<Utc>>;
}

impl Expiry for AlibabaCredentials {
    fn expires_at(&self) -> Option<DateTime<Utc>> {
        self.expiration
    }
}

impl Expiry for HuaweiAuth {
    fn expires_at(&self) -> Option<DateTime<Utc>> {
        match self {
            HuaweiAuth::AkSk(c) => c.expiration,
            HuaweiAuth::Token { .. } => None,
        }
    }
}

/// A key never expires; a bearer token's provider keeps its own tokens fresh.
impl Expiry for AzureAuth {
    fn expires_at(&self) -> Option<DateTime<Utc>> {
        None
    }
}

/// How long before expiry credentials are refreshed by default: 5 minutes, as the AWS SDK does.
pub const DEFAULT_REFRESH_MARGIN: Duration = Duration::from_secs(300);

/// Caches what `inner` provides. Cheap to share behind an `Arc`.
pub struct IdentityCache<C> {
    inner: Arc<dyn ProvideCredentials<Credentials = C>>,
    margin: chrono::Duration,
    cached: RwLock<Option<C>>,
    refresh: tokio::sync::Mutex<()>,
}

impl<C> fmt::Debug for IdentityCache<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IdentityCache")
            .field("inner", &self.inner)
            .field("margin", &self.margin)
            .field(
                "cached",
                &self.cached.read().map(|c| c.is_some()).unwrap_or(false),
            )
            .finish()
    }
}

impl<C: Expiry + Clone + Send + Sync + 'static> IdentityCache<C> {
    /// A cache over `inner`, refreshing [`DEFAULT_REFRESH_MARGIN`] before expiry.
    pub fn new(inner: Arc<dyn ProvideCredentials<Credentials = C>>) -> Self {
        IdentityCache {
            inner,
            margin: chrono::Duration::from_std(DEFAULT_REFRESH_MARGIN)
                .unwrap_or(chrono::Duration::minutes(5)),
            cached: RwLock::new(None),
            refresh: tokio::sync::Mutex::new(()),
        }
    }

    /// Refreshes this long before expiry instead.
    pub fn with_refresh_margin(mut self, margin: Duration) -> Self {
        self.margin = chrono::Duration::from_std(margin).unwrap_or(chrono::Duration::MAX);
        self
    }

    fn current(&self) -> Option<C> {
        self.cached.read().ok().and_then(|c| c.clone())
    }

    fn fresh(&self, c: &C, now: DateTime<Utc>) -> bool {
        c.expires_at()
            .is_none_or(|at| now.checked_add_signed(self.margin).is_some_and(|t| t < at))
    }

    async fn resolve(&self) -> Result<C, CredentialsError> {
        let inner = self.inner.clone();
        // Off the async workers: a provider may read files (or, for remote sources, block).
        let handle = tokio::runtime::Handle::try_current();
        match handle {
            Ok(h) => tokio::task::spawn_blocking(move || h.block_on(inner.provide()))
                .await
                .unwrap_or_else(|e| {
                    Err(CredentialsError::Token(format!(
                        "the credentials provider stopped: {e}"
                    )))
                }),
            Err(_) => inner.provide().await,
        }
    }

    async fn get(&self) -> Result<C, CredentialsError> {
        if let Some(c) = self.current().filter(|c| self.fresh(c, Utc::now())) {
            return Ok(c);
        }
        // One refresh at a time; whoever waited finds the new credentials here.
        let _refreshing = self.refresh.lock().await;
        let now = Utc::now();
        let cached = self.current();
        if let Some(c) = cached.as_ref().filter(|c| self.fresh(c, now)) {
            return Ok(c.clone());
        }
        match self.resolve().await {
            Ok(c) => {
                if let Ok(mut slot) = self.cached.write() {
                    *slot = Some(c.clone());
                }
                tracing::debug!(target: "jobstatus::credentials", expires_at = ?c.expires_at(), "credentials resolved");
                Ok(c)
            }
            Err(e) => match cached.filter(|c| c.expires_at().is_none_or(|at| now < at)) {
                Some(still_valid) => {
                    tracing::warn!(target: "jobstatus::credentials", error = %e, expires_at = ?still_valid.expires_at(), "refreshing credentials failed; using the ones still valid");
                    Ok(still_valid)
                }
                None => Err(e),
            },
        }
    }
}

impl<C: Expiry + Clone + Send + Sync + 'static> ProvideCredentials for IdentityCache<C> {
    type Credentials = C;
    fn provide(&self) -> Provided<'_, C> {
        Box::pin(self.get())
    }
}
