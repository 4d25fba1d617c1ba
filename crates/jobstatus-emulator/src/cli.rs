//! The emulator's command-line flags, shared by `jobstatus-emulator` and `jobstatus emulator`.

use std::net::SocketAddr;
use std::path::PathBuf;

use crate::{Config, Credentials, JobRequest};

/// Where the emulator listens, how fast its time runs, what it accepts and what it starts with.
#[derive(clap::Args, Debug, Clone)]
pub struct EmulatorArgs {
    /// Where to listen; port 0 picks a free port.
    #[arg(long, default_value = "127.0.0.1:0")]
    pub addr: SocketAddr,
    /// How fast emulated time runs (10 = ten times real time).
    #[arg(long, default_value_t = 1.0)]
    pub speed: f64,
    /// Seed for every id the emulator makes.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// A JSON file with an array of jobs to create at start (the body of POST /_emulator/jobs).
    #[arg(long)]
    pub jobs: Option<PathBuf>,
    /// Refuse a Bailian job polled again within this many milliseconds (Bailian's rule: 5000).
    #[arg(long)]
    pub bailian_min_interval_ms: Option<u64>,
    /// Alibaba AccessKey ID to accept. Secrets come only from the environment
    /// (JOBSTATUS_EMULATOR_ALIBABA_ACCESS_KEY_SECRET, JOBSTATUS_EMULATOR_HUAWEI_SK,
    /// JOBSTATUS_EMULATOR_AZURE_KEY), so they stay out of `ps`.
    #[arg(long, env = "JOBSTATUS_EMULATOR_ALIBABA_ACCESS_KEY_ID")]
    pub alibaba_access_key_id: Option<String>,
    /// Huawei AK to accept.
    #[arg(long, env = "JOBSTATUS_EMULATOR_HUAWEI_AK")]
    pub huawei_ak: Option<String>,
    /// Huawei project to serve.
    #[arg(long, env = "JOBSTATUS_EMULATOR_HUAWEI_PROJECT_ID")]
    pub huawei_project_id: Option<String>,
    /// Random faults from the start, as JSON or @FILE: one rule or a list, e.g.
    /// '[{"probability":0.2,"kind":"http503"},{"provider":"azure-qna","probability":0.1,"latency_ms":500}]'
    /// (the body of POST /_emulator/chaos).
    #[arg(long, value_name = "JSON|@FILE")]
    pub chaos: Option<String>,
    /// Serve HTTPS with a certificate made at start; the first line names the CA certificate.
    #[arg(long)]
    pub tls: bool,
}

/// Chaos rules from `--chaos`: JSON text, or `@path` to a file of it; one rule or a list.
pub fn parse_chaos(text: &str) -> Result<Vec<crate::ChaosRule>, String> {
    let json = match text.strip_prefix('@') {
        Some(path) => std::fs::read_to_string(path)
            .map_err(|e| format!("--chaos: cannot read {path}: {e}"))?,
        None => text.to_owned(),
    };
    let value: serde_json::Value =
        serde_json::from_str(&json).map_err(|e| format!("--chaos: not JSON: {e}"))?;
    let rules: Vec<crate::ChaosRule> = if value.is_object() {
        vec![serde_json::from_value(value).map_err(|e| format!("--chaos: {e}"))?]
    } else {
        serde_json::from_value(value).map_err(|e| format!("--chaos: {e}"))?
    };
    for (i, r) in rules.iter().enumerate() {
        r.check().map_err(|e| format!("--chaos: rule {i}: {e}"))?;
    }
    Ok(rules)
}

impl EmulatorArgs {
    /// The accepted credentials: the defaults, overridden by flags and `JOBSTATUS_EMULATOR_*`.
    pub fn credentials(&self) -> Credentials {
        let mut c = Credentials::default();
        let env = |n: &str| std::env::var(n).ok().filter(|v| !v.is_empty());
        if let Some(v) = &self.alibaba_access_key_id {
            c.alibaba.access_key_id = v.clone();
        }
        if let Some(v) = env("JOBSTATUS_EMULATOR_ALIBABA_ACCESS_KEY_SECRET") {
            c.alibaba.access_key_secret = v;
        }
        if let Some(v) = &self.huawei_ak {
            c.huawei.ak = v.clone();
        }
        if let Some(v) = env("JOBSTATUS_EMULATOR_HUAWEI_SK") {
            c.huawei.sk = v;
        }
        if let Some(v) = &self.huawei_project_id {
            c.huawei.project_id = v.clone();
        }
        if let Some(v) = env("JOBSTATUS_EMULATOR_AZURE_KEY") {
            c.azure.key = v;
        }
        c
    }

    /// The configuration; the error names the jobs file and what is wrong with it.
    pub fn into_config(self) -> Result<Config, String> {
        let preload: Vec<JobRequest> = match &self.jobs {
            None => Vec::new(),
            Some(path) => std::fs::read_to_string(path)
                .map_err(|e| e.to_string())
                .and_then(|t| serde_json::from_str(&t).map_err(|e| e.to_string()))
                .map_err(|e| format!("cannot use jobs file {}: {e}", path.display()))?,
        };
        if !(self.speed.is_finite() && self.speed > 0.0) {
            return Err(format!(
                "--speed must be a positive number, not {}",
                self.speed
            ));
        }
        let chaos = match &self.chaos {
            Some(t) => parse_chaos(t)?,
            None => Vec::new(),
        };
        Ok(Config {
            chaos,
            tls: self.tls,
            addr: self.addr,
            speed: self.speed,
            seed: self.seed,
            credentials: self.credentials(),
            preload,
            bailian_min_interval_ms: self.bailian_min_interval_ms,
            check_auth: true,
        })
    }
}
