//! The one status model all five providers map into.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize, Serializer};

use crate::JobRef;

/// The five providers, by crate name. Always all five, whichever features are on, so that any
/// job reference parses; a client for one whose feature is off is an error.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Provider {
    /// Bailian `GetIndexJobStatus`.
    #[serde(rename = "bailian-index")]
    Bailian,
    /// gpdb `GetUploadDocumentJob`.
    #[serde(rename = "gpdb-docs")]
    Gpdb,
    /// Azure Get Update QnAs Status.
    #[serde(rename = "azure-qna")]
    Azure,
    /// PAI `GetDatasetJob`.
    #[serde(rename = "pai-dataset")]
    Pai,
    /// Huawei MetaStudio `ShowTask`.
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

    /// The crate name, as used in job references.
    pub fn as_str(self) -> &'static str {
        match self {
            Provider::Bailian => "bailian-index",
            Provider::Gpdb => "gpdb-docs",
            Provider::Azure => "azure-qna",
            Provider::Pai => "pai-dataset",
            Provider::Huawei => "huawei-ies",
        }
    }

    /// Whether this build includes the provider's crate.
    pub fn is_enabled(self) -> bool {
        match self {
            Provider::Bailian => cfg!(feature = "bailian-index"),
            Provider::Gpdb => cfg!(feature = "gpdb-docs"),
            Provider::Azure => cfg!(feature = "azure-qna"),
            Provider::Pai => cfg!(feature = "pai-dataset"),
            Provider::Huawei => cfg!(feature = "huawei-ies"),
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
        Provider::ALL.into_iter().find(|p| p.as_str() == s).ok_or_else(|| {
            format!("unknown provider {s:?}; expected bailian-index, gpdb-docs, azure-qna, pai-dataset or huawei-ies")
        })
    }
}

/// Where a job is, in one vocabulary for all five vendors.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum JobState {
    /// Accepted, not started.
    Pending,
    /// Working.
    Running,
    /// Done, everything fine.
    Succeeded,
    /// Done, some items failed.
    PartiallySucceeded,
    /// Done, failed.
    Failed,
    /// Being cancelled.
    Cancelling,
    /// Cancelled.
    Cancelled,
    /// A value the mapping does not know, kept as sent. Never terminal.
    Unknown(String),
}

impl JobState {
    /// True for succeeded, partially succeeded, failed and cancelled.
    pub fn is_terminal(&self) -> bool {
        matches!(
            self,
            JobState::Succeeded
                | JobState::PartiallySucceeded
                | JobState::Failed
                | JobState::Cancelled
        )
    }

    /// The stable name used in JSON: `pending`, `running`, `succeeded`, `partially_succeeded`,
    /// `failed`, `cancelling`, `cancelled`, `unknown`.
    pub fn as_str(&self) -> &'static str {
        match self {
            JobState::Pending => "pending",
            JobState::Running => "running",
            JobState::Succeeded => "succeeded",
            JobState::PartiallySucceeded => "partially_succeeded",
            JobState::Failed => "failed",
            JobState::Cancelling => "cancelling",
            JobState::Cancelled => "cancelled",
            JobState::Unknown(_) => "unknown",
        }
    }
}

impl fmt::Display for JobState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            JobState::Unknown(raw) => write!(f, "unknown ({raw})"),
            other => f.write_str(other.as_str()),
        }
    }
}

impl Serialize for JobState {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// How far along a job is.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Progress {
    /// Percent done, where the vendor gives or implies one.
    pub percent: Option<f64>,
    /// Items in the job (documents, files, QnA edits), where the vendor counts them.
    pub total: Option<u64>,
    /// Items done well.
    pub succeeded: Option<u64>,
    /// Items failed.
    pub failed: Option<u64>,
}

/// One item of a job, where the vendor reports items (Bailian documents).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ItemStatus {
    /// The item's id.
    pub id: String,
    /// Its name.
    pub name: Option<String>,
    /// Its state.
    pub state: JobState,
    /// The vendor's word for it.
    pub raw_state: Option<String>,
    /// Why it failed.
    pub error: Option<JobError>,
    /// When it last changed.
    pub updated_at: Option<DateTime<Utc>>,
}

/// An error the vendor reports about the job (not about the call).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct JobError {
    /// The vendor's code.
    pub code: Option<String>,
    /// Its message.
    pub message: Option<String>,
    /// What it concerns, where the vendor says.
    pub target: Option<String>,
}

