//! The facade's errors: one call that failed, or a wait that gave up.

use std::time::Duration;

use crate::{JobRef, JobStatus, Provider};

/// What can go wrong asking about a job or waiting on it. Never contains a secret.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// One call failed: the vendor's error (code, message, request id), no answer, a garbled or
    /// oversized body, missing credentials. [`Error::is_retryable`] says whether to try again.
    #[error(transparent)]
    Provider(#[from] jobstatus_runtime::Error),
    /// The wait's time limit ran out before the job ended.
    #[error(
        "{job}: gave up after {elapsed:?} and {attempts} polls (the wait's time limit); last state: {}",
        last_state(last)
    )]
    TimedOut {
        /// The job.
        job: JobRef,
        /// Time since the wait began.
        elapsed: Duration,
        /// Polls made.
        attempts: u32,
        /// The last status seen, if any poll succeeded.
        last: Option<Box<JobStatus>>,
    },
    /// The wait's poll limit ran out before the job ended.
    #[error(
        "{job}: gave up after {attempts} polls (the wait's poll limit); last state: {}",
        last_state(last)
    )]
    AttemptsExhausted {
        /// The job.
        job: JobRef,
        /// Polls made.
        attempts: u32,
        /// The last status seen.
        last: Option<Box<JobStatus>>,
    },
    /// The provider's crate is not part of this build.
    #[error("{0} is not built into this jobstatus-core; enable its cargo feature `{0}`")]
    NotEnabled(Provider),
    /// The facade lacks a setting a job needs (gpdb's namespace password, a region).
    #[error("{0}")]
    Config(String),
}

fn last_state(last: &Option<Box<JobStatus>>) -> String {
    match last {
        Some(s) => s.state.to_string(),
        None => "none seen".into(),
    }
}

impl Error {
    /// True when the same question may get an answer later (see
    /// [`jobstatus_runtime::Error::is_retryable`]). A wait that gave up is not retryable.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Provider(e) => e.is_retryable(),
            _ => false,
        }
    }

    /// The last status a wait saw before giving up.
    pub fn last_status(&self) -> Option<&JobStatus> {
        match self {
            Error::TimedOut { last, .. } | Error::AttemptsExhausted { last, .. } => last.as_deref(),
            _ => None,
        }
    }

    /// The underlying call error, when there is one.
    pub fn provider_error(&self) -> Option<&jobstatus_runtime::Error> {
        match self {
            Error::Provider(e) => Some(e),
            _ => None,
        }
    }
}
