//! The state mapping of `jobstatus-core`, per provider: the vendor examples as snapshots of the
//! documented JSON form, and every documented status value against the table in the docs.

use jobstatus_core::credentials::{AlibabaCredentials, AzureAuth, HuaweiAuth, HuaweiCredentials};
use jobstatus_core::{JobRef, JobState, JobStatus, Jobs, Location, Provider};
use jobstatus_tests::{Canned, CannedServer, vendor_example};
use serde_json::Value;

fn jobs() -> Jobs {
    Jobs::builder()
        .alibaba_credentials(AlibabaCredentials::new("AKID", "alibaba-secret"))
        .huawei_credentials(HuaweiAuth::AkSk(HuaweiCredentials::new(
            "AK",
            "huawei-sk",
            "project-1",
        )))
        .azure_credentials(AzureAuth::key("azure-key"))
        .gpdb_namespace_password("ns-password")
        .build()
        .unwrap()
}

fn job(provider: Provider, base: &str) -> JobRef {
    let ids: &[(&str, &str)] = match provider {
        Provider::Bailian => &[
            ("WorkspaceId", "llm-1"),
            ("IndexId", "idx"),
            ("JobId", "66122af12a4e45ddae6bd6c84555xxxx"),
        ],
        Provider::Gpdb => &[
            ("DBInstanceId", "gp-1"),
            ("RegionId", "cn-hangzhou"),
            ("Collection", "docs"),
            ("JobId", "job-1"),
        ],
        Provider::Azure => &[("projectName", "faq"), ("jobId", "job-1")],
        Provider::Pai => &[("DatasetId", "d-1"), ("DatasetJobId", "dsjob-1")],
        Provider::Huawei => &[("id", "fd1c56acbb2c4b1aa24ba37df99f3129")],
    };
    JobRef::new(
        provider,
        Location::Endpoint(base.to_owned()),
        ids.iter().copied(),
    )
    .unwrap()
}

async fn status_of(provider: Provider, body: String) -> JobStatus {
    let server = CannedServer::start(Canned::json(200, body)).await;
    jobs()
        .get(&job(provider, &server.base_url()))
        .await
        .unwrap()
}

fn stable_json(s: &JobStatus) -> Value {
    let mut v = serde_json::to_value(s).unwrap();
    // The reference names the loopback port; everything else is deterministic.
    v["job"] = Value::from("<job>");
    v
}

const EXAMPLES: [(Provider, &str); 5] = [
    (Provider::Bailian, "bailian-index.json"),
    (Provider::Gpdb, "gpdb-docs.json"),
    (Provider::Azure, "azure-qna.json"),
    (Provider::Pai, "pai-dataset.json"),
    (Provider::Huawei, "huawei-ies.json"),
];

#[tokio::test]
async fn vendor_examples_map_to_the_documented_json_form() {
    for (provider, example) in EXAMPLES {
        let s = status_of(provider, vendor_example(example)).await;
        insta::assert_json_snapshot!(format!("status-{provider}"), stable_json(&s));
    }
}

#[tokio::test]
async fn the_json_form_has_the_documented_keys() {
    let s = status_of(Provider::Azure, vendor_example("azure-qna.json")).await;
    let v = serde_json::to_value(&s).unwrap();
    let mut keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort_unstable();
    let mut documented = [
        "provider",
        "job",
        "state",
        "raw_state",
        "terminal",
        "progress",
        "items",
        "errors",
        "created_at",
        "updated_at",
        "finished_at",
        "expires_at",
        "raw",
    ];
    documented.sort_unstable();
    assert_eq!(keys, documented);
    assert_eq!(v["job"].as_str().unwrap().parse::<JobRef>().unwrap(), s.job);
}

fn with(example: &str, edit: impl FnOnce(&mut Value)) -> String {
    let mut v: Value = serde_json::from_str(&vendor_example(example)).unwrap();
    edit(&mut v);
    v.to_string()
}

