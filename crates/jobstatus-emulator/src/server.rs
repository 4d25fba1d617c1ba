//! The HTTP server: one listener for the five APIs at their real paths, and the control API.

// Handlers return the vendor's error response as `Err`, the axum way; its size does not matter here.
#![allow(clippy::result_large_err)]

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use chrono::Utc;
use jobstatus_runtime::encoding::{decode_query, percent_decode};
use jobstatus_runtime::received::ReceivedRequest;
use jobstatus_runtime::{acs3, constant_time_eq, sdk_hmac};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde::Serialize;
use serde_json::{Value, json};

use crate::clock::EmulatedClock;
use crate::config::Config;
use crate::faults::{Chaos, ChaosRule, FaultKind, FaultRequest, Faults};
use crate::jobs::{Job, JobRequest, Provider, job_ref};
use crate::vendors::{self, alibaba_error, azure_error, huawei_error, json_response};

/// The size of the `oversize` faults' bodies.
pub const OVERSIZE_BYTES: usize = 8 * 1024 * 1024;
const AZURE_API_VERSION: &str = "2023-04-01";

/// State shared by every request.
pub struct Shared {
    pub(crate) config: Config,
    pub(crate) clock: EmulatedClock,
    pub(crate) base_url: String,
    alibaba: acs3::Verifier,
    huawei: sdk_hmac::Verifier,
    state: Mutex<Inner>,
}

#[derive(Default, Serialize, Clone, Debug)]
/// Request counts.
pub struct Stats {
    /// Every request to a vendor path, by provider.
    pub by_provider: HashMap<String, u64>,
    /// Requests that reached a job, by provider and job id.
    pub by_job: HashMap<String, u64>,
    /// Requests refused by an auth check.
    pub auth_failures: u64,
}

struct Inner {
    jobs: Vec<Job>,
    index: HashMap<(Provider, String), usize>,
    faults: Faults,
    chaos: Chaos,
    rng: StdRng,
    requests: u64,
    stats: Stats,
    bailian_polls: HashMap<String, tokio::time::Instant>,
}

/// What `POST /_emulator/jobs` answers.
#[derive(Serialize, Clone, Debug, PartialEq, Eq)]
pub struct CreatedJob {
    /// The provider.
    pub provider: Provider,
    /// The facade's job reference.
    pub job: String,
    /// The vendor's identifiers, in its own parameter names.
    pub ids: std::collections::BTreeMap<String, String>,
}

