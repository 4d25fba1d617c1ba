//! Each vendor's answer mapped into [`JobStatus`]. The table is in the crate docs.

#![cfg_attr(
    not(all(
        feature = "bailian-index",
        feature = "gpdb-docs",
        feature = "azure-qna",
        feature = "pai-dataset",
        feature = "huawei-ies"
    )),
    allow(dead_code, unused_imports)
)]

use crate::JobRef;
use crate::model::{ItemStatus, JobError, JobState, JobStatus, Progress, ProviderResponse};

/// The state of an answer whose status field is missing or unreadable: unknown, never terminal.
const NO_STATUS: &str = "no readable status in the answer";

fn pct(done: u64, total: u64) -> Option<f64> {
    (total > 0).then(|| (done as f64 * 100.0 / total as f64).min(100.0))
}

fn base(
    job: &JobRef,
    state: JobState,
    raw_state: Option<String>,
    response: ProviderResponse,
) -> JobStatus {
    JobStatus {
        provider: job.provider(),
        job: job.clone(),
        terminal: state.is_terminal(),
        state,
        raw_state,
        progress: Progress::default(),
        items: Vec::new(),
        errors: Vec::new(),
        created_at: None,
        updated_at: None,
        finished_at: None,
        expires_at: None,
        raw: bytes::Bytes::new(),
        response,
    }
}

fn error(code: Option<&str>, message: Option<&str>, target: Option<&str>) -> Option<JobError> {
    let nonempty = |s: Option<&str>| s.filter(|v| !v.is_empty()).map(str::to_owned);
    let e = JobError {
        code: nonempty(code),
        message: nonempty(message),
        target: nonempty(target),
    };
    (e.code.is_some() || e.message.is_some()).then_some(e)
}

/// Bailian: `Data.Status`; COMPLETED with failed documents is partially succeeded.
#[cfg(feature = "bailian-index")]
pub(crate) fn bailian(
    job: &JobRef,
    r: bailian_index::types::GetIndexJobStatusResponse,
) -> JobStatus {
    use bailian_index::types::IndexJobStatus as S;
    let Some(data) = r.data.clone() else {
        let mut s = base(
            job,
            JobState::Unknown("no Data in the answer".into()),
            None,
            ProviderResponse::Bailian(r),
        );
        s.terminal = false;
        return s;
    };
    let items: Vec<ItemStatus> = data.documents.iter().map(bailian_item).collect();
    let total = items.len() as u64;
    let succeeded = items
        .iter()
        .filter(|i| i.state == JobState::Succeeded)
        .count() as u64;
    let failed = items.iter().filter(|i| i.state == JobState::Failed).count() as u64;
    let state = match &data.status {
        Some(S::Pending) => JobState::Pending,
        Some(S::Running) => JobState::Running,
        Some(S::Completed) if failed > 0 && succeeded == 0 => JobState::Failed,
        Some(S::Completed) if failed > 0 => JobState::PartiallySucceeded,
        Some(S::Completed) => JobState::Succeeded,
        Some(S::Failed) => JobState::Failed,
        Some(S::Unknown(s)) => JobState::Unknown(s.clone()),
        None => JobState::Unknown(NO_STATUS.into()),
    };
    let updated_at = items.iter().filter_map(|i| i.updated_at).max();
    let mut s = base(
        job,
        state,
        data.status.as_ref().map(|v| v.as_str().to_owned()),
        ProviderResponse::Bailian(r),
    );
    s.progress = Progress {
        percent: if s.terminal {
            Some(100.0)
        } else {
            pct(succeeded + failed, total)
        },
        total: Some(total),
        succeeded: Some(succeeded),
        failed: Some(failed),
    };
    s.errors = items
        .iter()
        .filter_map(|i| {
            i.error.clone().map(|e| JobError {
                target: Some(i.id.clone()),
                ..e
            })
        })
        .collect();
    s.items = items;
    s.updated_at = updated_at;
    if s.terminal {
        s.finished_at = updated_at;
    }
    s
}