#[tokio::test]
async fn every_documented_status_maps_as_the_table_says() {
    use JobState::*;
    let unknown = |s: &str| Unknown(s.to_owned());
    let cases: Vec<(Provider, &str, JobState)> = vec![
        (Provider::Bailian, "PENDING", Pending),
        (Provider::Bailian, "RUNNING", Running),
        (Provider::Bailian, "FAILED", Failed),
        (Provider::Bailian, "SHRUGGING", unknown("SHRUGGING")),
        (Provider::Gpdb, "Pending", Pending),
        (Provider::Gpdb, "Start", Pending),
        (Provider::Gpdb, "Running", Running),
        (Provider::Gpdb, "Success", Succeeded),
        (Provider::Gpdb, "Failed", Failed),
        (Provider::Gpdb, "Cancelling", Cancelling),
        (Provider::Gpdb, "Cancelled", Cancelled),
        (Provider::Gpdb, "Paused", unknown("Paused")),
        (Provider::Azure, "notStarted", Pending),
        (Provider::Azure, "running", Running),
        (Provider::Azure, "succeeded", Succeeded),
        (Provider::Azure, "partiallyCompleted", PartiallySucceeded),
        (Provider::Azure, "failed", Failed),
        (Provider::Azure, "cancelling", Cancelling),
        (Provider::Azure, "cancelled", Cancelled),
        (Provider::Azure, "canceled", Cancelled),
        (Provider::Azure, "paused", unknown("paused")),
        (Provider::Pai, "Pending", Pending),
        (Provider::Pai, "Running", Running),
        (Provider::Pai, "Succeeded", Succeeded),
        (Provider::Pai, "PartialFailed", PartiallySucceeded),
        (Provider::Pai, "Failed", Failed),
        (Provider::Pai, "Deleting", Cancelling),
        (Provider::Pai, "ManuallyStop", Cancelled),
        (Provider::Pai, "Queued", unknown("Queued")),
    ];
    for (provider, raw, want) in cases {
        let example = EXAMPLES.iter().find(|(p, _)| *p == provider).unwrap().1;
        let body = with(example, |v| match provider {
            Provider::Bailian => v["Data"]["Status"] = raw.into(),
            Provider::Gpdb => v["Job"]["Status"] = raw.into(),
            Provider::Azure => v["status"] = raw.into(),
            Provider::Pai => v["Status"] = raw.into(),
            Provider::Huawei => unreachable!(),
        });
        let s = status_of(provider, body).await;
        assert_eq!(s.state, want, "{provider} {raw}");
        assert_eq!(s.raw_state.as_deref(), Some(raw), "{provider} {raw}");
        assert_eq!(s.terminal, want.is_terminal());
        if provider == Provider::Azure && matches!(want, Cancelled | Cancelling) {
            assert_ne!(
                s.progress.percent,
                Some(100.0),
                "a cancelled job is not 100 % done"
            );
        }
    }
}

#[tokio::test]
async fn a_missing_or_unreadable_status_is_unknown_and_keeps_the_rest() {
    for (provider, example, edit) in [
        (Provider::Bailian, "bailian-index.json", "/Data/Status"),
        (Provider::Gpdb, "gpdb-docs.json", "/Job/Status"),
        (Provider::Azure, "azure-qna.json", "/status"),
        (Provider::Pai, "pai-dataset.json", "/Status"),
    ] {
        for value in [
            None,
            Some(serde_json::json!({"odd": true})),
            Some(serde_json::json!(7)),
        ] {
            let body = with(example, |v| {
                let (parent, key) = edit.rsplit_once('/').unwrap();
                let parent = if parent.is_empty() {
                    &mut *v
                } else {
                    v.pointer_mut(parent).unwrap()
                };
                match &value {
                    None => {
                        parent.as_object_mut().unwrap().remove(key);
                    }
                    Some(x) => parent[key] = x.clone(),
                }
            });
            let s = status_of(provider, body).await;
            assert!(
                matches!(s.state, JobState::Unknown(_)),
                "{provider} {value:?}: {:?}",
                s.state
            );
            assert!(
                !s.terminal,
                "{provider}: an unknown state never ends a wait"
            );
            if value == Some(serde_json::json!(7)) {
                assert_eq!(
                    s.raw_state.as_deref(),
                    Some("7"),
                    "a number is kept as text"
                );
            }
        }
    }
}

