//! Helpers on the generated types.

use chrono::{DateTime, Utc};

use crate::types::ShowTaskResponse;

impl ShowTaskResponse {
    /// `begin_time` in UTC.
    pub fn begin_at(&self) -> Option<DateTime<Utc>> {
        self.begin_time.as_ref().and_then(|t| t.to_utc())
    }

    /// `end_time` in UTC; `None` while the task runs.
    pub fn end_at(&self) -> Option<DateTime<Utc>> {
        self.end_time.as_ref().and_then(|t| t.to_utc())
    }
}
