//! `jobstatus demo`: the emulator in-process, one job per provider, five live bars, a summary.

use std::process::ExitCode;
use std::time::{Duration, Instant};

use futures::StreamExt;
use indicatif::{MultiProgress, ProgressBar, ProgressStyle};
use jobstatus_core::credentials::{AlibabaCredentials, AzureAuth, HuaweiAuth, HuaweiCredentials};
use jobstatus_core::{JobRef, JobState, JobStatus, Jobs, PollPolicy, Provider as CoreProvider};
use jobstatus_emulator::{Config, Emulator, JobRequest, Provider, Scenario};

use crate::args::{DemoArgs, Output};
use crate::exit;
use crate::output::{Printer, counts, grid, summary};

/// The five jobs: a realistic size for each vendor and a mix of endings.
const PLAN: [(Provider, Scenario, u32, u64); 5] = [
    (Provider::Bailian, Scenario::Succeed, 40, 40_000),
    (Provider::Gpdb, Scenario::Succeed, 1, 30_000),
    (Provider::Azure, Scenario::Partial, 12, 36_000),
    (Provider::Pai, Scenario::Fail, 200, 50_000),
    (Provider::Huawei, Scenario::Partial, 30, 44_000),
];

fn expected(s: Scenario) -> JobState {
    match s {
        Scenario::Succeed => JobState::Succeeded,
        Scenario::Partial => JobState::PartiallySucceeded,
        Scenario::Fail => JobState::Failed,
        Scenario::Cancel => JobState::Cancelled,
    }
}

struct Outcome {
    job: JobRef,
    want: JobState,
    last: Option<JobStatus>,
    error: Option<String>,
    took: Duration,
}

pub async fn run(args: DemoArgs) -> ExitCode {
    let printer = Printer::new(&args.common);
    if !(args.speed.is_finite() && args.speed > 0.0) {
        eprintln!(
            "error: --speed must be a positive number, not {}",
            args.speed
        );
        return ExitCode::from(exit::USAGE);
    }
    let emulator = match Emulator::start(Config {
        speed: args.speed,
        ..Config::default()
    })
    .await
    {
        Ok(e) => e,
        Err(e) => {
            eprintln!("error: cannot start the emulator on 127.0.0.1: {e}");
            return ExitCode::from(exit::ERROR);
        }
    };
    let jobs = match demo_jobs(&emulator) {
        Ok(j) => j,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(exit::ERROR);
        }
    };
    if !printer.quiet && printer.output == Output::Table {
        println!(
            "jobstatus demo: an emulator at {} speaking five vendor APIs, one job on each\n",
            emulator.base_url()
        );
    }
    let multi = MultiProgress::new();
    let mut watches = Vec::new();
    for (provider, scenario, items, duration_ms) in PLAN {
        let created = match emulator.create_job(&JobRequest {
            provider,
            scenario,
            duration_ms: Some(duration_ms),
            items: Some(items),
        }) {
            Ok(c) => c,
            Err(e) => {
                eprintln!("error: the emulator refused the {provider} job: {e}");
                return ExitCode::from(exit::ERROR);
            }
        };
        if let (Some(p), Some(db), Some(ns)) = (
            created.ids.get("NamespacePassword"),
            created.ids.get("DBInstanceId"),
            created.ids.get("Namespace"),
        ) {
            jobs.add_gpdb_namespace_password(db, ns, p.as_str());
        }
        let job: JobRef = match created.job.parse() {
            Ok(j) => j,
            Err(e) => {
                eprintln!("error: the emulator's reference does not parse: {e}");
                return ExitCode::from(exit::ERROR);
            }
        };
        let bar = printer.bars.then(|| bar(&multi, provider, printer.color));
        watches.push(watch(jobs.clone(), job, expected(scenario), bar, printer));
    }
    let outcomes = tokio::select! {
        o = futures::future::join_all(watches) => o,
        _ = tokio::signal::ctrl_c() => {
            eprintln!("interrupted");
            emulator.shutdown().await;
            return ExitCode::from(130);
        }
    };
    emulator.shutdown().await;
    let _ = multi.clear();

    let wrong: Vec<&Outcome> = outcomes
        .iter()
        .filter(|o| o.error.is_some() || o.last.as_ref().map(|s| &s.state) != Some(&o.want))
        .collect();
    if !printer.quiet && printer.output == Output::Table {
        let rows: Vec<Vec<String>> = outcomes
            .iter()
            .map(|o| {
                let state = match (&o.last, &o.error) {
                    (_, Some(e)) => format!("error: {e}"),
                    (Some(s), None) => s.state.to_string(),
                    (None, None) => "-".into(),
                };
                vec![
                    o.job.provider().to_string(),
                    o.job.job_id().to_owned(),
                    state,
                    o.last
                        .as_ref()
                        .map(|s| counts(s).trim().to_owned())
                        .unwrap_or_default(),
                    format!("{:.1}s", o.took.as_secs_f64()),
                ]
            })
            .collect();
        println!(
            "\n{}",
            grid(&["provider", "job", "final state", "counts", "time"], &rows)
        );
    }
    if wrong.is_empty() {
        if !printer.quiet && printer.output == Output::Table {
            println!("All five jobs ended as their scenarios said. Try `jobstatus --help` next.");
        }
        ExitCode::from(exit::SUCCEEDED)
    } else {
        for o in wrong {
            eprintln!(
                "error: {} {} ended {:?}, expected {}",
                o.job.provider(),
                o.job.job_id(),
                o.last.as_ref().map(|s| s.state.to_string()),
                o.want
            );
        }
        ExitCode::from(exit::ERROR)
    }
}

