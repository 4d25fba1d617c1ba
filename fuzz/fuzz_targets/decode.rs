//! Any body, for any provider, through decode and mapping: an answer or an error, never a panic.
#![no_main]

use jobstatus_core::JobRef;
use libfuzzer_sys::fuzz_target;

const REFS: [&str; 5] = [
    "jobstatus:bailian-index?region=cn-beijing&WorkspaceId=w&IndexId=i&JobId=j",
    "jobstatus:gpdb-docs?region=cn-hangzhou&DBInstanceId=d&RegionId=cn-hangzhou&Collection=c&JobId=j",
    "jobstatus:azure-qna?endpoint=https%3A%2F%2Fr.cognitiveservices.azure.com&projectName=p&jobId=j",
    "jobstatus:pai-dataset?region=cn-shanghai&DatasetId=d&DatasetJobId=j",
    "jobstatus:huawei-ies?region=cn-north-4&id=t",
];

fuzz_target!(|data: &[u8]| {
    let Some((which, body)) = data.split_first() else {
        return;
    };
    let job: JobRef = REFS[usize::from(*which) % REFS.len()]
        .parse()
        .expect("a fixed reference");
    if let Ok(status) = jobstatus_core::decode(&job, body) {
        // The JSON form must serialize too (it embeds the raw body).
        serde_json::to_string(&status).expect("the JSON form always serializes");
        assert!(!status.terminal || status.state.is_terminal());
    }
});