/// One Bailian document.
#[cfg(feature = "bailian-index")]
pub(crate) fn bailian_item(d: &bailian_index::types::IndexDocument) -> ItemStatus {
    use bailian_index::types::DocumentStatus as D;
    let raw = d.status.as_ref().map(|s| s.as_str().to_owned());
    let state = match &d.status {
        Some(D::Finish) => JobState::Succeeded,
        Some(D::InsertError | D::ParseFailed) => JobState::Failed,
        Some(D::Running) => JobState::Running,
        Some(D::DocParsing) => JobState::Pending,
        Some(D::Deleted) => JobState::Cancelled,
        Some(D::Unknown(s)) => JobState::Unknown(s.clone()),
        None => JobState::Unknown(String::new()),
    };
    ItemStatus {
        id: d.doc_id.clone().unwrap_or_default(),
        name: d.doc_name.clone(),
        // A failed document always carries an error: the vendor's, else its status word.
        error: (state == JobState::Failed).then(|| {
            error(d.code.as_deref(), d.message.as_deref(), None).unwrap_or(JobError {
                code: raw.clone(),
                message: None,
                target: None,
            })
        }),
        state,
        raw_state: raw,
        updated_at: d.modified_at(),
    }
}

/// gpdb: `Job.Status` (the call's `Status` was checked by the provider crate).
#[cfg(feature = "gpdb-docs")]
pub(crate) fn gpdb(job: &JobRef, r: gpdb_docs::types::GetUploadDocumentJobResponse) -> JobStatus {
    use gpdb_docs::types::UploadJobStatus as S;
    let Some(j) = r.job.clone() else {
        let mut s = base(
            job,
            JobState::Unknown("no Job in the answer".into()),
            None,
            ProviderResponse::Gpdb(r),
        );
        s.terminal = false;
        return s;
    };
    let state = match &j.status {
        Some(S::Pending | S::Start) => JobState::Pending,
        Some(S::Running) => JobState::Running,
        Some(S::Success) => JobState::Succeeded,
        Some(S::Failed) => JobState::Failed,
        Some(S::Cancelling) => JobState::Cancelling,
        Some(S::Cancelled) => JobState::Cancelled,
        Some(S::Unknown(s)) => JobState::Unknown(s.clone()),
        None => JobState::Unknown(NO_STATUS.into()),
    };
    let mut s = base(
        job,
        state,
        j.status.as_ref().map(|v| v.as_str().to_owned()),
        ProviderResponse::Gpdb(r),
    );
    s.progress.percent = j.progress.map(|p| p.get().clamp(0, 100) as f64);
    if s.state == JobState::Failed {
        s.errors
            .extend(error(j.error_code.as_deref(), j.error.as_deref(), None));
    }
    s.created_at = j.created_at();
    s.updated_at = j.updated_at();
    if s.terminal {
        s.finished_at = s.updated_at;
    }
    s
}

/// Azure: `status`; `canceled` (azure-core's spelling) counts as cancelled too.
#[cfg(feature = "azure-qna")]
pub(crate) fn azure(job: &JobRef, r: azure_qna::types::UpdateQnasJobState) -> JobStatus {
    use azure_qna::types::JobStatus as S;
    let state = match &r.status {
        Some(S::NotStarted) => JobState::Pending,
        Some(S::Running) => JobState::Running,
        Some(S::Succeeded) => JobState::Succeeded,
        Some(S::PartiallyCompleted) => JobState::PartiallySucceeded,
        Some(S::Failed) => JobState::Failed,
        Some(S::Cancelling) => JobState::Cancelling,
        Some(S::Cancelled) => JobState::Cancelled,
        Some(S::Unknown(s)) if s.eq_ignore_ascii_case("canceled") => JobState::Cancelled,
        Some(S::Unknown(s)) => JobState::Unknown(s.clone()),
        None => JobState::Unknown(NO_STATUS.into()),
    };
    let errors = r
        .errors
        .iter()
        .filter_map(|e| error(e.code.as_deref(), e.message.as_deref(), e.target.as_deref()))
        .collect();
    let (created, updated, expires) = (
        r.created_date_time,
        r.last_updated_date_time,
        r.expiration_date_time,
    );
    let mut s = base(
        job,
        state,
        r.status.as_ref().map(|v| v.as_str().to_owned()),
        ProviderResponse::Azure(r),
    );
    s.errors = errors;
    s.created_at = created;
    s.updated_at = updated;
    s.expires_at = expires;
    if s.terminal {
        s.finished_at = updated;
    }
    // Azure reports no counts: a job that ran to its end is 100 %, a cancelled one is not.
    if matches!(
        s.state,
        JobState::Succeeded | JobState::PartiallySucceeded | JobState::Failed
    ) {
        s.progress.percent = Some(100.0);
    }
    s
}

