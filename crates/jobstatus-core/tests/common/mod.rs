//! The emulator, a scaled clock, and a `Jobs` wired to both.

#![allow(dead_code)]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use jobstatus_core::credentials::{AlibabaCredentials, AzureAuth, HuaweiAuth, HuaweiCredentials};
use jobstatus_core::{Clock, JobRef, Jobs, JobsBuilder, Sleep};
use jobstatus_emulator::{Config, CreatedJob, Emulator, JobRequest, Provider, Scenario};
use tokio::time::Instant;

/// How much faster than real time the tests run: the clock's virtual seconds and the
/// emulator's emulated seconds both pass `SCALE` times faster.
pub const SCALE: f64 = 200.0;

/// A clock whose time runs `SCALE` times faster than real time, and which records every sleep
/// asked of it in virtual time, so tests can compare poll gaps with the policy exactly.
#[derive(Debug)]
pub struct ScaledClock {
    start: Instant,
    scale: f64,
    pub sleeps: Mutex<Vec<Duration>>,
}

impl ScaledClock {
    pub fn new(scale: f64) -> Arc<ScaledClock> {
        Arc::new(ScaledClock {
            start: Instant::now(),
            scale,
            sleeps: Mutex::new(Vec::new()),
        })
    }

    pub fn sleeps(&self) -> Vec<Duration> {
        self.sleeps.lock().unwrap().clone()
    }
}

impl Clock for ScaledClock {
    fn now(&self) -> Instant {
        self.start + self.start.elapsed().mul_f64(self.scale)
    }

    fn sleep(&self, d: Duration) -> Sleep {
        self.sleeps.lock().unwrap().push(d);
        Box::pin(tokio::time::sleep(d.div_f64(self.scale)))
    }
}

pub async fn emulator(config: Config) -> Emulator {
    emulator_at(config, SCALE).await
}

pub async fn emulator_at(config: Config, scale: f64) -> Emulator {
    Emulator::start(Config {
        speed: scale,
        ..config
    })
    .await
    .expect("emulator starts")
}

pub fn builder(e: &Emulator, clock: Arc<ScaledClock>) -> JobsBuilder {
    let c = e.credentials();
    Jobs::builder()
        .alibaba_credentials(AlibabaCredentials::new(
            c.alibaba.access_key_id.clone(),
            c.alibaba.access_key_secret.as_str(),
        ))
        .huawei_credentials(HuaweiAuth::AkSk(HuaweiCredentials::new(
            c.huawei.ak.clone(),
            c.huawei.sk.as_str(),
            c.huawei.project_id.clone(),
        )))
        .azure_credentials(AzureAuth::key(c.azure.key.as_str()))
        .clock(clock)
}

/// Creates a job and returns its reference, registering gpdb's password with `jobs`.
pub fn create(
    e: &Emulator,
    jobs: &Jobs,
    provider: Provider,
    scenario: Scenario,
    duration_ms: u64,
) -> (CreatedJob, JobRef) {
    let created = e
        .create_job(&JobRequest {
            provider,
            scenario,
            duration_ms: Some(duration_ms),
            items: None,
        })
        .expect("scenario supported");
    if let Some(p) = created.ids.get("NamespacePassword") {
        jobs.add_gpdb_namespace_password(
            &created.ids["DBInstanceId"],
            &created.ids["Namespace"],
            p.as_str(),
        );
    }
    let job: JobRef = created
        .job
        .parse()
        .expect("the emulator's reference parses");
    (created, job)
}

pub fn core_provider(p: Provider) -> jobstatus_core::Provider {
    p.as_str().parse().unwrap()
}

/// The state a scenario ends in, with Huawei's `task_status` 3 mapped to failed.
pub fn expected(scenario: Scenario) -> jobstatus_core::JobState {
    use jobstatus_core::JobState;
    match scenario {
        Scenario::Succeed => JobState::Succeeded,
        Scenario::Partial => JobState::PartiallySucceeded,
        Scenario::Cancel => JobState::Cancelled,
        // Huawei's failed task still counts the items that succeeded before it failed, so
        // from the counts alone it is partial; the tests map `task_status` 3 to failed.
        Scenario::Fail => JobState::Failed,
    }
}

/// Job `i` of a mixed load: the providers in turn, each with the next scenario it can express.
pub fn mixed(i: u64) -> (Provider, Scenario) {
    let provider = Provider::ALL[(i % 5) as usize];
    let scenario = [
        Scenario::Succeed,
        Scenario::Partial,
        Scenario::Fail,
        Scenario::Cancel,
    ]
    .into_iter()
    .cycle()
    .skip((i / 5) as usize % 4)
    .find(|s| provider.supports(*s, 3).is_ok())
    .unwrap_or(Scenario::Succeed);
    (provider, scenario)
}
