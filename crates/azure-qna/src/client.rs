//! The hand-written client: construction, credentials, and the one call.

use std::sync::Arc;

use jobstatus_runtime::Error;
use jobstatus_runtime::builder::{Provider, Settings};
use jobstatus_runtime::credentials::{AzureAuth, AzureKeyEnvProvider, ProcessEnvironment};
use jobstatus_runtime::exchange::{Answer, call};
use jobstatus_runtime::hooks::{AzureAuthenticator, SharedProvider};
use jobstatus_runtime::vendor_error::ErrorFormat;

use crate::generated::{self, types};
use crate::hooks::HookState;

/// This provider's name in errors and logs.
pub const PROVIDER: &str = "azure-qna";

/// The `api-version` this crate speaks.
pub const API_VERSION: &str = "2023-04-01";

/// `https://{region}.api.cognitive.microsoft.com/language`. Custom-subdomain endpoints
/// (required for bearer tokens) go through [`ClientBuilder::base_url`].
/// A region that is not a region name (`[a-z0-9-]+`, like `westeurope`) is an error.
pub fn endpoint_for_region(region: &str) -> Result<String, Error> {
    let region = jobstatus_runtime::http_client::check_region(PROVIDER, region, &[], false)?;
    Ok(format!(
        "https://{region}.api.cognitive.microsoft.com/language"
    ))
}

/// One status call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GetUpdateQnasStatus {
    /// The project.
    pub project_name: String,
    /// The job.
    pub job_id: String,
}

impl GetUpdateQnasStatus {
    /// Checks the project name against the spec's rule: 1 to 100 letters, digits and `-`,
    /// starting and ending with a letter or digit.
    pub fn new(project_name: impl Into<String>, job_id: impl Into<String>) -> Result<Self, Error> {
        let project_name = project_name.into();
        let job_id = job_id.into();
        let ok_chars = project_name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-');
        let ends_ok = project_name.starts_with(|c: char| c.is_ascii_alphanumeric())
            && project_name.ends_with(|c: char| c.is_ascii_alphanumeric());
        if !(1..=100).contains(&project_name.len()) || !ok_chars || !ends_ok {
            return Err(Error::InvalidRequest(format!(
                "invalid projectName {project_name:?}: 1 to 100 letters, digits or '-', starting and ending with a letter or digit"
            )));
        }
        if job_id.trim().is_empty() {
            return Err(Error::InvalidRequest("jobId is empty".into()));
        }
        Ok(GetUpdateQnasStatus {
            project_name,
            job_id,
        })
    }
}

/// An Azure question answering client. Cheap to clone; clones share one connection pool.
#[derive(Clone, Debug)]
pub struct Client {
    raw: Arc<generated::Client>,
}

impl Client {
    /// A builder.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The generated client underneath.
    pub fn raw(&self) -> &generated::Client {
        &self.raw
    }

    /// The base URL requests go to (`{Endpoint}/language`).
    pub fn base_url(&self) -> &str {
        progenitor_client::ClientInfo::baseurl(&*self.raw)
    }

    /// Asks for an update-QnAs job's state.
    pub async fn get_update_qnas_status(
        &self,
        request: &GetUpdateQnasStatus,
    ) -> Result<Answer<types::UpdateQnasJobState>, Error> {
        call(
            PROVIDER,
            ErrorFormat::Azure,
            self.raw
                .get_update_qnas_status(&request.project_name, &request.job_id, API_VERSION),
        )
        .await
    }
}

/// Builds a [`Client`]. `base_url` takes the resource endpoint; `/language` is added when missing.
pub type ClientBuilder = jobstatus_runtime::builder::ClientBuilder<Azure>;

/// This provider, for the shared builder.
#[derive(Debug, Clone, Copy)]
pub struct Azure;

impl Provider for Azure {
    type Credentials = AzureAuth;
    type Client = Client;
    const VENDOR: &'static str = "Azure";
    const VENDOR_DOMAINS: &'static [&'static str] = jobstatus_runtime::destination::AZURE_DOMAINS;

    fn endpoint_for_region(region: &str) -> Result<String, Error> {
        endpoint_for_region(region)
    }

    fn default_credentials() -> SharedProvider<AzureAuth> {
        Arc::new(AzureKeyEnvProvider::new(Arc::new(ProcessEnvironment)))
    }

    fn build(s: Settings<AzureAuth>) -> Result<Client, Error> {
        let base = if s.base_url.ends_with("/language") {
            s.base_url
        } else {
            format!("{}/language", s.base_url)
        };
        let state = HookState::new(AzureAuthenticator::new(s.credentials), s.destinations)
            .with_body_limit(s.body_limit);
        Ok(Client {
            raw: Arc::new(generated::Client::new_with_client(&base, s.http, state)),
        })
    }
}
