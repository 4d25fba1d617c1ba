//! PAI GetDatasetJob answers.

use serde_json::{Value, json};

use super::rfc3339;
use crate::clock::EmulatedClock;
use crate::jobs::{Job, Phase, Snapshot};

/// The dataset job.
pub fn status_body(
    job: &Job,
    snap: &Snapshot,
    clock: &EmulatedClock,
    request_id: &str,
    unknown: bool,
) -> Value {
    let status = match snap.phase {
        _ if unknown => "Queuing",
        Phase::Pending => "Pending",
        Phase::Running | Phase::Cancelling => "Running",
        Phase::Succeeded => "Succeeded",
        Phase::Partial => "PartialFailed",
        Phase::Failed => "Failed",
        Phase::Cancelled => "ManuallyStop",
    };
    let log = |ms: u64, text: String| {
        format!(
            "{} INFO: {text}",
            clock.wall(ms).format("%Y-%m-%d %H:%M:%S%.3f")
        )
    };
    let mut logs = vec![log(job.created_ms, "Job created.".into())];
    if snap.phase != Phase::Pending {
        logs.push(log(snap.started_ms, "Job started.".into()));
        logs.push(log(
            snap.updated_ms,
            format!("Processed {}/{} files.", snap.done, job.items),
        ));
    }
    match snap.phase {
        Phase::Succeeded => logs.push(log(snap.updated_ms, "Job completed successfully.".into())),
        Phase::Partial => logs.push(log(
            snap.updated_ms,
            format!("Job completed with {} failed files.", snap.failed),
        )),
        Phase::Failed => logs.push(log(
            snap.updated_ms,
            "Job failed: embedding service unavailable.".into(),
        )),
        Phase::Cancelled => logs.push(log(snap.updated_ms, "Job stopped by user.".into())),
        _ => {}
    }
    let mut body = json!({
        "RequestId": request_id,
        "JobAction": "SemanticIndex",
        "JobMode": "Full",
        "CreateTime": rfc3339(clock.wall(job.created_ms)),
        "JobSpec": "{\"modelId\":\"text-embedding-v3\"}",
        "Status": status,
        "Description": "emulated semantic index job",
        "Logs": logs,
        "TotalFileCount": job.items,
        "CompletedFileCount": snap.done - snap.failed,
        "FailedFileCount": snap.failed,
    });
    if let Some(end) = snap.finished_ms {
        body["FinishTime"] = json!(rfc3339(clock.wall(end)));
    }
    body
}
