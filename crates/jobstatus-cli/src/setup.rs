//! From flags to a job reference, a `Jobs` handle and a policy; and errors as one clear line.

use std::io::BufRead;

use jobstatus_core::{Error, JobRef, Jobs, Location, PollPolicy};

use crate::args::{JobArgs, WaitArgs};

/// A problem with the user's input, said in one line with what to do.
#[derive(Debug)]
pub enum Problem {
    /// Bad input that only running could find (a reference, a file): exit 1.
    Error(String),
    /// A command line that cannot work (flags that contradict each other): exit 2.
    Usage(String),
}

impl Problem {
    /// Prints `error: …` and gives the exit code.
    pub fn fail(self) -> std::process::ExitCode {
        let (m, code) = match self {
            Problem::Error(m) => (m, crate::exit::ERROR),
            Problem::Usage(m) => (m, crate::exit::USAGE),
        };
        eprintln!("error: {m}");
        std::process::ExitCode::from(code)
    }
}

/// The job reference, with `--endpoint` or `--region` applied.
pub fn job_ref(args: &JobArgs) -> Result<JobRef, Problem> {
    let job: JobRef = args.job.parse().map_err(|e: jobstatus_core::JobRefError| {
        Problem::Error(format!(
            "{e}. A reference looks like jobstatus:pai-dataset?region=cn-shanghai&DatasetId=d-1&DatasetJobId=dsjob-1 (see `jobstatus get --help`)"
        ))
    })?;
    let location = match (&args.endpoint, &args.region) {
        (Some(e), _) => Location::Endpoint(e.clone()),
        (None, Some(r)) => Location::Region(r.clone()),
        (None, None) => return Ok(job),
    };
    // Rebuild through the checked constructor so a bad --endpoint is named.
    let ids: Vec<(&str, &str)> = job
        .ids()
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    JobRef::new(job.provider(), location, ids)
        .map_err(|e| Problem::Error(format!("{e} (from --endpoint/--region)")))
}

/// A `Jobs` with the default credential chains, and the secrets and mappings the flags name.
pub fn jobs(args: &JobArgs) -> Result<Jobs, Problem> {
    let mut b = Jobs::builder();
    if let Some(e) = &args.endpoint {
        // The user named it on the command line: credentials may go there.
        b = b.allow_endpoint(e.clone());
    }
    if let Some(path) = &args.ca_cert {
        let pem = std::fs::read(path).map_err(|e| {
            Problem::Error(format!("--ca-cert: cannot read {}: {e}", path.display()))
        })?;
        b = b
            .add_root_certificate_pem(&pem)
            .map_err(|e| Problem::Error(format!("--ca-cert {}: {e}", path.display())))?;
    }
    if args.namespace_password_stdin {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line).map_err(|e| {
            Problem::Error(format!(
                "cannot read the NamespacePassword from standard input: {e}"
            ))
        })?;
        let password = line.trim_end_matches(['\r', '\n']);
        if password.is_empty() {
            return Err(Problem::Error(
                "--namespace-password-stdin: standard input gave an empty line".into(),
            ));
        }
        b = b.gpdb_namespace_password(password);
    }
    for (value, state) in &args.huawei_task_status {
        b = b.huawei_task_status(value.clone(), state.clone());
    }
    b.build().map_err(|e| Problem::Error(e.to_string()))
}

/// The provider's default policy with the flags' changes.
pub fn policy(jobs: &Jobs, job: &JobRef, args: &WaitArgs) -> Result<PollPolicy, Problem> {
    let mut p = jobs.policy_for(job.provider());
    if let Some(d) = args.initial_delay {
        p = p.with_initial_delay(d);
    }
    if args.min_delay.is_some() || args.max_delay.is_some() {
        let min = args.min_delay.unwrap_or(p.min_delay);
        let max = args.max_delay.unwrap_or(p.max_delay.max(min));
        if max < min {
            return Err(Problem::Usage(format!(
                "--max-delay ({}) is shorter than --min-delay ({})",
                humantime::format_duration(max),
                humantime::format_duration(min)
            )));
        }
        p = p.with_delays(min, max);
    }
    if let Some(m) = args.multiplier {
        if !(m.is_finite() && m >= 1.0) {
            return Err(Problem::Usage(format!(
                "--multiplier must be 1 or more, not {m}"
            )));
        }
        p = p.with_multiplier(m);
    }
    if let Some(j) = args.jitter {
        if !(0.0..=1.0).contains(&j) {
            return Err(Problem::Error(format!(
                "--jitter must be between 0 and 1, not {j}"
            )));
        }
        p = p.with_jitter(j);
    }
    if let Some(t) = args.timeout {
        p = p.with_max_elapsed(Some(t));
    }
    if let Some(n) = args.max_attempts {
        p = p.with_max_attempts(Some(n));
    }
    Ok(p.enforce_floor(job.provider()))
}