/// PAI: `Status`; `Deleting` is cancelling, `ManuallyStop` cancelled.
#[cfg(feature = "pai-dataset")]
pub(crate) fn pai(job: &JobRef, r: pai_dataset::types::GetDatasetJobResponse) -> JobStatus {
    use pai_dataset::types::DatasetJobStatus as S;
    let state = match &r.status {
        Some(S::Pending) => JobState::Pending,
        Some(S::Running) => JobState::Running,
        Some(S::Succeeded) => JobState::Succeeded,
        Some(S::PartialFailed) => JobState::PartiallySucceeded,
        Some(S::Failed) => JobState::Failed,
        Some(S::Deleting) => JobState::Cancelling,
        Some(S::ManuallyStop) => JobState::Cancelled,
        Some(S::Unknown(s)) => JobState::Unknown(s.clone()),
        None => JobState::Unknown(NO_STATUS.into()),
    };
    let count = |c: Option<jobstatus_runtime::tolerant::LooseInt>| c.map(|v| v.get().max(0) as u64);
    let (total, completed, failed) = (
        count(r.total_file_count),
        count(r.completed_file_count),
        count(r.failed_file_count),
    );
    let (created, finished) = (r.created_at(), r.finished_at());
    let mut s = base(
        job,
        state,
        r.status.as_ref().map(|v| v.as_str().to_owned()),
        ProviderResponse::Pai(r),
    );
    s.progress = Progress {
        percent: total.and_then(|t| pct(completed.unwrap_or(0) + failed.unwrap_or(0), t)),
        total,
        succeeded: completed,
        failed,
    };
    s.created_at = created;
    s.finished_at = if s.terminal { finished } else { None };
    s.updated_at = finished.or(created);
    s
}

/// Huawei: `task_status` is undocumented, so the state comes from a user's mapping of its
/// values when given, else from `end_time` and the counts.
#[cfg(feature = "huawei-ies")]
pub(crate) fn huawei(
    job: &JobRef,
    r: huawei_ies::types::ShowTaskResponse,
    custom: &std::collections::HashMap<String, JobState>,
) -> JobStatus {
    let count = |c: Option<jobstatus_runtime::tolerant::LooseInt>| c.map(|v| v.get().max(0) as u64);
    let (total, ok, failed) = (
        count(r.total_count),
        count(r.success_count),
        count(r.failure_count),
    );
    let raw = r.task_status.as_ref().map(|t| t.as_text().into_owned());
    let (begin, end) = (r.begin_at(), r.end_at());
    let derived = match (end, ok.unwrap_or(0), failed.unwrap_or(0)) {
        (Some(_), _, 0) => JobState::Succeeded,
        (Some(_), 0, _) => JobState::Failed,
        (Some(_), _, _) => JobState::PartiallySucceeded,
        (None, 0, 0) => JobState::Pending,
        (None, _, _) => JobState::Running,
    };
    let state = raw
        .as_ref()
        .and_then(|v| custom.get(v))
        .cloned()
        .unwrap_or(derived);
    let mut s = base(job, state, raw, ProviderResponse::Huawei(r));
    s.progress = Progress {
        percent: if end.is_some() {
            Some(100.0)
        } else {
            total.and_then(|t| pct(ok.unwrap_or(0) + failed.unwrap_or(0), t))
        },
        total,
        succeeded: ok,
        failed,
    };
    s.created_at = begin;
    s.finished_at = if s.terminal { end } else { None };
    s.updated_at = end.or(begin);
    s
}
