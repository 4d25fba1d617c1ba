//! Helpers on the generated types.

use crate::types::JobStatus;

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
