//! The waiter and the stream against the emulator over loopback, on a scaled clock.

mod common;

use std::time::Duration;

use common::{ScaledClock, builder, create, emulator};
use futures::StreamExt;
use jobstatus_core::{Error, JobState, PollPolicy, Provider as P};
use jobstatus_emulator::{Config, FaultKind, FaultRequest, Provider, Scenario};

fn secs(d: &[Duration]) -> Vec<f64> {
    d.iter()
        .map(|d| (d.as_secs_f64() * 1000.0).round() / 1000.0)
        .collect()
}

fn fixed(min: u64, max: u64, multiplier: f64) -> PollPolicy {
    PollPolicy::for_provider(P::Azure)
        .with_delays(Duration::from_secs(min), Duration::from_secs(max))
        .with_multiplier(multiplier)
        .with_jitter(0.0)
}

#[tokio::test]
async fn poll_gaps_follow_the_policy() {
    let e = emulator(Config::default()).await;
    let clock = ScaledClock::new(common::SCALE);
    let jobs = builder(&e, clock.clone()).build().unwrap();
    let (created, job) = create(&e, &jobs, Provider::Azure, Scenario::Succeed, 60_000);
    let policy = fixed(2, 10, 2.0).with_initial_delay(Duration::from_secs(1));
    let done = jobs.wait_with(&job, policy.clone()).await.unwrap();
    assert_eq!(done.state, JobState::Succeeded);
    let sleeps = clock.sleeps();
    // The initial delay, then 2, 4, 8, 10, 10, … as the policy says.
    let mut expected = vec![Duration::from_secs(1)];
    expected.extend((0..sleeps.len() as u32 - 1).map(|n| policy.backoff(n)));
    assert_eq!(secs(&sleeps), secs(&expected));
    assert_eq!(&secs(&sleeps)[..5], &[1.0, 2.0, 4.0, 8.0, 10.0]);
    // One request per poll, no more.
    let polls = e.stats().by_job[&format!("azure-qna/{}", created.ids["jobId"])];
    assert_eq!(polls as usize, sleeps.len());
}

#[tokio::test]
async fn jitter_keeps_gaps_between_the_floor_and_the_backoff() {
    let e = emulator(Config::default()).await;
    let clock = ScaledClock::new(common::SCALE);
    let jobs = builder(&e, clock.clone()).build().unwrap();
    let (_, job) = create(&e, &jobs, Provider::Pai, Scenario::Succeed, 40_000);
    let policy = fixed(2, 8, 2.0).with_jitter(0.5);
    jobs.wait_with(&job, policy.clone()).await.unwrap();
    let sleeps = clock.sleeps();
    assert!(sleeps.len() >= 4);
    for (n, d) in sleeps.iter().enumerate() {
        assert!(
            *d >= policy.min_delay && *d <= policy.backoff(n as u32),
            "gap {n}: {d:?}"
        );
    }
}

#[tokio::test]
async fn bailian_is_never_polled_faster_than_every_five_seconds() {
    // The emulator refuses a Bailian job polled again within 5 virtual seconds.
    let e = emulator(Config {
        bailian_min_interval_ms: Some((5000.0 / common::SCALE) as u64),
        ..Config::default()
    })
    .await;
    let clock = ScaledClock::new(common::SCALE);
    let jobs = builder(&e, clock.clone()).build().unwrap();
    let (_, job) = create(&e, &jobs, Provider::Bailian, Scenario::Partial, 40_000);
    // Ask for 100 ms; the floor makes it 5 s.
    let policy = PollPolicy::for_provider(P::Bailian)
        .with_delays(Duration::from_millis(100), Duration::from_millis(100))
        .with_jitter(0.0);
    let seen: Vec<_> = jobs.watch_with(&job, policy).collect().await;
    assert!(seen.iter().all(|s| s.is_ok()), "throttled: {seen:?}");
    assert_eq!(
        seen.last().unwrap().as_ref().unwrap().state,
        JobState::PartiallySucceeded
    );
    let sleeps = clock.sleeps();
    assert!(sleeps.len() >= 4, "{sleeps:?}");
    assert!(
        sleeps.iter().all(|d| *d == Duration::from_secs(5)),
        "{sleeps:?}"
    );
}

