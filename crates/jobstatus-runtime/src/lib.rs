//! What every jobstatus provider crate needs at run time, and nothing of any one provider.
//!
//! - [`acs3`]: Alibaba Cloud `ACS3-HMAC-SHA256` signer (RPC and ROA), and its verifier with
//!   the `verify` feature.
//! - [`sdk_hmac`]: Huawei Cloud `SDK-HMAC-SHA256` signer and token mode, and its verifier with
//!   the `verify` feature.
//! - [`azure_auth`]: Azure subscription keys and bearer tokens.
//! - [`credentials`]: credential types, providers and the vendors' default chains.
//! - [`exchange`]: the capped body read, [`exchange::Answer`], and the mapping of generated-client
//!   errors to [`Error`].
//! - [`vendor_error`]: vendors' error bodies in every spelling their SDKs read.
//! - [`destination`]: where a credential may go.
//! - [`tolerant`]: field types that accept what servers really send.
//! - [`builder`]: the client builder every provider crate shares.
//! - [`hooks`]: the state each generated client carries, and its authenticate and capped-read hooks.
//! - [`http_client`]: the shared reqwest set-up.
//! - [`encoding`], [`hashing`]: the pieces the signers and verifiers share; `received` (with
//!   `verify`): a request as a server received it.
//!
//! ```
//! use jobstatus_runtime::acs3;
//! let (canonical, signed) = acs3::canonical_request(&acs3::CanonicalInput {
//!     method: "GET",
//!     canonical_uri: "/",
//!     query: &[],
//!     headers: &[("host".into(), "example.com".into())],
//!     payload_hash: jobstatus_runtime::hashing::EMPTY_SHA256,
//! });
//! assert_eq!(signed, "host");
//! assert!(canonical.starts_with("GET\n/\n\nhost:example.com\n\nhost\n"));
//! ```

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
