//! Clients for the emulator, one per provider, with the emulator's credentials.

#![allow(dead_code)]

use jobstatus_emulator::{Config, Emulator, JobRequest, Provider, Scenario};
use jobstatus_runtime::credentials::{
    AlibabaCredentials, AzureAuth, HuaweiAuth, HuaweiCredentials,
};

pub async fn emulator(speed: f64) -> Emulator {
    Emulator::start(Config {
        speed,
        ..Config::default()
    })
    .await
    .expect("emulator starts")
}

pub fn alibaba(e: &Emulator) -> AlibabaCredentials {
    let c = &e.credentials().alibaba;
    AlibabaCredentials::new(c.access_key_id.clone(), c.access_key_secret.as_str())
}

pub fn huawei(e: &Emulator) -> HuaweiAuth {
    let c = &e.credentials().huawei;
    HuaweiAuth::AkSk(HuaweiCredentials::new(
        c.ak.clone(),
        c.sk.as_str(),
        c.project_id.clone(),
    ))
}

pub fn azure(e: &Emulator) -> AzureAuth {
    AzureAuth::key(e.credentials().azure.key.as_str())
}

pub fn bailian_client(e: &Emulator) -> bailian_index::Client {
    bailian_index::Client::builder()
        .base_url(e.base_url())
        .credentials(alibaba(e))
        .build()
        .unwrap()
}

pub fn gpdb_client(e: &Emulator) -> gpdb_docs::Client {
    gpdb_docs::Client::builder()
        .base_url(e.base_url())
        .credentials(alibaba(e))
        .build()
        .unwrap()
}

pub fn azure_client(e: &Emulator) -> azure_qna::Client {
    azure_qna::Client::builder()
        .base_url(e.base_url())
        .credentials(azure(e))
        .build()
        .unwrap()
}

pub fn pai_client(e: &Emulator) -> pai_dataset::Client {
    pai_dataset::Client::builder()
        .base_url(e.base_url())
        .credentials(alibaba(e))
        .build()
        .unwrap()
}

pub fn huawei_client(e: &Emulator) -> huawei_ies::Client {
    huawei_ies::Client::builder()
        .base_url(e.base_url())
        .credentials(huawei(e))
        .build()
        .unwrap()
}

pub fn job(
    e: &Emulator,
    provider: Provider,
    scenario: Scenario,
    duration_ms: u64,
    items: Option<u32>,
) -> jobstatus_emulator::CreatedJob {
    e.create_job(&JobRequest {
        provider,
        scenario,
        duration_ms: Some(duration_ms),
        items,
    })
    .expect("scenario supported")
}

pub fn id<'a>(job: &'a jobstatus_emulator::CreatedJob, name: &str) -> &'a str {
    job.ids
        .get(name)
        .map(String::as_str)
        .unwrap_or_else(|| panic!("no id {name}"))
}

pub fn bailian_req(job: &jobstatus_emulator::CreatedJob) -> bailian_index::GetIndexJobStatus {
    bailian_index::GetIndexJobStatus::new(
        id(job, "WorkspaceId"),
        id(job, "IndexId"),
        id(job, "JobId"),
    )
}

pub fn gpdb_req(job: &jobstatus_emulator::CreatedJob) -> gpdb_docs::GetUploadDocumentJob {
    gpdb_docs::GetUploadDocumentJob::new(
        id(job, "DBInstanceId"),
        id(job, "RegionId"),
        id(job, "Collection"),
        id(job, "JobId"),
        id(job, "NamespacePassword"),
    )
    .namespace(id(job, "Namespace"))
}

pub fn azure_req(job: &jobstatus_emulator::CreatedJob) -> azure_qna::GetUpdateQnasStatus {
    azure_qna::GetUpdateQnasStatus::new(id(job, "projectName"), id(job, "jobId")).unwrap()
}

pub fn pai_req(job: &jobstatus_emulator::CreatedJob) -> pai_dataset::GetDatasetJob {
    pai_dataset::GetDatasetJob::new(id(job, "DatasetId"), id(job, "DatasetJobId"))
        .workspace(id(job, "WorkspaceId"))
}
