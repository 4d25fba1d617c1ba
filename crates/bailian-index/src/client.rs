//! The hand-written client: construction, credentials, and the one call.

use std::sync::Arc;
use std::time::Duration;

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
pub const PROVIDER: &str = "bailian-index";

/// The vendor asks callers to poll no more often than this.
pub const MIN_POLL_INTERVAL: Duration = Duration::from_secs(5);

/// One `GetIndexJobStatus` call: which job, and which page of its documents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GetIndexJobStatus {
    /// The workspace (`WorkspaceId`).
    pub workspace_id: String,
    /// The knowledge base (`IndexId`).
    pub index_id: String,
    /// The job (`JobId`).
    pub job_id: String,
    /// `PageNumber`, from 1.
    pub page_number: Option<i32>,
    /// `pageSize` (default 10 on the server).
    pub page_size: Option<i32>,
}

impl GetIndexJobStatus {
    /// The first page of a job's documents.
    pub fn new(
        workspace_id: impl Into<String>,
        index_id: impl Into<String>,
        job_id: impl Into<String>,
    ) -> Self {
        GetIndexJobStatus {
            workspace_id: workspace_id.into(),
            index_id: index_id.into(),
            job_id: job_id.into(),
            page_number: None,
            page_size: None,
        }
    }

    /// Asks for page `number` (from 1) of `size` documents.
    pub fn page(mut self, number: i32, size: i32) -> Self {
        self.page_number = Some(number);
        self.page_size = Some(size);
        self
    }
}

/// A Bailian client. Cheap to clone; clones share one connection pool.
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

    /// Asks for a job's status and one page of its documents.
    ///
    /// A `Success: false` answer is an [`Error::Api`] carrying its `Code` and `Message`, not a
    /// failed job.
    pub async fn get_index_job_status(
        &self,
        request: &GetIndexJobStatus,
    ) -> Result<Answer<types::GetIndexJobStatusResponse>, Error> {
        let answer = call(
            PROVIDER,
            ErrorFormat::Alibaba,
            self.raw.get_index_job_status(
                &request.workspace_id,
                &request.index_id,
                &request.job_id,
                request.page_number,
                request.page_size,
            ),
        )
        .await?;
        if answer.success == Some(false) {
            return Err(Error::Api(Box::new(jobstatus_runtime::ApiError {
                provider: PROVIDER,
                status: answer.status().as_u16(),
                code: answer.code.clone().filter(|c| !c.is_empty()),
                message: answer.message.clone(),
                request_id: answer.request_id.clone(),
                retry_after: None,
            })));
        }
        Ok(answer)
    }
}

/// Builds a [`Client`]: `Client::builder().region("cn-beijing").credentials(..).build()`.
pub type ClientBuilder = jobstatus_runtime::builder::ClientBuilder<Bailian>;

/// This provider, for the shared builder.
#[derive(Debug, Clone, Copy)]
pub struct Bailian;

impl Provider for Bailian {
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
