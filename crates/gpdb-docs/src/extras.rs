//! Helpers on the generated types.

use chrono::{DateTime, Utc};

use crate::types::{CallStatus, UploadDocumentJob, UploadJobStatus};

impl UploadJobStatus {
    /// True for `Success`, `Failed` and `Cancelled`.
    pub fn is_terminal(&self) -> bool {
        matches!(
            self,
            UploadJobStatus::Success | UploadJobStatus::Failed | UploadJobStatus::Cancelled
        )
    }
}

impl CallStatus {
    /// True for `success`.
    pub fn is_success(&self) -> bool {
        matches!(self, CallStatus::Success)
    }
}

impl UploadDocumentJob {
    /// `CreateTime` in UTC (the server sends no zone; it is taken as UTC).
    pub fn created_at(&self) -> Option<DateTime<Utc>> {
        self.create_time.as_ref().and_then(|t| t.to_utc())
    }

    /// `UpdateTime` in UTC (the server sends no zone; it is taken as UTC).
    pub fn updated_at(&self) -> Option<DateTime<Utc>> {
        self.update_time.as_ref().and_then(|t| t.to_utc())
    }
}
