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
        "{job}: gave up after {} and {} (the wait's time limit); last state: {}",
        readable(*elapsed),
        polls(*attempts),
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
        "{job}: gave up after {} (the wait's poll limit); last state: {}",
        polls(*attempts),
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
    /// gpdb's `NamespacePassword` for this instance and namespace was not given.
    #[error(
        "gpdb-docs needs the NamespacePassword of namespace {namespace:?} on {instance}: set {} or call JobsBuilder::gpdb_namespace_password_for",
        crate::GPDB_PASSWORD_ENV
    )]
    MissingGpdbPassword {
        /// `DBInstanceId`.
        instance: String,
        /// The namespace (`public` when the reference names none).
        namespace: String,
    },
}

/// A duration the way people read it: `12.4s`, `2m 5s`, not `12.414935694s`.
pub(crate) fn readable(d: Duration) -> String {
    let d = if d >= Duration::from_secs(10) {
        Duration::from_secs(d.as_secs())
    } else {
        Duration::from_millis(d.as_millis().min(u128::from(u64::MAX)) as u64)
    };
    humantime::format_duration(d).to_string()
}

fn polls(n: u32) -> String {
    if n == 1 {
        "1 poll".into()
    } else {
        format!("{n} polls")
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_and_counts_read_as_people_write_them() {
        assert_eq!(readable(Duration::from_nanos(12_414_935_694)), "12s");
        assert_eq!(readable(Duration::from_millis(1_500)), "1s 500ms");
        assert_eq!(readable(Duration::from_secs(125)), "2m 5s");
        assert_eq!(polls(1), "1 poll");
        assert_eq!(polls(2), "2 polls");
    }
}
