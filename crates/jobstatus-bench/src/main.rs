//! `jobstatus-bench`: measures, in one run, against the emulator on loopback:
//! status calls per second through each provider client against raw `reqwest` at the same
//! concurrency; N jobs tracked to completion (wall time, CPU, peak memory, requests against the
//! policy's minimum, wrong or unfinished jobs); and `cargo xtask gen` for the five specs.
//! Prints a markdown table; `--write FILE` also writes it with the machine and the command.

use std::fmt::Write as _;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

use clap::Parser;
use futures::future::join_all;
use jobstatus_bench::process;
use jobstatus_core::credentials::{AlibabaCredentials, AzureAuth, HuaweiAuth, HuaweiCredentials};
use jobstatus_core::{Clock, JobRef, JobState, Jobs, PollPolicy, RateLimit, Sleep, Tracker};
use jobstatus_emulator::{Config, CreatedJob, Emulator, JobRequest, Provider, Scenario};
use tokio::time::Instant as TokioInstant;

#[derive(Parser, Debug)]
#[command(
    about,
    after_help = "Example:\n  cargo run --release -p jobstatus-bench -- --write BENCHMARKS.md"
)]
struct Args {
    /// Jobs tracked together.
    #[arg(long, default_value_t = 10_000)]
    jobs: usize,
    /// Status calls per provider and client kind in the throughput test.
    #[arg(long, default_value_t = 4_000)]
    calls: usize,
    /// Calls in flight at once in the throughput test.
    #[arg(long, default_value_t = 16)]
    concurrency: usize,
    /// How much faster than real time the tracked jobs (and their polling policies) run.
    #[arg(long, default_value_t = 20.0)]
    speed: f64,
    /// Requests per second (in job time) each provider's shared rate limit allows.
    #[arg(long, default_value_t = 200.0)]
    rate_limit: f64,
    /// Also write the report to this file.
    #[arg(long)]
    write: Option<std::path::PathBuf>,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(run(args))
}

async fn run(args: Args) -> ExitCode {
    let mut report = String::new();
    let started = Instant::now();

    // Tracking first, so that its peak memory is not someone else's.
    let rss_before = process::rss_mib();
    let tracked = match track(&args).await {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let throughput = match throughput(&args).await {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let codegen = codegen();

    let _ = writeln!(
        report,
        "## Status calls per second: provider clients against raw reqwest\n"
    );
    let _ = writeln!(
        report,
        "{} calls per provider and kind, {} in flight, emulator on loopback with auth checks off (so both sides ask the same server for the same work). Raw = `reqwest` GET (gpdb: POST) of the same URL, no signing, body read but not decoded. Best of 3 rounds.\n",
        args.calls, args.concurrency
    );
    let _ = writeln!(
        report,
        "| provider | client calls/s | raw calls/s | ratio | target ≥ 85 % |"
    );
    let _ = writeln!(report, "|---|---:|---:|---:|---|");
    for t in &throughput {
        let ratio = t.client / t.raw;
        let _ = writeln!(
            report,
            "| {} | {:.0} | {:.0} | {:.0} % | {} |",
            t.provider,
            t.client,
            t.raw,
            ratio * 100.0,
            if ratio >= 0.85 { "met" } else { "missed" }
        );
    }
    let t = &tracked;
    let extra = (t.requests as f64 / t.minimum as f64 - 1.0) * 100.0;
    let _ = writeln!(report, "\n## {} jobs tracked to completion\n", t.jobs);
    let _ = writeln!(
        report,
        "Five providers, four endings, jobs of 60 to 600 s (job time), each provider's default policy, a shared rate limit of {:.0} requests/s per provider, at most 64 requests in flight; job time runs {}× real time (the emulator's and the policies' alike), so the wall time is the job time divided by {}.\n",
        args.rate_limit, args.speed, args.speed
    );
    let _ = writeln!(report, "| measure | value | target |");
    let _ = writeln!(report, "|---|---:|---|");
    let _ = writeln!(report, "| wall time | {:.1} s | |", t.wall.as_secs_f64());
    let _ = writeln!(
        report,
        "| CPU time (client, tracker and emulator, one process) | {:.1} s | |",
        t.cpu
    );
    let _ = writeln!(
        report,
        "| peak resident memory (whole process, emulator included) | {:.1} MiB (before: {:.1} MiB) | < 100 MB: {} |",
        t.peak_rss,
        rss_before.unwrap_or(0.0),
        if t.peak_rss * 1.048_576 < 100.0 {
            "met"
        } else {
            "missed"
        }
    );
    let _ = writeln!(report, "| requests sent | {} | |", t.requests);
    let _ = writeln!(report, "| fewest the policy allows | {} | |", t.minimum);
    let _ = writeln!(
        report,
        "| extra requests | {extra:.1} % | ≤ 5 %: {} |",
        if extra <= 5.0 { "met" } else { "missed" }
    );
    let _ = writeln!(report, "| transient errors | {} | |", t.transient);
    let _ = writeln!(
        report,
        "| jobs in the wrong state | {} | none: {} |",
        t.wrong,
        if t.wrong == 0 { "met" } else { "missed" }
    );
    let _ = writeln!(
        report,
        "| jobs that never ended | {} | none: {} |",
        t.unfinished,
        if t.unfinished == 0 { "met" } else { "missed" }
    );
    let _ = writeln!(
        report,
        "| highest request rate, any provider (job time) | {:.0} /s | ≤ {:.0} /s |",
        t.peak_rate, args.rate_limit
    );
    let _ = writeln!(report, "\n## Code generation\n");
    match codegen {
        Ok((n, d)) => {
            let _ = writeln!(
                report,
                "`cargo xtask gen` work for {n} specs (parse, validate, progenitor, prettyplease; in memory, best of 3): {:.0} ms",
                d.as_secs_f64() * 1000.0
            );
        }
        Err(e) => {
            let _ = writeln!(report, "code generation failed: {e}");
        }
    }
    println!("{report}");
    eprintln!("done in {:.1} s", started.elapsed().as_secs_f64());
    if let Some(path) = &args.write {
        let doc = format!(
            "# Benchmarks\n\nMachine: {}.\n\nReproduce: `cargo run --release -p jobstatus-bench -- --write BENCHMARKS.md` (this run: `{}`), and `cargo bench -p jobstatus-bench` for the micro-benchmarks.\n\n{report}",
            machine(),
            std::env::args().skip(1).collect::<Vec<_>>().join(" ")
        );
        if let Err(e) = std::fs::write(path, doc) {
            eprintln!("error: cannot write {}: {e}", path.display());
            return ExitCode::FAILURE;
        }
    }
    if tracked.wrong > 0 || tracked.unfinished > 0 {
        eprintln!(
            "error: {} jobs ended wrong and {} never ended",
            tracked.wrong, tracked.unfinished
        );
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|s| s.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(0);
    let mem = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .next()
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|k| k.parse::<f64>().ok())
        })
        .map(|k| format!("{:.0} GiB", k / 1024.0 / 1024.0))
        .unwrap_or_default();
    format!(
        "{cpu}, {cores} cores available, {mem} memory, {} {}",
        std::env::consts::OS,
        std::env::consts::ARCH
    )
}

