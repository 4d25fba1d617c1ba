//! The hand-written client: construction, credentials, and the one call.

use std::sync::Arc;
use std::time::Duration;

use jobstatus_runtime::builder::{Provider, Settings};
use jobstatus_runtime::credentials::{
    AlibabaCredentials, ProcessEnvironment, alibaba_default_chain,
};
use jobstatus_runtime::exchange::{Answer, call};
use jobstatus_runtime::hooks::{AlibabaSigner, SharedProvider};
use jobstatus_runtime::vendor_error::ErrorFormat;
use jobstatus_runtime::{Error, Secret, WireSecret};

use crate::generated::{self, ACS_OPERATION, types};
use crate::hooks::HookState;

/// This provider's name in errors and logs.
pub const PROVIDER: &str = "gpdb-docs";

/// A job running longer than this is considered timed out (vendor doc).
pub const JOB_TIMEOUT: Duration = Duration::from_secs(2 * 60 * 60);

/// One `GetUploadDocumentJob` call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GetUploadDocumentJob {
    /// `DBInstanceId` (query).
    pub db_instance_id: String,
    /// `RegionId` (query).
    pub region_id: String,
    /// `OwnerId` (query, optional).
    pub owner_id: Option<i64>,
    /// `Collection` (body).
    pub collection: String,
    /// `JobId` (body).
    pub job_id: String,
    /// `Namespace` (body; the server's default is `public`).
    pub namespace: Option<String>,
    /// `NamespacePassword` (body). Never shown.
    pub namespace_password: Secret,
}

impl GetUploadDocumentJob {
    /// A request in the default namespace.
    pub fn new(
        db_instance_id: impl Into<String>,
        region_id: impl Into<String>,
        collection: impl Into<String>,
        job_id: impl Into<String>,
        namespace_password: impl Into<Secret>,
    ) -> Self {
        GetUploadDocumentJob {
            db_instance_id: db_instance_id.into(),
            region_id: region_id.into(),
            owner_id: None,
            collection: collection.into(),
            job_id: job_id.into(),
            namespace: None,
            namespace_password: namespace_password.into(),
        }
    }

    /// Sets the namespace.
    pub fn namespace(mut self, namespace: impl Into<String>) -> Self {
        self.namespace = Some(namespace.into());
        self
    }
}

/// A gpdb client. Cheap to clone; clones share one connection pool.
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

    /// Asks for an upload job's progress.
    ///
    /// A call whose `Status` is `fail` is an [`Error::Api`], not a failed job.
    pub async fn get_upload_document_job(
        &self,
        request: &GetUploadDocumentJob,
    ) -> Result<Answer<types::GetUploadDocumentJobResponse>, Error> {
        if request.namespace_password.is_blank() {
            return Err(Error::InvalidRequest("NamespacePassword is empty".into()));
        }
        let form = types::GetUploadDocumentJobForm {
            collection: request.collection.clone(),
            job_id: request.job_id.clone(),
            namespace: request.namespace.clone(),
            namespace_password: WireSecret(request.namespace_password.clone()),
        };
        let answer = call(
            PROVIDER,
            ErrorFormat::Alibaba,
            self.raw.get_upload_document_job(
                &request.db_instance_id,
                request.owner_id,
                &request.region_id,
                &form,
            ),
        )
        .await?;
        if answer.status == Some(types::CallStatus::Fail) {
            return Err(Error::Api(Box::new(jobstatus_runtime::ApiError {
                provider: PROVIDER,
                status: answer.status().as_u16(),
                code: Some("fail".into()),
                message: answer.message.clone(),
                request_id: answer.request_id.clone(),
                retry_after: None,
            })));
        }
        Ok(answer)
    }
}

/// Builds a [`Client`]: `Client::builder().region("cn-hangzhou").credentials(..).build()`.
pub type ClientBuilder = jobstatus_runtime::builder::ClientBuilder<Gpdb>;

/// This provider, for the shared builder.
#[derive(Debug, Clone, Copy)]
pub struct Gpdb;

impl Provider for Gpdb {
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
