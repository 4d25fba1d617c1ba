//! What an emulator starts with: its address, time speed, seed, credentials and jobs.

use std::net::SocketAddr;

use serde::{Deserialize, Serialize};

use crate::jobs::JobRequest;

/// Credentials the emulator accepts. The defaults are documented in the README; override them
/// with flags or `JOBSTATUS_EMULATOR_*` variables.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Credentials {
    /// Alibaba AccessKey pair (Bailian, gpdb, PAI).
    pub alibaba: AlibabaKey,
    /// Huawei AK/SK and project.
    pub huawei: HuaweiKey,
    /// Azure key.
    pub azure: AzureKey,
}

/// An Alibaba AccessKey pair.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct AlibabaKey {
    /// The AccessKey ID.
    pub access_key_id: String,
    /// The AccessKey secret.
    pub access_key_secret: String,
}

/// A Huawei AK/SK pair and its project.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct HuaweiKey {
    /// The AK.
    pub ak: String,
    /// The SK.
    pub sk: String,
    /// The project every Huawei job lives in.
    pub project_id: String,
}

/// An Azure key (a bearer token equal to it is accepted too).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct AzureKey {
    /// The subscription key.
    pub key: String,
}

impl Default for Credentials {
    fn default() -> Self {
        Credentials {
            alibaba: AlibabaKey {
                access_key_id: "LTAIEmulatorAccessKey".into(),
                access_key_secret: "emulator-alibaba-secret".into(),
            },
            huawei: HuaweiKey {
                ak: "EMULATORHUAWEIAK".into(),
                sk: "emulator-huawei-sk".into(),
                project_id: "0emulatorproject0000000000000000".into(),
            },
            azure: AzureKey {
                key: "emulator-azure-key".into(),
            },
        }
    }
}

/// Everything an emulator starts with.
#[derive(Clone, Debug)]
pub struct Config {
    /// Where to listen; port 0 picks a free one.
    pub addr: SocketAddr,
    /// How fast emulated time runs: 10.0 makes a 10 s job finish in 1 s.
    pub speed: f64,
    /// Seeds every id the emulator makes, so runs are repeatable.
    pub seed: u64,
    /// Accepted credentials.
    pub credentials: Credentials,
    /// Jobs to create at start.
    pub preload: Vec<JobRequest>,
    /// Refuse a Bailian job polled again within this many milliseconds, with `Throttling.User`
    /// (Bailian's rule is 5000).
    pub bailian_min_interval_ms: Option<u64>,
    /// Check every request's authentication (default). Off only for benchmarks that compare a
    /// client with a bare HTTP baseline that cannot sign.
    pub check_auth: bool,
    /// Random fault rules in force from the start (`POST /_emulator/chaos` changes them).
    pub chaos: Vec<crate::ChaosRule>,
    /// Serve HTTPS with a certificate made at start, signed by a CA made at start (see
    /// [`crate::Emulator::ca_cert_pem`]).
    pub tls: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            speed: 1.0,
            seed: 1,
            credentials: Credentials::default(),
            preload: Vec::new(),
            bailian_min_interval_ms: None,
            check_auth: true,
            chaos: Vec::new(),
            tls: false,
        }
    }
}
