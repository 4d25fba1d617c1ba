#![doc = include_str!("../README.md")]
#![deny(missing_docs)]

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
