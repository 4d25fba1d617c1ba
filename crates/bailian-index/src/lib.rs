//! Alibaba Cloud Model Studio (Bailian) `GetIndexJobStatus`: is my knowledge base job done?
//!
//! - [`Client`] and [`ClientBuilder`]: construction from a region or a base URL, with
//!   credentials given or found by the Alibaba default chain; every request signed with
//!   `ACS3-HMAC-SHA256`.
//! - [`GetIndexJobStatus`]: the request, with paging of the job's documents.
//! - [`types`]: the generated response types, with open enums for every status.
//! - [`endpoint_for_region`]: the vendor's host rule.
//!
//! Poll no more often than every 5 seconds ([`MIN_POLL_INTERVAL`]); the vendor asks for it.
//!
//! ```no_run
//! # async fn run() -> Result<(), jobstatus_runtime::Error> {
//! use bailian_index::{Client, GetIndexJobStatus, types::IndexJobStatus};
//! use jobstatus_runtime::credentials::AlibabaCredentials;
//!
//! let client = Client::builder()
//!     .region("cn-beijing")
//!     .credentials(AlibabaCredentials::new("LTAI...", "secret"))
//!     .build()?;
//! let answer = client
//!     .get_index_job_status(&GetIndexJobStatus::new("llm-ws", "79c0alxxxx", "job-1"))
//!     .await?;
//! if let Some(data) = &answer.data {
//!     if data.status == Some(IndexJobStatus::Completed) {
//!         println!("indexed {} documents", data.documents.len());
//!     }
//! }
//! # Ok(()) }
//! ```

mod client;
mod endpoints;
mod extras;
#[rustfmt::skip]
mod generated;
mod hooks;

pub use client::{Bailian, Client, ClientBuilder, GetIndexJobStatus, MIN_POLL_INTERVAL, PROVIDER};
pub use endpoints::endpoint_for_region;
pub use generated::{ACS_OPERATION, types};
pub use jobstatus_runtime::{Answer, Error, ResponseValue};

/// The generated client, for calls the hand-written [`Client`] does not cover.
pub mod raw {
    pub use crate::generated::Client;
    pub use crate::hooks::HookState;
}
