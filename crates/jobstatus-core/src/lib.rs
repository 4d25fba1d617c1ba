#![doc = include_str!("../README.md")]
#![deny(missing_docs)]

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
pub use rate_limit::{MAX_RATE, MIN_RATE, RateLimit, RateLimiter};
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
