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

/// The crates whose logs `JOBSTATUS_LOG=LEVEL` turns up; other crates' lines (rustls, hyper)
/// appear only when named, as in `JOBSTATUS_LOG=debug,hyper=debug`.
const OUR_TARGETS: &[&str] = &[
    "jobstatus",
    "jobstatus_cli",
    "jobstatus_core",
    "jobstatus_runtime",
    "jobstatus_emulator",
    "bailian_index",
    "gpdb_docs",
    "azure_qna",
    "pai_dataset",
    "huawei_ies",
];

/// `JOBSTATUS_LOG`'s directives, with a bare level applying to our crates only; everything
/// else stays at `warn`. An unreadable value falls back to the default.
fn log_filter(spec: Option<&str>, default_level: &str) -> tracing_subscriber::EnvFilter {
    let mut directives = vec!["warn".to_owned()];
    let ours = |level: &str, out: &mut Vec<String>| {
        out.extend(OUR_TARGETS.iter().map(|t| format!("{t}={level}")));
    };
    match spec.map(str::trim).filter(|s| !s.is_empty()) {
        None => ours(default_level, &mut directives),
        Some(spec) => {
            for d in spec.split(',').map(str::trim).filter(|d| !d.is_empty()) {
                if d.contains('=') || d.contains('[') {
                    directives.push(d.to_owned());
                } else {
                    ours(d, &mut directives);
                }
            }
        }
    }
    tracing_subscriber::EnvFilter::try_new(directives.join(",")).unwrap_or_else(|e| {
        eprintln!("warning: JOBSTATUS_LOG is not a log filter ({e}); using {default_level}");
        let mut fallback = vec!["warn".to_owned()];
        ours(default_level, &mut fallback);
        tracing_subscriber::EnvFilter::new(fallback.join(","))
    })
}

fn main() -> ExitCode {
    // Bad flags print clap's message (exit 2) and never a backtrace.
    let cli = Cli::parse();
    // The emulator logs its requests as `jobstatus-emulator` does; the rest stays quiet.
    let default_level = if matches!(cli.command, Command::Emulator(_)) {
        "info"
    } else {
        "warn"
    };
    let filter = log_filter(
        std::env::var("JOBSTATUS_LOG").ok().as_deref(),
        default_level,
    );
    use std::io::IsTerminal;
    let colour = std::io::stderr().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(filter)
        .with_ansi(colour)
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
