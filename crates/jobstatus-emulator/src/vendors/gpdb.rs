//! gpdb GetUploadDocumentJob answers.

use serde_json::{Value, json};

use crate::clock::EmulatedClock;
use crate::jobs::{Job, Phase, Snapshot};

fn gpdb_time(clock: &EmulatedClock, ms: u64) -> String {
    clock.wall(ms).format("%Y-%m-%d %H:%M:%S%.6f").to_string()
}

/// The job, and its chunk results and usage once it succeeded.
pub fn status_body(
    job: &Job,
    snap: &Snapshot,
    clock: &EmulatedClock,
    request_id: &str,
    unknown: bool,
) -> Value {
    let status = match snap.phase {
        _ if unknown => "Paused",
        Phase::Pending => "Pending",
        Phase::Running if snap.percent < 5 => "Start",
        Phase::Running => "Running",
        Phase::Cancelling => "Cancelling",
        Phase::Cancelled => "Cancelled",
        Phase::Succeeded | Phase::Partial => "Success",
        Phase::Failed => "Failed",
    };
    let mut j = json!({
        "Id": job.id("JobId"),
        "Completed": snap.phase.is_terminal(),
        "CreateTime": gpdb_time(clock, job.created_ms),
        "UpdateTime": gpdb_time(clock, snap.updated_ms),
        "Status": status,
        "Progress": if snap.phase == Phase::Succeeded { 100 } else { snap.percent.min(99) },
    });
    if snap.phase == Phase::Failed {
        j["Error"] = json!("Failed to connect database.");
        j["ErrorCode"] = json!("InternalError");
    }
    let mut body =
        json!({"RequestId": request_id, "Message": "success", "Status": "success", "Job": j});
    if snap.phase == Phase::Succeeded {
        let base = format!("https://gpdb-chunks.example.invalid/{}", job.id("JobId"));
        body["ChunkResult"] = json!({
            "ChunkFileUrl": format!("{base}/chunks.jsonl"),
            "PlainChunkFileUrl": format!("{base}/chunks.txt"),
            "DocumentLoaderResultFileUrl": format!("{base}/loader.md"),
        });
        body["Usage"] =
            json!({"EmbeddingTokens": 475 * job.items, "EmbeddingEntries": 10 * job.items});
    }
    body
}