#[tokio::test]
async fn retry_after_and_x_acs_retry_after_are_honoured() {
    let e = emulator(Config::default()).await;
    let clock = ScaledClock::new(common::SCALE);
    let jobs = builder(&e, clock.clone()).build().unwrap();
    let policy = fixed(1, 2, 1.0);

    // Huawei: 429 with Retry-After: 7.
    let (created, job) = create(&e, &jobs, Provider::Huawei, Scenario::Succeed, 10_000);
    e.add_fault(fault(
        Provider::Huawei,
        &created.ids["id"],
        FaultKind::Http429,
        Some(7),
    ));
    jobs.wait_with(&job, policy.clone()).await.unwrap();
    assert_eq!(clock.sleeps()[0], Duration::from_secs(7));

    // PAI: Throttling.User with x-acs-retry-after: 9.
    clock.sleeps.lock().unwrap().clear();
    let (created, job) = create(&e, &jobs, Provider::Pai, Scenario::Succeed, 10_000);
    e.add_fault(fault(
        Provider::Pai,
        &created.ids["DatasetJobId"],
        FaultKind::Throttling,
        Some(9),
    ));
    jobs.wait_with(&job, policy).await.unwrap();
    assert_eq!(clock.sleeps()[0], Duration::from_secs(9));
}

fn fault(
    provider: Provider,
    job: &str,
    kind: FaultKind,
    retry_after_s: Option<u64>,
) -> FaultRequest {
    FaultRequest {
        provider,
        job: Some(job.to_owned()),
        kind,
        count: 1,
        latency_ms: Some(20),
        retry_after_s,
        retry_after_header: None,
    }
}

fn job_id(provider: Provider, created: &jobstatus_emulator::CreatedJob) -> String {
    let key = match provider {
        Provider::Bailian | Provider::Gpdb => "JobId",
        Provider::Azure => "jobId",
        Provider::Pai => "DatasetJobId",
        Provider::Huawei => "id",
    };
    created.ids[key].clone()
}

#[tokio::test]
async fn the_waiter_survives_every_transient_fault_on_every_provider() {
    let e = emulator(Config::default()).await;
    let clock = ScaledClock::new(common::SCALE);
    let jobs = builder(&e, clock.clone())
        .huawei_task_status("3", JobState::Failed)
        .build()
        .unwrap();
    let transient = [
        FaultKind::Http500,
        FaultKind::Http503,
        FaultKind::Http429,
        FaultKind::Throttling,
        FaultKind::Reset,
        FaultKind::Truncated,
        FaultKind::InvalidJson,
        FaultKind::Latency,
        FaultKind::UnknownStatus,
    ];
    let cases = [
        (
            Provider::Bailian,
            Scenario::Partial,
            JobState::PartiallySucceeded,
        ),
        (Provider::Gpdb, Scenario::Cancel, JobState::Cancelled),
        (
            Provider::Azure,
            Scenario::Partial,
            JobState::PartiallySucceeded,
        ),
        (Provider::Pai, Scenario::Fail, JobState::Failed),
        (Provider::Huawei, Scenario::Fail, JobState::Failed),
    ];
    let policy = fixed(2, 2, 1.0).with_max_elapsed(Some(Duration::from_secs(3600)));
    let mut waits = Vec::new();
    for (provider, scenario, want) in cases {
        // Long enough that the faults are all met before the job ends, even with the
        // requests' own (scaled) latency.
        let (created, job) = create(&e, &jobs, provider, scenario, 600_000);
        let id = job_id(provider, &created);
        for kind in transient {
            e.add_fault(fault(provider, &id, kind, Some(1)));
        }
        let jobs = jobs.clone();
        let policy = policy.clone();
        waits.push(async move {
            let items: Vec<_> = jobs.watch_with(&job, policy).collect().await;
            (provider, want, items)
        });
    }
    for (provider, want, items) in futures::future::join_all(waits).await {
        let errors: Vec<&Error> = items.iter().filter_map(|i| i.as_ref().err()).collect();
        // Every error fault shows as a retryable item; latency and an unknown status are not errors.
        assert_eq!(errors.len(), 7, "{provider}: {errors:#?}");
        assert!(
            errors.iter().all(|e| e.is_retryable()),
            "{provider}: {errors:#?}"
        );
        let statuses: Vec<_> = items.iter().filter_map(|i| i.as_ref().ok()).collect();
        let states: Vec<JobState> = statuses.iter().map(|s| s.state.clone()).collect();
        if provider == Provider::Huawei {
            // Huawei's state is derived from its counts; the undocumented value is kept raw.
            assert!(
                statuses.iter().any(|s| s.raw_state.as_deref() == Some("9")),
                "{states:?}"
            );
        } else {
            assert!(
                states.iter().any(|s| matches!(s, JobState::Unknown(_))),
                "{provider}: {states:?}"
            );
        }
        assert_eq!(states.last(), Some(&want), "{provider}: {states:?}");
    }
}

