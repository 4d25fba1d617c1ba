//! No secret ever shows: every secret gets a unique marker; every client, config and credential
//! type is Debug-printed; every error kind is provoked; all tracing output is captured at TRACE;
//! no marker may appear anywhere.

mod common;

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::*;
use jobstatus_emulator::{
    AlibabaKey, AzureKey, Config, Credentials, Emulator, FaultKind, FaultRequest, HuaweiKey,
    Provider, Scenario,
};
use jobstatus_runtime::Secret;
use jobstatus_runtime::credentials::{
    AccessToken, AlibabaCredentials, AzureAuth, CredentialsChain, HuaweiAuth, HuaweiCredentials,
    MapEnvironment, ProvideCredentials, StaticToken, alibaba_default_chain,
};
use jobstatus_runtime::http_client::Timeouts;

const ALI_SECRET: &str = "MARKER-ali-secret-0001";
const ALI_STS: &str = "MARKER-ali-sts-0002";
const HW_SK: &str = "MARKER-hw-sk-0003";
const HW_TOKEN: &str = "MARKER-hw-sectoken-0004";
const HW_IAM: &str = "MARKER-hw-iam-token-0005";
const AZ_KEY: &str = "MARKER-azure-key-0006";
const AZ_BEARER: &str = "MARKER-azure-bearer-0007";
const NS_PASSWORD: &str = "MARKER-ns-password-0008";
const WRONG_SECRET: &str = "MARKER-wrong-secret-0009";
const ENV_SECRET: &str = "MARKER-env-secret-0010";
const MARKERS: &[&str] = &[
    ALI_SECRET,
    ALI_STS,
    HW_SK,
    HW_TOKEN,
    HW_IAM,
    AZ_KEY,
    AZ_BEARER,
    NS_PASSWORD,
    WRONG_SECRET,
    ENV_SECRET,
];

