//! The hand-written client: construction, credentials, and the one call.

use std::sync::Arc;

use jobstatus_runtime::Error;
use jobstatus_runtime::builder::{Provider, Settings};
use jobstatus_runtime::credentials::{HuaweiAuth, ProcessEnvironment, huawei_default_chain};
use jobstatus_runtime::exchange::{Answer, call};
use jobstatus_runtime::hooks::{HuaweiSigner, SharedProvider};
use jobstatus_runtime::vendor_error::ErrorFormat;
use progenitor_client::ClientInfo;

use crate::generated::{self, types};
use crate::hooks::HookState;

/// This provider's name in errors and logs.
pub const PROVIDER: &str = "huawei-ies";

/// The regions MetaStudio serves; the official SDK refuses any other.
pub const REGIONS: &[&str] = &["cn-north-4", "cn-east-3"];

/// `https://metastudio.{region}.myhuaweicloud.com`, for a region in [`REGIONS`]; any other is an
/// error naming them, as the official SDK's is.
pub fn endpoint_for_region(region: &str) -> Result<String, Error> {
    let region = jobstatus_runtime::http_client::check_region(PROVIDER, region, REGIONS, true)?;
    Ok(format!("https://metastudio.{region}.myhuaweicloud.com"))
}

/// A MetaStudio client. Cheap to clone; clones share one connection pool.
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
        self.raw.baseurl()
    }

    /// The project requests go to, from the credentials.
    pub async fn project_id(&self) -> Result<String, Error> {
        let auth = self.raw.inner().auth.credentials().provide().await?;
        auth.validate()?;
        let project = auth.project_id().trim();
        if project.is_empty() {
            return Err(Error::Credentials(
                jobstatus_runtime::credentials::CredentialsError::Incomplete {
                    vendor: "Huawei Cloud",
                    source_name: "the credentials".into(),
                    problem: "no project: set HUAWEICLOUD_SDK_PROJECT_ID (or project_id in the credentials file), or name project_id in the job reference".into(),
                },
            ));
        }
        Ok(project.to_owned())
    }

    /// Asks for a task, in the credentials' project.
    pub async fn show_task(&self, task_id: &str) -> Result<Answer<types::ShowTaskResponse>, Error> {
        if task_id.trim().is_empty() {
            return Err(Error::InvalidRequest("the task id is empty".into()));
        }
        let project = self.project_id().await?;
        call(
            PROVIDER,
            ErrorFormat::Huawei,
            self.raw.show_task(&project, task_id),
        )
        .await
    }

    /// Asks for a task in a given project (the credentials' project is not consulted).
    pub async fn show_task_in(
        &self,
        project_id: &str,
        task_id: &str,
    ) -> Result<Answer<types::ShowTaskResponse>, Error> {
        if project_id.trim().is_empty() || task_id.trim().is_empty() {
            return Err(Error::InvalidRequest(
                "the project id and the task id must not be empty".into(),
            ));
        }
        call(
            PROVIDER,
            ErrorFormat::Huawei,
            self.raw.show_task(project_id, task_id),
        )
        .await
    }
}

/// Builds a [`Client`]: `Client::builder().region("cn-north-4").credentials(..).build()`.
pub type ClientBuilder = jobstatus_runtime::builder::ClientBuilder<Huawei>;

/// This provider, for the shared builder.
#[derive(Debug, Clone, Copy)]
pub struct Huawei;

impl Provider for Huawei {
    type Credentials = HuaweiAuth;
    type Client = Client;
    const VENDOR: &'static str = "Huawei Cloud";
    const VENDOR_DOMAINS: &'static [&'static str] = jobstatus_runtime::destination::HUAWEI_DOMAINS;

    fn endpoint_for_region(region: &str) -> Result<String, Error> {
        endpoint_for_region(region)
    }

    fn default_credentials() -> SharedProvider<HuaweiAuth> {
        Arc::new(huawei_default_chain(Arc::new(ProcessEnvironment)))
    }

    fn build(s: Settings<HuaweiAuth>) -> Result<Client, Error> {
        let state = HookState::new(HuaweiSigner::new(s.credentials), s.destinations)
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
