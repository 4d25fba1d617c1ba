//! [`Jobs`]: one handle on all five providers. It builds and caches a client per provider and
//! location, shares one connection pool and one rate limit per provider, and answers
//! [`Jobs::get`] for any [`JobRef`].

#![cfg_attr(
    not(all(
        feature = "bailian-index",
        feature = "gpdb-docs",
        feature = "azure-qna",
        feature = "pai-dataset",
        feature = "huawei-ies"
    )),
    allow(dead_code, unused_imports)
)]

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use jobstatus_runtime::Secret;
use jobstatus_runtime::credentials::{
    AlibabaCredentials, AzureAuth, AzureKeyEnvProvider, Expiry, HuaweiAuth, IdentityCache,
    ProcessEnvironment, ProvideCredentials, alibaba_default_chain, huawei_default_chain,
};
use jobstatus_runtime::hooks::SharedProvider;
use jobstatus_runtime::http_client::{Timeouts, build_client_with_roots};

use crate::clock::{Clock, TokioClock};
use crate::job_ref::Location;
use crate::mapping;
use crate::model::{JobState, JobStatus, Provider};
use crate::policy::PollPolicy;
use crate::rate_limit::{RateLimit, RateLimiter};
use crate::{Error, JobRef};

/// The environment variable [`Jobs`] reads gpdb's `NamespacePassword` from when the builder
/// was given none for a job's instance and namespace.
pub const GPDB_PASSWORD_ENV: &str = "JOBSTATUS_GPDB_NAMESPACE_PASSWORD";

/// Documents per page when [`Jobs::get`] asks Bailian for a job (its counts cover this page).
pub const BAILIAN_STATUS_PAGE_SIZE: i32 = 100;

/// One poll's answer: the status, and how long the server asked us to wait before the next.
#[derive(Clone, Debug)]
pub struct Polled {
    /// The status.
    pub status: JobStatus,
    /// `Retry-After` or `x-acs-retry-after` on a successful answer.
    pub retry_after: Option<Duration>,
}

#[derive(Clone)]
enum AnyClient {
    #[cfg(feature = "bailian-index")]
    Bailian(bailian_index::Client),
    #[cfg(feature = "gpdb-docs")]
    Gpdb(gpdb_docs::Client),
    #[cfg(feature = "azure-qna")]
    Azure(azure_qna::Client),
    #[cfg(feature = "pai-dataset")]
    Pai(pai_dataset::Client),
    #[cfg(feature = "huawei-ies")]
    Huawei(huawei_ies::Client),
}

/// Asks about jobs on any provider built in. Cheap to clone; clones share clients, connection
/// pools and rate limits.
///
/// ```no_run
/// # async fn demo() -> Result<(), jobstatus_core::Error> {
/// use jobstatus_core::{JobRef, Jobs};
/// let jobs = Jobs::builder().build()?; // credentials from each vendor's default chain
/// let job: JobRef = "jobstatus:pai-dataset?region=cn-shanghai&DatasetId=d-1&DatasetJobId=dsjob-1"
///     .parse()
///     .expect("a valid reference");
/// let status = jobs.wait(&job).await?;
/// println!("{}: {}", status.job, status.state);
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Jobs {
    inner: Arc<Inner>,
}

struct Inner {
    alibaba: Option<SharedProvider<AlibabaCredentials>>,
    huawei: Option<SharedProvider<HuaweiAuth>>,
    azure: Option<SharedProvider<AzureAuth>>,
    gpdb_password: Option<Secret>,
    gpdb_passwords: Mutex<HashMap<(String, String), Secret>>,
    huawei_states: HashMap<String, JobState>,
    policies: HashMap<Provider, PollPolicy>,
    limiters: HashMap<Provider, RateLimiter>,
    timeouts: Timeouts,
    body_limit: Option<usize>,
    clock: Arc<dyn Clock>,
    allowed_endpoints: Vec<String>,
    roots: Vec<jobstatus_runtime::http_client::CertificateDer<'static>>,
    http: Mutex<HashMap<Provider, reqwest::Client>>,
    clients: Mutex<HashMap<(Provider, Location), AnyClient>>,
}

