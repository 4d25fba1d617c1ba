//! Helpers on the generated types.

use chrono::{DateTime, Utc};

use crate::types::{DatasetJobStatus, GetDatasetJobResponse};

impl DatasetJobStatus {
    /// True for `Succeeded`, `Failed`, `PartialFailed` and `ManuallyStop`.
    pub fn is_terminal(&self) -> bool {
        matches!(
            self,
            DatasetJobStatus::Succeeded
                | DatasetJobStatus::Failed
                | DatasetJobStatus::PartialFailed
                | DatasetJobStatus::ManuallyStop
        )
    }
}

impl GetDatasetJobResponse {
    /// `JobSpec` parsed. The field is a JSON document inside a string; the vendor's own example
    /// escapes it once more (`{\"modelId\":\"xxx\"}`), which is undone too.
    pub fn job_spec_json(&self) -> Option<Result<serde_json::Value, serde_json::Error>> {
        let raw = self.job_spec.as_deref()?.trim();
        if raw.is_empty() {
            return None;
        }
        let direct = serde_json::from_str(raw);
        if direct.is_ok() {
            return Some(direct);
        }
        let unescaped: Result<String, _> = serde_json::from_str(&format!("\"{raw}\""));
        match unescaped {
            Ok(inner) => Some(serde_json::from_str(&inner).or(direct)),
            Err(_) => Some(direct),
        }
    }

    /// `CreateTime` in UTC.
    pub fn created_at(&self) -> Option<DateTime<Utc>> {
        self.create_time.as_ref().and_then(|t| t.to_utc())
    }

    /// `FinishTime` in UTC; `None` while the job runs.
    pub fn finished_at(&self) -> Option<DateTime<Utc>> {
        self.finish_time.as_ref().and_then(|t| t.to_utc())
    }
}