impl Shared {
    pub(crate) fn new(config: Config, base_url: String) -> Self {
        let c = &config.credentials;
        let alibaba = acs3::Verifier::new().with_key(
            &c.alibaba.access_key_id,
            c.alibaba.access_key_secret.as_str(),
        );
        let huawei = sdk_hmac::Verifier::new().with_key(&c.huawei.ak, c.huawei.sk.as_str());
        let inner = Inner {
            jobs: Vec::new(),
            index: HashMap::new(),
            faults: Faults::default(),
            chaos: Chaos::default(),
            rng: StdRng::seed_from_u64(config.seed),
            requests: 0,
            stats: Stats::default(),
            bailian_polls: HashMap::new(),
        };
        Shared {
            clock: EmulatedClock::new(config.speed),
            config,
            base_url,
            alibaba,
            huawei,
            state: Mutex::new(inner),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Creates a job, as `POST /_emulator/jobs` does.
    pub fn create_job(&self, req: &JobRequest) -> Result<CreatedJob, String> {
        let items = req.items.unwrap_or_else(|| req.provider.default_items());
        req.provider.supports(req.scenario, items)?;
        let now = self.clock.now_ms();
        let mut inner = self.lock();
        let rng = &mut inner.rng;
        let job = Job::new(
            req,
            now,
            |len| {
                (0..len)
                    .map(|_| char::from_digit(rng.random_range(0..16), 16).unwrap_or('0'))
                    .collect()
            },
            "emulated-project",
            &self.config.credentials.huawei.project_id,
        );
        let key = (job.provider, primary_id(&job).to_owned());
        let created = CreatedJob {
            provider: job.provider,
            job: job_ref(&job, &self.base_url),
            ids: job.ids.clone(),
        };
        let i = inner.jobs.len();
        inner.jobs.push(job);
        inner.index.insert(key, i);
        Ok(created)
    }

    /// Every job with its current phase.
    pub fn list_jobs(&self) -> Vec<Value> {
        let now = self.clock.now_ms();
        self.lock()
            .jobs
            .iter()
            .map(|j| {
                let s = j.snapshot(now);
                json!({"provider": j.provider, "job": job_ref(j, &self.base_url), "ids": j.ids, "scenario": j.scenario,
                       "phase": format!("{:?}", s.phase), "percent": s.percent, "done": s.done, "failed": s.failed})
            })
            .collect()
    }

    /// Request counts.
    pub fn stats(&self) -> Stats {
        self.lock().stats.clone()
    }

    /// Sets a fault.
    pub fn add_fault(&self, f: FaultRequest) {
        self.lock().faults.add(f);
    }

    /// Replaces the chaos rules; the error names the bad rule.
    pub fn set_chaos(&self, rules: Vec<ChaosRule>) -> Result<(), String> {
        self.lock().chaos.set(rules)
    }

    /// The chaos rules and what they injected.
    pub fn chaos(&self) -> crate::ChaosReport {
        self.lock().chaos.report()
    }

    fn next_request_id(&self) -> String {
        let mut inner = self.lock();
        inner.requests += 1;
        let n = inner.requests;
        let r: u64 = inner.rng.random();
        format!(
            "{:08X}-{:04X}-{:04X}-{:04X}-{:012X}",
            (r >> 32) as u32,
            (r >> 16) as u16,
            r as u16,
            (n >> 48) as u16,
            n & 0xFFFF_FFFF_FFFF
        )
    }
}

fn primary_id(job: &Job) -> &str {
    match job.provider {
        Provider::Bailian | Provider::Gpdb => job.id("JobId"),
        Provider::Azure => job.id("jobId"),
        Provider::Pai => job.id("DatasetJobId"),
        Provider::Huawei => job.id("id"),
    }
}

/// The router.
pub fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/_emulator/jobs", get(list_jobs).post(create_job))
        .route(
            "/_emulator/faults",
            get(list_faults).post(add_fault).delete(clear_faults),
        )
        .route("/_emulator/stats", get(stats))
        .route(
            "/_emulator/chaos",
            get(get_chaos).post(set_chaos).delete(clear_chaos),
        )
        .fallback(vendor)
        .with_state(shared)
}

fn control_error(status: StatusCode, message: impl Into<String>) -> Response {
    (status, axum::Json(json!({"error": message.into()}))).into_response()
}

async fn list_jobs(State(s): State<Arc<Shared>>) -> Response {
    axum::Json(json!({"jobs": s.list_jobs()})).into_response()
}

async fn create_job(State(s): State<Arc<Shared>>, body: Bytes) -> Response {
    let req: JobRequest = match serde_json::from_slice(&body) {
        Ok(r) => r,
        Err(e) => {
            return control_error(StatusCode::BAD_REQUEST, format!("invalid job request: {e}"));
        }
    };
    match s.create_job(&req) {
        Ok(created) => (StatusCode::CREATED, axum::Json(created)).into_response(),
        Err(e) => control_error(StatusCode::BAD_REQUEST, e),
    }
}

async fn list_faults(State(s): State<Arc<Shared>>) -> Response {
    axum::Json(json!({"faults": s.lock().faults.list()})).into_response()
}

async fn add_fault(State(s): State<Arc<Shared>>, body: Bytes) -> Response {
    match serde_json::from_slice::<FaultRequest>(&body) {
        Ok(f) => {
            s.add_fault(f.clone());
            (StatusCode::CREATED, axum::Json(f)).into_response()
        }
        Err(e) => control_error(StatusCode::BAD_REQUEST, format!("invalid fault: {e}")),
    }
}

async fn clear_faults(State(s): State<Arc<Shared>>) -> Response {
    s.lock().faults.clear();
    StatusCode::NO_CONTENT.into_response()
}

async fn get_chaos(State(s): State<Arc<Shared>>) -> Response {
    axum::Json(s.chaos()).into_response()
}

async fn set_chaos(State(s): State<Arc<Shared>>, body: Bytes) -> Response {
    let rules: Vec<ChaosRule> = match serde_json::from_slice::<Value>(&body) {
        // One rule or a list of rules.
        Ok(v @ Value::Object(_)) => match serde_json::from_value::<ChaosRule>(v) {
            Ok(r) => vec![r],
            Err(e) => {
                return control_error(StatusCode::BAD_REQUEST, format!("invalid chaos rule: {e}"));
            }
        },
        Ok(v) => match serde_json::from_value(v) {
            Ok(r) => r,
            Err(e) => {
                return control_error(StatusCode::BAD_REQUEST, format!("invalid chaos rules: {e}"));
            }
        },
        Err(e) => {
            return control_error(StatusCode::BAD_REQUEST, format!("invalid chaos rules: {e}"));
        }
    };
    match s.set_chaos(rules) {
        Ok(()) => (StatusCode::CREATED, axum::Json(s.chaos())).into_response(),
        Err(e) => control_error(StatusCode::BAD_REQUEST, e),
    }
}

async fn clear_chaos(State(s): State<Arc<Shared>>) -> Response {
    let _ = s.set_chaos(Vec::new());
    StatusCode::NO_CONTENT.into_response()
}

async fn stats(State(s): State<Arc<Shared>>) -> Response {
    axum::Json(s.stats()).into_response()
}

/// One request to a vendor path, everything decoded.
struct Call<'a> {
    provider: Provider,
    request_id: String,
    host: String,
    params: HashMap<String, String>,
    segments: Vec<String>,
    headers: &'a HeaderMap,
}