/// A job's status, whatever the provider.
///
/// Its JSON form is stable: `provider`, `job`, `state`, `raw_state`, `terminal`, `progress`
/// (`percent`, `total`, `succeeded`, `failed`), `items`, `errors`, `created_at`, `updated_at`,
/// `finished_at`, `expires_at` (RFC 3339, UTC), and `raw`, the vendor's answer as sent.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct JobStatus {
    /// The provider.
    pub provider: Provider,
    /// The job.
    #[serde(serialize_with = "display")]
    pub job: JobRef,
    /// The state.
    pub state: JobState,
    /// The vendor's own status word (`RUNNING`, `Success`, `partiallyCompleted`, Huawei's `task_status`).
    pub raw_state: Option<String>,
    /// `state.is_terminal()`, for readers of the JSON form.
    pub terminal: bool,
    /// Progress.
    pub progress: Progress,
    /// Per-item statuses, where the vendor reports items.
    pub items: Vec<ItemStatus>,
    /// Errors the vendor reports about the job.
    pub errors: Vec<JobError>,
    /// When the job was created.
    pub created_at: Option<DateTime<Utc>>,
    /// When it last changed.
    pub updated_at: Option<DateTime<Utc>>,
    /// When it ended.
    pub finished_at: Option<DateTime<Utc>>,
    /// When the vendor forgets it.
    pub expires_at: Option<DateTime<Utc>>,
    /// The vendor's answer exactly as it was sent (JSON text; in the JSON form, embedded under
    /// `raw` with only insignificant white space removed). Empty for a status built by hand.
    #[serde(rename = "raw", serialize_with = "raw_json")]
    pub raw: bytes::Bytes,
    /// The provider's own typed answer, for anything the model does not cover.
    #[serde(skip)]
    pub response: ProviderResponse,
}

fn raw_json<S: Serializer>(raw: &bytes::Bytes, s: S) -> Result<S::Ok, S::Error> {
    if raw.is_empty() {
        return s.serialize_none();
    }
    let text = compact_json(raw);
    match serde_json::value::RawValue::from_string(text) {
        Ok(v) => v.serialize(s),
        // Not JSON (only a hand-made status can carry that): keep it as text.
        Err(_) => s.serialize_str(&String::from_utf8_lossy(raw)),
    }
}

/// JSON text without the white space between tokens, so that a pretty-printed answer stays on
/// one line of JSON output. Strings are copied untouched.
pub(crate) fn compact_json(raw: &[u8]) -> String {
    let text = String::from_utf8_lossy(raw);
    let mut out = String::with_capacity(text.len());
    let (mut in_string, mut escaped) = (false, false);
    for c in text.chars() {
        if in_string {
            out.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
        } else if c == '"' {
            in_string = true;
            out.push(c);
        } else if !matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{feff}') {
            out.push(c);
        }
    }
    out
}

fn display<T: fmt::Display, S: Serializer>(v: &T, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(v)
}

impl JobStatus {
    /// True once the job will not change any more.
    pub fn is_terminal(&self) -> bool {
        self.state.is_terminal()
    }

    /// What a watcher compares to decide whether anything changed.
    pub(crate) fn change_key(&self) -> ChangeKey {
        let p = &self.progress;
        (
            self.state.clone(),
            self.raw_state.clone(),
            [
                p.percent.map(|x| (x * 100.0) as u64),
                p.total,
                p.succeeded,
                p.failed,
            ],
        )
    }
}

/// The state (and the vendor's word for it), progress and counts: what a watcher compares.
pub(crate) type ChangeKey = (JobState, Option<String>, [Option<u64>; 4]);

/// The provider's typed answer, serialized as the vendor sent it.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
#[non_exhaustive]
pub enum ProviderResponse {
    /// Bailian.
    #[cfg(feature = "bailian-index")]
    Bailian(bailian_index::types::GetIndexJobStatusResponse),
    /// gpdb.
    #[cfg(feature = "gpdb-docs")]
    Gpdb(gpdb_docs::types::GetUploadDocumentJobResponse),
    /// Azure.
    #[cfg(feature = "azure-qna")]
    Azure(azure_qna::types::UpdateQnasJobState),
    /// PAI.
    #[cfg(feature = "pai-dataset")]
    Pai(pai_dataset::types::GetDatasetJobResponse),
    /// Huawei.
    #[cfg(feature = "huawei-ies")]
    Huawei(huawei_ies::types::ShowTaskResponse),
}
