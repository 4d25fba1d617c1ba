//! Huawei Cloud MetaStudio `ShowTask`: where is my import or export task?
//!
//! - [`Client`] and [`ClientBuilder`]: construction from a region or a base URL; AK/SK
//!   (`SDK-HMAC-SHA256`) or IAM-token authentication. The project comes from the credentials,
//!   as in the official SDK.
//! - [`types`]: the generated types. `begin_time`, `end_time`, `task_type` and `task_status`
//!   accept strings and numbers (the vendor documents strings and sends numbers).
//! - [`endpoint_for_region`]: the host rule.
//!
//! The meaning of `task_status` is undocumented; the counts and `end_time` tell more.
//!
//! ```no_run
//! # async fn run() -> Result<(), jobstatus_runtime::Error> {
//! use huawei_ies::Client;
//! use jobstatus_runtime::credentials::{HuaweiAuth, HuaweiCredentials};
//!
//! let client = Client::builder()
//!     .region("cn-north-4")
//!     .credentials(HuaweiAuth::AkSk(HuaweiCredentials::new("AK", "SK", "project-id")))
//!     .build()?;
//! let task = client.show_task("fd1c56acbb2c4b1aa24ba37df99f3129").await?;
//! println!("{:?}/{:?} done", task.success_count, task.total_count);
//! # Ok(()) }
//! ```

mod client;
mod extras;
#[rustfmt::skip]
mod generated;
mod hooks;

pub use client::{Client, ClientBuilder, Huawei, PROVIDER, REGIONS, endpoint_for_region};
pub use generated::types;
pub use jobstatus_runtime::{Answer, Error, ResponseValue};

/// The generated client, for calls the hand-written [`Client`] does not cover.
pub mod raw {
    pub use crate::generated::Client;
    pub use crate::hooks::HookState;
}
