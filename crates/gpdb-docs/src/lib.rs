//! AnalyticDB for PostgreSQL (gpdb) `GetUploadDocumentJob`: how far is my document upload?
//!
//! - [`Client`] and [`ClientBuilder`]: construction from a region (the SDK's map sends some
//!   regions to the central `gpdb.aliyuncs.com`) or a base URL; every request signed with
//!   `ACS3-HMAC-SHA256`, RPC style.
//! - [`GetUploadDocumentJob`]: the request. `NamespacePassword` is a [`Secret`]: it travels in
//!   the form body, as the official SDK sends it, and never shows in `Debug`, a URL or a log.
//! - [`types`]: the generated types, with open enums for the call and job statuses.
//! - [`endpoint_for_region`]: the host rule.
//!
//! A job running longer than [`JOB_TIMEOUT`] is considered timed out (vendor doc).
//!
//! ```no_run
//! # async fn run() -> Result<(), jobstatus_runtime::Error> {
//! use gpdb_docs::{Client, GetUploadDocumentJob};
//! use jobstatus_runtime::credentials::AlibabaCredentials;
//!
//! let client = Client::builder()
//!     .region("cn-hangzhou")
//!     .credentials(AlibabaCredentials::new("LTAI...", "secret"))
//!     .build()?;
//! let request = GetUploadDocumentJob::new("gp-123", "cn-hangzhou", "docs", "job-1", "namespace-password");
//! let answer = client.get_upload_document_job(&request).await?;
//! if let Some(job) = &answer.job {
//!     println!("{:?} at {}%", job.status, job.progress.map(|p| p.get()).unwrap_or(0));
//! }
//! # Ok(()) }
//! ```

mod client;
mod endpoints;
mod extras;
#[rustfmt::skip]
mod generated;
mod hooks;

pub use client::{Client, ClientBuilder, GetUploadDocumentJob, Gpdb, JOB_TIMEOUT, PROVIDER};
pub use endpoints::{CENTRAL_ENDPOINT, CENTRAL_REGIONS, endpoint_for_region};
pub use generated::{ACS_OPERATION, types};
pub use jobstatus_runtime::{Error, ResponseValue, Secret};

/// The generated client, for calls the hand-written [`Client`] does not cover.
pub mod raw {
    pub use crate::generated::Client;
    pub use crate::hooks::HookState;
}
