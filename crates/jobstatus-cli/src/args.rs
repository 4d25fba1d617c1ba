//! The command line.

use std::time::Duration;

use clap::{Args, Parser, Subcommand, ValueEnum};
use jobstatus_emulator::cli::EmulatorArgs;

use crate::duration;

const CREDENTIALS_HELP: &str = "Credentials come from each vendor's usual places, never from flags:
  Alibaba (bailian-index, gpdb-docs, pai-dataset), first found wins:
    ALIBABA_CLOUD_ACCESS_KEY_ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET [, ALIBABA_CLOUD_SECURITY_TOKEN];
    ~/.aliyun/config.json (profile ALIBABA_CLOUD_PROFILE or its current one; off with
    ALIBABA_CLOUD_CLI_PROFILE_DISABLED=true);
    ALIBABA_CLOUD_CREDENTIALS_FILE or ~/.alibabacloud/credentials (section ALIBABA_CLOUD_PROFILE
    or default)
  Huawei (huawei-ies): HUAWEICLOUD_SDK_AK, HUAWEICLOUD_SDK_SK [, HUAWEICLOUD_SDK_PROJECT_ID,
    HUAWEICLOUD_SDK_SECURITY_TOKEN]; HUAWEICLOUD_SDK_CREDENTIALS_FILE or ~/.huaweicloud/credentials
    ([basic]). The project may come from the job reference's project_id instead.
  Azure (azure-qna): AZURE_QUESTIONANSWERING_KEY
  gpdb NamespacePassword: JOBSTATUS_GPDB_NAMESPACE_PASSWORD, or --namespace-password-stdin
  Where they may go: the vendor's own hosts, loopback, --endpoint, or JOBSTATUS_ALLOWED_ENDPOINTS";

/// Where is my cloud job? Get, wait on and watch import and indexing jobs on Bailian, AnalyticDB
/// for PostgreSQL, Azure question answering, PAI and Huawei MetaStudio.
#[derive(Parser, Debug)]
#[command(
    name = "jobstatus",
    version,
    about,
    after_help = format!(
        "Examples:\n  jobstatus demo\n  jobstatus wait 'jobstatus:pai-dataset?region=cn-shanghai&DatasetId=d-1&DatasetJobId=dsjob-1' --timeout 30m\n\n{}\n\n{CREDENTIALS_HELP}",
        crate::exit::HELP
    )
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Runs the emulator in-process and watches a job on each provider to the end.
    #[command(after_help = "Example:\n  jobstatus demo\n  jobstatus demo --speed 20 --output json")]
    Demo(DemoArgs),
    /// Asks once for a job's status.
    #[command(after_help = format!("Example:\n  jobstatus get 'jobstatus:huawei-ies?region=cn-north-4&id=fd1c56acbb2c4b1aa24ba37df99f3129' --output json\n\n{}", crate::exit::HELP))]
    Get(JobArgs),
    /// Polls a job until it ends, by the provider's policy or the flags'.
    #[command(after_help = format!("Example:\n  jobstatus wait 'jobstatus:bailian-index?region=cn-beijing&WorkspaceId=llm-ws&IndexId=idx&JobId=job' --timeout 1h\n\n{}", crate::exit::HELP))]
    Wait(WaitArgs),
    /// Prints each change of a job's state, progress or counts until it ends.
    #[command(after_help = format!("Example:\n  jobstatus watch 'https://res.cognitiveservices.azure.com/language/authoring/query-knowledgebases/projects/faq/qnas/jobs/1?api-version=2023-04-01'\n\n{}", crate::exit::HELP))]
    Watch(WaitArgs),
    /// Runs the emulator: same flags and same first JSON line as `jobstatus-emulator`.
    #[command(after_help = "Example:\n  jobstatus emulator --addr 127.0.0.1:8080 --speed 10")]
    Emulator(EmulatorArgs),
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Output {
    /// For people.
    Table,
    /// One JSON object per line, in jobstatus-core's documented form.
    Json,
}

#[derive(Args, Debug, Clone)]
pub struct Common {
    /// `table` for people, `json` for scripts.
    #[arg(long, short, value_enum, default_value_t = Output::Table, global = true)]
    pub output: Output,
    /// Print nothing but errors; the exit code tells the outcome.
    #[arg(long, short, global = true)]
    pub quiet: bool,
}

#[derive(Args, Debug)]
pub struct DemoArgs {
    /// How fast the emulator's time runs; 2 ends the demo in about half a minute.
    #[arg(long, default_value_t = 2.0)]
    pub speed: f64,
    #[command(flatten)]
    pub common: Common,
}

