//! The waiter and the progress stream, both driven by one [`Poller`].

use std::sync::Arc;
use std::time::Duration;

use futures::StreamExt;
use futures::stream::BoxStream;
use tokio::sync::Semaphore;
use tokio::time::Instant;

use crate::policy::PollPolicy;
use crate::{Error, JobRef, JobStatus, Jobs};

/// What one step of a [`Poller`] saw.
#[derive(Debug)]
#[allow(clippy::large_enum_variant)] // One per poll; boxing would only add an allocation.
pub enum Step {
    /// A status (the last one is terminal).
    Status(JobStatus),
    /// A transient error; polling goes on after the policy's delay (or the server's).
    Retrying(Error),
}

/// Polls one job by a policy: waits the policy's delay (lengthened by any `Retry-After`),
/// polls, and classifies what came back. [`Jobs::wait`] and [`Jobs::watch`] are built on it.
///
/// Nothing runs in the background: dropping the poller, or the future of its
/// [`step`](Poller::step), stops all polling.
#[derive(Debug)]
pub struct Poller {
    jobs: Jobs,
    job: JobRef,
    policy: PollPolicy,
    gate: Option<Arc<Semaphore>>,
    started: Option<Instant>,
    first_poll: Option<Instant>,
    next_delay: Option<Duration>,
    attempts: u32,
    transient_errors: u32,
    errors_in_row: u32,
    last: Option<JobStatus>,
    done: bool,
    /// The last poll, cut short to land at the deadline, has been scheduled.
    final_poll: bool,
}

impl Poller {
    /// A poller for `job` (Bailian's 5-second floor is enforced on `policy`).
    pub fn new(jobs: Jobs, job: JobRef, policy: PollPolicy) -> Poller {
        let policy = policy.enforce_floor(job.provider());
        Poller {
            jobs,
            job,
            policy,
            gate: None,
            started: None,
            first_poll: None,
            next_delay: None,
            attempts: 0,
            transient_errors: 0,
            errors_in_row: 0,
            last: None,
            done: false,
            final_poll: false,
        }
    }

    /// Holds a permit of `gate` during each request (the tracker's concurrency cap).
    pub fn with_gate(mut self, gate: Arc<Semaphore>) -> Poller {
        self.gate = Some(gate);
        self
    }

    /// Polls made so far.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// Transient errors met so far.
    pub fn transient_errors(&self) -> u32 {
        self.transient_errors
    }

    /// When the first request went out (after the initial delay and any queueing).
    pub fn first_poll(&self) -> Option<Instant> {
        self.first_poll
    }

    /// The last status seen.
    pub fn last(&self) -> Option<&JobStatus> {
        self.last.as_ref()
    }

    /// The job.
    pub fn job(&self) -> &JobRef {
        &self.job
    }

    /// Waits, polls once, and says what it saw; `None` once a terminal status or a final error
    /// was returned. A final error is permanent (auth, not found, bad request), one transient
    /// error too many in a row, or a limit of the policy running out.
    pub async fn step(&mut self) -> Option<Result<Step, Error>> {
        if self.done {
            return None;
        }
        let clock = self.jobs.clock().clone();
        let started = *self.started.get_or_insert_with(|| clock.now());
        let mut delay = self.next_delay.unwrap_or(self.policy.initial_delay);
        let elapsed = clock.now().saturating_duration_since(started);
        if let Some(max) = self.policy.max_elapsed
            && elapsed.saturating_add(delay) > max
        {
            // As the AWS SDK's waiters do: the last gap is cut to the time left, and one last
            // poll happens at the deadline, unless the vendor's own floor (Bailian's 5 s) does
            // not fit in what is left.
            let left = max.saturating_sub(elapsed);
            let floor = if self.job.provider() == crate::Provider::Bailian && self.attempts > 0 {
                crate::policy::BAILIAN_MIN_INTERVAL
            } else {
                Duration::ZERO
            };
            if self.final_poll || left < floor || (left.is_zero() && self.attempts > 0) {
                self.done = true;
                return Some(Err(Error::TimedOut {
                    job: self.job.clone(),
                    elapsed,
                    attempts: self.attempts,
                    last: self.last.clone().map(Box::new),
                }));
            }
            self.final_poll = true;
            delay = left;
        }
        if let Some(max) = self.policy.max_attempts
            && self.attempts >= max
        {
            self.done = true;
            return Some(Err(Error::AttemptsExhausted {
                job: self.job.clone(),
                attempts: self.attempts,
                last: self.last.clone().map(Box::new),
            }));
        }
        if !delay.is_zero() {
            clock.sleep(delay).await;
        }
        // The permit first, then the request's (large) future, boxed: ten thousand waits queued
        // for a permit or asleep hold only their small state.
        let _permit = match &self.gate {
            Some(g) => g.clone().acquire_owned().await.ok(),
            None => None,
        };
        if self.first_poll.is_none() {
            self.first_poll = Some(clock.now());
        }
        let polled = Box::pin(self.jobs.poll(&self.job)).await;
        drop(_permit);
        self.attempts += 1;
        let n = self.attempts - 1;
        match polled {
            Ok(p) => {
                self.errors_in_row = 0;
                self.done = p.status.is_terminal();
                self.next_delay = Some(self.next(n, p.retry_after));
                self.last = Some(p.status.clone());
                Some(Ok(Step::Status(p.status)))
            }
            Err(e)
                if e.is_retryable() && self.errors_in_row < self.policy.max_consecutive_errors =>
            {
                self.errors_in_row += 1;
                self.transient_errors += 1;
                let hint = e.provider_error().and_then(|e| e.retry_after());
                self.next_delay = Some(self.next(n, hint));
                tracing::debug!(job = %self.job, error = %e, delay = ?self.next_delay, "transient error; polling again");
                Some(Ok(Step::Retrying(e)))
            }
            Err(e) => {
                self.done = true;
                Some(Err(e))
            }
        }
    }

