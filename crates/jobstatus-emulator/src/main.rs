//! `jobstatus-emulator`: prints one JSON line with its address and credentials, logs to stderr,
//! serves until Ctrl-C or SIGTERM.

use std::net::SocketAddr;
use std::process::ExitCode;

use clap::Parser;
use jobstatus_emulator::{Config, Credentials, JobRequest};

/// A local server that speaks Bailian, gpdb, Azure QnA, PAI and Huawei MetaStudio job-status APIs.
#[derive(Parser, Debug)]
#[command(
    version,
    about,
    after_help = "Example:\n  jobstatus-emulator --addr 127.0.0.1:8080 --speed 10 --jobs jobs.json"
)]
struct Args {
    /// Where to listen; port 0 picks a free port.
    #[arg(long, default_value = "127.0.0.1:0")]
    addr: SocketAddr,
    /// How fast emulated time runs (10 = ten times real time).
    #[arg(long, default_value_t = 1.0)]
    speed: f64,
    /// Seed for every id the emulator makes.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// A JSON file with an array of jobs to create at start (the body of POST /_emulator/jobs).
    #[arg(long)]
    jobs: Option<std::path::PathBuf>,
    /// Refuse a Bailian job polled again within this many milliseconds (Bailian's rule: 5000).
    #[arg(long)]
    bailian_min_interval_ms: Option<u64>,
    /// Alibaba AccessKey ID to accept. Secrets come only from the environment
    /// (JOBSTATUS_EMULATOR_ALIBABA_ACCESS_KEY_SECRET, JOBSTATUS_EMULATOR_HUAWEI_SK,
    /// JOBSTATUS_EMULATOR_AZURE_KEY), so they stay out of `ps`.
    #[arg(long, env = "JOBSTATUS_EMULATOR_ALIBABA_ACCESS_KEY_ID")]
    alibaba_access_key_id: Option<String>,
    /// Huawei AK to accept.
    #[arg(long, env = "JOBSTATUS_EMULATOR_HUAWEI_AK")]
    huawei_ak: Option<String>,
    /// Huawei project to serve.
    #[arg(long, env = "JOBSTATUS_EMULATOR_HUAWEI_PROJECT_ID")]
    huawei_project_id: Option<String>,
}

fn credentials(args: &Args) -> Credentials {
    let mut c = Credentials::default();
    let env = |n: &str| std::env::var(n).ok().filter(|v| !v.is_empty());
    if let Some(v) = &args.alibaba_access_key_id {
        c.alibaba.access_key_id = v.clone();
    }
    if let Some(v) = env("JOBSTATUS_EMULATOR_ALIBABA_ACCESS_KEY_SECRET") {
        c.alibaba.access_key_secret = v;
    }
    if let Some(v) = &args.huawei_ak {
        c.huawei.ak = v.clone();
    }
    if let Some(v) = env("JOBSTATUS_EMULATOR_HUAWEI_SK") {
        c.huawei.sk = v;
    }
    if let Some(v) = &args.huawei_project_id {
        c.huawei.project_id = v.clone();
    }
    if let Some(v) = env("JOBSTATUS_EMULATOR_AZURE_KEY") {
        c.azure.key = v;
    }
    c
}

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .init();
    let args = Args::parse();
    let preload: Vec<JobRequest> = match &args.jobs {
        None => Vec::new(),
        Some(path) => match std::fs::read_to_string(path)
            .map_err(|e| e.to_string())
            .and_then(|t| serde_json::from_str(&t).map_err(|e| e.to_string()))
        {
            Ok(jobs) => jobs,
            Err(e) => {
                eprintln!("error: cannot use jobs file {}: {e}", path.display());
                return ExitCode::from(2);
            }
        },
    };
    let config = Config {
        addr: args.addr,
        speed: args.speed,
        seed: args.seed,
        credentials: credentials(&args),
        preload,
        bailian_min_interval_ms: args.bailian_min_interval_ms,
    };
    jobstatus_emulator::run(config).await
}
