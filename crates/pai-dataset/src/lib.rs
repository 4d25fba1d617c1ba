//! Alibaba Cloud PAI `GetDatasetJob` (product AIWorkSpace, 2021-02-04): where is my dataset job?
//!
//! - [`Client`] and [`ClientBuilder`]: construction from a region (with the SDK's region map)
//!   or a base URL; every request signed with `ACS3-HMAC-SHA256`.
//! - [`GetDatasetJob`]: the request.
//! - [`types`]: the generated types, with open enums for `Status`, `JobAction` and `JobMode`;
//!   [`types::GetDatasetJobResponse::job_spec_json`] gives `JobSpec` parsed.
//! - [`endpoint_for_region`]: the host rule.
//!
//! ```no_run
//! # async fn run() -> Result<(), jobstatus_runtime::Error> {
//! use pai_dataset::{Client, GetDatasetJob};
//! use jobstatus_runtime::credentials::AlibabaCredentials;
//!
//! let client = Client::builder()
//!     .region("cn-shanghai")
//!     .credentials(AlibabaCredentials::new("LTAI...", "secret"))
//!     .build()?;
//! let job = client.get_dataset_job(&GetDatasetJob::new("d-123", "dsjob-1")).await?;
//! println!("{:?}: {:?} of {:?} files", job.status, job.completed_file_count, job.total_file_count);
//! # Ok(()) }
//! ```

mod client;
mod endpoints;
mod extras;
#[rustfmt::skip]
mod generated;
mod hooks;

pub use client::{Client, ClientBuilder, GetDatasetJob, PROVIDER, Pai};
pub use endpoints::endpoint_for_region;
pub use generated::{ACS_OPERATION, types};
pub use jobstatus_runtime::{Answer, Error, ResponseValue};

/// The generated client, for calls the hand-written [`Client`] does not cover.
pub mod raw {
    pub use crate::generated::Client;
    pub use crate::hooks::HookState;
}