#[tokio::test]
async fn an_unknown_state_does_not_end_the_wait() {
    let e = emulator(Config::default()).await;
    let clock = ScaledClock::new(common::SCALE);
    let jobs = builder(&e, clock.clone()).build().unwrap();
    let (created, job) = create(&e, &jobs, Provider::Gpdb, Scenario::Succeed, 5_000);
    let mut f = fault(
        Provider::Gpdb,
        &created.ids["JobId"],
        FaultKind::UnknownStatus,
        None,
    );
    f.count = 4;
    e.add_fault(f);
    let items: Vec<_> = jobs.watch_with(&job, fixed(1, 1, 1.0)).collect().await;
    let states: Vec<_> = items.into_iter().map(|i| i.unwrap().state).collect();
    assert!(
        matches!(&states[0], JobState::Unknown(raw) if !raw.is_empty()),
        "{states:?}"
    );
    assert!(!states[0].is_terminal());
    assert_eq!(states.last(), Some(&JobState::Succeeded));
    // Four unknown answers polled through, then the real ones.
    assert!(e.stats().by_job[&format!("gpdb-docs/{}", created.ids["JobId"])] >= 5);
}

#[tokio::test]
async fn permanent_errors_end_the_wait_at_once() {
    let e = emulator(Config::default()).await;
    let clock = ScaledClock::new(common::SCALE);
    let jobs = builder(&e, clock.clone()).build().unwrap();

    // A job that does not exist: 404, one request, no retry.
    let (created, job) = create(&e, &jobs, Provider::Pai, Scenario::Succeed, 10_000);
    let missing: jobstatus_core::JobRef = job
        .to_string()
        .replace(&created.ids["DatasetJobId"], "dsjob-missing")
        .parse()
        .unwrap();
    let err = jobs
        .wait_with(&missing, fixed(1, 1, 1.0))
        .await
        .unwrap_err();
    assert!(!err.is_retryable(), "{err}");
    assert_eq!(
        err.provider_error().and_then(|e| e.status()),
        Some(404),
        "{err}"
    );
    assert!(err.to_string().contains("request id"), "{err}");
    assert_eq!(e.stats().by_provider["pai-dataset"], 1);

    // Wrong credentials: refused once, not retried.
    let wrong = Jobs::builder()
        .clock(clock.clone())
        .alibaba_credentials(jobstatus_core::credentials::AlibabaCredentials::new(
            "LTAIEmulatorAccessKey",
            "not-the-secret",
        ))
        .build()
        .unwrap();
    let before = e.stats().auth_failures;
    let err = wrong.wait_with(&job, fixed(1, 1, 1.0)).await.unwrap_err();
    assert!(!err.is_retryable(), "{err}");
    assert_eq!(e.stats().auth_failures, before + 1);
    assert!(
        clock.sleeps().is_empty(),
        "a permanent error must not wait: {:?}",
        clock.sleeps()
    );

    // A body over the cap is an error at once, not a retry.
    let (created, job) = create(&e, &jobs, Provider::Azure, Scenario::Succeed, 10_000);
    e.add_fault(fault(
        Provider::Azure,
        &created.ids["jobId"],
        FaultKind::Oversize,
        None,
    ));
    let err = jobs.wait_with(&job, fixed(1, 1, 1.0)).await.unwrap_err();
    assert!(
        matches!(
            err.provider_error(),
            Some(jobstatus_runtime::Error::BodyTooLarge { .. })
        ),
        "{err}"
    );
}

