#![doc = include_str!("../README.md")]
#![deny(missing_docs)]

pub mod acs3;
pub mod azure_auth;
pub mod builder;
pub mod credentials;
pub mod destination;
pub mod encoding;
mod error;
pub mod exchange;
pub mod hashing;
pub mod hooks;
pub mod http_client;
#[cfg(feature = "verify")]
pub mod received;
pub mod sdk_hmac;
mod secret;
pub mod tolerant;
pub mod vendor_error;

pub use error::{ApiError, Error, is_retryable_status};
pub use exchange::Answer;
pub use progenitor_client::ResponseValue;
pub use secret::{Secret, WireSecret, constant_time_eq};