/// A signed call that must have succeeded: if it failed, the secret it signed with was never
/// exercised and the leak check would prove less than it claims.
fn succeeded<T: std::fmt::Debug>(r: Result<T, jobstatus_runtime::Error>) -> String {
    match r {
        Ok(v) => format!("{v:?}"),
        Err(e) => panic!("a signed call failed, so the leak test would cover less: {e}"),
    }
}

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .map_err(|_| std::io::Error::other("poisoned"))?
            .extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_secret_appears_in_debug_errors_or_logs() {
    let logs = Captured::default();
    let writer = logs.clone();
    tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .try_init()
        .expect("the only subscriber in this test binary");

    let e = Emulator::start(Config {
        speed: 10.0,
        credentials: Credentials {
            alibaba: AlibabaKey {
                access_key_id: "LTAIleak".into(),
                access_key_secret: ALI_SECRET.into(),
            },
            huawei: HuaweiKey {
                ak: "HWAK".into(),
                sk: HW_SK.into(),
                project_id: "proj".into(),
            },
            azure: AzureKey { key: AZ_KEY.into() },
        },
        ..Config::default()
    })
    .await
    .unwrap();
    let mut seen: Vec<String> = Vec::new();
    let mut show = |label: &str, text: String| seen.push(format!("{label}: {text}"));

    // Credential types.
    let ali = AlibabaCredentials::new("LTAIleak", ALI_SECRET);
    let ali_sts = AlibabaCredentials::new("LTAIleak", ALI_SECRET).with_security_token(ALI_STS);
    let hw = HuaweiCredentials::new("HWAK", HW_SK, "proj").with_security_token(HW_TOKEN);
    let hw_plain = HuaweiAuth::AkSk(HuaweiCredentials::new("HWAK", HW_SK, "proj"));
    let hw_token = HuaweiAuth::Token {
        token: HW_IAM.into(),
        project_id: "proj".into(),
    };
    let az_key = AzureAuth::key(AZ_KEY);
    let az_bearer = AzureAuth::bearer(AZ_BEARER);
    let env = MapEnvironment::new().with_var("ALIBABA_CLOUD_ACCESS_KEY_SECRET", ENV_SECRET);
    let chain = alibaba_default_chain(Arc::new(env.clone()));
    show("ali", format!("{ali:?} {ali_sts:?}"));
    show("hw", format!("{hw:?} {hw_plain:?} {hw_token:?}"));
    show(
        "az",
        format!(
            "{az_key:?} {az_bearer:?} {:?}",
            StaticToken(Secret::new(AZ_BEARER))
        ),
    );
    show(
        "token",
        format!(
            "{:?}",
            AccessToken {
                token: Secret::new(AZ_BEARER),
                expires_on: None
            }
        ),
    );
    show(
        "env",
        format!(
            "{env:?} {chain:?} {:?}",
            CredentialsChain::<AlibabaCredentials>::new("x")
        ),
    );
    show(
        "secret",
        format!(
            "{:?} {}",
            Secret::new(NS_PASSWORD),
            Secret::new(NS_PASSWORD)
        ),
    );

    // Clients and builders, each with secrets inside.
    let bailian = bailian_index::Client::builder()
        .base_url(e.base_url())
        .credentials(ali_sts.clone());
    show("builder", format!("{bailian:?}"));
    let bailian = bailian.build().unwrap();
    let gpdb = gpdb_docs::Client::builder()
        .base_url(e.base_url())
        .credentials(ali.clone())
        .build()
        .unwrap();
    let pai = pai_dataset::Client::builder()
        .base_url(e.base_url())
        .credentials(ali.clone())
        .build()
        .unwrap();
    let azure = azure_qna::Client::builder()
        .base_url(e.base_url())
        .credentials(az_key.clone())
        .build()
        .unwrap();
    let azure_bearer = azure_qna::Client::builder()
        .base_url(e.base_url())
        .credentials(az_bearer.clone())
        .build()
        .unwrap();
    let huawei = huawei_ies::Client::builder()
        .base_url(e.base_url())
        .credentials(HuaweiAuth::AkSk(hw.clone()))
        .build()
        .unwrap();
    let huawei_iam = huawei_ies::Client::builder()
        .base_url(e.base_url())
        .credentials(hw_token.clone())
        .build()
        .unwrap();
    show(
        "clients",
        format!(
            "{bailian:?} {gpdb:?} {pai:?} {azure:?} {azure_bearer:?} {huawei:?} {huawei_iam:?}"
        ),
    );

    // Requests with secrets.
    let gj = job(&e, Provider::Gpdb, Scenario::Succeed, 1_000, None);
    let mut greq = gpdb_req(&gj);
    greq.namespace_password = Secret::new(NS_PASSWORD);
    show("gpdb request", format!("{greq:?}"));
    let form = gpdb_docs::types::GetUploadDocumentJobForm {
        collection: "c".into(),
        job_id: "j".into(),
        namespace: None,
        namespace_password: jobstatus_runtime::WireSecret(Secret::new(NS_PASSWORD)),
    };
    show("gpdb form", format!("{form:?}"));

    // Successes (signed with every secret), then every error kind.
    let bj = job(&e, Provider::Bailian, Scenario::Succeed, 1_000, None);
    let aj = job(&e, Provider::Azure, Scenario::Succeed, 1_000, None);
    let pj = job(&e, Provider::Pai, Scenario::Succeed, 1_000, None);
    let hj = job(&e, Provider::Huawei, Scenario::Succeed, 1_000, None);
    show(
        "ok",
        succeeded(
            bailian
                .get_index_job_status(&bailian_req(&bj))
                .await
                .map(|r| r.into_inner()),
        ),
    );
    show(
        "ok",
        succeeded(
            azure
                .get_update_qnas_status(&azure_req(&aj))
                .await
                .map(|r| r.into_inner()),
        ),
    );
    show(
        "ok",
        succeeded(
            pai.get_dataset_job(&pai_req(&pj))
                .await
                .map(|r| r.into_inner()),
        ),
    );
    show(
        "ok",
        succeeded(
            huawei
                .show_task(id(&hj, "id"))
                .await
                .map(|r| r.into_inner()),
        ),
    );
    // Wrong password for the namespace: a 403 that must not echo it.
    show(
        "403",
        format!(
            "{:?}",
            gpdb.get_upload_document_job(&greq)
                .await
                .map(|r| r.into_inner())
        ),
    );
    // Bad signatures.
    let wrong = pai_dataset::Client::builder()
        .base_url(e.base_url())
        .credentials(AlibabaCredentials::new("LTAIleak", WRONG_SECRET))
        .build()
        .unwrap();
    let err = wrong.get_dataset_job(&pai_req(&pj)).await.unwrap_err();
    assert_eq!(err.code(), Some("SignatureDoesNotMatch"));
    show("bad signature", format!("{err} {err:?}"));
    let err = huawei_iam.show_task(id(&hj, "id")).await.unwrap_err();
    show("bad token", format!("{err} {err:?}"));
    // 4xx, 5xx, bad JSON, too large, timeout.
    for (kind, client_timeout) in [
        (FaultKind::Http500, None),
        (FaultKind::Http429, None),
        (FaultKind::InvalidJson, None),
        (FaultKind::Oversize, None),
        (FaultKind::Truncated, None),
        (FaultKind::Latency, Some(Duration::from_millis(50))),
    ] {
        e.add_fault(FaultRequest {
            provider: Provider::Azure,
            job: None,
            kind,
            count: 1,
            latency_ms: Some(500),
            retry_after_s: None,
            retry_after_header: None,
        });
        let client = match client_timeout {
            Some(t) => azure_qna::Client::builder()
                .base_url(e.base_url())
                .credentials(az_key.clone())
                .timeouts(Timeouts {
                    connect: Duration::from_secs(1),
                    request: t,
                })
                .build()
                .unwrap(),
            None => azure.clone(),
        };
        let err = client
            .get_update_qnas_status(&azure_req(&aj))
            .await
            .unwrap_err();
        show("fault", format!("{kind:?} {err} {err:?}"));
    }
    let err = huawei.show_task("missing").await.unwrap_err();
    show("404", format!("{err} {err:?}"));
    // Credentials problems and refusals.
    let err = chain.provide().await.unwrap_err();
    show("half-set env", format!("{err} {err:?}"));
    let err = azure_qna::Client::builder()
        .base_url("http://example.invalid")
        .credentials(az_bearer.clone())
        .build()
        .unwrap_err();
    show("bearer refused", format!("{err} {err:?}"));
    let closed = bailian_index::Client::builder()
        .base_url("http://127.0.0.1:9")
        .credentials(ali_sts.clone())
        .build()
        .unwrap();
    let err = closed
        .get_index_job_status(&bailian_req(&bj))
        .await
        .unwrap_err();
    show("transport", format!("{err} {err:?}"));
    let err = gpdb
        .get_upload_document_job(&gpdb_docs::GetUploadDocumentJob::new(
            "gp",
            "r",
            "c",
            "j",
            NS_PASSWORD,
        ))
        .await
        .unwrap_err();
    show("gpdb 404", format!("{err} {err:?}"));

    // The facade: its handle, a wait that fails, a status and its JSON form.
    let jobs = jobstatus_core::Jobs::builder()
        .alibaba_credentials(ali_sts.clone())
        .huawei_credentials(hw_plain.clone())
        .azure_credentials(az_key.clone())
        .gpdb_namespace_password(NS_PASSWORD)
        .gpdb_namespace_password_for("gp", "public", NS_PASSWORD)
        .build()
        .unwrap();
    show("jobs", format!("{jobs:?}"));
    let gpdb_ref: jobstatus_core::JobRef = format!(
        "jobstatus:gpdb-docs?endpoint={}&DBInstanceId=gp&RegionId=r&Collection=c&JobId=j",
        e.base_url()
    )
    .parse()
    .unwrap();
    let err = jobs.wait(&gpdb_ref).await.unwrap_err();
    show("core wait", format!("{err} {err:?}"));
    let core_ok = jobstatus_core::Jobs::builder()
        .alibaba_credentials(ali.clone())
        .build()
        .unwrap();
    let pai_ref: jobstatus_core::JobRef = format!(
        "jobstatus:pai-dataset?endpoint={}&DatasetId={}&DatasetJobId={}",
        e.base_url(),
        pj.ids["DatasetId"],
        pj.ids["DatasetJobId"]
    )
    .parse()
    .unwrap();
    let status = core_ok.get(&pai_ref).await.unwrap();
    show(
        "core status",
        format!("{status:?} {}", serde_json::to_string(&status).unwrap()),
    );

    e.shutdown().await;
    let logs = String::from_utf8_lossy(&logs.0.lock().unwrap()).into_owned();
    assert!(
        logs.contains("jobstatus::http"),
        "TRACE capture must see our request logs:\n{logs}"
    );
    let everything = format!("{}\n{logs}", seen.join("\n"));
    for marker in MARKERS {
        let at = everything
            .find(marker)
            .map(|i| &everything[i.saturating_sub(300)..(i + 100).min(everything.len())]);
        assert!(
            at.is_none(),
            "secret {marker} leaked:\n…{}…",
            at.unwrap_or_default()
        );
    }
}
