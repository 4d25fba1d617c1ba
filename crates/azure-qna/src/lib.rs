//! Azure AI Language question answering, Get Update QnAs Status: is my QnA update done?
//!
//! - [`Client`] and [`ClientBuilder`]: construction from a resource endpoint
//!   (`https://<resource>.cognitiveservices.azure.com`), a region, or any base URL;
//!   authentication by `Ocp-Apim-Subscription-Key` or a bearer token from any
//!   [`TokenProvider`](jobstatus_runtime::credentials::TokenProvider).
//! - [`GetUpdateQnasStatus`]: the request; [`OperationLocation`] parses the URL a PATCH's
//!   202 answer gives.
//! - [`types`]: the generated types, with open enums for the job status and error codes.
//!
//! The key is read from `AZURE_QUESTIONANSWERING_KEY` when none is given.
//!
//! ```no_run
//! # async fn run() -> Result<(), jobstatus_runtime::Error> {
//! use azure_qna::{Client, GetUpdateQnasStatus};
//! use jobstatus_runtime::credentials::AzureAuth;
//!
//! let client = Client::builder()
//!     .base_url("https://my-resource.cognitiveservices.azure.com")
//!     .credentials(AzureAuth::key("0123456789abcdef"))
//!     .build()?;
//! let job = client.get_update_qnas_status(&GetUpdateQnasStatus::new("proj1", "job1")?).await?;
//! println!("{:?} ({} errors)", job.status, job.errors.len());
//! # Ok(()) }
//! ```

mod client;
mod extras;
#[rustfmt::skip]
mod generated;
mod hooks;
mod operation_location;

pub use client::{
    API_VERSION, Azure, Client, ClientBuilder, GetUpdateQnasStatus, PROVIDER, endpoint_for_region,
};
pub use generated::types;
pub use jobstatus_runtime::{Answer, Error, ResponseValue};
pub use operation_location::OperationLocation;

/// The generated client, for calls the hand-written [`Client`] does not cover.
pub mod raw {
    pub use crate::generated::Client;
    pub use crate::hooks::HookState;
}
