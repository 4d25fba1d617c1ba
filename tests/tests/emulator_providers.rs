//! Every provider crate against the emulator over loopback: each scenario's lifecycle, each
//! fault, wrong credentials, bad requests, paging, and many clients at once.

mod common;

use std::time::{Duration, Instant};

use common::*;
use jobstatus_emulator::{
    Config, CreatedJob, Emulator, FaultKind, FaultRequest, Provider, Scenario,
};
use jobstatus_runtime::Error;

struct Clients {
    bailian: bailian_index::Client,
    gpdb: gpdb_docs::Client,
    azure: azure_qna::Client,
    pai: pai_dataset::Client,
    huawei: huawei_ies::Client,
}

impl Clients {
    fn new(e: &Emulator) -> Self {
        Clients {
            bailian: bailian_client(e),
            gpdb: gpdb_client(e),
            azure: azure_client(e),
            pai: pai_client(e),
            huawei: huawei_client(e),
        }
    }

    /// The vendor's own status word for a job, plus its counts as (done, failed) where the vendor has them.
    async fn status(&self, job: &CreatedJob) -> Result<(String, Option<(i64, i64)>), Error> {
        Ok(match job.provider {
            Provider::Bailian => {
                let r = self
                    .bailian
                    .get_index_job_status(&bailian_req(job).page(1, 100))
                    .await?;
                let data = r.data.clone().expect("data");
                let failed = data
                    .documents
                    .iter()
                    .filter(|d| d.status.as_ref().is_some_and(|s| s.is_failure()))
                    .count() as i64;
                let finished = data
                    .documents
                    .iter()
                    .filter(|d| d.status.as_ref().is_some_and(|s| s.is_terminal()))
                    .count() as i64;
                (opt(data.status.as_ref()), Some((finished, failed)))
            }
            Provider::Gpdb => {
                let r = self.gpdb.get_upload_document_job(&gpdb_req(job)).await?;
                let j = r.job.clone().expect("job");
                (opt(j.status.as_ref()), j.progress.map(|p| (p.get(), 0)))
            }
            Provider::Azure => {
                let r = self.azure.get_update_qnas_status(&azure_req(job)).await?;
                (opt(r.status.as_ref()), Some((0, r.errors.len() as i64)))
            }
            Provider::Pai => {
                let r = self.pai.get_dataset_job(&pai_req(job)).await?;
                let c = |x: Option<jobstatus_runtime::tolerant::LooseInt>| {
                    x.map(|v| v.get()).unwrap_or(-1)
                };
                (
                    opt(r.status.as_ref()),
                    Some((
                        c(r.completed_file_count) + c(r.failed_file_count),
                        c(r.failed_file_count),
                    )),
                )
            }
            Provider::Huawei => {
                let r = self.huawei.show_task(id(job, "id")).await?;
                let c = |x: Option<jobstatus_runtime::tolerant::LooseInt>| {
                    x.map(|v| v.get()).unwrap_or(-1)
                };
                let status = if r.end_time.is_some() {
                    "ended"
                } else {
                    "open"
                };
                (
                    format!(
                        "{status}/{}",
                        r.task_status
                            .as_ref()
                            .map(|s| s.as_text().into_owned())
                            .unwrap_or_default()
                    ),
                    Some((c(r.success_count) + c(r.failure_count), c(r.failure_count))),
                )
            }
        })
    }
}

fn terminal(provider: Provider, status: &str) -> bool {
    match provider {
        Provider::Bailian => matches!(status, "COMPLETED" | "FAILED"),
        Provider::Gpdb => matches!(status, "Success" | "Failed" | "Cancelled"),
        Provider::Azure => matches!(
            status,
            "succeeded" | "failed" | "cancelled" | "partiallyCompleted"
        ),
        Provider::Pai => matches!(
            status,
            "Succeeded" | "Failed" | "PartialFailed" | "ManuallyStop"
        ),
        Provider::Huawei => status.starts_with("ended"),
    }
}

