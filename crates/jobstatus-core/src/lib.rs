//! One status model, one waiter, a progress stream and a tracker over the five jobstatus
//! providers. Each provider is a cargo feature (all on by default), so a user of one compiles
//! only that provider's crate.
//!
//! - [`Jobs`] / [`JobsBuilder`]: one handle on every provider: credentials, clients (one
//!   connection pool and one rate limit per provider), [`Jobs::get`], [`Jobs::wait`],
//!   [`Jobs::watch`], and Bailian's [`Jobs::documents`].
//! - [`JobRef`]: any job on any provider, as a string that round-trips.
//! - [`JobStatus`], [`JobState`], [`Progress`], [`ItemStatus`], [`JobError`]: the model, with a
//!   stable JSON form.
//! - [`PollPolicy`]: delays, backoff, jitter and limits, with each vendor's defaults.
//! - [`decode`]: one answer body to a [`JobStatus`], without a request.
//! - [`Poller`]: the step-by-step engine under the waiter and the stream.
//! - [`Tracker`]: thousands of jobs at once, finished jobs out as they finish.
//! - [`RateLimit`], [`Clock`]: the shared budget per provider, and where time comes from.
//! - [`Error`]: a failed call, or a wait that gave up with the last status seen.
//!
//! # The state mapping
//!
//! | [`JobState`] | bailian-index `Data.Status` | gpdb-docs `Job.Status` | azure-qna `status` | pai-dataset `Status` | huawei-ies (derived) |
//! |---|---|---|---|---|---|
//! | `pending` | `PENDING` | `Pending`, `Start` | `notStarted` | `Pending` | no `end_time`, no item done |
//! | `running` | `RUNNING` | `Running` | `running` | `Running` | no `end_time`, items done |
//! | `succeeded` | `COMPLETED`, no failed document | `Success` | `succeeded` | `Succeeded` | `end_time`, `failure_count` 0 |
//! | `partially_succeeded` | `COMPLETED`, some documents failed | — | `partiallyCompleted` | `PartialFailed` | `end_time`, both counts > 0 |
//! | `failed` | `FAILED`, or `COMPLETED` with every document failed | `Failed` | `failed` | `Failed` | `end_time`, `success_count` 0 and failures |
//! | `cancelling` | — | `Cancelling` | `cancelling` | `Deleting` | — |
//! | `cancelled` | — | `Cancelled` | `cancelled` (and `canceled`) | `ManuallyStop` | — |
//! | `unknown(raw)` | anything else | anything else | anything else | anything else | — |
//!
//! A failed *call* is an [`Error`], never a failed job: Bailian `Success: false` and gpdb
//! `Status: fail` are errors carrying the vendor's code and request id. Huawei does not document
//! `task_status`, so its state is derived from `end_time` and the counts, the raw value is kept
//! in `raw_state`, and [`JobsBuilder::huawei_task_status`] maps values you know. An unknown
//! state is never terminal: the waiter keeps polling.
//!
//! Bailian document states: `FINISH` succeeded, `INSERT_ERROR`/`PARSE_FAILED` failed,
//! `RUNNING` running, `DOC_PARSING` pending, `DELETED` cancelled.
//!
//! # Example
//!
//! ```no_run
//! use jobstatus_core::{JobRef, Jobs};
//!
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! let jobs = Jobs::builder().build()?;
//! let job: JobRef = "jobstatus:azure-qna?endpoint=https%3A%2F%2Fmy.cognitiveservices.azure.com&projectName=faq&jobId=1".parse()?;
//! match jobs.wait(&job).await {
//!     Ok(done) => println!("{} after all: {:?}", done.state, done.progress),
//!     Err(e) => eprintln!("{e}; last seen: {:?}", e.last_status().map(|s| &s.state)),
//! }
//! # Ok(()) }
//! ```

mod clock;
mod decode;
mod error;
mod job_ref;
mod jobs;
mod mapping;
mod model;
mod policy;
mod rate_limit;
mod tracker;
mod waiter;

pub use clock::{Clock, Sleep, TokioClock};
pub use decode::decode;
pub use error::Error;
pub use job_ref::{JobRef, JobRefError, Location};
pub use jobs::{
    BAILIAN_STATUS_PAGE_SIZE, DEFAULT_RATE_LIMIT, GPDB_PASSWORD_ENV, Jobs, JobsBuilder, Polled,
};
pub use model::{ItemStatus, JobError, JobState, JobStatus, Progress, Provider, ProviderResponse};
pub use policy::{BAILIAN_MIN_INTERVAL, GPDB_TIMEOUT, PollPolicy};
pub use rate_limit::{RateLimit, RateLimiter};
pub use tracker::{DEFAULT_MAX_IN_FLIGHT, Finished, Tracker};
pub use waiter::{Poller, Step};

/// The provider crates built in, for their typed requests and responses.
pub mod providers {
    #[cfg(feature = "azure-qna")]
    pub use azure_qna;
    #[cfg(feature = "bailian-index")]
    pub use bailian_index;
    #[cfg(feature = "gpdb-docs")]
    pub use gpdb_docs;
    #[cfg(feature = "huawei-ies")]
    pub use huawei_ies;
    #[cfg(feature = "pai-dataset")]
    pub use pai_dataset;
}

/// Credentials types, re-exported from the runtime for [`JobsBuilder`].
pub use jobstatus_runtime::credentials;
pub use jobstatus_runtime::{Secret, http_client::Timeouts};