impl fmt::Debug for Jobs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let i = &self.inner;
        f.debug_struct("Jobs")
            .field("gpdb_password", &i.gpdb_password)
            .field("gpdb_passwords", &lock(&i.gpdb_passwords).len())
            .field("huawei_states", &i.huawei_states)
            .field("policies", &i.policies)
            .field("limiters", &i.limiters.keys().collect::<Vec<_>>())
            .field("timeouts", &i.timeouts)
            .field("allowed_endpoints", &i.allowed_endpoints)
            .finish_non_exhaustive()
    }
}

/// Builds [`Jobs`]. Every setting is optional: without credentials each vendor's default chain
/// is used (see the README), and without policies each provider's defaults
/// ([`PollPolicy::for_provider`]).
#[derive(Default)]
pub struct JobsBuilder {
    alibaba: Option<SharedProvider<AlibabaCredentials>>,
    huawei: Option<SharedProvider<HuaweiAuth>>,
    azure: Option<SharedProvider<AzureAuth>>,
    gpdb_password: Option<Secret>,
    gpdb_passwords: HashMap<(String, String), Secret>,
    huawei_states: HashMap<String, JobState>,
    policies: HashMap<Provider, PollPolicy>,
    rate_limits: HashMap<Provider, RateLimit>,
    timeouts: Option<Timeouts>,
    body_limit: Option<usize>,
    clock: Option<Arc<dyn Clock>>,
    allowed_endpoints: Vec<String>,
    ignore_allow_env: bool,
    roots: Vec<jobstatus_runtime::http_client::CertificateDer<'static>>,
}

impl fmt::Debug for JobsBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("JobsBuilder")
            .field("gpdb_password", &self.gpdb_password)
            .field("policies", &self.policies)
            .field("rate_limits", &self.rate_limits)
            .finish_non_exhaustive()
    }
}

/// The default shared rate limit, per provider and credential: 10 requests a second.
pub const DEFAULT_RATE_LIMIT: f64 = 10.0;

impl JobsBuilder {
    /// Alibaba credentials, for Bailian, gpdb and PAI.
    pub fn alibaba_credentials(
        mut self,
        p: impl ProvideCredentials<Credentials = AlibabaCredentials> + 'static,
    ) -> Self {
        self.alibaba = Some(Arc::new(p));
        self
    }

    /// Huawei credentials (AK/SK or a token, with the project).
    pub fn huawei_credentials(
        mut self,
        p: impl ProvideCredentials<Credentials = HuaweiAuth> + 'static,
    ) -> Self {
        self.huawei = Some(Arc::new(p));
        self
    }

    /// Azure credentials (a key or a bearer token).
    pub fn azure_credentials(
        mut self,
        p: impl ProvideCredentials<Credentials = AzureAuth> + 'static,
    ) -> Self {
        self.azure = Some(Arc::new(p));
        self
    }

    /// gpdb's `NamespacePassword` for every job without a more specific one.
    pub fn gpdb_namespace_password(mut self, password: impl Into<Secret>) -> Self {
        self.gpdb_password = Some(password.into());
        self
    }

    /// gpdb's `NamespacePassword` for one instance and namespace (`public` when the job
    /// reference names none).
    pub fn gpdb_namespace_password_for(
        mut self,
        db_instance_id: &str,
        namespace: &str,
        password: impl Into<Secret>,
    ) -> Self {
        self.gpdb_passwords.insert(
            (db_instance_id.to_owned(), namespace.to_owned()),
            password.into(),
        );
        self
    }

    /// Says what a Huawei `task_status` value means. Huawei does not document the field, so by
    /// default the state comes from `end_time` and the counts; a value mapped here wins.
    pub fn huawei_task_status(mut self, value: impl Into<String>, state: JobState) -> Self {
        self.huawei_states.insert(value.into(), state);
        self
    }

    /// The polling policy for one provider (Bailian's 5-second floor is kept).
    pub fn policy(mut self, provider: Provider, policy: PollPolicy) -> Self {
        self.policies
            .insert(provider, policy.enforce_floor(provider));
        self
    }

