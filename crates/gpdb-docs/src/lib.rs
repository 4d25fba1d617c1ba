#![doc = include_str!("../README.md")]
#![deny(missing_docs)]

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
