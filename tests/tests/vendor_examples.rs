//! Every vendor example, served over loopback exactly as published, parses into the typed
//! response; the specs carry the same examples; requests go out as the vendors expect.

use jobstatus_runtime::credentials::{
    AlibabaCredentials, AzureAuth, HuaweiAuth, HuaweiCredentials,
};
use jobstatus_tests::{Canned, CannedServer, vendor_example, workspace_root};

fn ali() -> AlibabaCredentials {
    AlibabaCredentials::new("AKID", "secret")
}

async fn serve(example: &str) -> CannedServer {
    CannedServer::start(Canned::json(200, vendor_example(example))).await
}

fn spec_example(spec: &str) -> serde_json::Value {
    let text = std::fs::read_to_string(workspace_root().join("specs").join(spec)).unwrap();
    let doc: serde_json::Value = serde_yaml_ng::from_str(&text).unwrap();
    let paths = doc["paths"].as_object().unwrap();
    let op = paths
        .values()
        .next()
        .unwrap()
        .as_object()
        .unwrap()
        .values()
        .next()
        .unwrap();
    op["responses"]["200"]["content"]["application/json"]["example"].clone()
}

#[test]
fn specs_carry_the_vendor_examples() {
    for (spec, example) in [
        ("bailian-index.yaml", "bailian-index.json"),
        ("gpdb-docs.yaml", "gpdb-docs.json"),
        ("azure-qna.yaml", "azure-qna.json"),
        ("pai-dataset.yaml", "pai-dataset.json"),
        ("huawei-ies.yaml", "huawei-ies.json"),
    ] {
        let fixture: serde_json::Value = serde_json::from_str(&vendor_example(example)).unwrap();
        assert_eq!(
            spec_example(spec),
            fixture,
            "{spec} example differs from {example}"
        );
    }
    let official: serde_json::Value =
        serde_json::from_str(&vendor_example("azure-qna-official-example.json")).unwrap();
    assert_eq!(
        official["responses"]["200"]["body"],
        spec_example("azure-qna.yaml")
    );
}

#[tokio::test]
async fn bailian_example() {
    let server = serve("bailian-index.json").await;
    let client = bailian_index::Client::builder()
        .base_url(server.base_url())
        .credentials(ali())
        .build()
        .unwrap();
    let req = bailian_index::GetIndexJobStatus::new(
        "llm-3z7uw7fwz0vexxxx",
        "79c0alxxxx",
        "20230718xxxx-146c93bf",
    )
    .page(2, 50);
    let answer = client.get_index_job_status(&req).await.unwrap();
    let data = answer.data.as_ref().unwrap();
    assert_eq!(
        data.status,
        Some(bailian_index::types::IndexJobStatus::Pending)
    );
    assert_eq!(
        data.documents[0].status,
        Some(bailian_index::types::DocumentStatus::Running)
    );
    // The example's GmtModified is 0, a placeholder: it decodes, and reads as unknown.
    assert!(data.documents[0].gmt_modified.is_some());
    assert_eq!(data.documents[0].modified_at(), None);
    insta::assert_debug_snapshot!("bailian_example", answer.into_inner());

    let sent = &server.received()[0];
    assert_eq!(sent.uri.path(), "/llm-3z7uw7fwz0vexxxx/index/job/status");
    let query = sent.uri.query().unwrap();
    assert!(
        query.contains("pageSize=50")
            && query.contains("PageNumber=2")
            && !query.contains("PageSize"),
        "{query}"
    );
    let auth = sent.headers["authorization"].to_str().unwrap();
    assert!(
        auth.starts_with("ACS3-HMAC-SHA256 Credential=AKID,SignedHeaders="),
        "{auth}"
    );
    assert_eq!(sent.headers["x-acs-action"], "GetIndexJobStatus");
    assert_eq!(sent.headers["x-acs-version"], "2023-12-29");
}