impl Call<'_> {
    fn error(&self, status: u16, code: &str, message: &str) -> Response {
        match self.provider {
            Provider::Bailian | Provider::Gpdb | Provider::Pai => {
                alibaba_error(status, code, message, &self.request_id, &self.host)
            }
            Provider::Azure => azure_error(status, code, message, &self.request_id),
            Provider::Huawei => huawei_error(status, code, message, &self.request_id),
        }
    }

    fn param(&self, name: &str) -> Result<&str, Response> {
        match self.params.get(name).map(String::as_str) {
            Some(v) if !v.is_empty() => Ok(v),
            _ => Err(match self.provider {
                Provider::Azure => self.error(
                    400,
                    "InvalidArgument",
                    &format!("The {name} parameter is required."),
                ),
                Provider::Huawei => self.error(
                    400,
                    "MSS.000000003",
                    &format!("Invalid parameter: {name} is required."),
                ),
                _ => self.error(
                    400,
                    &format!("Missing{name}"),
                    &format!("{name} is mandatory for this action."),
                ),
            }),
        }
    }
}

fn route(path: &str) -> Option<(Provider, Vec<String>)> {
    let segs: Vec<String> = path
        .split('/')
        .skip(1)
        .map(|s| percent_decode(s, false))
        .collect();
    let s: Vec<&str> = segs.iter().map(String::as_str).collect();
    let provider = match s.as_slice() {
        [""] => Provider::Gpdb,
        [
            "language",
            "authoring",
            "query-knowledgebases",
            "projects",
            _,
            "qnas",
            "jobs",
            _,
        ] => Provider::Azure,
        ["api", "v1", "datasets", _, "datasetjobs", _] => Provider::Pai,
        ["v2", _, "ies", "task", _] => Provider::Huawei,
        [_, "index", "job", "status"] => Provider::Bailian,
        _ => return None,
    };
    Some((provider, segs))
}

async fn vendor(
    State(s): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let Some((provider, segments)) = route(uri.path()) else {
        return json_response(
            StatusCode::NOT_FOUND,
            &json!({"error": format!("no emulated API at {}", uri.path())}),
            &[],
        );
    };
    let host = headers
        .get("host")
        .and_then(|h| h.to_str().ok())
        .unwrap_or("")
        .to_owned();
    let mut params: HashMap<String, String> = decode_query(uri.query().unwrap_or(""))
        .into_iter()
        .collect();
    let form = headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|c| c.starts_with("application/x-www-form-urlencoded"));
    if form {
        params.extend(decode_query(&String::from_utf8_lossy(&body)));
    }
    let call = Call {
        provider,
        request_id: s.next_request_id(),
        host,
        params,
        segments,
        headers: &headers,
    };
    *s.lock()
        .stats
        .by_provider
        .entry(provider.as_str().into())
        .or_default() += 1;
    if !s.config.check_auth {
        // Benchmarks only: see Config::check_auth.
    } else if let Err(refusal) = authenticate(&s, &call, &method, &uri, &body) {
        s.lock().stats.auth_failures += 1;
        return refusal;
    }
    match answer(&s, &call, &method).await {
        Ok(r) | Err(r) => r,
    }
}

