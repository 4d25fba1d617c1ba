//! Status calls over HTTPS: the emulator serves TLS with a CA it makes at start, and every
//! provider's client trusts that CA only when told to.

mod common;

use common::*;
use jobstatus_core::{JobRef, JobState, Jobs};
use jobstatus_emulator::{Config, Emulator, Provider, Scenario};

async fn tls_emulator() -> Emulator {
    Emulator::start(Config {
        speed: 1000.0,
        tls: true,
        ..Config::default()
    })
    .await
    .expect("the emulator starts with TLS")
}

fn jobs(e: &Emulator, trust: bool) -> Jobs {
    let mut b = Jobs::builder()
        .alibaba_credentials(alibaba(e))
        .huawei_credentials(huawei(e))
        .azure_credentials(azure(e));
    if trust {
        b = b
            .add_root_certificate_pem(e.ca_cert_pem().expect("a CA with TLS").as_bytes())
            .unwrap();
    }
    b.build().unwrap()
}

fn reference(e: &Emulator, jobs: &Jobs, provider: Provider) -> JobRef {
    let created = job(e, provider, Scenario::Succeed, 1_000, None);
    if let Some(p) = created.ids.get("NamespacePassword") {
        jobs.add_gpdb_namespace_password(
            &created.ids["DBInstanceId"],
            &created.ids["Namespace"],
            p.as_str(),
        );
    }
    created.job.parse().unwrap()
}

#[tokio::test]
async fn every_provider_answers_over_tls_with_the_emulators_ca() {
    let e = tls_emulator().await;
    assert!(
        e.base_url().starts_with("https://127.0.0.1:"),
        "{}",
        e.base_url()
    );
    assert!(e.startup_line().contains("BEGIN CERTIFICATE"));
    let jobs = jobs(&e, true);
    for p in Provider::ALL {
        let job = reference(&e, &jobs, p);
        let status = jobs
            .get(&job)
            .await
            .unwrap_or_else(|err| panic!("{p}: {err}"));
        assert_eq!(status.provider.as_str(), p.as_str());
        let done = jobs
            .wait(&job)
            .await
            .unwrap_or_else(|err| panic!("{p}: {err}"));
        assert_eq!(done.state, JobState::Succeeded, "{p}");
    }
    // No process-wide crypto provider was installed on the way: a user's own rustls and
    // reqwest set-up is theirs.
    assert!(rustls::crypto::CryptoProvider::get_default().is_none());
    // Every request arrived over TLS and passed its vendor's auth check.
    let stats = e.stats();
    assert_eq!(stats.auth_failures, 0);
    for p in Provider::ALL {
        assert!(stats.by_provider[p.as_str()] >= 2, "{p}");
    }
}

#[tokio::test]
async fn an_untrusted_certificate_is_refused_clearly() {
    let e = tls_emulator().await;
    let jobs = jobs(&e, false);
    let job = reference(&e, &jobs, Provider::Azure);
    let err = jobs.get(&job).await.unwrap_err();
    let text = format!("{err} {:?}", std::error::Error::source(&err));
    assert!(
        matches!(
            err,
            jobstatus_core::Error::Provider(jobstatus_runtime::Error::Transport { .. })
        ),
        "{err:?}"
    );
    assert!(text.contains("no answer from the server"), "{text}");
    assert!(
        err.to_string().to_lowercase().contains("certificate"),
        "the message itself says why: {err}"
    );
    let mut chain = String::new();
    let mut source: Option<&dyn std::error::Error> = Some(&err);
    while let Some(s) = source {
        chain.push_str(&s.to_string());
        chain.push_str(" | ");
        source = s.source();
    }
    assert!(
        chain.contains("certificate") || chain.contains("UnknownIssuer"),
        "{chain}"
    );
    // No request got through to a handler.
    assert!(e.stats().by_provider.values().all(|n| *n == 0));
}

#[tokio::test]
async fn a_pem_that_is_not_a_certificate_is_an_error() {
    let err = Jobs::builder()
        .add_root_certificate_pem(b"not a certificate")
        .unwrap_err();
    assert!(err.to_string().contains("certificate"), "{err}");
}
