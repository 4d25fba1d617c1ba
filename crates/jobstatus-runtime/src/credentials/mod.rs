//! Credentials for the three vendors, and the chains that find them the way each vendor's own tools do.

mod alibaba;
mod azure;
mod cache;
mod chain;
mod environment;
mod huawei;
mod ini;

pub use alibaba::{
    AlibabaCliProfileProvider, AlibabaCredentials, AlibabaEnvProvider, AlibabaIniProfileProvider,
    alibaba_default_chain,
};
pub use azure::{
    AZURE_KEY_ENV, AccessToken, AzureAuth, AzureKeyEnvProvider, StaticToken, TokenProvider,
};
pub use cache::{DEFAULT_REFRESH_MARGIN, Expiry, IdentityCache};
pub use chain::{CredentialsChain, ProvideCredentials, Provided, StaticCredentials};
pub use environment::{Environment, MapEnvironment, ProcessEnvironment};
pub use huawei::{
    HuaweiAuth, HuaweiCredentials, HuaweiEnvProvider, HuaweiProfileProvider, huawei_default_chain,
};

/// Why credentials could not be had. Names what is missing and every place looked at; never a secret.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CredentialsError {
    /// No source had credentials.
    #[error("no {vendor} credentials found; looked at: {}", looked_at.join("; "))]
    NotFound {
        /// `Alibaba Cloud`, `Huawei Cloud` or `Azure`.
        vendor: &'static str,
        /// Every place that was looked at, in order.
        looked_at: Vec<String>,
    },
    /// A source had some but not all of what it needs, or a value was empty.
    #[error("incomplete {vendor} credentials in {source_name}: {problem}")]
    Incomplete {
        /// The vendor.
        vendor: &'static str,
        /// The source, e.g. `environment variables` or a file path.
        source_name: String,
        /// What is missing, e.g. `ALIBABA_CLOUD_ACCESS_KEY_SECRET is not set`.
        problem: String,
    },
    /// A credentials file could not be read or parsed.
    #[error("cannot use {vendor} credentials file {path}: {problem}")]
    File {
        /// The vendor.
        vendor: &'static str,
        /// The file.
        path: String,
        /// What went wrong (never the file's secret content).
        problem: String,
    },
    /// A token provider failed.
    #[error("token provider failed: {0}")]
    Token(String),
}

impl CredentialsError {
    /// True when the error only means "this source has nothing", so a chain may go on.
    pub fn is_not_found(&self) -> bool {
        matches!(self, CredentialsError::NotFound { .. })
    }
}