#[tokio::test]
async fn gpdb_example() {
    let server = serve("gpdb-docs.json").await;
    let client = gpdb_docs::Client::builder()
        .base_url(server.base_url())
        .credentials(ali())
        .build()
        .unwrap();
    let req = gpdb_docs::GetUploadDocumentJob::new(
        "gp-xxxxxxxxx",
        "cn-hangzhou",
        "document",
        "bf8f7bc4",
        "testpassword",
    )
    .namespace("mynamespace");
    let answer = client.get_upload_document_job(&req).await.unwrap();
    let job = answer.job.as_ref().unwrap();
    assert_eq!(job.status, Some(gpdb_docs::types::UploadJobStatus::Running));
    assert_eq!(job.progress.unwrap().get(), 20);
    assert_eq!(
        job.created_at().unwrap().to_rfc3339(),
        "2024-01-08T16:52:04.864664+00:00"
    );
    insta::assert_debug_snapshot!("gpdb_example", answer.into_inner());

    let sent = &server.received()[0];
    assert_eq!(sent.method, http::Method::POST);
    assert_eq!(sent.uri.path(), "/");
    let query = sent.uri.query().unwrap();
    assert!(
        query.contains("DBInstanceId=gp-xxxxxxxxx") && query.contains("RegionId=cn-hangzhou"),
        "{query}"
    );
    assert!(
        !query.contains("testpassword") && !query.contains("NamespacePassword"),
        "the password must not be in the URL"
    );
    let body = String::from_utf8_lossy(&sent.body);
    assert!(
        body.contains("NamespacePassword=testpassword") && body.contains("Collection=document"),
        "{body}"
    );
    assert_eq!(
        sent.headers["content-type"],
        "application/x-www-form-urlencoded"
    );
    assert_eq!(sent.headers["x-acs-action"], "GetUploadDocumentJob");
}

#[tokio::test]
async fn azure_example() {
    let server = serve("azure-qna.json").await;
    let client = azure_qna::Client::builder()
        .base_url(server.base_url())
        .credentials(AzureAuth::key("k"))
        .build()
        .unwrap();
    let answer = client
        .get_update_qnas_status(&azure_qna::GetUpdateQnasStatus::new("proj1", "job1").unwrap())
        .await
        .unwrap();
    assert_eq!(answer.status, Some(azure_qna::types::JobStatus::Succeeded));
    assert!(answer.status.as_ref().is_some_and(|s| s.is_terminal()));
    insta::assert_debug_snapshot!("azure_example", answer.into_inner());
    let sent = &server.received()[0];
    assert_eq!(
        sent.uri.path(),
        "/language/authoring/query-knowledgebases/projects/proj1/qnas/jobs/job1"
    );
    assert_eq!(sent.uri.query(), Some("api-version=2023-04-01"));
    assert_eq!(sent.headers["ocp-apim-subscription-key"], "k");
}

#[tokio::test]
async fn pai_example() {
    let server = serve("pai-dataset.json").await;
    let client = pai_dataset::Client::builder()
        .base_url(server.base_url())
        .credentials(ali())
        .build()
        .unwrap();
    let answer = client
        .get_dataset_job(&pai_dataset::GetDatasetJob::new("d-rbvg5", "dsjob-9jx1").version("v1"))
        .await
        .unwrap();
    assert_eq!(
        answer.status,
        Some(pai_dataset::types::DatasetJobStatus::Running)
    );
    assert_eq!(
        answer.job_spec_json().unwrap().unwrap(),
        serde_json::json!({"modelId": "xxx"})
    );
    assert_eq!(answer.total_file_count.unwrap().get(), 1000);
    insta::assert_debug_snapshot!("pai_example", answer.into_inner());
    let sent = &server.received()[0];
    assert_eq!(
        sent.uri.path(),
        "/api/v1/datasets/d-rbvg5/datasetjobs/dsjob-9jx1"
    );
    assert_eq!(sent.headers["x-acs-action"], "GetDatasetJob");
    assert_eq!(sent.headers["x-acs-version"], "2021-02-04");
}

#[tokio::test]
async fn huawei_example() {
    let server = serve("huawei-ies.json").await;
    let creds = HuaweiAuth::AkSk(HuaweiCredentials::new("AK", "SK", "proj-1"));
    let client = huawei_ies::Client::builder()
        .base_url(server.base_url())
        .credentials(creds)
        .build()
        .unwrap();
    let answer = client
        .show_task("fd1c56acbb2c4b1aa24ba37df99f3129")
        .await
        .unwrap();
    assert_eq!(answer.begin_at().unwrap().timestamp_millis(), 1744276967708);
    assert_eq!(answer.task_status.as_ref().unwrap().as_i64(), Some(0));
    assert_eq!(answer.failure_count.unwrap().get(), 1);
    insta::assert_debug_snapshot!("huawei_example", answer.into_inner());
    let sent = &server.received()[0];
    assert_eq!(
        sent.uri.path(),
        "/v2/proj-1/ies/task/fd1c56acbb2c4b1aa24ba37df99f3129"
    );
    assert_eq!(sent.headers["x-project-id"], "proj-1");
    let auth = sent.headers["authorization"].to_str().unwrap();
    assert!(
        auth.starts_with("SDK-HMAC-SHA256 Access=AK, SignedHeaders="),
        "{auth}"
    );
}
