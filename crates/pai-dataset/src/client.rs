//! The hand-written client: construction, credentials, and the one call.

use std::sync::Arc;

use jobstatus_runtime::Error;
use jobstatus_runtime::builder::{Provider, Settings};
use jobstatus_runtime::credentials::{
    AlibabaCredentials, ProcessEnvironment, alibaba_default_chain,
};
use jobstatus_runtime::exchange::{Answer, call};
use jobstatus_runtime::hooks::{AlibabaSigner, SharedProvider};
use jobstatus_runtime::vendor_error::ErrorFormat;

use crate::generated::{self, ACS_OPERATION, types};
use crate::hooks::HookState;

/// This provider's name in errors and logs.
pub const PROVIDER: &str = "pai-dataset";

/// One `GetDatasetJob` call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GetDatasetJob {
    /// `DatasetId` (path).
    pub dataset_id: String,
    /// `DatasetJobId` (path).
    pub dataset_job_id: String,
    /// `DatasetVersion` (query).
    pub dataset_version: Option<String>,
    /// `WorkspaceId` (query).
    pub workspace_id: Option<String>,
}

impl GetDatasetJob {
    /// A request for one dataset job.
    pub fn new(dataset_id: impl Into<String>, dataset_job_id: impl Into<String>) -> Self {
        GetDatasetJob {
            dataset_id: dataset_id.into(),
            dataset_job_id: dataset_job_id.into(),
            dataset_version: None,
            workspace_id: None,
        }
    }

    /// Sets `WorkspaceId`.
    pub fn workspace(mut self, workspace_id: impl Into<String>) -> Self {
        self.workspace_id = Some(workspace_id.into());
        self
    }

    /// Sets `DatasetVersion`.
    pub fn version(mut self, version: impl Into<String>) -> Self {
        self.dataset_version = Some(version.into());
        self
    }
}

/// A PAI client. Cheap to clone; clones share one connection pool.
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

    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        progenitor_client::ClientInfo::baseurl(&*self.raw)
    }

    /// Asks for a dataset job.
    pub async fn get_dataset_job(
        &self,
        request: &GetDatasetJob,
    ) -> Result<Answer<types::GetDatasetJobResponse>, Error> {
        call(
            PROVIDER,
            ErrorFormat::Alibaba,
            self.raw.get_dataset_job(
                &request.dataset_id,
                &request.dataset_job_id,
                request.dataset_version.as_deref(),
                request.workspace_id.as_deref(),
            ),
        )
        .await
    }
}

/// Builds a [`Client`]: `Client::builder().region("cn-shanghai").credentials(..).build()`.
pub type ClientBuilder = jobstatus_runtime::builder::ClientBuilder<Pai>;

/// This provider, for the shared builder.
#[derive(Debug, Clone, Copy)]
pub struct Pai;

impl Provider for Pai {
    type Credentials = AlibabaCredentials;
    type Client = Client;
    const VENDOR: &'static str = "Alibaba Cloud";
    const VENDOR_DOMAINS: &'static [&'static str] = jobstatus_runtime::destination::ALIBABA_DOMAINS;

    fn endpoint_for_region(region: &str) -> Result<String, Error> {
        crate::endpoint_for_region(region)
    }

    fn default_credentials() -> SharedProvider<AlibabaCredentials> {
        Arc::new(alibaba_default_chain(Arc::new(ProcessEnvironment)))
    }

    fn build(s: Settings<AlibabaCredentials>) -> Result<Client, Error> {
        let state = HookState::new(
            AlibabaSigner::new(s.credentials, ACS_OPERATION),
            s.destinations,
        )
        .with_body_limit(s.body_limit);
        Ok(Client {
            raw: Arc::new(generated::Client::new_with_client(
                &s.base_url,
                s.http,
                state,
            )),
        })
    }
}