    /// The rate limit every job of `provider` shares (default [`DEFAULT_RATE_LIMIT`] a second).
    pub fn rate_limit(mut self, provider: Provider, limit: RateLimit) -> Self {
        self.rate_limits.insert(provider, limit);
        self
    }

    /// Connect and request timeouts for every client.
    pub fn timeouts(mut self, timeouts: Timeouts) -> Self {
        self.timeouts = Some(timeouts);
        self
    }

    /// The response body cap for every client (default 4 MiB).
    pub fn body_limit(mut self, bytes: usize) -> Self {
        self.body_limit = Some(bytes);
        self
    }

    /// Where waits, watches and rate limits get the time (tests inject their own).
    pub fn clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = Some(clock);
        self
    }

    /// Lets credentials go to this origin when a job reference names it as `endpoint=`
    /// (`https://host[:port]`, `http://host[:port]`, or a bare host for https). Without it, a
    /// reference's endpoint must be the vendor's own host over https, or loopback; see
    /// [`jobstatus_runtime::destination`]. Origins in `JOBSTATUS_ALLOWED_ENDPOINTS`
    /// (comma-separated) are allowed too, unless [`ignore_allow_env`](Self::ignore_allow_env).
    pub fn allow_endpoint(mut self, origin: impl Into<String>) -> Self {
        self.allowed_endpoints.push(origin.into());
        self
    }

    /// Does not read `JOBSTATUS_ALLOWED_ENDPOINTS`.
    pub fn ignore_allow_env(mut self) -> Self {
        self.ignore_allow_env = true;
        self
    }

    /// Trusts this certificate authority too (PEM text, one or more certificates), besides the
    /// system's roots: a private CA, or the emulator's.
    pub fn add_root_certificate_pem(mut self, pem: &[u8]) -> Result<Self, Error> {
        self.roots
            .extend(jobstatus_runtime::http_client::certificates_from_pem(pem)?);
        Ok(self)
    }

    /// Builds. Nothing is looked up or connected yet. Fails when an allowed endpoint is not a
    /// URL or a host.
    pub fn build(mut self) -> Result<Jobs, Error> {
        if !self.ignore_allow_env
            && let Ok(list) = std::env::var(jobstatus_runtime::destination::ALLOWED_ENDPOINTS_ENV)
        {
            self.allowed_endpoints.extend(
                list.split(',')
                    .map(str::trim)
                    .filter(|e| !e.is_empty())
                    .map(str::to_owned),
            );
        }
        let mut check = jobstatus_runtime::destination::Destinations::vendor("any", &[]);
        for origin in &self.allowed_endpoints {
            check.allow(origin)?;
        }
        let clock = self.clock.unwrap_or_else(|| Arc::new(TokioClock));
        let limiters = Provider::ALL
            .into_iter()
            .map(|p| {
                let limit = self
                    .rate_limits
                    .get(&p)
                    .copied()
                    .unwrap_or_else(|| RateLimit::per_second(DEFAULT_RATE_LIMIT));
                (p, RateLimiter::new(limit, clock.clone()))
            })
            .collect();
        // One identity cache per vendor, shared by every client of that vendor: credentials are
        // resolved once, and again only shortly before they expire.
        fn cached<C: Expiry + Clone + Send + Sync + 'static>(
            given: Option<SharedProvider<C>>,
            default: impl FnOnce() -> SharedProvider<C>,
        ) -> Option<SharedProvider<C>> {
            let inner = given.unwrap_or_else(default);
            Some(Arc::new(IdentityCache::new(inner)))
        }
        let env =
            || Arc::new(ProcessEnvironment) as Arc<dyn jobstatus_runtime::credentials::Environment>;
        Ok(Jobs {
            inner: Arc::new(Inner {
                alibaba: cached(self.alibaba, || Arc::new(alibaba_default_chain(env()))),
                huawei: cached(self.huawei, || Arc::new(huawei_default_chain(env()))),
                azure: cached(self.azure, || Arc::new(AzureKeyEnvProvider::new(env()))),
                gpdb_password: self.gpdb_password,
                gpdb_passwords: Mutex::new(self.gpdb_passwords),
                huawei_states: self.huawei_states,
                policies: self.policies,
                limiters,
                timeouts: self.timeouts.unwrap_or_default(),
                body_limit: self.body_limit,
                clock,
                allowed_endpoints: self.allowed_endpoints,
                roots: self.roots,
                http: Mutex::new(HashMap::new()),
                clients: Mutex::new(HashMap::new()),
            }),
        })
    }
}