/// Polls until terminal, returning every distinct status seen and the last counts.
async fn follow(c: &Clients, job: &CreatedJob) -> (Vec<String>, Option<(i64, i64)>) {
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut seen: Vec<String> = Vec::new();
    loop {
        let (status, counts) = c
            .status(job)
            .await
            .unwrap_or_else(|e| panic!("{}: {e}", job.provider));
        if seen.last() != Some(&status) {
            seen.push(status.clone());
        }
        if terminal(job.provider, &status) {
            return (seen, counts);
        }
        assert!(
            Instant::now() < deadline,
            "{} never ended: {seen:?}",
            job.provider
        );
        tokio::time::sleep(Duration::from_millis(40)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_scenario_runs_its_lifecycle() {
    let e = emulator(1.0).await;
    let c = Clients::new(&e);
    // (provider, scenario, first status, last status, final (done, failed) counts)
    type Case = (
        Provider,
        Scenario,
        &'static str,
        &'static str,
        Option<(i64, i64)>,
    );
    let cases: Vec<Case> = vec![
        (
            Provider::Bailian,
            Scenario::Succeed,
            "PENDING",
            "COMPLETED",
            Some((6, 0)),
        ),
        (
            Provider::Bailian,
            Scenario::Partial,
            "PENDING",
            "COMPLETED",
            Some((6, 2)),
        ),
        (Provider::Bailian, Scenario::Fail, "PENDING", "FAILED", None),
        (
            Provider::Gpdb,
            Scenario::Succeed,
            "Pending",
            "Success",
            Some((100, 0)),
        ),
        (Provider::Gpdb, Scenario::Fail, "Pending", "Failed", None),
        (
            Provider::Gpdb,
            Scenario::Cancel,
            "Pending",
            "Cancelled",
            None,
        ),
        (
            Provider::Azure,
            Scenario::Succeed,
            "notStarted",
            "succeeded",
            Some((0, 0)),
        ),
        (
            Provider::Azure,
            Scenario::Partial,
            "notStarted",
            "partiallyCompleted",
            Some((0, 2)),
        ),
        (
            Provider::Azure,
            Scenario::Fail,
            "notStarted",
            "failed",
            Some((0, 1)),
        ),
        (
            Provider::Azure,
            Scenario::Cancel,
            "notStarted",
            "cancelled",
            Some((0, 0)),
        ),
        (
            Provider::Pai,
            Scenario::Succeed,
            "Pending",
            "Succeeded",
            Some((6, 0)),
        ),
        (
            Provider::Pai,
            Scenario::Partial,
            "Pending",
            "PartialFailed",
            Some((6, 2)),
        ),
        (
            Provider::Pai,
            Scenario::Fail,
            "Pending",
            "Failed",
            Some((6, 3)),
        ),
        (
            Provider::Pai,
            Scenario::Cancel,
            "Pending",
            "ManuallyStop",
            None,
        ),
        (
            Provider::Huawei,
            Scenario::Succeed,
            "open/0",
            "ended/2",
            Some((6, 0)),
        ),
        (
            Provider::Huawei,
            Scenario::Partial,
            "open/0",
            "ended/2",
            Some((6, 2)),
        ),
        (
            Provider::Huawei,
            Scenario::Fail,
            "open/0",
            "ended/3",
            Some((6, 3)),
        ),
    ];
    let jobs: Vec<CreatedJob> = cases
        .iter()
        .map(|(p, s, ..)| job(&e, *p, *s, 3_000, Some(6)))
        .collect();
    let runs = futures::future::join_all(jobs.iter().map(|j| follow(&c, j))).await;
    for ((provider, scenario, first, last, counts), (seen, got)) in cases.iter().zip(runs) {
        assert_eq!(
            seen.first().map(String::as_str),
            Some(*first),
            "{provider} {scenario:?}: {seen:?}"
        );
        assert_eq!(
            seen.last().map(String::as_str),
            Some(*last),
            "{provider} {scenario:?}: {seen:?}"
        );
        assert!(
            seen.len() >= 3,
            "{provider} {scenario:?} should pass through a running state: {seen:?}"
        );
        if let Some(expected) = counts {
            assert_eq!(got, Some(*expected), "{provider} {scenario:?} counts");
        }
    }
}

#[tokio::test]
async fn scenarios_a_vendor_cannot_express_are_refused_with_the_reason() {
    let e = emulator(1.0).await;
    let http = jobstatus_runtime::http_client::build_client(Default::default()).unwrap();
    for (provider, scenario) in [
        ("bailian-index", "cancel"),
        ("huawei-ies", "cancel"),
        ("gpdb-docs", "partial"),
    ] {
        let r = http
            .post(format!("{}/_emulator/jobs", e.base_url()))
            .body(format!(
                r#"{{"provider":"{provider}","scenario":"{scenario}"}}"#
            ))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 400);
        let text = r.text().await.unwrap();
        assert!(text.contains("cannot be expressed"), "{text}");
    }
    let r = http
        .post(format!("{}/_emulator/jobs", e.base_url()))
        .body(r#"{"provider":"pai-dataset","scenario":"succeed","duration_ms":1000}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let created: serde_json::Value = r.json().await.unwrap();
    assert!(
        created["job"]
            .as_str()
            .unwrap()
            .starts_with("jobstatus:pai-dataset?endpoint=")
    );
    assert!(
        created["ids"]["DatasetJobId"]
            .as_str()
            .unwrap()
            .starts_with("dsjob-")
    );
    let list: serde_json::Value = http
        .get(format!("{}/_emulator/jobs", e.base_url()))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(list["jobs"].as_array().unwrap().len(), 1);
}

fn fault(provider: Provider, kind: FaultKind) -> FaultRequest {
    FaultRequest {
        provider,
        job: None,
        kind,
        count: 1,
        latency_ms: Some(300),
        retry_after_s: Some(2),
        retry_after_header: None,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_fault_gives_the_typed_error_then_service_resumes() {
    let e = emulator(1.0).await;
    let c = Clients::new(&e);
    for provider in Provider::ALL {
        let j = job(&e, provider, Scenario::Succeed, 60_000, None);
        let p = provider.as_str();
        let check =
            |kind: FaultKind, r: Result<(String, Option<(i64, i64)>), Error>| match (kind, r) {
                (FaultKind::Http500, Err(err)) => {
                    assert_eq!(err.status(), Some(500), "{p}");
                    assert!(err.is_retryable() && err.code().is_some(), "{p}: {err}");
                }
                (FaultKind::Http503, Err(err)) => assert!(
                    err.status() == Some(503) && err.is_retryable(),
                    "{p}: {err}"
                ),
                (FaultKind::Http429, Err(err)) => {
                    assert_eq!(
                        (err.status(), err.retry_after()),
                        (Some(429), Some(Duration::from_secs(2))),
                        "{p}: {err}"
                    );
                }
                (FaultKind::Throttling, Err(err)) => {
                    let expected = if matches!(provider, Provider::Azure | Provider::Huawei) {
                        429
                    } else {
                        400
                    };
                    assert_eq!(err.status(), Some(expected), "{p}: {err}");
                    assert_eq!(err.retry_after(), Some(Duration::from_secs(2)), "{p}");
                    assert!(err.is_retryable(), "{p}");
                    if expected == 400 {
                        assert_eq!(err.code(), Some("Throttling.User"));
                    }
                }
                (FaultKind::Reset | FaultKind::Truncated, Err(err)) => {
                    assert!(
                        matches!(err, Error::Transport { .. } | Error::Body { .. }),
                        "{p} {kind:?}: {err:?}"
                    );
                    assert!(err.is_retryable(), "{p}");
                }
                (FaultKind::InvalidJson, Err(err)) => assert!(
                    matches!(err, Error::Decode { status: 200, .. }),
                    "{p}: {err:?}"
                ),
                (FaultKind::Oversize | FaultKind::OversizeChunked, Err(err)) => {
                    assert!(
                        matches!(err, Error::BodyTooLarge { .. }),
                        "{p} {kind:?}: {err:?}"
                    );
                }
                (FaultKind::UnknownStatus, Ok((status, _))) => {
                    assert!(
                        ["MIGRATING", "Paused", "suspended", "Queuing", "open/9"]
                            .contains(&status.as_str()),
                        "{p}: {status}"
                    );
                }
                (FaultKind::Latency, Ok(_)) => {}
                (kind, other) => panic!("{p} {kind:?}: unexpected {other:?}"),
            };
        for kind in [
            FaultKind::Http500,
            FaultKind::Http503,
            FaultKind::Http429,
            FaultKind::Throttling,
            FaultKind::Reset,
            FaultKind::Truncated,
            FaultKind::InvalidJson,
            FaultKind::UnknownStatus,
            FaultKind::Oversize,
            FaultKind::OversizeChunked,
            FaultKind::Latency,
        ] {
            e.add_fault(fault(provider, kind));
            let started = Instant::now();
            check(kind, c.status(&j).await);
            if kind == FaultKind::Latency {
                assert!(
                    started.elapsed() >= Duration::from_millis(300),
                    "{p}: latency not applied"
                );
            }
            c.status(&j)
                .await
                .unwrap_or_else(|err| panic!("{p} after {kind:?}: {err}"));
        }
    }
}

#[tokio::test]
async fn latency_past_the_client_timeout_is_a_timeout() {
    let e = emulator(1.0).await;
    let j = job(&e, Provider::Pai, Scenario::Succeed, 60_000, None);
    let client = pai_dataset::Client::builder()
        .base_url(e.base_url())
        .credentials(alibaba(&e))
        .timeouts(jobstatus_runtime::http_client::Timeouts {
            connect: Duration::from_secs(1),
            request: Duration::from_millis(100),
        })
        .build()
        .unwrap();
    e.add_fault(FaultRequest {
        latency_ms: Some(1_000),
        ..fault(Provider::Pai, FaultKind::Latency)
    });
    let err = client.get_dataset_job(&pai_req(&j)).await.unwrap_err();
    assert!(
        matches!(err, Error::Transport { timeout: true, .. }),
        "{err:?}"
    );
}

#[tokio::test]
async fn faults_can_target_one_job() {
    let e = emulator(1.0).await;
    let c = Clients::new(&e);
    let a = job(&e, Provider::Azure, Scenario::Succeed, 60_000, None);
    let b = job(&e, Provider::Azure, Scenario::Succeed, 60_000, None);
    e.add_fault(FaultRequest {
        job: Some(id(&b, "jobId").into()),
        count: 2,
        ..fault(Provider::Azure, FaultKind::Http503)
    });
    c.status(&a).await.unwrap();
    assert!(c.status(&b).await.is_err());
    assert!(c.status(&b).await.is_err());
    c.status(&b).await.unwrap();
}

#[tokio::test]
async fn wrong_credentials_get_the_vendors_errors() {
    let e = emulator(1.0).await;
    let ali = job(&e, Provider::Bailian, Scenario::Succeed, 60_000, None);
    let wrong = jobstatus_runtime::credentials::AlibabaCredentials::new(
        e.credentials().alibaba.access_key_id.clone(),
        "wrong",
    );
    let client = bailian_index::Client::builder()
        .base_url(e.base_url())
        .credentials(wrong)
        .build()
        .unwrap();
    let err = client
        .get_index_job_status(&bailian_req(&ali))
        .await
        .unwrap_err();
    assert_eq!(
        (err.status(), err.code()),
        (Some(400), Some("SignatureDoesNotMatch")),
        "{err}"
    );
    let unknown = jobstatus_runtime::credentials::AlibabaCredentials::new("LTAInobody", "x");
    let client = pai_dataset::Client::builder()
        .base_url(e.base_url())
        .credentials(unknown)
        .build()
        .unwrap();
    let err = client
        .get_dataset_job(&pai_dataset::GetDatasetJob::new("d", "j"))
        .await
        .unwrap_err();
    assert_eq!(
        (err.status(), err.code()),
        (Some(404), Some("InvalidAccessKeyId.NotFound")),
        "{err}"
    );

    let hw = job(&e, Provider::Huawei, Scenario::Succeed, 60_000, None);
    let h = &e.credentials().huawei;
    let creds = jobstatus_runtime::credentials::HuaweiAuth::AkSk(
        jobstatus_runtime::credentials::HuaweiCredentials::new(
            h.ak.clone(),
            "wrong",
            h.project_id.clone(),
        ),
    );
    let client = huawei_ies::Client::builder()
        .base_url(e.base_url())
        .credentials(creds)
        .build()
        .unwrap();
    let err = client.show_task(id(&hw, "id")).await.unwrap_err();
    assert_eq!(
        (err.status(), err.code()),
        (Some(401), Some("APIG.0301")),
        "{err}"
    );
    assert!(err.request_id().is_some());

    let az = job(&e, Provider::Azure, Scenario::Succeed, 60_000, None);
    let client = azure_qna::Client::builder()
        .base_url(e.base_url())
        .credentials(jobstatus_runtime::credentials::AzureAuth::key("wrong"))
        .build()
        .unwrap();
    let err = client
        .get_update_qnas_status(&azure_req(&az))
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(401), "{err}");
    let client = azure_qna::Client::builder()
        .base_url(e.base_url())
        .credentials(jobstatus_runtime::credentials::AzureAuth::bearer(
            e.credentials().azure.key.as_str(),
        ))
        .build()
        .unwrap();
    client
        .get_update_qnas_status(&azure_req(&az))
        .await
        .unwrap();
    assert_eq!(e.stats().auth_failures, 4);
}

#[tokio::test]
async fn bad_requests_get_the_vendors_4xx() {
    let e = emulator(1.0).await;
    let c = Clients::new(&e);
    let gp = job(&e, Provider::Gpdb, Scenario::Succeed, 60_000, None);
    let mut req = gpdb_req(&gp);
    req.namespace_password = "nope".into();
    let err = c.gpdb.get_upload_document_job(&req).await.unwrap_err();
    assert_eq!(err.status(), Some(403), "{err}");
    let mut req = gpdb_req(&gp);
    req.job_id = "missing".into();
    let err = c.gpdb.get_upload_document_job(&req).await.unwrap_err();
    assert_eq!(
        (err.status(), err.code()),
        (Some(404), Some("InvalidJobId.NotFound")),
        "{err}"
    );
    assert!(err.request_id().is_some());

    let err = c.huawei.show_task("missing").await.unwrap_err();
    assert_eq!(
        (err.status(), err.code()),
        (Some(404), Some("MSS.000000003")),
        "{err}"
    );
    let err = c
        .azure
        .get_update_qnas_status(
            &azure_qna::GetUpdateQnasStatus::new("emulated-project", "nope").unwrap(),
        )
        .await
        .unwrap_err();
    assert_eq!(
        (err.status(), err.code()),
        (Some(404), Some("NotFound")),
        "{err}"
    );
    let az = job(&e, Provider::Azure, Scenario::Succeed, 60_000, None);
    let raw = c
        .azure
        .raw()
        .get_update_qnas_status("emulated-project", id(&az, "jobId"), "2021-10-01")
        .await
        .unwrap_err();
    assert_eq!(raw.status().map(|s| s.as_u16()), Some(400));
    let err = c
        .bailian
        .get_index_job_status(&bailian_index::GetIndexJobStatus::new("ws", "idx", ""))
        .await
        .unwrap_err();
    assert_eq!(
        (err.status(), err.code()),
        (Some(400), Some("MissingJobId")),
        "{err}"
    );
}

#[tokio::test]
async fn bailian_documents_are_paged() {
    let e = emulator(1.0).await;
    let c = Clients::new(&e);
    let j = job(&e, Provider::Bailian, Scenario::Succeed, 60_000, Some(25));
    let page = |n, size| {
        let req = bailian_req(&j).page(n, size);
        let client = c.bailian.clone();
        async move {
            client
                .get_index_job_status(&req)
                .await
                .unwrap()
                .into_inner()
                .data
                .unwrap()
                .documents
        }
    };
    assert_eq!(page(1, 10).await.len(), 10);
    assert_eq!(page(3, 10).await.len(), 5);
    assert_eq!(page(4, 10).await.len(), 0);
    let all = page(1, 100).await;
    assert_eq!(all.len(), 25);
    let p2 = page(2, 10).await;
    assert_eq!(p2[0].doc_id, all[10].doc_id);
}

#[tokio::test]
async fn bailian_rate_mode_refuses_polls_closer_than_the_minimum() {
    let e = Emulator::start(Config {
        bailian_min_interval_ms: Some(5_000),
        ..Config::default()
    })
    .await
    .unwrap();
    let c = Clients::new(&e);
    let j = job(&e, Provider::Bailian, Scenario::Succeed, 60_000, None);
    c.bailian
        .get_index_job_status(&bailian_req(&j))
        .await
        .unwrap();
    let err = c
        .bailian
        .get_index_job_status(&bailian_req(&j))
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("Throttling.User"), "{err}");
    let wait = err.retry_after().unwrap();
    assert!(
        wait > Duration::ZERO && wait <= Duration::from_secs(5),
        "{wait:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn many_clients_at_once() {
    let e = emulator(10.0).await;
    let jobs: Vec<CreatedJob> = Provider::ALL
        .iter()
        .map(|p| job(&e, *p, Scenario::Succeed, 5_000, None))
        .collect();
    let tasks = (0..100).map(|i| {
        let c = Clients::new(&e);
        let j = jobs[i % jobs.len()].clone();
        async move {
            for _ in 0..5 {
                c.status(&j)
                    .await
                    .map_err(|err| format!("{}: {err}", j.provider))?;
            }
            Ok::<_, String>(())
        }
    });
    let results = futures::future::join_all(tasks).await;
    let failures: Vec<&String> = results.iter().filter_map(|r| r.as_ref().err()).collect();
    assert!(failures.is_empty(), "{failures:?}");
    let stats = e.stats();
    assert_eq!(stats.by_provider.values().sum::<u64>(), 500);
    assert_eq!(stats.auth_failures, 0);
}

fn opt<T: ToString>(v: Option<&T>) -> String {
    v.map(T::to_string).unwrap_or_default()
}

#[tokio::test]
async fn chaos_rules_are_set_listed_counted_and_cleared_over_http() {
    let e = emulator(1.0).await;
    let http = jobstatus_runtime::http_client::build_client(Default::default()).unwrap();
    let url = format!("{}/_emulator/chaos", e.base_url());
    let bad = http
        .post(&url)
        .body(r#"{"probability":1.5,"kind":"http500"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 400);
    assert!(
        bad.text()
            .await
            .unwrap()
            .contains("probability must be from 0 to 1")
    );
    let unknown = http
        .post(&url)
        .body(r#"{"probability":0.5,"kind":"http_500"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), 400);
    let set = http
        .post(&url)
        .body(r#"[{"provider":"azure-qna","probability":1.0,"kind":"http503"}]"#)
        .send()
        .await
        .unwrap();
    assert_eq!(set.status(), 201);
    let c = Clients::new(&e);
    let az = job(&e, Provider::Azure, Scenario::Succeed, 60_000, None);
    let pai = job(&e, Provider::Pai, Scenario::Succeed, 60_000, None);
    for _ in 0..3 {
        let err = c.status(&az).await.unwrap_err();
        assert_eq!(err.status(), Some(503));
    }
    c.status(&pai).await.unwrap();
    let report: serde_json::Value = http.get(&url).send().await.unwrap().json().await.unwrap();
    assert_eq!(report["injected"]["http503"], 3, "{report}");
    assert_eq!(report["requests"], 4, "{report}");
    assert_eq!(report["rules"][0]["provider"], "azure-qna", "{report}");
    assert_eq!(http.delete(&url).send().await.unwrap().status(), 204);
    c.status(&az).await.unwrap();
    assert!(e.chaos().rules.is_empty());
}