fn demo_jobs(e: &Emulator) -> Result<Jobs, jobstatus_core::Error> {
    let c = e.credentials();
    let mut b = Jobs::builder()
        .alibaba_credentials(AlibabaCredentials::new(
            c.alibaba.access_key_id.clone(),
            c.alibaba.access_key_secret.as_str(),
        ))
        .huawei_credentials(HuaweiAuth::AkSk(HuaweiCredentials::new(
            c.huawei.ak.clone(),
            c.huawei.sk.as_str(),
            c.huawei.project_id.clone(),
        )))
        .azure_credentials(AzureAuth::key(c.azure.key.as_str()))
        // The emulator documents its own task_status values; Huawei documents none.
        .huawei_task_status("3", JobState::Failed);
    for p in CoreProvider::ALL {
        // Quick polls for a short demo; Bailian keeps its 5-second floor.
        let policy = PollPolicy::for_provider(p)
            .with_delays(Duration::from_secs(1), Duration::from_secs(2))
            .with_max_elapsed(Some(Duration::from_secs(600)));
        b = b.policy(p, policy);
    }
    b.build()
}

fn bar(multi: &MultiProgress, provider: Provider, color: bool) -> ProgressBar {
    let bar = multi.add(ProgressBar::new(100));
    set_bar_colour(&bar, color.then_some("cyan"));
    bar.set_prefix(provider.as_str());
    bar.set_message("starting");
    bar
}

/// The bar's style, in `colour` (cyan while running; green, yellow or red by outcome). The
/// status text is `{msg}`, never cut to the terminal's width.
fn set_bar_colour(bar: &ProgressBar, colour: Option<&str>) {
    let template = match colour {
        Some(c) => format!("{{prefix:>13}} [{{bar:24.{c}/white}}] {{pos:>3}}% {{msg}}"),
        None => "{prefix:>13} [{bar:24}] {pos:>3}% {msg}".to_owned(),
    };
    if let Ok(style) = ProgressStyle::with_template(&template) {
        bar.set_style(style.progress_chars("=> "));
    }
}

/// The colour of a finished bar: green for success, yellow for partial or cancelled, red for
/// failure or an error.
fn outcome_colour(last: Option<&JobStatus>, error: bool) -> &'static str {
    match last.map(|s| &s.state) {
        _ if error => "red",
        Some(JobState::Succeeded) => "green",
        Some(JobState::PartiallySucceeded | JobState::Cancelled) => "yellow",
        _ => "red",
    }
}

async fn watch(
    jobs: Jobs,
    job: JobRef,
    want: JobState,
    bar: Option<ProgressBar>,
    printer: Printer,
) -> Outcome {
    let started = Instant::now();
    let mut stream = jobs.watch(&job);
    let mut last = None;
    let mut error = None;
    while let Some(item) = stream.next().await {
        match item {
            Ok(s) => {
                match &bar {
                    Some(b) => {
                        b.set_position(s.progress.percent.unwrap_or(0.0) as u64);
                        b.set_message(summary(&s));
                    }
                    None => printer.change(&s),
                }
                last = Some(s);
            }
            Err(e) if e.is_retryable() => {
                if let Some(b) = &bar {
                    b.set_message(format!("retrying: {e}"));
                }
            }
            Err(e) => error = Some(e.to_string()),
        }
    }
    if let Some(b) = bar {
        if printer.color {
            set_bar_colour(&b, Some(outcome_colour(last.as_ref(), error.is_some())));
        }
        b.finish();
    }
    Outcome {
        job,
        want,
        last,
        error,
        took: started.elapsed(),
    }
}
