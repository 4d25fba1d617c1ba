//! `jobstatus`: get, wait on and watch any job on the five providers; run the emulator; the demo.
//!
//! - `args`: the command line (clap, derive).
//! - `commands`: `get`, `wait`, `watch`.
//! - `demo`: the emulator in-process, five jobs, live bars, a summary table.
//! - `setup`: job references, credentials and policies from flags; errors as one line.
//! - `output`: tables, lines, JSON and bars.
//! - `exit`: the documented exit codes.
//! - `duration`: `500ms`, `5s`, `2m`, `1h`.

mod args;
mod commands;
mod demo;
mod duration;
mod exit;
mod output;
mod setup;

use std::process::ExitCode;

use clap::Parser;

use args::{Cli, Command};

fn main() -> ExitCode {
    // Bad flags print clap's message (exit 2) and never a backtrace.
    let cli = Cli::parse();
    // The emulator logs its requests as `jobstatus-emulator` does; the rest stays quiet.
    let default_filter = if matches!(cli.command, Command::Emulator(_)) {
        "info"
    } else {
        "warn"
    };
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("JOBSTATUS_LOG")
                .unwrap_or_else(|_| default_filter.into()),
        )
        .with_ansi(std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()))
        .init();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::from(exit::ERROR);
        }
    };
    runtime.block_on(async move {
        match cli.command {
            Command::Demo(a) => demo::run(a).await,
            Command::Get(a) => commands::get(a).await,
            Command::Wait(a) => commands::wait(a).await,
            Command::Watch(a) => commands::watch(a).await,
            Command::Emulator(a) => match a.into_config() {
                Ok(config) => jobstatus_emulator::run(config).await,
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::from(exit::USAGE)
                }
            },
        }
    })
}
