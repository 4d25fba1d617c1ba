//! `get`, `wait` and `watch`.

use std::process::ExitCode;

use futures::StreamExt;

use crate::args::{JobArgs, WaitArgs};
use crate::exit;
use crate::output::{Printer, summary};
use crate::setup::{self, Problem};

fn fail(msg: &str) -> ExitCode {
    eprintln!("error: {msg}");
    ExitCode::from(exit::ERROR)
}

/// The job, a `Jobs` for it and the policy, from `wait` and `watch` flags.
fn prepare(
    args: &WaitArgs,
) -> Result<
    (
        jobstatus_core::PollPolicy,
        jobstatus_core::JobRef,
        jobstatus_core::Jobs,
    ),
    Problem,
> {
    let job = setup::job_ref(&args.job)?;
    let jobs = setup::jobs(&args.job)?;
    Ok((setup::policy(&jobs, &job, args)?, job, jobs))
}

/// `jobstatus get`: exit 0 whenever an answer came.
pub async fn get(args: JobArgs) -> ExitCode {
    let printer = Printer::new(&args.common);
    let (job, jobs) = match setup::job_ref(&args).and_then(|j| Ok((j, setup::jobs(&args)?))) {
        Ok(x) => x,
        Err(p) => return p.fail(),
    };
    match jobs.get(&job).await {
        Ok(s) => {
            printer.status(&s);
            ExitCode::from(exit::SUCCEEDED)
        }
        Err(e) => fail(&setup::describe(&e)),
    }
}

/// `jobstatus wait`: the final status, and the exit code of its state.
pub async fn wait(args: WaitArgs) -> ExitCode {
    let printer = Printer::new(&args.job.common);
    let (policy, job, jobs) = match prepare(&args) {
        Ok(x) => x,
        Err(p) => return p.fail(),
    };
    let spinner = printer.spinner(&format!("{} {}", job.provider(), job.job_id()));
    let mut stream = jobs.watch_with(&job, policy);
    let mut last = None;
    while let Some(item) = stream.next().await {
        match item {
            Ok(s) => {
                if let Some(b) = &spinner {
                    b.set_message(summary(&s));
                }
                last = Some(s);
            }
            Err(e) if e.is_retryable() => {
                if let Some(b) = &spinner {
                    b.set_message(format!("retrying after: {e}"));
                }
            }
            Err(e) => {
                if let Some(b) = spinner {
                    b.finish_and_clear();
                }
                if let (Some(s), crate::args::Output::Json) = (e.last_status(), printer.output) {
                    printer.status(s);
                }
                eprintln!("error: {}", setup::describe(&e));
                return exit::for_error(&e);
            }
        }
    }
    if let Some(b) = spinner {
        b.finish_and_clear();
    }
    match last {
        Some(s) if s.is_terminal() => {
            printer.status(&s);
            exit::for_state(&s.state)
        }
        _ => fail("the wait ended without a final status"),
    }
}

/// `jobstatus watch`: a line (or JSON object) per change, then the final state's exit code.
pub async fn watch(args: WaitArgs) -> ExitCode {
    let printer = Printer::new(&args.job.common);
    let (policy, job, jobs) = match prepare(&args) {
        Ok(x) => x,
        Err(p) => return p.fail(),
    };
    let mut stream = jobs.watch_with(&job, policy);
    let mut last = None;
    while let Some(item) = stream.next().await {
        match item {
            Ok(s) => {
                printer.change(&s);
                last = Some(s);
            }
            Err(e) if e.is_retryable() => {
                if !printer.quiet {
                    eprintln!("retrying: {e}");
                }
            }
            Err(e) => {
                eprintln!("error: {}", setup::describe(&e));
                return exit::for_error(&e);
            }
        }
    }
    match last {
        Some(s) if s.is_terminal() => exit::for_state(&s.state),
        _ => fail("the watch ended without a final status"),
    }
}
