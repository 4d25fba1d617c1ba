//! Clients resolve credentials once, not on every request (the identity cache is in front of
//! every provider a client is given, and `Jobs` shares one per vendor).

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

use jobstatus_runtime::credentials::{
    AlibabaCredentials, HuaweiAuth, HuaweiCredentials, ProvideCredentials, Provided,
};
use jobstatus_tests::{Canned, CannedServer};

#[derive(Debug, Default)]
struct Counting(AtomicU32);

impl ProvideCredentials for Counting {
    type Credentials = AlibabaCredentials;
    fn provide(&self) -> Provided<'_, AlibabaCredentials> {
        self.0.fetch_add(1, Ordering::SeqCst);
        Box::pin(async { Ok(AlibabaCredentials::new("id", "secret")) })
    }
}

#[derive(Debug, Default)]
struct CountingHuawei(AtomicU32);

impl ProvideCredentials for CountingHuawei {
    type Credentials = HuaweiAuth;
    fn provide(&self) -> Provided<'_, HuaweiAuth> {
        self.0.fetch_add(1, Ordering::SeqCst);
        Box::pin(async { Ok(HuaweiAuth::AkSk(HuaweiCredentials::new("AK", "SK", "p"))) })
    }
}

#[derive(Debug)]
struct Shared<P>(Arc<P>);

impl<P: ProvideCredentials> ProvideCredentials for Shared<P> {
    type Credentials = P::Credentials;
    fn provide(&self) -> Provided<'_, P::Credentials> {
        self.0.provide()
    }
}

#[tokio::test]
async fn a_client_resolves_its_credentials_once_for_many_calls() {
    let server = CannedServer::start(Canned::json(200, r#"{"Status":"Running"}"#)).await;
    let count = Arc::new(Counting::default());
    let client = pai_dataset::Client::builder()
        .base_url(server.base_url())
        .credentials_provider(Shared(count.clone()))
        .build()
        .unwrap();
    for _ in 0..50 {
        client
            .get_dataset_job(&pai_dataset::GetDatasetJob::new("d", "j"))
            .await
            .unwrap();
    }
    assert_eq!(server.received().len(), 50);
    assert_eq!(count.0.load(Ordering::SeqCst), 1);

    // Huawei used to resolve twice per call (the project, then the signature).
    let server = CannedServer::start(Canned::json(200, r#"{"total_count":1}"#)).await;
    let hw = Arc::new(CountingHuawei::default());
    let client = huawei_ies::Client::builder()
        .base_url(server.base_url())
        .credentials_provider(Shared(hw.clone()))
        .build()
        .unwrap();
    for _ in 0..20 {
        client.show_task("t").await.unwrap();
    }
    assert_eq!(hw.0.load(Ordering::SeqCst), 1);
}
