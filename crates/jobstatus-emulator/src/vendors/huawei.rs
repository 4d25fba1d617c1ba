//! Huawei MetaStudio ShowTask answers. Times are epoch-millisecond numbers and `task_status`
//! a number, as in the vendor's own example. The vendor documents no `task_status` values; the
//! emulator's are 0 pending, 1 running, 2 finished, 3 failed.

use serde_json::{Value, json};

use crate::clock::EmulatedClock;
use crate::jobs::{Job, Phase, Snapshot};

/// The task.
pub fn status_body(job: &Job, snap: &Snapshot, clock: &EmulatedClock, unknown: bool) -> Value {
    let task_status = match snap.phase {
        _ if unknown => 9,
        Phase::Pending => 0,
        Phase::Running | Phase::Cancelling => 1,
        Phase::Succeeded | Phase::Partial | Phase::Cancelled => 2,
        Phase::Failed => 3,
    };
    let mut body = json!({
        "resource": "knowledge-intent-question-create",
        "task_name": "Imported Q&A pairs.",
        "begin_time": clock.wall(job.created_ms).timestamp_millis(),
        "task_type": 0,
        "operator": "emulatorUser",
        "total_count": job.items,
        "success_count": snap.done - snap.failed,
        "failure_count": snap.failed,
        "task_status": task_status,
        "task_id": job.id("id"),
        "user_id": "0emulatoruser000000000000000000",
    });
    if let Some(end) = snap.finished_ms {
        body["end_time"] = json!(clock.wall(end).timestamp_millis());
    }
    body
}