/// Job time running `scale` times faster than real time, for the tracker and its policies.
#[derive(Debug)]
struct ScaledClock {
    start: TokioInstant,
    scale: f64,
}

impl Clock for ScaledClock {
    fn now(&self) -> TokioInstant {
        self.start + self.start.elapsed().mul_f64(self.scale)
    }
    fn sleep(&self, d: Duration) -> Sleep {
        Box::pin(tokio::time::sleep(d.div_f64(self.scale)))
    }
}

fn jobs_for(e: &Emulator) -> jobstatus_core::JobsBuilder {
    let c = e.credentials();
    Jobs::builder()
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
        .huawei_task_status("3", JobState::Failed)
}

fn core_provider(p: Provider) -> jobstatus_core::Provider {
    match p {
        Provider::Bailian => jobstatus_core::Provider::Bailian,
        Provider::Gpdb => jobstatus_core::Provider::Gpdb,
        Provider::Azure => jobstatus_core::Provider::Azure,
        Provider::Pai => jobstatus_core::Provider::Pai,
        Provider::Huawei => jobstatus_core::Provider::Huawei,
    }
}

struct Tracked {
    jobs: usize,
    wall: Duration,
    cpu: f64,
    peak_rss: f64,
    requests: u64,
    minimum: u64,
    transient: u64,
    wrong: usize,
    unfinished: usize,
    peak_rate: f64,
}

/// When a job ends, in job time after its creation (the emulator's lifecycle).
fn ends_at(scenario: Scenario, duration: Duration) -> Duration {
    match scenario {
        Scenario::Succeed | Scenario::Partial => duration,
        Scenario::Fail | Scenario::Cancel => duration.mul_f64(0.6),
    }
}

/// The fewest polls a policy needs to see a job end `end` after its first poll: polls at the
/// policy's full delays (jitter only shortens them) until one comes at or after the end.
fn fewest_polls(policy: &PollPolicy, end: Duration) -> u64 {
    let mut t = Duration::ZERO;
    let mut n = 0u32;
    loop {
        n += 1;
        if t >= end {
            return n as u64;
        }
        t += policy.backoff(n - 1);
    }
}