#[tokio::test]
async fn bailian_completed_is_judged_by_its_documents() {
    let doc =
        |status: &str| serde_json::json!({"DocId": format!("doc-{status}"), "Status": status});
    for (docs, want) in [
        (vec!["FINISH", "FINISH"], JobState::Succeeded),
        (vec!["FINISH", "PARSE_FAILED"], JobState::PartiallySucceeded),
        (vec!["INSERT_ERROR", "PARSE_FAILED"], JobState::Failed),
    ] {
        let body = with("bailian-index.json", |v| {
            v["Data"]["Status"] = "COMPLETED".into();
            v["Data"]["Documents"] = docs.iter().map(|d| doc(d)).collect();
        });
        let s = status_of(Provider::Bailian, body).await;
        assert_eq!(s.state, want, "{docs:?}");
        assert_eq!(s.progress.total, Some(2));
        assert_eq!(s.errors.len() as u64, s.progress.failed.unwrap());
    }
}

#[tokio::test]
async fn huawei_state_comes_from_end_time_and_counts_unless_mapped() {
    let cases = [
        (None, 0, 0, JobState::Pending),
        (None, 2, 0, JobState::Running),
        (Some(1744276967708i64), 3, 0, JobState::Succeeded),
        (Some(1744276967708), 2, 1, JobState::PartiallySucceeded),
        (Some(1744276967708), 0, 3, JobState::Failed),
    ];
    for (end, ok, failed, want) in cases {
        let body = with("huawei-ies.json", |v| {
            match end {
                Some(t) => v["end_time"] = t.into(),
                None => {
                    v.as_object_mut().unwrap().remove("end_time");
                }
            }
            v["success_count"] = ok.into();
            v["failure_count"] = failed.into();
            v["task_status"] = 7.into();
        });
        let s = status_of(Provider::Huawei, body).await;
        assert_eq!(s.state, want, "{end:?} {ok} {failed}");
        assert_eq!(s.raw_state.as_deref(), Some("7"));
    }
    // A user's mapping of task_status wins over the counts.
    let server = CannedServer::start(Canned::json(200, vendor_example("huawei-ies.json"))).await;
    let jobs = Jobs::builder()
        .huawei_credentials(HuaweiAuth::AkSk(HuaweiCredentials::new(
            "AK",
            "huawei-sk",
            "project-1",
        )))
        .huawei_task_status("0", JobState::Running)
        .build()
        .unwrap();
    let s = jobs
        .get(&job(Provider::Huawei, &server.base_url()))
        .await
        .unwrap();
    assert_eq!(s.state, JobState::Running);
    // The numbers arrive as numbers or strings; both are read.
    let body = with("huawei-ies.json", |v| {
        v["begin_time"] = "1744276967708".into();
        v["total_count"] = "3".into();
    });
    let s = status_of(Provider::Huawei, body).await;
    assert_eq!(s.progress.total, Some(3));
    assert_eq!(s.created_at.unwrap().timestamp_millis(), 1744276967708);
}

#[tokio::test]
async fn a_failed_call_is_an_error_not_a_failed_job() {
    let body = with("bailian-index.json", |v| v["Success"] = false.into());
    let server = CannedServer::start(Canned::json(200, body)).await;
    let err = jobs()
        .get(&job(Provider::Bailian, &server.base_url()))
        .await
        .unwrap_err();
    let msg = err.to_string();
    assert!(
        msg.contains("Index.Forbidden") && msg.contains("17204B98-xxxx-4F9A-8464-2446A84821CA"),
        "{msg}"
    );

    let body = with("gpdb-docs.json", |v| v["Status"] = "fail".into());
    let server = CannedServer::start(Canned::json(200, body)).await;
    let err = jobs()
        .get(&job(Provider::Gpdb, &server.base_url()))
        .await
        .unwrap_err();
    assert_eq!(
        err.provider_error().and_then(|e| e.code()),
        Some("fail"),
        "{err}"
    );
}