fn authenticate(
    s: &Shared,
    call: &Call<'_>,
    method: &Method,
    uri: &Uri,
    body: &[u8],
) -> Result<(), Response> {
    let received = ReceivedRequest {
        method: method.as_str(),
        path: uri.path(),
        query: uri.query(),
        headers: call.headers,
        body,
    };
    let now = Utc::now();
    match call.provider {
        Provider::Bailian | Provider::Gpdb | Provider::Pai => {
            let (action, style) = match call.provider {
                Provider::Bailian => ("GetIndexJobStatus", acs3::Style::Roa),
                Provider::Pai => ("GetDatasetJob", acs3::Style::Roa),
                _ => ("GetUploadDocumentJob", acs3::Style::Rpc),
            };
            s.alibaba
                .verify(&received, style, now)
                .map_err(|r| call.error(r.status, r.code, &r.message))?;
            let sent = call
                .headers
                .get("x-acs-action")
                .and_then(|v| v.to_str().ok())
                .unwrap_or("");
            if sent != action {
                return Err(call.error(
                    404,
                    "InvalidAction.NotFound",
                    "Specified api is not found, please check your url and method.",
                ));
            }
            Ok(())
        }
        Provider::Huawei => s
            .huawei
            .verify(&received, now)
            .map(|_| ())
            .map_err(|r| call.error(r.status, r.code, &r.message)),
        Provider::Azure => {
            let key = s.config.credentials.azure.key.as_bytes();
            let header = |n: &str| call.headers.get(n).and_then(|v| v.to_str().ok());
            let by_key = header("ocp-apim-subscription-key")
                .is_some_and(|k| constant_time_eq(k.as_bytes(), key));
            let by_token = header("authorization")
                .and_then(|a| a.strip_prefix("Bearer "))
                .is_some_and(|t| constant_time_eq(t.as_bytes(), key));
            if by_key || by_token {
                Ok(())
            } else {
                Err(azure_error(
                    401,
                    "401",
                    "Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.",
                    &call.request_id,
                ))
            }
        }
    }
}