use jobstatus_core::Jobs;

#[tokio::test]
async fn the_time_limit_gives_the_typed_timeout_with_the_last_status() {
    let e = emulator(Config::default()).await;
    let clock = ScaledClock::new(common::SCALE);
    let jobs = builder(&e, clock.clone()).build().unwrap();
    let (_, job) = create(&e, &jobs, Provider::Huawei, Scenario::Succeed, 3_600_000);
    let policy = fixed(4, 4, 1.0).with_max_elapsed(Some(Duration::from_secs(30)));
    let err = jobs.wait_with(&job, policy).await.unwrap_err();
    let Error::TimedOut {
        elapsed,
        attempts,
        last,
        ..
    } = &err
    else {
        panic!("{err}")
    };
    let last = last.as_ref().expect("a status was seen");
    assert_eq!(last.state, JobState::Pending);
    // Polls every 4 s for 30 s; each request's real latency, scaled, takes some of that time.
    assert!(*attempts >= 4, "{attempts}");
    // Given up before the limit would be passed by another sleep; `elapsed` may run past 30 s
    // only by the last answer's own (scaled) latency.
    assert!(*elapsed <= Duration::from_secs(40), "{elapsed:?}");
    // No poll was scheduled past the limit.
    let total: Duration = clock.sleeps().iter().sum();
    assert!(total <= Duration::from_secs(30), "{total:?}");
    assert!(
        err.to_string().contains("time limit") && err.to_string().contains("pending"),
        "{err}"
    );
    assert_eq!(
        err.last_status().map(|s| &s.state),
        Some(&JobState::Pending)
    );

    let err = jobs
        .wait_with(&job, fixed(1, 1, 1.0).with_max_attempts(Some(3)))
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::AttemptsExhausted { attempts: 3, .. }),
        "{err}"
    );
}

#[tokio::test]
async fn dropping_the_wait_stops_polling() {
    let e = emulator(Config::default()).await;
    let clock = ScaledClock::new(common::SCALE);
    let jobs = builder(&e, clock.clone()).build().unwrap();
    let (_, job) = create(&e, &jobs, Provider::Azure, Scenario::Succeed, 3_600_000);
    let wait = jobs.wait_with(&job, fixed(1, 1, 1.0));
    // 50 virtual seconds, then drop.
    let _ = tokio::time::timeout(Duration::from_secs_f64(50.0 / common::SCALE), wait).await;
    // A request sent just before the drop may still be on its way to the server: let it land
    // (a real 100 ms), then count.
    tokio::time::sleep(Duration::from_millis(100)).await;
    let after_drop = e.stats().by_provider["azure-qna"];
    assert!(after_drop >= 5, "{after_drop}");
    tokio::time::sleep(Duration::from_secs_f64(20.0 / common::SCALE)).await;
    assert_eq!(e.stats().by_provider["azure-qna"], after_drop);
}

#[tokio::test]
async fn watch_yields_changes_only_and_ends_after_the_terminal_status() {
    let e = emulator(Config::default()).await;
    let clock = ScaledClock::new(common::SCALE);
    let jobs = builder(&e, clock.clone()).build().unwrap();
    let (created, job) = create(&e, &jobs, Provider::Pai, Scenario::Succeed, 200_000);
    let items: Vec<_> = jobs.watch_with(&job, fixed(1, 1, 1.0)).collect().await;
    let statuses: Vec<_> = items.into_iter().map(|i| i.unwrap()).collect();
    let polls = e.stats().by_job[&format!("pai-dataset/{}", created.ids["DatasetJobId"])] as usize;
    assert!(
        statuses.len() < polls,
        "{} items for {polls} polls",
        statuses.len()
    );
    for pair in statuses.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        assert!(
            a.state != b.state || a.progress != b.progress,
            "{a:?} then {b:?}"
        );
    }
    assert!(statuses.iter().any(|s| s.state == JobState::Running));
    let last = statuses.last().unwrap();
    assert_eq!(
        (last.state.clone(), last.progress.succeeded),
        (JobState::Succeeded, Some(100))
    );
    assert_eq!(statuses.iter().filter(|s| s.is_terminal()).count(), 1);
}

