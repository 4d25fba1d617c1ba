//! Many jobs at once: a [`Tracker`] waits on thousands of jobs, with a cap on requests in flight
//! and each provider's shared rate limit, and hands jobs back as they finish.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Semaphore;
use tokio::task::{Id, JoinSet};

use crate::policy::PollPolicy;
use crate::waiter::drive;
use crate::{Error, JobRef, JobStatus, Jobs};

/// Requests in flight across all jobs of a tracker, unless set.
pub const DEFAULT_MAX_IN_FLIGHT: usize = 64;

/// A job the tracker is done with.
#[derive(Debug)]
pub struct Finished {
    /// The job.
    pub job: JobRef,
    /// Its terminal status, or why waiting ended without one.
    pub result: Result<JobStatus, Error>,
    /// Polls made for it.
    pub attempts: u32,
    /// Transient errors met on the way.
    pub transient_errors: u32,
    /// Time from being added to finishing.
    pub elapsed: Duration,
    /// Time from being added to the first request (the initial delay plus any queueing behind
    /// the concurrency cap and the rate limit).
    pub first_poll_after: Option<Duration>,
}

/// Waits on many jobs at once. Each job polls by its provider's policy; all share the
/// [`Jobs`]' connection pools and per-provider rate limits, and at most
/// [`max_in_flight`](Tracker::max_in_flight) requests run at once. Dropping the tracker stops
/// every wait.
///
/// ```no_run
/// # async fn demo(jobs: jobstatus_core::Jobs, refs: Vec<jobstatus_core::JobRef>) {
/// let mut tracker = jobstatus_core::Tracker::new(&jobs).max_in_flight(32);
/// for job in refs {
///     tracker.add(job);
/// }
/// while let Some(done) = tracker.next().await {
///     match done.result {
///         Ok(status) => println!("{}: {}", done.job, status.state),
///         Err(e) => eprintln!("{}: {e}", done.job),
///     }
/// }
/// # }
/// ```
#[derive(Debug)]
pub struct Tracker {
    jobs: Jobs,
    gate: Arc<Semaphore>,
    tasks: JoinSet<Finished>,
    refs: HashMap<Id, JobRef>,
}

impl Tracker {
    /// A tracker over `jobs`' clients and limits.
    pub fn new(jobs: &Jobs) -> Tracker {
        Tracker {
            jobs: jobs.clone(),
            gate: Arc::new(Semaphore::new(DEFAULT_MAX_IN_FLIGHT)),
            tasks: JoinSet::new(),
            refs: HashMap::new(),
        }
    }

    /// Caps requests in flight across all jobs (at least 1). Set it before adding jobs.
    pub fn max_in_flight(mut self, n: usize) -> Tracker {
        self.gate = Arc::new(Semaphore::new(n.max(1)));
        self
    }

    /// Starts waiting on `job` with its provider's policy.
    pub fn add(&mut self, job: JobRef) {
        let policy = self.jobs.policy_for(job.provider());
        self.add_with(job, policy);
    }

    /// Starts waiting on `job` with `policy`.
    pub fn add_with(&mut self, job: JobRef, policy: PollPolicy) {
        let poller = self.jobs.poller(&job, policy).with_gate(self.gate.clone());
        let clock = self.jobs.clock().clone();
        // Timed from now, not from when the runtime first runs the task.
        let started = clock.now();
        let handle = self.tasks.spawn(async move {
            let mut poller = poller;
            let result = drive(&mut poller).await;
            Finished {
                job: poller.job().clone(),
                result,
                attempts: poller.attempts(),
                transient_errors: poller.transient_errors(),
                elapsed: clock.now().saturating_duration_since(started),
                first_poll_after: poller
                    .first_poll()
                    .map(|t| t.saturating_duration_since(started)),
            }
        });
        self.refs.insert(handle.id(), job);
    }

    /// Jobs still being waited on.
    pub fn len(&self) -> usize {
        self.tasks.len()
    }

    /// True when no job is being waited on.
    pub fn is_empty(&self) -> bool {
        self.tasks.is_empty()
    }

    /// The next job to finish, in the order they finish; `None` when none is left.
    pub async fn next(&mut self) -> Option<Finished> {
        let joined = self.tasks.join_next_with_id().await?;
        Some(match joined {
            Ok((id, finished)) => {
                self.refs.remove(&id);
                finished
            }
            Err(e) => {
                // A panicking wait must not lose its job: hand it back with the reason.
                let job = self.refs.remove(&e.id());
                let job = job.expect("every task's job is recorded when it is spawned");
                Finished {
                    job,
                    result: Err(Error::Config(format!("the wait stopped unexpectedly: {e}"))),
                    attempts: 0,
                    transient_errors: 0,
                    elapsed: Duration::ZERO,
                    first_poll_after: None,
                }
            }
        })
    }

    /// All remaining jobs, as a stream in the order they finish.
    pub fn into_stream(self) -> impl futures::Stream<Item = Finished> + Send {
        futures::stream::unfold(self, |mut t| async move { t.next().await.map(|f| (f, t)) })
    }
}
