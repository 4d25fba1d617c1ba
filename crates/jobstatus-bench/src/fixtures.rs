//! Answer bodies to decode: each vendor's published example (the repository's own fixtures) and
//! a Bailian page of 100 documents.

const BAILIAN: &str = include_str!("../../../tests/fixtures/vendor-examples/bailian-index.json");
const GPDB: &str = include_str!("../../../tests/fixtures/vendor-examples/gpdb-docs.json");
const AZURE: &str = include_str!("../../../tests/fixtures/vendor-examples/azure-qna.json");
const PAI: &str = include_str!("../../../tests/fixtures/vendor-examples/pai-dataset.json");
const HUAWEI: &str = include_str!("../../../tests/fixtures/vendor-examples/huawei-ies.json");

/// `(name, job reference, body)` for each case.
pub fn bodies() -> Vec<(&'static str, &'static str, Vec<u8>)> {
    let e = "endpoint=http%3A%2F%2F127.0.0.1%3A1";
    let bailian = format!("jobstatus:bailian-index?{e}&WorkspaceId=w&IndexId=i&JobId=j");
    let bailian: &'static str = Box::leak(bailian.into_boxed_str());
    let refs = [
        format!(
            "jobstatus:gpdb-docs?{e}&DBInstanceId=gp&RegionId=cn-hangzhou&Collection=c&JobId=j"
        ),
        format!("jobstatus:azure-qna?{e}&projectName=p&jobId=j"),
        format!("jobstatus:pai-dataset?{e}&DatasetId=d&DatasetJobId=j"),
        format!("jobstatus:huawei-ies?{e}&id=t"),
    ]
    .map(|s| &*Box::leak(s.into_boxed_str()));
    vec![
        ("bailian-index", bailian, BAILIAN.as_bytes().to_vec()),
        ("bailian-index_100_documents", bailian, bailian_page(100)),
        ("gpdb-docs", refs[0], GPDB.as_bytes().to_vec()),
        ("azure-qna", refs[1], AZURE.as_bytes().to_vec()),
        ("pai-dataset", refs[2], PAI.as_bytes().to_vec()),
        ("huawei-ies", refs[3], HUAWEI.as_bytes().to_vec()),
    ]
}

/// The Bailian example with `n` documents in varied states.
pub fn bailian_page(n: usize) -> Vec<u8> {
    let mut v: serde_json::Value = serde_json::from_str(BAILIAN).unwrap_or_default();
    let states = [
        "FINISH",
        "RUNNING",
        "PARSE_FAILED",
        "DOC_PARSING",
        "INSERT_ERROR",
    ];
    let docs: Vec<serde_json::Value> = (0..n)
        .map(|i| {
            serde_json::json!({
                "Code": if i % 5 == 2 { "Index.Document.ChunkError" } else { "" },
                "DocId": format!("file_9a65732555b54d5ea10796ca5742ba22_{i:08}"),
                "DocName": format!("产品介绍 {i}"),
                "Message": if i % 5 == 2 { "document parse error" } else { "" },
                "Status": states[i % states.len()],
                "GmtModified": 1_744_276_967_708i64 + i as i64,
            })
        })
        .collect();
    v["Data"]["Documents"] = docs.into();
    v["Data"]["Status"] = "RUNNING".into();
    serde_json::to_vec(&v).unwrap_or_default()
}
