//! Jobs and their lifecycles: pending, running with progress, then the scenario's end,
//! all a function of emulated time.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// The five APIs, by crate name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Provider {
    /// Bailian GetIndexJobStatus.
    #[serde(rename = "bailian-index")]
    Bailian,
    /// gpdb GetUploadDocumentJob.
    #[serde(rename = "gpdb-docs")]
    Gpdb,
    /// Azure Get Update QnAs Status.
    #[serde(rename = "azure-qna")]
    Azure,
    /// PAI GetDatasetJob.
    #[serde(rename = "pai-dataset")]
    Pai,
    /// Huawei MetaStudio ShowTask.
    #[serde(rename = "huawei-ies")]
    Huawei,
}

impl Provider {
    /// All five.
    pub const ALL: [Provider; 5] = [
        Provider::Bailian,
        Provider::Gpdb,
        Provider::Azure,
        Provider::Pai,
        Provider::Huawei,
    ];

    /// The crate name.
    pub fn as_str(self) -> &'static str {
        match self {
            Provider::Bailian => "bailian-index",
            Provider::Gpdb => "gpdb-docs",
            Provider::Azure => "azure-qna",
            Provider::Pai => "pai-dataset",
            Provider::Huawei => "huawei-ies",
        }
    }

    /// Whether the vendor can express `scenario`; the reason when it cannot.
    pub fn supports(self, scenario: Scenario, items: u32) -> Result<(), String> {
        match (self, scenario) {
            (Provider::Bailian | Provider::Huawei, Scenario::Cancel) => {
                Err(format!("{} has no cancelled state, so the cancel scenario cannot be expressed", self.as_str()))
            }
            (Provider::Gpdb, Scenario::Partial) => {
                Err("gpdb-docs uploads one document and has no partial state, so the partial scenario cannot be expressed".into())
            }
            (_, Scenario::Partial) if items < 2 => Err("the partial scenario needs at least 2 items".into()),
            _ => Ok(()),
        }
    }

    pub(crate) fn default_items(self) -> u32 {
        match self {
            Provider::Bailian => 3,
            Provider::Gpdb => 1,
            Provider::Azure => 3,
            Provider::Pai => 100,
            Provider::Huawei => 10,
        }
    }
}

impl fmt::Display for Provider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Provider {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Provider::ALL
            .into_iter()
            .find(|p| p.as_str() == s)
            .ok_or_else(|| format!("unknown provider {s:?}; expected one of bailian-index, gpdb-docs, azure-qna, pai-dataset, huawei-ies"))
    }
}

/// How a job ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Scenario {
    /// Every item succeeds.
    Succeed,
    /// The job fails part way.
    Fail,
    /// It ends with some items failed.
    Partial,
    /// It is cancelled half way.
    Cancel,
}

impl Scenario {
    /// Every scenario.
    pub const ALL: [Scenario; 4] = [
        Scenario::Succeed,
        Scenario::Fail,
        Scenario::Partial,
        Scenario::Cancel,
    ];
}

/// The body of `POST /_emulator/jobs`, and one entry of a preload file.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct JobRequest {
    /// Which API.
    pub provider: Provider,
    /// How it ends; default `succeed`.
    #[serde(default = "default_scenario")]
    pub scenario: Scenario,
    /// Emulated run time in milliseconds; default 10000.
    #[serde(default)]
    pub duration_ms: Option<u64>,
    /// Items (documents, files, QnA edits); the vendor's default when absent.
    #[serde(default)]
    pub items: Option<u32>,
}

fn default_scenario() -> Scenario {
    Scenario::Succeed
}

/// A job the emulator runs.
#[derive(Clone, Debug)]
pub struct Job {
    /// Which API.
    pub provider: Provider,
    /// How it ends.
    pub scenario: Scenario,
    /// Emulated run time.
    pub duration_ms: u64,
    /// Item count.
    pub items: u32,
    /// Emulated creation time.
    pub created_ms: u64,
    /// The vendor's identifiers, by the vendor's parameter names.
    pub ids: BTreeMap<String, String>,
}

/// Where a job is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    /// Not started.
    Pending,
    /// Working.
    Running,
    /// Being cancelled.
    Cancelling,
    /// Every item done, all fine.
    Succeeded,
    /// Failed part way.
    Failed,
    /// Done with some items failed.
    Partial,
    /// Cancelled.
    Cancelled,
}

impl Phase {
    /// True once nothing will change.
    pub fn is_terminal(self) -> bool {
        matches!(
            self,
            Phase::Succeeded | Phase::Failed | Phase::Partial | Phase::Cancelled
        )
    }
}