#[tokio::test]
async fn bailian_documents_are_paged_to_the_end() {
    let e = emulator(Config::default()).await;
    let clock = ScaledClock::new(common::SCALE);
    let jobs = builder(&e, clock.clone()).build().unwrap();
    let created = e
        .create_job(&jobstatus_emulator::JobRequest {
            provider: Provider::Bailian,
            scenario: Scenario::Partial,
            duration_ms: Some(1_000),
            items: Some(95),
        })
        .unwrap();
    let job: jobstatus_core::JobRef = created.job.parse().unwrap();
    tokio::time::sleep(Duration::from_secs_f64(2.0 / common::SCALE)).await;
    let docs: Vec<_> = jobs.documents(&job, 10).collect().await;
    let docs: Vec<_> = docs.into_iter().map(|d| d.unwrap()).collect();
    assert_eq!(docs.len(), 95);
    let ids: std::collections::HashSet<_> = docs.iter().map(|d| d.id.clone()).collect();
    assert_eq!(ids.len(), 95, "every document once");
    let failed = docs.iter().filter(|d| d.state == JobState::Failed).count();
    assert_eq!(failed, (0..95).filter(|i| i % 3 == 1).count());
    assert!(
        docs.iter()
            .filter(|d| d.state == JobState::Failed)
            .all(|d| d.error.is_some())
    );
    // Ten pages: nine full, one of five.
    assert_eq!(e.stats().by_provider["bailian-index"], 10);
}

/// For each provider's default policy (without jitter, so its schedule is known): a job that
/// ends at 90 % of the wait's time limit, between two scheduled polls, with the next scheduled
/// poll after the limit. The waiter cuts its last gap to the time left and sees the job end.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_job_ending_at_ninety_percent_of_the_time_limit_is_seen_ending() {
    const SCALE: f64 = 20.0;
    let e = common::emulator_at(Config::default(), SCALE).await;
    let clock = ScaledClock::new(SCALE);
    let jobs = builder(&e, clock.clone()).build().unwrap();
    let mut waits = Vec::new();
    for provider in Provider::ALL {
        let p = common::core_provider(provider);
        let policy = jobs.policy_for(p).with_jitter(0.0);
        // The schedule: poll times from the start, in seconds.
        let mut times = vec![policy.initial_delay.as_secs_f64()];
        for n in 0..40 {
            let next = times[n] + policy.delay(n as u32, 0.0).as_secs_f64();
            times.push(next);
        }
        // Two polls far enough apart that the job's end (0.9 T) and the limit (T) both fall
        // between them, with room for request latency.
        let (t_k, t_next) = times
            .windows(2)
            .map(|w| (w[0], w[1]))
            .find(|(a, b)| *a >= 10.0 && b - a >= 20.0 && 0.9 * (b - 4.0) > a + 3.0)
            .expect("a wide enough gap");
        let limit = t_next - 4.0;
        let ends = 0.9 * limit;
        assert!(
            t_k + 3.0 < ends && limit < t_next,
            "{provider}: {t_k} {ends} {limit} {t_next}"
        );
        let (_, job) = create(
            &e,
            &jobs,
            provider,
            Scenario::Succeed,
            (ends * 1000.0) as u64,
        );
        let policy = policy.with_max_elapsed(Some(Duration::from_secs_f64(limit)));
        let jobs = jobs.clone();
        waits.push(tokio::spawn(async move {
            (provider, limit, jobs.wait_with(&job, policy).await)
        }));
    }
    for w in waits {
        let (provider, limit, result) = w.await.unwrap();
        let status = result.unwrap_or_else(|err| {
            panic!("{provider}: a job ending at 90 % of a {limit:.0}s limit was missed: {err}")
        });
        assert_eq!(status.state, JobState::Succeeded, "{provider}");
    }
}