async fn answer(s: &Shared, call: &Call<'_>, method: &Method) -> Result<Response, Response> {
    // Which job, by the vendor's parameters.
    let seg = |i: usize| call.segments.get(i).map(String::as_str).unwrap_or("");
    let (job_id, check): (String, Vec<(&str, String)>) = match call.provider {
        Provider::Bailian => {
            let ws = seg(0).to_owned();
            (
                call.param("JobId")?.to_owned(),
                vec![
                    ("WorkspaceId", ws),
                    ("IndexId", call.param("IndexId")?.to_owned()),
                ],
            )
        }
        Provider::Gpdb => {
            if !matches!(*method, Method::GET | Method::POST) {
                return Err(call.error(
                    404,
                    "InvalidAction.NotFound",
                    "Specified api is not found, please check your url and method.",
                ));
            }
            let mut check = vec![];
            for p in [
                "DBInstanceId",
                "RegionId",
                "Collection",
                "NamespacePassword",
            ] {
                check.push((p, call.param(p)?.to_owned()));
            }
            if let Some(ns) = call.params.get("Namespace") {
                check.push(("Namespace", ns.clone()));
            }
            (call.param("JobId")?.to_owned(), check)
        }
        Provider::Azure => {
            let version = call
                .params
                .get("api-version")
                .map(String::as_str)
                .unwrap_or("");
            if version != AZURE_API_VERSION {
                return Err(call.error(
                    400,
                    "InvalidArgument",
                    &format!("The api-version {version:?} is not supported; this endpoint serves {AZURE_API_VERSION}."),
                ));
            }
            (seg(7).to_owned(), vec![("projectName", seg(4).to_owned())])
        }
        Provider::Pai => (seg(5).to_owned(), vec![("DatasetId", seg(3).to_owned())]),
        Provider::Huawei => (seg(4).to_owned(), vec![("project_id", seg(1).to_owned())]),
    };
    let job = {
        let inner = s.lock();
        inner
            .index
            .get(&(call.provider, job_id.clone()))
            .map(|&i| inner.jobs[i].clone())
    };
    let Some(job) = job else {
        return Err(match call.provider {
            Provider::Azure => {
                call.error(404, "NotFound", &format!("The job {job_id} was not found."))
            }
            Provider::Huawei => call.error(
                404,
                "MSS.000000003",
                &format!("Invalid parameter: task {job_id} does not exist."),
            ),
            _ => call.error(
                404,
                "InvalidJobId.NotFound",
                &format!("The job {job_id} does not exist."),
            ),
        });
    };
    for (name, value) in &check {
        if job.id(name) != value {
            return Err(match (call.provider, *name) {
                (Provider::Bailian, _) => call.error(
                    403,
                    "Index.Forbidden",
                    "User not authorized to operate on the specified resource.",
                ),
                (Provider::Gpdb, "NamespacePassword") => call.error(
                    403,
                    "Namespace.PasswordIncorrect",
                    "The namespace password is incorrect.",
                ),
                (Provider::Azure, _) => call.error(
                    404,
                    "ProjectNotFound",
                    &format!("The project {value} was not found."),
                ),
                (Provider::Huawei, _) => call.error(
                    403,
                    "MSS.000000004",
                    "Illegal access: the project does not match the credentials.",
                ),
                _ => call.error(
                    404,
                    &format!("Invalid{name}.NotFound"),
                    &format!("The {name} {value} does not exist."),
                ),
            });
        }
    }
    {
        let mut inner = s.lock();
        *inner
            .stats
            .by_job
            .entry(format!("{}/{job_id}", call.provider))
            .or_default() += 1;
        if let (Provider::Bailian, Some(min_ms)) = (call.provider, s.config.bailian_min_interval_ms)
        {
            let now = tokio::time::Instant::now();
            let min = Duration::from_millis(min_ms);
            if let Some(last) = inner.bailian_polls.get(&job_id).copied()
                && now.duration_since(last) < min
            {
                let wait = (min - now.duration_since(last))
                    .as_secs_f64()
                    .ceil()
                    .max(1.0) as u64;
                drop(inner);
                return Err(throttled(call, wait));
            }
            inner.bailian_polls.insert(job_id.clone(), now);
        }
    }
    let fault = {
        let mut inner = s.lock();
        let inner = &mut *inner;
        match inner.faults.take(call.provider, Some(&job_id)) {
            Some(f) => Some(f),
            None => inner.chaos.roll(call.provider, &mut inner.rng),
        }
    };
    let unknown = fault
        .as_ref()
        .is_some_and(|f| f.kind == FaultKind::UnknownStatus);
    let body = || {
        let snap = job.snapshot(s.clock.now_ms());
        match call.provider {
            Provider::Bailian => {
                let n = |k: &str, d| call.params.get(k).and_then(|v| v.parse().ok()).unwrap_or(d);
                vendors::bailian::status_body(
                    &job,
                    &snap,
                    &s.clock,
                    (n("PageNumber", 1), n("pageSize", 10)),
                    &call.request_id,
                    unknown,
                )
            }
            Provider::Gpdb => {
                vendors::gpdb::status_body(&job, &snap, &s.clock, &call.request_id, unknown)
            }
            Provider::Azure => vendors::azure::status_body(&job, &snap, &s.clock, unknown),
            Provider::Pai => {
                vendors::pai::status_body(&job, &snap, &s.clock, &call.request_id, unknown)
            }
            Provider::Huawei => vendors::huawei::status_body(&job, &snap, &s.clock, unknown),
        }
    };
    let ok_headers = || -> Vec<(&'static str, String)> {
        match call.provider {
            Provider::Azure => vec![("apim-request-id", call.request_id.clone())],
            Provider::Huawei => vec![("x-request-id", call.request_id.clone())],
            _ => vec![("x-acs-request-id", call.request_id.clone())],
        }
    };
    let Some(fault) = fault else {
        return Ok(json_response(StatusCode::OK, &body(), &ok_headers()));
    };
    tracing::info!(provider = %call.provider, job = %job_id, kind = ?fault.kind, "fault fired");
    let retry_after = fault.retry_after_s.unwrap_or(1);
    if let (Some(ms), false) = (fault.latency_ms, fault.kind == FaultKind::Latency) {
        tokio::time::sleep(Duration::from_millis(ms)).await;
    }
    let mut response = match fault.kind {
        FaultKind::Http500 => server_error(call, 500),
        FaultKind::Http503 => server_error(call, 503),
        FaultKind::Http429 => too_many(call, retry_after),
        FaultKind::Throttling => throttled(call, retry_after),
        FaultKind::Latency => {
            tokio::time::sleep(Duration::from_millis(fault.latency_ms.unwrap_or(1000))).await;
            json_response(StatusCode::OK, &body(), &ok_headers())
        }
        FaultKind::UnknownStatus => json_response(StatusCode::OK, &body(), &ok_headers()),
        FaultKind::Reset => broken_body(None, Bytes::new()),
        FaultKind::Truncated => {
            let full = body().to_string().into_bytes();
            let half = Bytes::copy_from_slice(&full[..full.len() / 2]);
            broken_body(Some(full.len()), half)
        }
        FaultKind::InvalidJson => {
            let text = format!(
                "{{\"RequestId\": \"{}\", \"Data\": {{\"Status\": ",
                call.request_id
            );
            (StatusCode::OK, [("content-type", "application/json")], text).into_response()
        }
        FaultKind::Oversize => {
            let mut v = body();
            v["Padding"] = json!("x".repeat(OVERSIZE_BYTES));
            json_response(StatusCode::OK, &v, &ok_headers())
        }
        FaultKind::OversizeChunked => {
            let chunk = Bytes::from(vec![b' '; 64 * 1024]);
            let n = OVERSIZE_BYTES / chunk.len();
            let head = Bytes::from(body().to_string());
            let stream = futures::stream::iter(
                (0..n)
                    .map(move |_| Ok::<_, std::io::Error>(chunk.clone()))
                    .chain(std::iter::once(Ok(head))),
            );
            (
                StatusCode::OK,
                [("content-type", "application/json")],
                Body::from_stream(stream),
            )
                .into_response()
        }
    };
    if let Some(v) = fault
        .retry_after_header
        .as_deref()
        .and_then(|v| axum::http::HeaderValue::from_str(v).ok())
    {
        response.headers_mut().insert("retry-after", v.clone());
        if matches!(
            call.provider,
            Provider::Bailian | Provider::Gpdb | Provider::Pai
        ) {
            response.headers_mut().insert("x-acs-retry-after", v);
        }
    }
    Ok(response)
}

