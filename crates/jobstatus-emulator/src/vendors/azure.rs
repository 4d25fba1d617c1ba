//! Azure Get Update QnAs Status answers.

use serde_json::{Value, json};

use super::rfc3339;
use crate::clock::EmulatedClock;
use crate::jobs::{Job, Phase, Snapshot};

/// The job state.
pub fn status_body(job: &Job, snap: &Snapshot, clock: &EmulatedClock, unknown: bool) -> Value {
    let status = match snap.phase {
        _ if unknown => "suspended",
        Phase::Pending => "notStarted",
        Phase::Running => "running",
        Phase::Cancelling => "cancelling",
        Phase::Cancelled => "cancelled",
        Phase::Succeeded => "succeeded",
        Phase::Partial => "partiallyCompleted",
        Phase::Failed => "failed",
    };
    let errors: Vec<Value> = match snap.phase {
        Phase::Failed => vec![json!({"code": "InternalServerError", "message": "The QnA update failed while saving the knowledge base."})],
        Phase::Partial => (0..job.items)
            .filter(|i| job.item_fails(*i))
            .map(|i| json!({"code": "InvalidArgument", "message": format!("QnA record {} was rejected.", i + 1), "target": format!("qnas[{i}]")}))
            .collect(),
        _ => Vec::new(),
    };
    let created = clock.wall(job.created_ms);
    json!({
        "jobId": job.id("jobId"),
        "createdDateTime": rfc3339(created),
        "lastUpdatedDateTime": rfc3339(clock.wall(snap.updated_ms)),
        "expirationDateTime": rfc3339(created + chrono::Duration::days(1)),
        "status": status,
        "errors": errors,
    })
}
