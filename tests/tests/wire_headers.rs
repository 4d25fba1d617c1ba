//! What goes on the wire: only the headers the vendors' official clients send.

use jobstatus_runtime::credentials::{
    AlibabaCredentials, AzureAuth, HuaweiAuth, HuaweiCredentials,
};
use jobstatus_tests::{Canned, CannedServer, Received};

async fn one_request(answer: &str, call: impl AsyncFnOnce(String)) -> Received {
    let server = CannedServer::start(Canned::json(200, answer)).await;
    call(server.base_url()).await;
    let mut got = server.received();
    assert_eq!(got.len(), 1);
    got.remove(0)
}

#[tokio::test]
async fn no_request_carries_an_api_version_header_and_huawei_signs_its_content_type() {
    let ali = || AlibabaCredentials::new("LTAIid", "secret");
    let mut all = Vec::new();
    all.push(
        one_request(r#"{"Success":true}"#, async |base| {
            let c = bailian_index::Client::builder()
                .base_url(base)
                .credentials(ali())
                .build()
                .unwrap();
            c.get_index_job_status(&bailian_index::GetIndexJobStatus::new("w", "i", "j"))
                .await
                .unwrap();
        })
        .await,
    );
    all.push(
        one_request(r#"{"Status":"success"}"#, async |base| {
            let c = gpdb_docs::Client::builder()
                .base_url(base)
                .credentials(ali())
                .build()
                .unwrap();
            c.get_upload_document_job(&gpdb_docs::GetUploadDocumentJob::new(
                "d", "r", "c", "j", "p",
            ))
            .await
            .unwrap();
        })
        .await,
    );
    all.push(
        one_request(r#"{"Status":"Running"}"#, async |base| {
            let c = pai_dataset::Client::builder()
                .base_url(base)
                .credentials(ali())
                .build()
                .unwrap();
            c.get_dataset_job(&pai_dataset::GetDatasetJob::new("d", "j"))
                .await
                .unwrap();
        })
        .await,
    );
    all.push(
        one_request(r#"{"status":"running"}"#, async |base| {
            let c = azure_qna::Client::builder()
                .base_url(base)
                .credentials(AzureAuth::key("k"))
                .build()
                .unwrap();
            c.get_update_qnas_status(&azure_qna::GetUpdateQnasStatus::new("p", "j").unwrap())
                .await
                .unwrap();
        })
        .await,
    );
    let huawei = one_request(r#"{"total_count":1}"#, async |base| {
        let c = huawei_ies::Client::builder()
            .base_url(base)
            .credentials(HuaweiAuth::AkSk(HuaweiCredentials::new("AK", "SK", "proj")))
            .build()
            .unwrap();
        c.show_task("t").await.unwrap();
    })
    .await;
    all.push(huawei.clone());
    for r in &all {
        assert!(
            r.headers.get("api-version").is_none(),
            "{} {}",
            r.method,
            r.uri
        );
    }
    assert!(
        all[3]
            .uri
            .query()
            .unwrap_or("")
            .contains("api-version=2023-04-01")
    );
    assert_eq!(huawei.method, "GET");
    assert_eq!(huawei.headers["content-type"], "application/json");
    let auth = huawei.headers["authorization"].to_str().unwrap();
    assert!(
        auth.contains("SignedHeaders=content-type;host;x-project-id;x-sdk-date"),
        "{auth}"
    );
}
