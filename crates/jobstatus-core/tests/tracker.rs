//! A thousand jobs on five providers, tracked together against the emulator.

mod common;

use std::collections::HashMap;

use common::{ScaledClock, builder, core_provider, create, emulator_at, expected, mixed};
use jobstatus_core::{JobState, RateLimit, Tracker};
use jobstatus_emulator::{Config, Provider};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_jobs_all_finish_right_within_the_rate_limit() {
    // A slower scale than the other tests: here the emulator's real cost per request, scaled,
    // must stay well below the rate limit's spacing.
    const SCALE: f64 = 20.0;
    const PER_SECOND: f64 = 10.0;
    let e = emulator_at(Config::default(), SCALE).await;
    let clock = ScaledClock::new(SCALE);
    let mut b = builder(&e, clock.clone()).huawei_task_status("3", JobState::Failed);
    for p in Provider::ALL {
        b = b.rate_limit(
            core_provider(p),
            RateLimit::per_second(PER_SECOND).with_burst(5),
        );
    }
    let jobs = b.build().unwrap();
    let mut tracker = Tracker::new(&jobs).max_in_flight(16);
    let started = jobs_clock_now(&clock);
    let mut want = HashMap::new();
    for i in 0..1000u64 {
        let (provider, scenario) = mixed(i);
        let (_, job) = create(&e, &jobs, provider, scenario, 60_000 + (i % 7) * 10_000);
        want.insert(job.to_string(), expected(scenario));
        tracker.add(job);
    }
    let mut finished = 0;
    let mut order = Vec::new();
    while let Some(done) = tracker.next().await {
        let status = done.result.unwrap_or_else(|e| panic!("{}: {e}", done.job));
        assert_eq!(status.state, want[&done.job.to_string()], "{}", done.job);
        order.push(done.elapsed);
        finished += 1;
    }
    assert_eq!(finished, 1000);
    let elapsed = jobs_clock_now(&clock) - started;
    // The shared budget held for every provider: no more than the burst plus the rate.
    let stats = e.stats();
    for p in Provider::ALL {
        let sent = stats.by_provider[p.as_str()] as f64;
        let allowed = 5.0 + PER_SECOND * elapsed.as_secs_f64();
        assert!(
            sent <= allowed,
            "{p}: {sent} requests in {elapsed:?} (allowed {allowed})"
        );
        assert!(sent >= 200.0 * 2.0, "{p}: only {sent} requests");
    }
    // Jobs came out as they finished: the short ones did not wait for the long ones.
    assert!(
        order.first() < order.last(),
        "{:?} … {:?}",
        order.first(),
        order.last()
    );
}

fn jobs_clock_now(clock: &ScaledClock) -> tokio::time::Instant {
    jobstatus_core::Clock::now(clock)
}
