//! Bad answers give typed errors that name the provider, the status and what was wrong; tolerant
//! fields take what real servers send. All over HTTP on loopback.

use jobstatus_runtime::Error;
use jobstatus_runtime::credentials::{
    AlibabaCredentials, AzureAuth, HuaweiAuth, HuaweiCredentials,
};
use jobstatus_tests::{Canned, CannedServer};

async fn bailian(
    answer: Canned,
) -> Result<bailian_index::Answer<bailian_index::types::GetIndexJobStatusResponse>, Error> {
    let server = CannedServer::start(answer).await;
    let client = bailian_index::Client::builder()
        .base_url(server.base_url())
        .credentials(AlibabaCredentials::new("AKID", "secret"))
        .build()
        .unwrap();
    client
        .get_index_job_status(&bailian_index::GetIndexJobStatus::new("ws", "idx", "job"))
        .await
}

async fn huawei(
    answer: Canned,
) -> Result<huawei_ies::Answer<huawei_ies::types::ShowTaskResponse>, Error> {
    let server = CannedServer::start(answer).await;
    let client = huawei_ies::Client::builder()
        .base_url(server.base_url())
        .credentials(HuaweiAuth::AkSk(HuaweiCredentials::new("AK", "SK", "p")))
        .build()
        .unwrap();
    client.show_task("t1").await
}

async fn azure(
    answer: Canned,
) -> Result<azure_qna::Answer<azure_qna::types::UpdateQnasJobState>, Error> {
    let server = CannedServer::start(answer).await;
    let client = azure_qna::Client::builder()
        .base_url(server.base_url())
        .credentials(AzureAuth::key("k"))
        .build()
        .unwrap();
    client
        .get_update_qnas_status(&azure_qna::GetUpdateQnasStatus::new("p", "j").unwrap())
        .await
}