async fn track(args: &Args) -> Result<Tracked, String> {
    let e = Emulator::start(Config {
        speed: args.speed,
        ..Config::default()
    })
    .await
    .map_err(|e| e.to_string())?;
    let clock = Arc::new(ScaledClock {
        start: TokioInstant::now(),
        scale: args.speed,
    });
    let mut b = jobs_for(&e).clock(clock.clone());
    for p in Provider::ALL {
        b = b.rate_limit(
            core_provider(p),
            RateLimit::per_second(args.rate_limit).with_burst(10),
        );
    }
    let jobs = b.build().map_err(|e| e.to_string())?;
    let mut tracker = Tracker::new(&jobs);
    let scenarios = [
        Scenario::Succeed,
        Scenario::Partial,
        Scenario::Fail,
        Scenario::Cancel,
    ];
    let mut want = std::collections::HashMap::new();
    let mut minimum = 0u64;
    let mut ends = std::collections::HashMap::new();
    let cpu0 = process::cpu_seconds().unwrap_or(0.0);
    let wall0 = Instant::now();
    let job0 = clock.now();
    for i in 0..args.jobs {
        let provider = Provider::ALL[i % 5];
        let scenario = scenarios
            .into_iter()
            .cycle()
            .skip((i / 5) % 4)
            .find(|s| provider.supports(*s, 3).is_ok())
            .unwrap_or(Scenario::Succeed);
        let duration = Duration::from_secs(60 + 60 * (i as u64 % 10));
        let created = e
            .create_job(&JobRequest {
                provider,
                scenario,
                duration_ms: Some(duration.as_millis() as u64),
                items: None,
            })
            .map_err(|e| e.to_string())?;
        register_password(&jobs, &created);
        let job: JobRef = created
            .job
            .parse()
            .map_err(|e: jobstatus_core::JobRefError| e.to_string())?;
        ends.insert(job.to_string(), ends_at(scenario, duration));
        want.insert(
            job.to_string(),
            match scenario {
                Scenario::Succeed => JobState::Succeeded,
                Scenario::Partial => JobState::PartiallySucceeded,
                Scenario::Fail => JobState::Failed,
                Scenario::Cancel => JobState::Cancelled,
            },
        );
        tracker.add(job);
    }
    let (mut wrong, mut unfinished, mut transient) = (0, 0, 0u64);
    while let Some(done) = tracker.next().await {
        transient += done.transient_errors as u64;
        // The policy's fewest polls from the job's first request (which may have queued behind
        // the concurrency cap when ten thousand jobs start at once) to its end.
        let end = ends.get(&done.job.to_string()).copied().unwrap_or_default();
        let first = done.first_poll_after.unwrap_or_default();
        minimum += fewest_polls(
            &jobs.policy_for(done.job.provider()),
            end.saturating_sub(first),
        );
        match done.result {
            Ok(s) if Some(&s.state) == want.get(&done.job.to_string()) => {}
            Ok(s) => {
                wrong += 1;
                eprintln!("wrong: {} ended {}", done.job, s.state);
            }
            Err(err) => {
                unfinished += 1;
                eprintln!("unfinished: {}: {err}", done.job);
            }
        }
    }
    let wall = wall0.elapsed();
    let job_time = clock.now().saturating_duration_since(job0).as_secs_f64();
    let cpu = process::cpu_seconds().unwrap_or(0.0) - cpu0;
    let peak_rss = process::peak_rss_mib().unwrap_or(0.0);
    let stats = e.stats();
    let requests: u64 = stats.by_provider.values().sum();
    let peak_rate = stats
        .by_provider
        .values()
        .map(|n| *n as f64 / job_time)
        .fold(0.0, f64::max);
    e.shutdown().await;
    Ok(Tracked {
        jobs: args.jobs,
        wall,
        cpu,
        peak_rss,
        requests,
        minimum,
        transient,
        wrong,
        unfinished,
        peak_rate,
    })
}

fn register_password(jobs: &Jobs, created: &CreatedJob) {
    if let (Some(p), Some(db), Some(ns)) = (
        created.ids.get("NamespacePassword"),
        created.ids.get("DBInstanceId"),
        created.ids.get("Namespace"),
    ) {
        jobs.add_gpdb_namespace_password(db, ns, p.as_str());
    }
}

struct Throughput {
    provider: Provider,
    client: f64,
    raw: f64,
}

/// One provider's typed call, through its own crate's client.
async fn typed_call(jobs: &Jobs, job: &JobRef) -> Result<(), String> {
    jobs.get(job).await.map(|_| ()).map_err(|e| e.to_string())
}