/// What to do about a vendor's error, by its class.
fn api_advice(a: &jobstatus_runtime::ApiError) -> &'static str {
    let code = a.code.as_deref().unwrap_or("");
    if code.contains("Expired") || code == "APIG.0307" || code.contains("TokenExpired") {
        " The credentials or their security token have expired, or this machine's clock is off: get fresh credentials and check the clock."
    } else if matches!(
        code,
        "SignatureDoesNotMatch" | "IncompleteSignature" | "APIG.0301" | "APIG.0303"
    ) || code.starts_with("InvalidTimeStamp")
    {
        " The signature was refused: check the access key secret (ALIBABA_CLOUD_ACCESS_KEY_SECRET, HUAWEICLOUD_SDK_SK) and that this machine's clock is right."
    } else if code.starts_with("InvalidAccessKeyId") || code.starts_with("InvalidSecurityToken") {
        " The access key is not known to the vendor: check the key id and security token."
    } else if code.starts_with("Throttling")
        || code == "TooManyRequests"
        || code == "APIG.0308"
        || a.status == 429
    {
        " The vendor is throttling: poll less often (raise --min-delay), or wait for its retry hint and try again."
    } else if a.status == 401 || a.status == 403 {
        " Check the credentials and their permissions (a RAM policy, an IAM role, the resource's key)."
    } else if a.status == 404 {
        " Check the job reference's ids and region: the vendor does not know this job."
    } else if a.status >= 500 {
        " The vendor's service failed: try again later."
    } else {
        ""
    }
}

/// An error as one line, with what to do about it, in the CLI's words (flags, variables).
pub fn describe(e: &Error) -> String {
    use jobstatus_runtime::Error as R;
    if let Error::MissingGpdbPassword {
        instance,
        namespace,
    } = e
    {
        return format!(
            "gpdb-docs needs the NamespacePassword of namespace {namespace:?} on {instance}: pass it on standard input with --namespace-password-stdin, or set {}.",
            jobstatus_core::GPDB_PASSWORD_ENV
        );
    }
    if let Error::Provider(R::UntrustedEndpoint(m)) = e {
        let what = m.split(". If you trust it").next().unwrap_or(m);
        return format!(
            "{what}. If you trust it, name it with --endpoint URL or add its origin to {}.",
            jobstatus_runtime::destination::ALLOWED_ENDPOINTS_ENV
        );
    }
    let hint = match e {
        Error::Provider(R::Credentials(_)) => {
            " Set the vendor's credentials (see `jobstatus --help`, \"Credentials\")."
        }
        Error::Provider(R::Transport { source, .. })
            if format!("{source:?}").to_lowercase().contains("certificate") =>
        {
            " The server's certificate is not trusted: trust its CA with --ca-cert PEM."
        }
        Error::Provider(R::Transport { .. }) => {
            " Check the endpoint (--endpoint, --region) and the network."
        }
        Error::Provider(R::Api(a)) => api_advice(a),
        Error::Provider(R::BodyTooLarge { .. }) => {
            " The server sent far more than a status; check the endpoint."
        }
        Error::TimedOut { .. } | Error::AttemptsExhausted { .. } => {
            " Wait longer with --timeout or --max-attempts."
        }
        _ => "",
    };
    let text = e.to_string();
    let stop = if text.ends_with('.') { "" } else { "." };
    format!("{text}{stop}{hint}")
}
