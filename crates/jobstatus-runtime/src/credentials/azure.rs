//! Azure: a subscription key, or a bearer token from any OAuth source.

use std::fmt;
use std::sync::Arc;

use chrono::{DateTime, Utc};

use super::environment::{Environment, non_empty};
use super::{CredentialsError, ProvideCredentials, Provided};
use crate::Secret;

/// The environment variable that holds the Language resource key.
pub const AZURE_KEY_ENV: &str = "AZURE_QUESTIONANSWERING_KEY";

/// A bearer token and when it expires.
#[derive(Clone, Debug)]
pub struct AccessToken {
    /// The token.
    pub token: Secret,
    /// When it stops working, if known.
    pub expires_on: Option<DateTime<Utc>>,
}

/// Any OAuth source of bearer tokens (scope `https://cognitiveservices.azure.com/.default`).
pub trait TokenProvider: Send + Sync + fmt::Debug {
    /// A token valid for at least the next request. Called on every attempt, so cache inside.
    fn token(&self) -> Provided<'_, AccessToken>;
}

/// A token fixed at construction.
#[derive(Clone, Debug)]
pub struct StaticToken(pub Secret);

impl TokenProvider for StaticToken {
    fn token(&self) -> Provided<'_, AccessToken> {
        let t = AccessToken {
            token: self.0.clone(),
            expires_on: None,
        };
        Box::pin(async move { Ok(t) })
    }
}

/// How an Azure request authenticates.
#[derive(Clone, Debug)]
pub enum AzureAuth {
    /// `Ocp-Apim-Subscription-Key`.
    Key(Secret),
    /// `Authorization: Bearer`, from a token provider.
    Bearer(Arc<dyn TokenProvider>),
}

impl AzureAuth {
    /// A subscription key.
    pub fn key(key: impl Into<Secret>) -> Self {
        AzureAuth::Key(key.into())
    }

    /// A fixed bearer token.
    pub fn bearer(token: impl Into<Secret>) -> Self {
        AzureAuth::Bearer(Arc::new(StaticToken(token.into())))
    }
}

impl ProvideCredentials for AzureAuth {
    type Credentials = AzureAuth;
    fn provide(&self) -> Provided<'_, AzureAuth> {
        let r = match self {
            AzureAuth::Key(k) if k.is_blank() => Err(CredentialsError::Incomplete {
                vendor: "Azure",
                source_name: "the key given".into(),
                problem: "the key is empty".into(),
            }),
            other => Ok(other.clone()),
        };
        Box::pin(async move { r })
    }
}

/// Reads the key from [`AZURE_KEY_ENV`].
#[derive(Debug, Clone)]
pub struct AzureKeyEnvProvider {
    env: Arc<dyn Environment>,
}

impl AzureKeyEnvProvider {
    /// Reads from `env`.
    pub fn new(env: Arc<dyn Environment>) -> Self {
        AzureKeyEnvProvider { env }
    }
}

impl ProvideCredentials for AzureKeyEnvProvider {
    type Credentials = AzureAuth;
    fn provide(&self) -> Provided<'_, AzureAuth> {
        let r = match non_empty(&*self.env, AZURE_KEY_ENV) {
            Some(k) => Ok(AzureAuth::Key(Secret::new(k))),
            None => Err(CredentialsError::NotFound {
                vendor: "Azure",
                looked_at: vec![format!(
                    "environment variable {AZURE_KEY_ENV} (unset or empty)"
                )],
            }),
        };
        Box::pin(async move { r })
    }
}