    fn next(&self, n: u32, hint: Option<Duration>) -> Duration {
        let unit = if self.policy.jitter > 0.0 {
            rand::random::<f64>()
        } else {
            0.0
        };
        let d = self.policy.delay(n, unit);
        match hint {
            Some(h) if h > d => h,
            _ => d,
        }
    }
}

impl Jobs {
    /// A [`Poller`] for `job` with `policy`.
    pub fn poller(&self, job: &JobRef, policy: PollPolicy) -> Poller {
        Poller::new(self.clone(), job.clone(), policy)
    }

    /// Polls until the job ends, by the provider's policy ([`Jobs::policy_for`]).
    ///
    /// Transient errors (no answer, 429, 5xx, throttling, a garbled body) are retried within the
    /// policy; a permanent one (auth, not found, bad request) ends the wait at once. Running out
    /// of time gives [`Error::TimedOut`] with the last status seen. Dropping the future stops
    /// polling.
    pub async fn wait(&self, job: &JobRef) -> Result<JobStatus, Error> {
        self.wait_with(job, self.policy_for(job.provider())).await
    }

    /// [`wait`](Self::wait) with a given policy.
    pub async fn wait_with(&self, job: &JobRef, policy: PollPolicy) -> Result<JobStatus, Error> {
        drive(&mut self.poller(job, policy)).await
    }

    /// A stream of the job's status that yields whenever its state, progress or counts change,
    /// and ends after the terminal one. A transient error is an item too (`Err` with
    /// [`Error::is_retryable`] true) and polling goes on; a final error is the last item.
    pub fn watch(&self, job: &JobRef) -> BoxStream<'static, Result<JobStatus, Error>> {
        self.watch_with(job, self.policy_for(job.provider()))
    }

    /// [`watch`](Self::watch) with a given policy.
    pub fn watch_with(
        &self,
        job: &JobRef,
        policy: PollPolicy,
    ) -> BoxStream<'static, Result<JobStatus, Error>> {
        let poller = self.poller(job, policy);
        futures::stream::unfold((poller, None), |(mut poller, mut seen)| async move {
            loop {
                match poller.step().await? {
                    Ok(Step::Status(s)) => {
                        let key = Some(s.change_key());
                        if key != seen || s.is_terminal() {
                            seen = key;
                            return Some((Ok(s), (poller, seen)));
                        }
                    }
                    Ok(Step::Retrying(e)) => return Some((Err(e), (poller, seen))),
                    Err(e) => return Some((Err(e), (poller, seen))),
                }
            }
        })
        .boxed()
    }
}

/// Steps `poller` to its terminal status or final error.
pub(crate) async fn drive(poller: &mut Poller) -> Result<JobStatus, Error> {
    loop {
        match poller.step().await {
            Some(Ok(Step::Status(s))) if s.is_terminal() => return Ok(s),
            Some(Ok(_)) => {}
            Some(Err(e)) => return Err(e),
            // Unreachable in practice: step ends only after a terminal status or an error.
            None => {
                return Err(Error::AttemptsExhausted {
                    job: poller.job.clone(),
                    attempts: poller.attempts,
                    last: poller.last.take().map(Box::new),
                });
            }
        }
    }
}