#[derive(Args, Debug)]
pub struct JobArgs {
    /// The job: `jobstatus:<provider>?region=…|endpoint=…&<ids>`, or an Azure Operation-Location URL.
    pub job: String,
    /// Send requests to this base URL instead (the emulator, a private endpoint, a proxy).
    /// Naming it here allows credentials to go there, plain http:// included; an endpoint=
    /// inside a reference must be the vendor's host, loopback, or in JOBSTATUS_ALLOWED_ENDPOINTS.
    #[arg(long, value_name = "URL", conflicts_with = "region", value_parser = parse_url)]
    pub endpoint: Option<String>,
    /// Trust this CA certificate (a PEM file) too, besides the system's roots.
    #[arg(long, value_name = "PEM")]
    pub ca_cert: Option<std::path::PathBuf>,
    /// Use the vendor's host for this region instead of the reference's.
    #[arg(long)]
    pub region: Option<String>,
    /// Read gpdb's NamespacePassword from the first line of standard input.
    #[arg(long)]
    pub namespace_password_stdin: bool,
    /// What a Huawei `task_status` value means, as VALUE=STATE (repeatable), e.g. 3=failed.
    #[arg(long, value_name = "VALUE=STATE", value_parser = parse_task_status)]
    pub huawei_task_status: Vec<(String, jobstatus_core::JobState)>,
    #[command(flatten)]
    pub common: Common,
}

#[derive(Args, Debug)]
pub struct WaitArgs {
    #[command(flatten)]
    pub job: JobArgs,
    /// Give up after this long (e.g. 30m); the provider's default otherwise.
    #[arg(long, value_parser = duration::parse)]
    pub timeout: Option<Duration>,
    /// Wait this long before the first poll.
    #[arg(long, value_parser = duration::parse)]
    pub initial_delay: Option<Duration>,
    /// The shortest gap between polls (Bailian never below 5s).
    #[arg(long, value_parser = duration::parse)]
    pub min_delay: Option<Duration>,
    /// The longest gap between polls.
    #[arg(long, value_parser = duration::parse)]
    pub max_delay: Option<Duration>,
    /// Backoff factor per poll, 1 to 100 (1 polls at a fixed rate).
    #[arg(long, value_parser = parse_multiplier)]
    pub multiplier: Option<f64>,
    /// Random spread of each gap, 0 to 1.
    #[arg(long, value_parser = parse_jitter)]
    pub jitter: Option<f64>,
    /// Give up after this many polls.
    #[arg(long)]
    pub max_attempts: Option<u32>,
}

fn parse_url(s: &str) -> Result<String, String> {
    let url = url::Url::parse(s.trim()).map_err(|e| format!("{s:?} is not a URL: {e}"))?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none_or(str::is_empty) {
        return Err(format!(
            "{s:?}: use an http:// or https:// URL with a host, like https://example.com"
        ));
    }
    Ok(s.trim().to_owned())
}

fn parse_number(s: &str, min: f64, max: f64) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(v) if v.is_finite() && (min..=max).contains(&v) => Ok(v),
        _ => Err(format!("{s:?}: use a number from {min} to {max}")),
    }
}

fn parse_multiplier(s: &str) -> Result<f64, String> {
    parse_number(s, 1.0, 100.0)
}

fn parse_jitter(s: &str) -> Result<f64, String> {
    parse_number(s, 0.0, 1.0)
}

fn parse_task_status(s: &str) -> Result<(String, jobstatus_core::JobState), String> {
    use jobstatus_core::JobState::*;
    let (value, state) = s
        .split_once('=')
        .ok_or_else(|| format!("{s:?}: use VALUE=STATE, e.g. 3=failed"))?;
    // Huawei sends task_status as a number (its docs say string): a word can never match.
    if value.trim().parse::<i64>().is_err() {
        return Err(format!(
            "{value:?} is not a task_status value: Huawei sends numbers, e.g. 3=failed"
        ));
    }
    let state = match state {
        "pending" => Pending,
        "running" => Running,
        "succeeded" => Succeeded,
        "partially_succeeded" => PartiallySucceeded,
        "failed" => Failed,
        "cancelling" => Cancelling,
        "cancelled" => Cancelled,
        other => {
            return Err(format!(
                "{other:?} is not a state: use pending, running, succeeded, partially_succeeded, failed, cancelling or cancelled"
            ));
        }
    };
    Ok((value.trim().to_owned(), state))
}
