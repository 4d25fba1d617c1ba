//! The provider trait and the chain that asks providers in order.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, OnceLock};

use super::CredentialsError;

/// The future a provider returns. Boxed so that remote providers (ECS RAM role, OIDC, a
/// credentials URI) fit the same trait as the local ones.
pub type Provided<'a, C> = Pin<Box<dyn Future<Output = Result<C, CredentialsError>> + Send + 'a>>;

/// A source of credentials.
///
/// Return [`CredentialsError::NotFound`] when the source simply has nothing, so that a chain
/// goes on to the next source; any other error stops the chain, because a half-set or broken
/// source is a mistake the user should hear about.
pub trait ProvideCredentials: Send + Sync + fmt::Debug {
    /// What this provider yields.
    type Credentials;
    /// Looks for credentials.
    fn provide(&self) -> Provided<'_, Self::Credentials>;
}

/// Credentials given directly by the caller.
#[derive(Clone, Debug)]
pub struct StaticCredentials<C>(pub C);

impl<C: Clone + Send + Sync + fmt::Debug> ProvideCredentials for StaticCredentials<C> {
    type Credentials = C;
    fn provide(&self) -> Provided<'_, C> {
        let c = self.0.clone();
        Box::pin(async move { Ok(c) })
    }
}

/// Providers asked in order; the first that succeeds is remembered and asked first from then on,
/// as the vendors' default chains do.
pub struct CredentialsChain<C> {
    vendor: &'static str,
    providers: Vec<Arc<dyn ProvideCredentials<Credentials = C>>>,
    remembered: OnceLock<usize>,
}

impl<C> CredentialsChain<C> {
    /// An empty chain for `vendor`.
    pub fn new(vendor: &'static str) -> Self {
        CredentialsChain {
            vendor,
            providers: Vec::new(),
            remembered: OnceLock::new(),
        }
    }

    /// Adds a provider at the end.
    pub fn with(mut self, provider: impl ProvideCredentials<Credentials = C> + 'static) -> Self {
        self.providers.push(Arc::new(provider));
        self
    }
}

impl<C> fmt::Debug for CredentialsChain<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CredentialsChain")
            .field("vendor", &self.vendor)
            .field("providers", &self.providers)
            .finish()
    }
}

impl<C: Send + 'static> ProvideCredentials for CredentialsChain<C> {
    type Credentials = C;

    fn provide(&self) -> Provided<'_, C> {
        Box::pin(async move {
            if let Some(&i) = self.remembered.get() {
                return self.providers[i].provide().await;
            }
            let mut looked_at = Vec::new();
            for (i, p) in self.providers.iter().enumerate() {
                match p.provide().await {
                    Ok(c) => {
                        let _ = self.remembered.set(i);
                        tracing::debug!(vendor = self.vendor, provider = ?p, "credentials found");
                        return Ok(c);
                    }
                    Err(CredentialsError::NotFound {
                        looked_at: more, ..
                    }) => looked_at.extend(more),
                    Err(e) => return Err(e),
                }
            }
            Err(CredentialsError::NotFound {
                vendor: self.vendor,
                looked_at,
            })
        })
    }
}