/// A job at one emulated instant.
#[derive(Clone, Debug)]
pub struct Snapshot {
    /// The phase.
    pub phase: Phase,
    /// Items finished (succeeded or failed).
    pub done: u32,
    /// Of those, failed.
    pub failed: u32,
    /// Percent of the work done, 0 to 100.
    pub percent: u32,
    /// Emulated start of work.
    pub started_ms: u64,
    /// Emulated time of the last change.
    pub updated_ms: u64,
    /// Emulated end, once terminal.
    pub finished_ms: Option<u64>,
}

const PENDING_SHARE: f64 = 0.1;
const FAIL_AT: f64 = 0.6;
const CANCEL_AT: f64 = 0.5;
const CANCELLED_AT: f64 = 0.6;

impl Job {
    /// Builds a job from a request, with ids from `next_id`.
    pub fn new(
        req: &JobRequest,
        created_ms: u64,
        mut next_id: impl FnMut(usize) -> String,
        azure_project: &str,
        huawei_project: &str,
    ) -> Job {
        let items = req
            .items
            .unwrap_or_else(|| req.provider.default_items())
            .max(1);
        let mut ids = BTreeMap::new();
        let mut put = |k: &str, v: String| {
            ids.insert(k.to_owned(), v);
        };
        match req.provider {
            Provider::Bailian => {
                put("WorkspaceId", format!("llm-{}", next_id(16)));
                put("IndexId", next_id(10));
                put("JobId", next_id(32));
            }
            Provider::Gpdb => {
                put("DBInstanceId", format!("gp-{}", next_id(12)));
                put("RegionId", "cn-hangzhou".into());
                put("Collection", "documents".into());
                put("Namespace", "public".into());
                put("NamespacePassword", format!("ns-{}", next_id(12)));
                put("JobId", uuid_like(&mut next_id));
            }
            Provider::Azure => {
                put("projectName", azure_project.to_owned());
                put("jobId", uuid_like(&mut next_id));
            }
            Provider::Pai => {
                put("DatasetId", format!("d-{}", next_id(18)));
                put("DatasetJobId", format!("dsjob-{}", next_id(14)));
                put("WorkspaceId", next_id(6));
            }
            Provider::Huawei => {
                put("project_id", huawei_project.to_owned());
                put("id", next_id(32));
            }
        }
        Job {
            provider: req.provider,
            scenario: req.scenario,
            duration_ms: req.duration_ms.unwrap_or(10_000).max(1),
            items,
            created_ms,
            ids,
        }
    }

    /// One id.
    pub fn id(&self, name: &str) -> &str {
        self.ids.get(name).map(String::as_str).unwrap_or("")
    }

    /// Whether item `i` fails in this scenario.
    pub fn item_fails(&self, i: u32) -> bool {
        match self.scenario {
            Scenario::Partial => i % 3 == 1,
            _ => false,
        }
    }

    /// The job at emulated time `now_ms`.
    pub fn snapshot(&self, now_ms: u64) -> Snapshot {
        let d = self.duration_ms as f64;
        let t = now_ms.saturating_sub(self.created_ms) as f64;
        let at = |share: f64| self.created_ms + (d * share) as u64;
        let started_ms = at(PENDING_SHARE);
        let processed = |until: f64| -> u32 {
            let f = ((until - d * PENDING_SHARE) / (d * (1.0 - PENDING_SHARE))).clamp(0.0, 1.0);
            ((f * self.items as f64).floor() as u32).min(self.items)
        };
        let failed_among = |n: u32| (0..n).filter(|i| self.item_fails(*i)).count() as u32;
        let percent = |until: f64| {
            (((until - d * PENDING_SHARE) / (d * (1.0 - PENDING_SHARE))).clamp(0.0, 1.0) * 100.0)
                as u32
        };
        let snap = |phase, until: f64, finished: Option<u64>| {
            let done = processed(until);
            Snapshot {
                phase,
                done,
                failed: failed_among(done),
                percent: percent(until),
                started_ms,
                updated_ms: self.created_ms + until.min(t) as u64,
                finished_ms: finished,
            }
        };
        if t < d * PENDING_SHARE {
            return Snapshot {
                phase: Phase::Pending,
                done: 0,
                failed: 0,
                percent: 0,
                started_ms,
                updated_ms: self.created_ms,
                finished_ms: None,
            };
        }
        match self.scenario {
            Scenario::Fail if t >= d * FAIL_AT => {
                let mut s = snap(Phase::Failed, d * FAIL_AT, Some(at(FAIL_AT)));
                // The items not done when it failed count as failed.
                s.failed += self.items - s.done;
                s.done = self.items;
                s
            }
            Scenario::Cancel if t >= d * CANCELLED_AT => {
                snap(Phase::Cancelled, d * CANCEL_AT, Some(at(CANCELLED_AT)))
            }
            Scenario::Cancel if t >= d * CANCEL_AT => snap(Phase::Cancelling, d * CANCEL_AT, None),
            Scenario::Succeed | Scenario::Partial if t >= d => {
                let phase = if self.scenario == Scenario::Partial {
                    Phase::Partial
                } else {
                    Phase::Succeeded
                };
                snap(phase, d, Some(at(1.0)))
            }
            _ => snap(Phase::Running, t, None),
        }
    }
}

