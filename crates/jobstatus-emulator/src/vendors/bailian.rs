//! Bailian GetIndexJobStatus answers.

use serde_json::{Value, json};

use crate::clock::EmulatedClock;
use crate::jobs::{Job, Phase, Snapshot};

/// The job status, with one page of its documents.
pub fn status_body(
    job: &Job,
    snap: &Snapshot,
    clock: &EmulatedClock,
    page: (u32, u32),
    request_id: &str,
    unknown: bool,
) -> Value {
    let status = match snap.phase {
        _ if unknown => "MIGRATING",
        Phase::Pending => "PENDING",
        Phase::Running | Phase::Cancelling => "RUNNING",
        Phase::Succeeded | Phase::Partial => "COMPLETED",
        Phase::Failed | Phase::Cancelled => "FAILED",
    };
    let (number, size) = (page.0.max(1), page.1.max(1));
    let first = (number - 1).saturating_mul(size);
    let docs: Vec<Value> = (first..job.items.min(first.saturating_add(size)))
        .map(|i| {
            let done = i < snap.done;
            let failed = done && (job.item_fails(i) || (snap.phase == Phase::Failed && i >= snap.done - snap.failed));
            let (doc_status, code, message) = match () {
                _ if failed && i % 2 == 0 => ("INSERT_ERROR", "Index.Document.ChunkError", "document chunk error"),
                _ if failed => ("PARSE_FAILED", "Index.Document.ParseError", "document parse error"),
                _ if done => ("FINISH", "", ""),
                _ if snap.phase == Phase::Running && i == snap.done => ("RUNNING", "", ""),
                _ => ("DOC_PARSING", "", ""),
            };
            json!({
                "DocId": format!("file_{}_{i:08}", job.id("JobId")),
                "DocName": format!("document-{:03}.pdf", i + 1),
                "Status": doc_status,
                "Code": code,
                "Message": message,
                "GmtModified": clock.wall(if done { snap.updated_ms } else { job.created_ms }).timestamp_millis(),
            })
        })
        .collect();
    json!({
        "RequestId": request_id,
        "Success": true,
        "Code": "",
        "Message": "",
        "Status": "200",
        "Data": {"JobId": job.id("JobId"), "Status": status, "Documents": docs},
    })
}
