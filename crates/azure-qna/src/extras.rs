//! Helpers on the generated types.

use crate::types::{ErrorResponse, JobStatus};

impl JobStatus {
    /// True for `succeeded`, `failed`, `cancelled` and `partiallyCompleted`. (azure-core's poller
    /// knows only `canceled` and would poll a QnA job forever.)
    pub fn is_terminal(&self) -> bool {
        match self {
            JobStatus::Succeeded
            | JobStatus::Failed
            | JobStatus::Cancelled
            | JobStatus::PartiallyCompleted => true,
            JobStatus::Unknown(s) => s.eq_ignore_ascii_case("canceled"),
            _ => false,
        }
    }
}

impl jobstatus_runtime::exchange::VendorErrorBody for ErrorResponse {
    fn code(&self) -> Option<&str> {
        Some(self.error.code.as_str())
    }
    fn message(&self) -> Option<&str> {
        Some(&self.error.message)
    }
    fn request_id(&self) -> Option<&str> {
        None
    }
}