fn uuid_like(next_id: &mut impl FnMut(usize) -> String) -> String {
    let h = next_id(32);
    format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

/// The facade's job reference for a job on an emulator at `endpoint`, in its canonical order
/// (required ids, then optional ones, as `jobstatus-core` prints them):
/// `jobstatus:<provider>?endpoint=<url>&<vendor id>=<value>…`, values RFC 3986-encoded, in the
/// vendor's parameter names. Secrets (gpdb's `NamespacePassword`) are left out.
pub fn job_ref(job: &Job, endpoint: &str) -> String {
    let enc = jobstatus_runtime::encoding::rfc3986_encode;
    let mut out = format!("jobstatus:{}?endpoint={}", job.provider, enc(endpoint));
    let order: &[&str] = match job.provider {
        Provider::Bailian => &["WorkspaceId", "IndexId", "JobId"],
        Provider::Gpdb => &[
            "DBInstanceId",
            "RegionId",
            "Collection",
            "JobId",
            "Namespace",
        ],
        Provider::Azure => &["projectName", "jobId"],
        Provider::Pai => &["DatasetId", "DatasetJobId", "WorkspaceId"],
        Provider::Huawei => &["id", "project_id"],
    };
    for k in order {
        out.push('&');
        out.push_str(k);
        out.push('=');
        out.push_str(&enc(job.id(k)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job(scenario: Scenario, items: u32) -> Job {
        let req = JobRequest {
            provider: Provider::Pai,
            scenario,
            duration_ms: Some(1000),
            items: Some(items),
        };
        let mut n = 0;
        Job::new(
            &req,
            0,
            |len| {
                n += 1;
                format!("{n:0len$}")
            },
            "p",
            "q",
        )
    }

    #[test]
    fn lifecycle_of_each_scenario() {
        let j = job(Scenario::Succeed, 10);
        assert_eq!(j.snapshot(50).phase, Phase::Pending);
        let mid = j.snapshot(550);
        assert_eq!((mid.phase, mid.done, mid.percent), (Phase::Running, 5, 50));
        let end = j.snapshot(1000);
        assert_eq!(
            (end.phase, end.done, end.failed, end.finished_ms),
            (Phase::Succeeded, 10, 0, Some(1000))
        );

        let f = job(Scenario::Fail, 10).snapshot(5000);
        assert_eq!((f.phase, f.done, f.failed), (Phase::Failed, 10, 5));
        let p = job(Scenario::Partial, 9).snapshot(1000);
        assert_eq!((p.phase, p.done, p.failed), (Phase::Partial, 9, 3));
        let c = job(Scenario::Cancel, 10);
        assert_eq!(c.snapshot(550).phase, Phase::Cancelling);
        assert_eq!(c.snapshot(700).phase, Phase::Cancelled);
    }

    #[test]
    fn vendors_refuse_scenarios_they_cannot_express() {
        assert!(
            Provider::Bailian
                .supports(Scenario::Cancel, 3)
                .unwrap_err()
                .contains("no cancelled state")
        );
        assert!(Provider::Gpdb.supports(Scenario::Partial, 3).is_err());
        assert!(Provider::Azure.supports(Scenario::Cancel, 3).is_ok());
    }

    #[test]
    fn job_refs_leave_secrets_out() {
        let req = JobRequest {
            provider: Provider::Gpdb,
            scenario: Scenario::Succeed,
            duration_ms: None,
            items: None,
        };
        let j = Job::new(&req, 0, |len| "a".repeat(len), "p", "q");
        let r = job_ref(&j, "http://127.0.0.1:9");
        assert!(
            r.starts_with(
                "jobstatus:gpdb-docs?endpoint=http%3A%2F%2F127.0.0.1%3A9&DBInstanceId=gp-"
            ),
            "{r}"
        );
        assert!(!r.contains("NamespacePassword"), "{r}");
    }
}