async fn throughput(args: &Args) -> Result<Vec<Throughput>, String> {
    let e = Emulator::start(Config {
        check_auth: false,
        ..Config::default()
    })
    .await
    .map_err(|e| e.to_string())?;
    // No shared rate limit here: this measures the clients, not the limiter.
    let mut b = jobs_for(&e);
    for p in Provider::ALL {
        b = b.rate_limit(
            core_provider(p),
            RateLimit::per_second(1e9).with_burst(1_000_000),
        );
    }
    let jobs = b.build().map_err(|e| e.to_string())?;
    let raw = jobstatus_runtime::http_client::build_client(Default::default())
        .map_err(|e| e.to_string())?;
    let mut out = Vec::new();
    for provider in Provider::ALL {
        let created = e
            .create_job(&JobRequest {
                provider,
                scenario: Scenario::Succeed,
                duration_ms: Some(3_600_000),
                items: Some(3),
            })
            .map_err(|e| e.to_string())?;
        register_password(&jobs, &created);
        let job: JobRef = created
            .job
            .parse()
            .map_err(|e: jobstatus_core::JobRefError| e.to_string())?;
        let request = raw_request(e.base_url(), &created);
        // Warm both up, then best of three alternating rounds.
        rate(args, 200, || typed_call(&jobs, &job)).await?;
        rate(args, 200, || raw_call(&raw, &request)).await?;
        let (mut client, mut bare) = (0.0f64, 0.0f64);
        for _ in 0..3 {
            bare = bare.max(rate(args, args.calls, || raw_call(&raw, &request)).await?);
            client = client.max(rate(args, args.calls, || typed_call(&jobs, &job)).await?);
        }
        out.push(Throughput {
            provider,
            client,
            raw: bare,
        });
    }
    e.shutdown().await;
    Ok(out)
}

/// Calls per second for `n` calls with `args.concurrency` in flight.
async fn rate<F, Fut>(args: &Args, n: usize, call: F) -> Result<f64, String>
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = Result<(), String>>,
{
    let workers = args.concurrency.max(1);
    let per = n.div_ceil(workers);
    let started = Instant::now();
    let results = join_all((0..workers).map(|_| async {
        for _ in 0..per {
            call().await?;
        }
        Ok::<(), String>(())
    }))
    .await;
    for r in results {
        r?;
    }
    Ok((per * workers) as f64 / started.elapsed().as_secs_f64())
}

struct RawRequest {
    method: reqwest::Method,
    url: String,
    form: Option<Vec<(String, String)>>,
}

/// The same URL (and gpdb's form body) the provider client sends, without signing.
fn raw_request(base: &str, job: &CreatedJob) -> RawRequest {
    let id = |k: &str| job.ids.get(k).cloned().unwrap_or_default();
    let get = |url: String| RawRequest {
        method: reqwest::Method::GET,
        url,
        form: None,
    };
    match job.provider {
        Provider::Bailian => get(format!(
            "{base}/{}/index/job/status?IndexId={}&JobId={}&PageNumber=1&pageSize={}",
            id("WorkspaceId"),
            id("IndexId"),
            id("JobId"),
            jobstatus_core::BAILIAN_STATUS_PAGE_SIZE
        )),
        Provider::Gpdb => RawRequest {
            method: reqwest::Method::POST,
            url: format!(
                "{base}/?DBInstanceId={}&RegionId={}",
                id("DBInstanceId"),
                id("RegionId")
            ),
            form: Some(vec![
                ("Collection".into(), id("Collection")),
                ("JobId".into(), id("JobId")),
                ("Namespace".into(), id("Namespace")),
                ("NamespacePassword".into(), id("NamespacePassword")),
            ]),
        },
        Provider::Azure => get(format!(
            "{base}/language/authoring/query-knowledgebases/projects/{}/qnas/jobs/{}?api-version={}",
            id("projectName"),
            id("jobId"),
            azure_qna::API_VERSION
        )),
        Provider::Pai => get(format!(
            "{base}/api/v1/datasets/{}/datasetjobs/{}?WorkspaceId={}",
            id("DatasetId"),
            id("DatasetJobId"),
            id("WorkspaceId")
        )),
        Provider::Huawei => get(format!(
            "{base}/v2/{}/ies/task/{}",
            id("project_id"),
            id("id")
        )),
    }
}

async fn raw_call(client: &reqwest::Client, r: &RawRequest) -> Result<(), String> {
    let mut req = client.request(r.method.clone(), &r.url);
    if let Some(form) = &r.form {
        req = req.form(form);
    }
    let resp = req.send().await.map_err(|e| e.to_string())?;
    if !resp.status().is_success() {
        return Err(format!("raw {} answered {}", r.url, resp.status()));
    }
    resp.bytes().await.map(|_| ()).map_err(|e| e.to_string())
}

fn codegen() -> Result<(usize, Duration), String> {
    let root = xtask::workspace_root();
    let targets = xtask::targets(&root).map_err(|e| format!("{e:?}"))?;
    let mut best = Duration::MAX;
    for _ in 0..3 {
        let started = Instant::now();
        for t in &targets {
            xtask::generate_file(&root, &t.spec).map_err(|e| format!("{e:?}"))?;
        }
        best = best.min(started.elapsed());
    }
    Ok((targets.len(), best))
}
