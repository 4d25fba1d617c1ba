//! Exit codes, documented in `--help` and the README.

use std::process::ExitCode;

use jobstatus_core::{Error, JobState};

/// The job succeeded (or `get` got an answer, or the demo ran as planned).
pub const SUCCEEDED: u8 = 0;
/// A call failed, the input was wrong, credentials are missing.
pub const ERROR: u8 = 1;
/// The command line itself is wrong (clap's code).
pub const USAGE: u8 = 2;
/// The job failed.
pub const FAILED: u8 = 3;
/// The job partially succeeded.
pub const PARTIAL: u8 = 4;
/// The job was cancelled.
pub const CANCELLED: u8 = 5;
/// The wait ran out of time or polls.
pub const TIMED_OUT: u8 = 6;

/// The table printed by `--help`.
pub const HELP: &str = "Exit codes:
  0  succeeded (get: an answer came)   3  the job failed
  1  error (bad input, credentials,     4  the job partially succeeded
     a failed call)                     5  the job was cancelled
  2  usage                              6  the wait timed out";

/// The code for a terminal state.
pub fn for_state(state: &JobState) -> ExitCode {
    ExitCode::from(match state {
        JobState::Succeeded => SUCCEEDED,
        JobState::Failed => FAILED,
        JobState::PartiallySucceeded => PARTIAL,
        JobState::Cancelled => CANCELLED,
        _ => ERROR,
    })
}

/// The code for an error that ended a command.
pub fn for_error(e: &Error) -> ExitCode {
    ExitCode::from(match e {
        Error::TimedOut { .. } | Error::AttemptsExhausted { .. } => TIMED_OUT,
        _ => ERROR,
    })
}