fn with_raw(mut status: JobStatus, raw: bytes::Bytes) -> JobStatus {
    status.raw = raw;
    status
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

fn invalid(msg: impl Into<String>) -> Error {
    Error::Provider(jobstatus_runtime::Error::InvalidRequest(msg.into()))
}

impl Jobs {
    /// A builder.
    pub fn builder() -> JobsBuilder {
        JobsBuilder::default()
    }

    /// Adds gpdb's `NamespacePassword` for one instance and namespace after building, for jobs
    /// learned of later.
    pub fn add_gpdb_namespace_password(
        &self,
        db_instance_id: &str,
        namespace: &str,
        password: impl Into<Secret>,
    ) {
        lock(&self.inner.gpdb_passwords).insert(
            (db_instance_id.to_owned(), namespace.to_owned()),
            password.into(),
        );
    }

    /// The policy a wait on `provider` uses unless given another.
    pub fn policy_for(&self, provider: Provider) -> PollPolicy {
        self.inner
            .policies
            .get(&provider)
            .cloned()
            .unwrap_or_else(|| PollPolicy::for_provider(provider))
    }

    pub(crate) fn clock(&self) -> &Arc<dyn Clock> {
        &self.inner.clock
    }

    /// Asks once for a job's status (after waiting for the provider's rate limit).
    pub async fn get(&self, job: &JobRef) -> Result<JobStatus, Error> {
        Ok(self.poll(job).await?.status)
    }

    /// Like [`get`](Self::get), with the server's requested delay before the next poll.
    pub async fn poll(&self, job: &JobRef) -> Result<Polled, Error> {
        let provider = job.provider();
        let client = self.client(job)?;
        if let Some(l) = self.inner.limiters.get(&provider) {
            l.acquire().await;
        }
        let polled = self.call(&client, job).await;
        match &polled {
            Ok(p) => {
                tracing::debug!(%provider, job = %job.job_id(), state = %p.status.state, "polled")
            }
            Err(e) => tracing::debug!(%provider, job = %job.job_id(), error = %e, "poll failed"),
        }
        polled
    }

    fn http(&self, provider: Provider) -> Result<reqwest::Client, Error> {
        let mut map = lock(&self.inner.http);
        if let Some(c) = map.get(&provider) {
            return Ok(c.clone());
        }
        let c = build_client_with_roots(self.inner.timeouts, &self.inner.roots)?;
        map.insert(provider, c.clone());
        Ok(c)
    }

    fn client(&self, job: &JobRef) -> Result<AnyClient, Error> {
        let provider = job.provider();
        if !provider.is_enabled() {
            return Err(Error::NotEnabled(provider));
        }
        let key = (provider, job.location().clone());
        if let Some(c) = lock(&self.inner.clients).get(&key) {
            return Ok(c.clone());
        }
        let client = self.build_client(provider, job.location())?;
        lock(&self.inner.clients).insert(key, client.clone());
        Ok(client)
    }

    #[allow(unused_variables, unreachable_code)]
    fn build_client(&self, provider: Provider, location: &Location) -> Result<AnyClient, Error> {
        let http = self.http(provider)?;
        let i = &self.inner;
        macro_rules! build {
            ($krate:ident, $variant:ident, $creds:expr) => {{
                let mut b = $krate::Client::builder().http_client(http);
                b = match location {
                    Location::Region(r) => b.region(r),
                    // A reference's endpoint is not trusted by itself: see `allow_endpoint`.
                    Location::Endpoint(e) => b.untrusted_base_url(e.clone()),
                };
                for origin in &i.allowed_endpoints {
                    b = b.allow_endpoint(origin);
                }
                if let Some(c) = $creds {
                    b = b.shared_credentials(c.clone());
                }
                if let Some(n) = i.body_limit {
                    b = b.body_limit(n);
                }
                return Ok(AnyClient::$variant(b.build()?));
            }};
        }
        match provider {
            #[cfg(feature = "bailian-index")]
            Provider::Bailian => build!(bailian_index, Bailian, &i.alibaba),
            #[cfg(feature = "gpdb-docs")]
            Provider::Gpdb => build!(gpdb_docs, Gpdb, &i.alibaba),
            #[cfg(feature = "azure-qna")]
            Provider::Azure => build!(azure_qna, Azure, &i.azure),
            #[cfg(feature = "pai-dataset")]
            Provider::Pai => build!(pai_dataset, Pai, &i.alibaba),
            #[cfg(feature = "huawei-ies")]
            Provider::Huawei => build!(huawei_ies, Huawei, &i.huawei),
            #[allow(unreachable_patterns)]
            other => Err(Error::NotEnabled(other)),
        }
    }

    #[cfg(feature = "gpdb-docs")]
    fn gpdb_password(&self, job: &JobRef) -> Result<Secret, Error> {
        let instance = job.id("DBInstanceId").unwrap_or_default();
        let namespace = job.id("Namespace").unwrap_or("public");
        if let Some(p) =
            lock(&self.inner.gpdb_passwords).get(&(instance.to_owned(), namespace.to_owned()))
        {
            return Ok(p.clone());
        }
        if let Some(p) = &self.inner.gpdb_password {
            return Ok(p.clone());
        }
        match std::env::var(GPDB_PASSWORD_ENV) {
            Ok(v) if !v.is_empty() => Ok(Secret::new(v)),
            _ => Err(Error::MissingGpdbPassword {
                instance: instance.to_owned(),
                namespace: namespace.to_owned(),
            }),
        }
    }

    async fn call(&self, client: &AnyClient, job: &JobRef) -> Result<Polled, Error> {
        let id = |k: &str| job.id(k).unwrap_or_default();
        let hint = |h: &reqwest::header::HeaderMap| jobstatus_runtime::exchange::retry_after(h);
        match client {
            #[cfg(feature = "bailian-index")]
            AnyClient::Bailian(c) => {
                let req = bailian_index::GetIndexJobStatus::new(
                    id("WorkspaceId"),
                    id("IndexId"),
                    id("JobId"),
                )
                .page(1, BAILIAN_STATUS_PAGE_SIZE);
                let r = c.get_index_job_status(&req).await?;
                let retry_after = hint(r.headers());
                let (value, raw) = r.into_parts();
                Ok(Polled {
                    status: with_raw(mapping::bailian(job, value), raw),
                    retry_after,
                })
            }
            #[cfg(feature = "gpdb-docs")]
            AnyClient::Gpdb(c) => {
                let mut req = gpdb_docs::GetUploadDocumentJob::new(
                    id("DBInstanceId"),
                    id("RegionId"),
                    id("Collection"),
                    id("JobId"),
                    self.gpdb_password(job)?,
                );
                if let Some(ns) = job.id("Namespace") {
                    req = req.namespace(ns);
                }
                if let Some(owner) = job.id("OwnerId") {
                    req.owner_id = Some(
                        owner
                            .parse()
                            .map_err(|_| invalid(format!("OwnerId {owner:?} is not a number")))?,
                    );
                }
                let r = c.get_upload_document_job(&req).await?;
                let retry_after = hint(r.headers());
                let (value, raw) = r.into_parts();
                Ok(Polled {
                    status: with_raw(mapping::gpdb(job, value), raw),
                    retry_after,
                })
            }
            #[cfg(feature = "azure-qna")]
            AnyClient::Azure(c) => {
                let req = azure_qna::GetUpdateQnasStatus::new(id("projectName"), id("jobId"))?;
                let r = c.get_update_qnas_status(&req).await?;
                let retry_after = hint(r.headers());
                let (value, raw) = r.into_parts();
                Ok(Polled {
                    status: with_raw(mapping::azure(job, value), raw),
                    retry_after,
                })
            }
            #[cfg(feature = "pai-dataset")]
            AnyClient::Pai(c) => {
                let mut req = pai_dataset::GetDatasetJob::new(id("DatasetId"), id("DatasetJobId"));
                if let Some(w) = job.id("WorkspaceId") {
                    req = req.workspace(w);
                }
                if let Some(v) = job.id("DatasetVersion") {
                    req = req.version(v);
                }
                let r = c.get_dataset_job(&req).await?;
                let retry_after = hint(r.headers());
                let (value, raw) = r.into_parts();
                Ok(Polled {
                    status: with_raw(mapping::pai(job, value), raw),
                    retry_after,
                })
            }
            #[cfg(feature = "huawei-ies")]
            AnyClient::Huawei(c) => {
                let r = match job.id("project_id") {
                    Some(project) => c.show_task_in(project, id("id")).await?,
                    None => c.show_task(id("id")).await?,
                };
                let retry_after = hint(r.headers());
                let (value, raw) = r.into_parts();
                Ok(Polled {
                    status: with_raw(mapping::huawei(job, value, &self.inner.huawei_states), raw),
                    retry_after,
                })
            }
        }
    }

    /// Every document of a Bailian job, page by page (`PageNumber`, `pageSize`), as a stream:
    /// pages are fetched as the stream is read, each under the provider's rate limit, and a
    /// throttled or failed page is retried (honouring `x-acs-retry-after`) up to 5 times.
    #[cfg(feature = "bailian-index")]
    pub fn documents(
        &self,
        job: &JobRef,
        page_size: i32,
    ) -> futures::stream::BoxStream<'static, Result<crate::ItemStatus, Error>> {
        use futures::StreamExt;
        let jobs = self.clone();
        let job = job.clone();
        let page_size = page_size.clamp(1, 1000);
        let pages = futures::stream::try_unfold(Some(1i32), move |page| {
            let jobs = jobs.clone();
            let job = job.clone();
            async move {
                let Some(page) = page else { return Ok(None) };
                let docs = jobs.documents_page(&job, page, page_size).await?;
                let full = i32::try_from(docs.len()).map_or(true, |n| n >= page_size);
                let next = if full { page.checked_add(1) } else { None };
                Ok(Some((
                    futures::stream::iter(docs.into_iter().map(Ok)),
                    next,
                )))
            }
        });
        pages
            .map(|r: Result<_, Error>| match r {
                Ok(s) => s.left_stream(),
                Err(e) => futures::stream::once(async move { Err(e) }).right_stream(),
            })
            .flatten()
            .boxed()
    }

    #[cfg(feature = "bailian-index")]
    async fn documents_page(
        &self,
        job: &JobRef,
        page: i32,
        size: i32,
    ) -> Result<Vec<crate::ItemStatus>, Error> {
        if job.provider() != Provider::Bailian {
            return Err(Error::Config(format!(
                "{} has no document list; only bailian-index does",
                job.provider()
            )));
        }
        let AnyClient::Bailian(c) = self.client(job)? else {
            return Err(Error::NotEnabled(Provider::Bailian));
        };
        let id = |k: &str| job.id(k).unwrap_or_default();
        let req =
            bailian_index::GetIndexJobStatus::new(id("WorkspaceId"), id("IndexId"), id("JobId"))
                .page(page, size);
        let mut tries = 0;
        loop {
            if let Some(l) = self.inner.limiters.get(&Provider::Bailian) {
                l.acquire().await;
            }
            match c.get_index_job_status(&req).await {
                Ok(r) => {
                    let docs = r.into_inner().data.map(|d| d.documents).unwrap_or_default();
                    return Ok(docs.iter().map(mapping::bailian_item).collect());
                }
                Err(e) if e.is_retryable() && tries < 5 => {
                    tries += 1;
                    let wait = e.retry_after().unwrap_or(Duration::from_secs(1));
                    tracing::debug!(page, error = %e, ?wait, "retrying a page of documents");
                    self.inner.clock.sleep(wait).await;
                }
                Err(e) => return Err(e.into()),
            }
        }
    }
}