fn server_error(call: &Call<'_>, status: u16) -> Response {
    match (call.provider, status) {
        (Provider::Azure, 500) => {
            call.error(500, "InternalServerError", "An internal error occurred.")
        }
        (Provider::Azure, _) => call.error(
            503,
            "ServiceUnavailable",
            "The service is temporarily unavailable.",
        ),
        (Provider::Huawei, _) => call.error(status, "MSS.000000002", "Internal error."),
        (_, 500) => call.error(
            500,
            "InternalError",
            "The request processing has failed due to some unknown error.",
        ),
        _ => call.error(
            503,
            "ServiceUnavailable",
            "The request has failed due to a temporary failure of the server.",
        ),
    }
}

fn too_many(call: &Call<'_>, retry_after: u64) -> Response {
    let mut r = match call.provider {
        Provider::Azure => call.error(
            429,
            "TooManyRequests",
            "Rate limit is exceeded. Try again later.",
        ),
        Provider::Huawei => call.error(429, "APIG.0308", "The request is throttled."),
        _ => call.error(
            429,
            "Throttling",
            "Request was denied due to request throttling.",
        ),
    };
    if let Ok(v) = retry_after.to_string().parse() {
        r.headers_mut().insert("retry-after", v);
    }
    r
}

fn throttled(call: &Call<'_>, retry_after: u64) -> Response {
    match call.provider {
        Provider::Bailian | Provider::Gpdb | Provider::Pai => {
            let mut r = call.error(
                400,
                "Throttling.User",
                "Request was denied due to user flow control.",
            );
            if let Ok(v) = retry_after.to_string().parse() {
                r.headers_mut().insert("x-acs-retry-after", v);
            }
            r
        }
        _ => too_many(call, retry_after),
    }
}

/// A response whose body fails after `first`: with `Some(len)` a `Content-Length` promising more
/// (a cut body); with `None`, nothing at all is sent before the connection drops.
fn broken_body(content_length: Option<usize>, first: Bytes) -> Response {
    let err = || std::io::Error::new(std::io::ErrorKind::ConnectionReset, "emulated fault");
    let stream = futures::stream::iter(
        (!first.is_empty())
            .then_some(Ok(first))
            .into_iter()
            .chain(std::iter::once(Err(err()))),
    );
    let mut r = Response::new(Body::from_stream(stream));
    r.headers_mut().insert(
        "content-type",
        axum::http::HeaderValue::from_static("application/json"),
    );
    if let Some(len) = content_length.and_then(|l| l.to_string().parse().ok()) {
        r.headers_mut().insert("content-length", len);
    }
    r
}
