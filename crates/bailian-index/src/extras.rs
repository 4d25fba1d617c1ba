//! Helpers on the generated types.

use chrono::{DateTime, Utc};

use crate::types::{DocumentStatus, IndexDocument, IndexJobStatus};

impl IndexJobStatus {
    /// True for `COMPLETED` and `FAILED`.
    pub fn is_terminal(&self) -> bool {
        matches!(self, IndexJobStatus::Completed | IndexJobStatus::Failed)
    }
}

impl DocumentStatus {
    /// True when the document will not change any more.
    pub fn is_terminal(&self) -> bool {
        matches!(
            self,
            DocumentStatus::Finish
                | DocumentStatus::InsertError
                | DocumentStatus::ParseFailed
                | DocumentStatus::Deleted
        )
    }

    /// True for the document statuses that mean it failed.
    pub fn is_failure(&self) -> bool {
        matches!(
            self,
            DocumentStatus::InsertError | DocumentStatus::ParseFailed
        )
    }
}

impl IndexDocument {
    /// `GmtModified` in UTC; the vendor's placeholder `0` reads as unknown.
    pub fn modified_at(&self) -> Option<DateTime<Utc>> {
        self.gmt_modified
            .as_ref()
            .and_then(|t| t.to_utc())
            .filter(|t| t.timestamp_millis() != 0)
    }
}
