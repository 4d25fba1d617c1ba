//! `jobstatus-emulator`: prints one JSON line with its address and credentials, logs to stderr,
//! serves until Ctrl-C or SIGTERM.

use std::process::ExitCode;

use clap::Parser;
use jobstatus_emulator::cli::EmulatorArgs;

/// A local server that speaks Bailian, gpdb, Azure QnA, PAI and Huawei MetaStudio job-status APIs.
#[derive(Parser, Debug)]
#[command(
    version,
    about,
    after_help = "Example:\n  jobstatus-emulator --addr 127.0.0.1:8080 --speed 10 --jobs jobs.json"
)]
struct Args {
    #[command(flatten)]
    emulator: EmulatorArgs,
}

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .init();
    match Args::parse().emulator.into_config() {
        Ok(config) => jobstatus_emulator::run(config).await,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}