#[tokio::test]
async fn an_unknown_status_is_kept_not_an_error() {
    let ok = bailian(Canned::json(200, r#"{"Success":true,"Status":"200","Data":{"JobId":"j","Status":"MIGRATING","Documents":[{"Status":"QUEUED"}]}}"#))
        .await
        .unwrap();
    let data = ok.data.as_ref().unwrap();
    let status = data.status.as_ref().unwrap();
    assert_eq!(
        status,
        &bailian_index::types::IndexJobStatus::Unknown("MIGRATING".into())
    );
    assert_eq!(status.as_str(), "MIGRATING");
    assert!(!status.is_known());
    assert_eq!(
        data.documents[0].status.as_ref().unwrap().as_str(),
        "QUEUED"
    );
    let az = azure(Canned::json(
        200,
        r#"{"jobId":"j","createdDateTime":"2021-05-01T17:21:14Z","lastUpdatedDateTime":"2021-05-01T17:21:14Z","status":"canceled"}"#,
    ))
    .await
    .unwrap();
    let status = az.status.as_ref().unwrap();
    assert_eq!(
        status,
        &azure_qna::types::JobStatus::Unknown("canceled".into())
    );
    assert!(
        status.is_terminal(),
        "azure-core's spelling still ends the job"
    );
}

#[tokio::test]
async fn numbers_sent_as_strings_and_strings_as_numbers() {
    let t = huawei(Canned::json(
        200,
        r#"{"begin_time":"1744276967708","end_time":null,"task_status":"2","task_type":1,"total_count":"3","success_count":3,"failure_count":"0"}"#,
    ))
    .await
    .unwrap();
    assert_eq!(t.begin_at().unwrap().timestamp_millis(), 1744276967708);
    assert_eq!(t.end_at(), None);
    assert_eq!(t.task_status.as_ref().unwrap().as_text(), "2");
    assert_eq!(t.task_type.as_ref().unwrap().as_text(), "1");
    assert_eq!(
        (t.total_count.unwrap().get(), t.failure_count.unwrap().get()),
        (3, 0)
    );
}

#[tokio::test]
async fn non_rfc3339_times_decode_to_utc() {
    let b = bailian(Canned::json(200, r#"{"Success":true,"Data":{"Status":"RUNNING","Documents":[{"GmtModified":"1704703924864"}]}}"#))
        .await
        .unwrap();
    assert_eq!(
        b.data.as_ref().unwrap().documents[0]
            .modified_at()
            .unwrap()
            .to_rfc3339(),
        "2024-01-08T08:52:04.864+00:00"
    );
}

#[tokio::test]
async fn malformed_json_names_provider_status_and_excerpt() {
    let e = bailian(Canned::json(200, r#"{"Success":true,"Data":{"Status":"#))
        .await
        .unwrap_err();
    let msg = e.to_string();
    assert!(matches!(e, Error::Decode { status: 200, .. }), "{e:?}");
    assert!(msg.starts_with("bailian-index: HTTP 200"), "{msg}");
    assert!(msg.contains(r#"{\"Success\":true"#), "{msg}");
}

#[tokio::test]
async fn a_missing_status_keeps_the_rest_of_the_answer() {
    let b = bailian(Canned::json(
        200,
        r#"{"Success":true,"Data":{"JobId":"j","Documents":[{"DocId":"d1","Status":"FINISH"}]}}"#,
    ))
    .await
    .unwrap();
    let data = b.data.as_ref().unwrap();
    assert_eq!(data.status, None);
    assert_eq!(data.job_id.as_deref(), Some("j"));
    assert_eq!(data.documents[0].doc_id.as_deref(), Some("d1"));
    let a = azure(Canned::json(200, r#"{"jobId":"j","status":"running"}"#))
        .await
        .unwrap();
    assert_eq!(a.status, Some(azure_qna::types::JobStatus::Running));
    assert_eq!(a.created_date_time, None);
}

#[tokio::test]
async fn a_wrongly_typed_field_is_absent_and_the_rest_kept() {
    let h = huawei(Canned::json(
        200,
        r#"{"total_count":"many","success_count":2,"task_status":{"odd":true},"end_time":1744276967708}"#,
    ))
    .await
    .unwrap();
    assert_eq!(h.total_count, None);
    assert_eq!(h.success_count.map(|c| c.get()), Some(2));
    assert_eq!(h.task_status, None);
    assert!(h.end_at().is_some());
    let a = azure(Canned::json(
        200,
        r#"{"jobId":"j","createdDateTime":"yesterday","lastUpdatedDateTime":"2021-05-01T17:21:14Z","status":3,"errors":[{"code":"E1"},{"message":"no code"},"junk"]}"#,
    ))
    .await
    .unwrap();
    assert_eq!(a.created_date_time, None);
    assert!(a.last_updated_date_time.is_some());
    assert_eq!(
        a.status,
        Some(azure_qna::types::JobStatus::Unknown("3".into()))
    );
    assert_eq!(
        a.errors.len(),
        2,
        "the two error objects are kept, the string is not"
    );
    assert_eq!(a.errors[0].code.as_deref(), Some("E1"));
    assert_eq!(a.errors[0].message, None);
    // The body as sent stays available.
    assert!(
        std::str::from_utf8(a.body())
            .unwrap()
            .contains(r#""createdDateTime":"yesterday""#)
    );
}

#[tokio::test]
async fn an_oversized_body_is_refused() {
    let big = format!(
        r#"{{"Success":true,"Pad":"{}"}}"#,
        "x".repeat(5 * 1024 * 1024)
    );
    let e = bailian(Canned::json(200, big.clone())).await.unwrap_err();
    assert!(
        matches!(e, Error::BodyTooLarge { status: 200, limit, .. } if limit == 4 * 1024 * 1024),
        "{e:?}"
    );
    assert!(!e.is_retryable());
    // The raw generated client, used on its own, says so too (not an empty 200 and an EOF).
    let server = CannedServer::start(Canned::json(200, big)).await;
    let client = bailian_index::Client::builder()
        .base_url(server.base_url())
        .credentials(AlibabaCredentials::new("AKID", "secret"))
        .build()
        .unwrap();
    let raw = client
        .raw()
        .get_index_job_status("ws", "idx", "job", None, None)
        .await
        .unwrap_err();
    let mut chain = raw.to_string();
    let mut source = std::error::Error::source(&raw);
    while let Some(s) = source {
        chain.push_str(&format!(": {s}"));
        source = s.source();
    }
    assert!(chain.contains("exceeds the 4194304-byte limit"), "{chain}");
}

#[tokio::test]
async fn alibaba_error_body_with_throttling() {
    let body = r#"{"RequestId":"REQ-1","HostId":"bailian.cn-beijing.aliyuncs.com","Code":"Throttling.User","Message":"Request was denied due to user flow control.","Recommend":"https://api.aliyun.com/troubleshoot?q=Throttling.User"}"#;
    let e = bailian(Canned::json(400, body).header("x-acs-retry-after", "3"))
        .await
        .unwrap_err();
    assert_eq!(e.status(), Some(400));
    assert_eq!(e.code(), Some("Throttling.User"));
    assert_eq!(e.request_id(), Some("REQ-1"));
    assert_eq!(e.retry_after(), Some(std::time::Duration::from_secs(3)));
    assert!(e.is_retryable());
    assert_eq!(
        e.to_string(),
        "bailian-index: HTTP 400 Throttling.User: Request was denied due to user flow control. (request id REQ-1)"
    );
}

#[tokio::test]
async fn a_failed_call_inside_a_200_is_an_error_not_a_job_state() {
    let e = bailian(Canned::json(200, r#"{"Success":false,"Code":"Index.Forbidden","Message":"no","RequestId":"R2","Status":"200"}"#))
        .await
        .unwrap_err();
    assert_eq!(
        (e.status(), e.code(), e.request_id()),
        (Some(200), Some("Index.Forbidden"), Some("R2"))
    );
    assert!(!e.is_retryable());
}

#[tokio::test]
async fn azure_error_body_and_header() {
    let body =
        r#"{"error":{"code":"ProjectNotFound","message":"The project proj1 was not found."}}"#;
    let e = azure(
        Canned::json(404, body)
            .header("x-ms-error-code", "ProjectNotFound")
            .header("apim-request-id", "A-1"),
    )
    .await
    .unwrap_err();
    assert_eq!(
        (e.status(), e.code(), e.request_id()),
        (Some(404), Some("ProjectNotFound"), Some("A-1"))
    );
    assert!(!e.is_retryable());
    let e = azure(
        Canned::json(
            429,
            r#"{"error":{"code":"TooManyRequests","message":"slow down"}}"#,
        )
        .header("retry-after", "7"),
    )
    .await
    .unwrap_err();
    assert!(e.is_retryable());
    assert_eq!(e.retry_after(), Some(std::time::Duration::from_secs(7)));
}

#[tokio::test]
async fn huawei_error_body_and_request_id_header() {
    let e = huawei(
        Canned::json(
            400,
            r#"{"error_code":"MSS.000000003","error_msg":"Invalid parameter"}"#,
        )
        .header("X-Request-Id", "H-9"),
    )
    .await
    .unwrap_err();
    assert_eq!(
        (e.status(), e.code(), e.request_id()),
        (Some(400), Some("MSS.000000003"), Some("H-9"))
    );
    let e = huawei(Canned::json(
        503,
        r#"{"error_code":"MSS.000000002","error_msg":"Internal error","request_id":"H-10"}"#,
    ))
    .await
    .unwrap_err();
    assert!(e.is_retryable());
    assert_eq!(e.request_id(), Some("H-10"));
}

#[tokio::test]
async fn an_html_error_page_keeps_its_status() {
    let page = Canned {
        status: 502,
        headers: vec![("content-type".into(), "text/html".into())],
        body: b"<html>Bad Gateway</html>".to_vec(),
    };
    let e = bailian(page).await.unwrap_err();
    assert_eq!(e.status(), Some(502));
    assert!(e.is_retryable());
    assert!(e.to_string().contains("<html>Bad Gateway</html>"), "{e}");
}

#[tokio::test]
async fn no_server_is_a_retryable_transport_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    let client = pai_dataset::Client::builder()
        .base_url(format!("http://{addr}"))
        .credentials(AlibabaCredentials::new("AKID", "secret"))
        .build()
        .unwrap();
    let e = client
        .get_dataset_job(&pai_dataset::GetDatasetJob::new("d", "j"))
        .await
        .unwrap_err();
    assert!(
        matches!(
            e,
            Error::Transport {
                provider: "pai-dataset",
                timeout: false,
                ..
            }
        ),
        "{e:?}"
    );
    assert!(e.is_retryable());
}

#[tokio::test]
async fn empty_credentials_never_send_a_request() {
    let server = CannedServer::start(Canned::json(200, "{}")).await;
    let client = gpdb_docs::Client::builder()
        .base_url(server.base_url())
        .credentials(AlibabaCredentials::new("AKID", ""))
        .build()
        .unwrap();
    let e = client
        .get_upload_document_job(&gpdb_docs::GetUploadDocumentJob::new(
            "gp",
            "cn-hangzhou",
            "c",
            "j",
            "pw",
        ))
        .await
        .unwrap_err();
    assert!(matches!(e, Error::Credentials(_)), "{e:?}");
    assert!(
        e.to_string().contains("the AccessKey secret is empty"),
        "{e}"
    );
    assert!(server.received().is_empty());
}

#[tokio::test]
async fn bad_construction_is_an_error_not_a_panic() {
    let e = bailian_index::Client::builder().build().unwrap_err();
    assert!(
        e.to_string().contains("a region or a base URL is needed"),
        "{e}"
    );
    let e = bailian_index::Client::builder()
        .base_url("ftp://x")
        .build()
        .unwrap_err();
    assert!(e.to_string().contains("invalid base URL"), "{e}");
    let e = bailian_index::Client::builder()
        .region("x.evil.example#")
        .build()
        .unwrap_err();
    assert!(e.to_string().contains("is not a region name"), "{e}");
    let e = huawei_ies::Client::builder()
        .region("eu-west-101")
        .build()
        .unwrap_err();
    assert!(
        e.to_string()
            .contains("known regions: cn-north-4, cn-east-3"),
        "{e}"
    );
    assert!(azure_qna::GetUpdateQnasStatus::new("-bad-", "j").is_err());
    assert!(azure_qna::GetUpdateQnasStatus::new("a".repeat(101), "j").is_err());
    assert!(azure_qna::GetUpdateQnasStatus::new("a", "j").is_ok());
}

#[tokio::test]
async fn bearer_tokens_never_travel_over_plain_http_to_a_remote_host() {
    let e = azure_qna::Client::builder()
        .base_url("http://example.invalid")
        .credentials(AzureAuth::bearer("tok"))
        .build()
        .unwrap_err();
    assert!(
        e.to_string().contains("reached over plain http://")
            || e.to_string().contains("not allowed"),
        "{e}"
    );
    assert!(matches!(e, Error::UntrustedEndpoint(_)), "{e:?}");
    // Loopback is allowed.
    let ok = azure(Canned::json(
        200,
        r#"{"jobId":"j","createdDateTime":"2021-05-01T17:21:14Z","lastUpdatedDateTime":"2021-05-01T17:21:14Z","status":"running"}"#,
    ))
    .await;
    assert!(ok.is_ok());
}

fn api(e: &Error) -> &jobstatus_runtime::ApiError {
    match e {
        Error::Api(a) => a,
        other => panic!("not an API error: {other:?}"),
    }
}

#[tokio::test]
async fn vendor_errors_keep_their_code_and_message_in_every_spelling() {
    // Alibaba: the SDK's lower-case spellings, Detail, and XML bodies.
    let e = bailian(Canned::json(
        404,
        r#"{"code":"InvalidJobId.NotFound","message":"no job","requestId":"R-1"}"#,
    ))
    .await
    .unwrap_err();
    let a = api(&e);
    assert_eq!(
        (
            a.code.as_deref(),
            a.message.as_deref(),
            a.request_id.as_deref()
        ),
        (Some("InvalidJobId.NotFound"), Some("no job"), Some("R-1"))
    );
    let e = bailian(Canned::json(
        403,
        r#"{"Code":"Forbidden.RAM","Detail":"denied"}"#,
    ))
    .await
    .unwrap_err();
    assert_eq!(api(&e).message.as_deref(), Some("denied"));
    let xml = Canned {
        status: 400,
        headers: vec![("content-type".into(), "text/xml".into())],
        body: b"<?xml version='1.0' encoding='UTF-8'?><Error><RequestId>R-2</RequestId><Code>Throttling.User</Code><Message>Request was denied due to user flow control.</Message></Error>".to_vec(),
    };
    let e = bailian(xml).await.unwrap_err();
    assert_eq!(api(&e).code.as_deref(), Some("Throttling.User"));
    assert_eq!(api(&e).request_id.as_deref(), Some("R-2"));
    assert!(e.is_retryable(), "throttling is retried");
    // Huawei: every spelling the SDK reads, nested too.
    for body in [
        r#"{"errorCode":"MSS.000000003","errorMsg":"no task"}"#,
        r#"{"code":"MSS.000000003","message":"no task"}"#,
        r#"{"error":{"error_code":"MSS.000000003","error_msg":"no task"}}"#,
    ] {
        let e = huawei(Canned::json(404, body)).await.unwrap_err();
        assert_eq!(api(&e).code.as_deref(), Some("MSS.000000003"), "{body}");
        assert_eq!(api(&e).message.as_deref(), Some("no task"), "{body}");
    }
    // Azure: an error without a message keeps its code; the header fills in a missing code.
    let e = azure(Canned::json(404, r#"{"error":{"code":"ProjectNotFound"}}"#))
        .await
        .unwrap_err();
    assert_eq!(api(&e).code.as_deref(), Some("ProjectNotFound"));
    let e = azure(
        Canned::json(503, r#"{"error":{"message":"later"}}"#)
            .header("x-ms-error-code", "ServiceUnavailable"),
    )
    .await
    .unwrap_err();
    assert_eq!(api(&e).code.as_deref(), Some("ServiceUnavailable"));
    assert_eq!(api(&e).message.as_deref(), Some("later"));
}

#[tokio::test]
async fn the_raw_answer_is_kept_as_sent_on_one_line() {
    let body = "{\n  \"status\": \"running\",\n  \"jobId\": \"j\",\n  \"zeta\": \"a b\\n c\",\n  \"alpha\": 1\n}";
    let server = CannedServer::start(Canned::json(200, body)).await;
    let jobs = jobstatus_core::Jobs::builder()
        .azure_credentials(AzureAuth::key("k"))
        .ignore_allow_env()
        .build()
        .unwrap();
    let job: jobstatus_core::JobRef = format!(
        "jobstatus:azure-qna?endpoint={}&projectName=p&jobId=j",
        jobstatus_runtime::encoding::rfc3986_encode(&server.base_url())
    )
    .parse()
    .unwrap();
    let status = jobs.get(&job).await.unwrap();
    assert_eq!(status.raw.as_ref(), body.as_bytes());
    let json = serde_json::to_string(&status).unwrap();
    assert!(!json.contains('\n'));
    assert!(
        json.contains(r#""raw":{"status":"running","jobId":"j","zeta":"a b\n c","alpha":1}"#),
        "the vendor's order and text, not ours: {json}"
    );
}
