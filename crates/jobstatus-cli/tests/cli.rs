//! The built `jobstatus` binary against an in-process emulator over loopback.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::time::Duration;

use jobstatus_emulator::{
    AlibabaKey, AzureKey, Config, CreatedJob, Credentials, Emulator, FaultKind, FaultRequest,
    HuaweiKey, JobRequest, Provider, Scenario,
};
use serde_json::Value;

mod common;

use common::creds_env;

const BIN: &str = env!("CARGO_BIN_EXE_jobstatus");
const SPEED: f64 = 50.0;

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs the binary with a clean environment: only the given variables and an empty HOME.
async fn run(args: &[&str], env: &[(&str, &str)], stdin: Option<&str>) -> Run {
    let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    let env: Vec<(String, String)> = env
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let stdin = stdin.map(str::to_owned);
    tokio::task::spawn_blocking(move || {
        let home = tempfile::tempdir().unwrap();
        let mut cmd = Command::new(BIN);
        cmd.args(&args)
            .env_clear()
            .env("HOME", home.path())
            .envs(env.iter().map(|(k, v)| (k, v)));
        cmd.stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = cmd.spawn().expect("the binary runs");
        if let Some(input) = stdin {
            child
                .stdin
                .take()
                .unwrap()
                .write_all(input.as_bytes())
                .unwrap();
        }
        drop(child.stdin.take());
        let out = child.wait_with_output().unwrap();
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    })
    .await
    .unwrap()
}

fn env_refs<'a>(v: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    v.iter().map(|(k, s)| (*k, s.as_str())).collect()
}

async fn emulator(credentials: Credentials) -> Emulator {
    Emulator::start(Config {
        speed: SPEED,
        credentials,
        ..Config::default()
    })
    .await
    .unwrap()
}

fn create(e: &Emulator, provider: Provider, scenario: Scenario, duration_ms: u64) -> CreatedJob {
    e.create_job(&JobRequest {
        provider,
        scenario,
        duration_ms: Some(duration_ms),
        items: None,
    })
    .unwrap()
}

fn expected(s: Scenario) -> (&'static str, i32) {
    match s {
        Scenario::Succeed => ("succeeded", 0),
        Scenario::Fail => ("failed", 3),
        Scenario::Partial => ("partially_succeeded", 4),
        Scenario::Cancel => ("cancelled", 5),
    }
}

fn json_lines(s: &str) -> Vec<Value> {
    s.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect()
}

fn one_clear_line(r: &Run) {
    let lines: Vec<&str> = r.stderr.lines().collect();
    assert_eq!(lines.len(), 1, "one line on stderr, got:\n{}", r.stderr);
    assert!(lines[0].starts_with("error: "), "{}", r.stderr);
    assert!(
        !r.stderr.contains("panicked") && !r.stderr.contains("backtrace"),
        "{}",
        r.stderr
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn demo_exits_zero_and_shows_all_five_providers() {
    let r = run(&["demo", "--speed", "20"], &[], None).await;
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    for p in Provider::ALL {
        assert!(r.stdout.contains(p.as_str()), "{p} missing:\n{}", r.stdout);
    }
    for state in ["succeeded", "partially_succeeded", "failed"] {
        assert!(r.stdout.contains(state), "{state} missing:\n{}", r.stdout);
    }
    assert!(r.stdout.contains("final state"), "{}", r.stdout);
    // Not a terminal: no bar escape codes.
    assert!(!r.stdout.contains('\u{1b}') && !r.stderr.contains('\u{1b}'));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn get_wait_and_watch_print_the_documented_json_for_every_provider_and_scenario() {
    let e = emulator(Credentials::default()).await;
    let env = creds_env(e.credentials());
    let scenarios = [
        Scenario::Succeed,
        Scenario::Fail,
        Scenario::Partial,
        Scenario::Cancel,
    ];
    let mut cases = Vec::new();
    for p in Provider::ALL {
        for s in scenarios {
            if p.supports(s, 3).is_ok() {
                cases.push((p, s, create(&e, p, s, 1_000)));
            }
        }
    }
    // Let them all end (1 emulated second is 20 ms here).
    tokio::time::sleep(Duration::from_millis(200)).await;
    for (provider, scenario, job) in &cases {
        let mut env = env_refs(&env);
        if let Some(p) = job.ids.get("NamespacePassword") {
            env.push(("JOBSTATUS_GPDB_NAMESPACE_PASSWORD", p));
        }
        let (state, code) = expected(*scenario);
        let mapping = ["--huawei-task-status", "3=failed"];
        let extra: &[&str] = if *provider == Provider::Huawei {
            &mapping
        } else {
            &[]
        };

        let mut args = vec!["wait", job.job.as_str(), "--output", "json"];
        args.extend_from_slice(extra);
        let r = run(&args, &env, None).await;
        assert_eq!(r.code, code, "wait {provider} {scenario:?}: {}", r.stderr);
        let out = json_lines(&r.stdout);
        assert_eq!(out.len(), 1, "{}", r.stdout);
        assert_eq!(out[0]["state"], state, "{provider} {scenario:?}");
        assert_eq!(out[0]["provider"], provider.as_str());
        assert_eq!(out[0]["terminal"], true);
        assert_eq!(out[0]["job"], job.job.as_str());

        args[0] = "get";
        let r = run(&args, &env, None).await;
        assert_eq!(r.code, 0, "get {provider}: {}", r.stderr);
        assert_eq!(json_lines(&r.stdout)[0]["state"], state);

        args[0] = "watch";
        let r = run(&args, &env, None).await;
        assert_eq!(r.code, code, "watch {provider}: {}", r.stderr);
        assert_eq!(json_lines(&r.stdout).last().unwrap()["state"], state);
    }

    // A running job: watch prints each change, the last terminal; table mode for people too.
    let job = create(&e, Provider::Pai, Scenario::Succeed, 60_000);
    let r = run(
        &[
            "watch",
            &job.job,
            "-o",
            "json",
            "--min-delay",
            "100ms",
            "--max-delay",
            "100ms",
        ],
        &env_refs(&env),
        None,
    )
    .await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    let lines = json_lines(&r.stdout);
    assert!(lines.len() >= 3, "{}", r.stdout);
    assert!(lines.iter().any(|l| l["state"] == "running"));
    assert_eq!(lines.iter().filter(|l| l["terminal"] == true).count(), 1);
    let r = run(&["get", &job.job], &env_refs(&env), None).await;
    assert_eq!(r.code, 0);
    assert!(
        r.stdout.contains("provider  pai-dataset") && r.stdout.contains("state     succeeded"),
        "{}",
        r.stdout
    );

    // gpdb's password from standard input.
    let (_, _, gpdb) = cases.iter().find(|(p, _, _)| *p == Provider::Gpdb).unwrap();
    let password = format!("{}\n", gpdb.ids["NamespacePassword"]);
    let r = run(
        &["get", &gpdb.job, "--namespace-password-stdin"],
        &env_refs(&env),
        Some(&password),
    )
    .await;
    assert_eq!(r.code, 0, "{}", r.stderr);

    // --endpoint sends a region reference to the emulator.
    let az = cases
        .iter()
        .find(|(p, _, _)| *p == Provider::Azure)
        .unwrap();
    let region_ref = format!(
        "jobstatus:azure-qna?region=westus&projectName={}&jobId={}",
        az.2.ids["projectName"], az.2.ids["jobId"]
    );
    let r = run(
        &["get", &region_ref, "--endpoint", e.base_url(), "-o", "json"],
        &env_refs(&env),
        None,
    )
    .await;
    assert_eq!(r.code, 0, "{}", r.stderr);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn timeouts_usage_and_bad_input_give_their_exit_codes_and_one_clear_line() {
    let e = emulator(Credentials::default()).await;
    let env = creds_env(e.credentials());
    let env = env_refs(&env);

    // 6: the wait's time limit, with the last status in JSON.
    let long = create(&e, Provider::Huawei, Scenario::Succeed, 3_600_000);
    let r = run(
        &[
            "wait",
            &long.job,
            "--timeout",
            "1s",
            "--min-delay",
            "200ms",
            "-o",
            "json",
        ],
        &env,
        None,
    )
    .await;
    assert_eq!(r.code, 6, "{}", r.stderr);
    one_clear_line(&r);
    assert!(
        r.stderr.contains("time limit") && r.stderr.contains("--timeout"),
        "{}",
        r.stderr
    );
    assert_eq!(json_lines(&r.stdout)[0]["terminal"], false);
    let r = run(
        &[
            "wait",
            &long.job,
            "--max-attempts",
            "2",
            "--min-delay",
            "100ms",
        ],
        &env,
        None,
    )
    .await;
    assert_eq!(r.code, 6, "{}", r.stderr);

    // 2: usage.
    let r = run(&["wait", &long.job, "--timeout", "soon"], &env, None).await;
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("500ms"), "{}", r.stderr);
    let r = run(&["frobnicate"], &env, None).await;
    assert_eq!(r.code, 2);

    // 1: a malformed reference, an unknown provider.
    let r = run(&["get", "pai-dataset:d-1"], &env, None).await;
    assert_eq!(r.code, 1);
    one_clear_line(&r);
    assert!(
        r.stderr.contains("must start with") && r.stderr.contains("jobstatus:pai-dataset?"),
        "{}",
        r.stderr
    );
    let r = run(&["get", "jobstatus:aws-batch?region=x&id=1"], &env, None).await;
    assert_eq!(r.code, 1);
    one_clear_line(&r);
    assert!(
        r.stderr.contains("unknown provider \"aws-batch\""),
        "{}",
        r.stderr
    );
    let r = run(
        &[
            "get",
            "jobstatus:pai-dataset?region=cn-shanghai&DatasetId=d-1",
        ],
        &env,
        None,
    )
    .await;
    assert!(
        r.code == 1 && r.stderr.contains("needs DatasetJobId"),
        "{}",
        r.stderr
    );

    // Missing credentials: names where it looked.
    let pai = create(&e, Provider::Pai, Scenario::Succeed, 1_000);
    let r = run(&["get", &pai.job], &[], None).await;
    assert_eq!(r.code, 1);
    one_clear_line(&r);
    assert!(
        r.stderr.contains("ALIBABA_CLOUD_ACCESS_KEY_ID") && r.stderr.contains("Credentials"),
        "{}",
        r.stderr
    );
    let gpdb = create(&e, Provider::Gpdb, Scenario::Succeed, 1_000);
    let r = run(&["get", &gpdb.job], &env, None).await;
    assert_eq!(r.code, 1);
    one_clear_line(&r);
    assert!(
        r.stderr.contains("JOBSTATUS_GPDB_NAMESPACE_PASSWORD"),
        "{}",
        r.stderr
    );

    // An unreachable endpoint.
    let r = run(
        &["get", &pai.job, "--endpoint", "http://127.0.0.1:9"],
        &env,
        None,
    )
    .await;
    assert_eq!(r.code, 1);
    one_clear_line(&r);
    assert!(
        r.stderr.contains("no answer") && r.stderr.contains("--endpoint"),
        "{}",
        r.stderr
    );

    // Server errors: a 404 with the vendor's code and request id, ending a wait at once.
    let missing = pai.job.replace(&pai.ids["DatasetJobId"], "dsjob-nope");
    let r = run(&["wait", &missing], &env, None).await;
    assert_eq!(r.code, 1);
    one_clear_line(&r);
    assert!(
        r.stderr.contains("404") && r.stderr.contains("request id"),
        "{}",
        r.stderr
    );
    // A 500 that does not stop: retried until the poll limit.
    e.add_fault(FaultRequest {
        provider: Provider::Pai,
        job: Some(pai.ids["DatasetJobId"].clone()),
        kind: FaultKind::Http500,
        count: 100,
        latency_ms: None,
        retry_after_s: None,
        retry_after_header: None,
    });
    let r = run(
        &[
            "watch",
            &pai.job,
            "--max-attempts",
            "3",
            "--min-delay",
            "50ms",
        ],
        &env,
        None,
    )
    .await;
    assert_eq!(r.code, 6, "{}", r.stderr);
    assert_eq!(
        r.stderr
            .lines()
            .filter(|l| l.starts_with("retrying: "))
            .count(),
        3,
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("HTTP 500"), "{}", r.stderr);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_secret_reaches_the_cli_output() {
    const SECRETS: [&str; 5] = [
        "MARKER-cli-ali-secret",
        "MARKER-cli-hw-sk",
        "MARKER-cli-azure-key",
        "MARKER-cli-ns-pass",
        "MARKER-cli-wrong",
    ];
    let creds = Credentials {
        alibaba: AlibabaKey {
            access_key_id: "LTAIcli".into(),
            access_key_secret: SECRETS[0].into(),
        },
        huawei: HuaweiKey {
            ak: "HWCLI".into(),
            sk: SECRETS[1].into(),
            project_id: "proj".into(),
        },
        azure: AzureKey {
            key: SECRETS[2].into(),
        },
    };
    let e = emulator(creds).await;
    let env = creds_env(e.credentials());
    let mut env = env_refs(&env);
    env.push(("JOBSTATUS_GPDB_NAMESPACE_PASSWORD", SECRETS[3]));
    env.push(("JOBSTATUS_LOG", "trace"));
    let mut everything = String::new();
    for p in Provider::ALL {
        let job = create(&e, p, Scenario::Succeed, 1_000);
        for cmd in ["get", "wait"] {
            let r = run(
                &[cmd, &job.job, "-o", "json", "--min-delay", "100ms"],
                &env,
                None,
            )
            .await;
            everything.push_str(&r.stdout);
            everything.push_str(&r.stderr);
        }
    }
    // Refusals and errors too: a wrong secret, a wrong namespace password.
    let pai = create(&e, Provider::Pai, Scenario::Succeed, 1_000);
    let mut wrong = env.clone();
    wrong.retain(|(k, _)| *k != "ALIBABA_CLOUD_ACCESS_KEY_SECRET");
    wrong.push(("ALIBABA_CLOUD_ACCESS_KEY_SECRET", SECRETS[4]));
    let r = run(&["wait", &pai.job], &wrong, None).await;
    assert_eq!(r.code, 1);
    everything.push_str(&r.stderr);
    assert!(
        everything.contains("jobstatus::http") || everything.contains("polled"),
        "trace logs were captured"
    );
    for s in SECRETS {
        assert!(!everything.contains(s), "{s} leaked:\n{everything}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_emulator_subcommand_prints_the_same_first_line_as_the_emulator_binary() {
    let mut child = Command::new(BIN)
        .args(["emulator", "--speed", "5", "--seed", "7"])
        .env_clear()
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let _ = child.kill();
    let _ = child.wait();
    let v: Value = serde_json::from_str(&line).unwrap();
    let addr: std::net::SocketAddr = v["addr"].as_str().unwrap().parse().unwrap();
    assert!(addr.ip().is_loopback() && addr.port() != 0);
    let keys: HashMap<String, Value> = serde_json::from_value(v["credentials"].clone()).unwrap();
    let mut names: Vec<&str> = keys.keys().map(String::as_str).collect();
    names.sort_unstable();
    assert_eq!(names, ["alibaba", "azure", "huawei"]);
    // The library's own line for the same defaults has the same shape.
    let e = emulator(Credentials::default()).await;
    let own: Value = serde_json::from_str(&e.startup_line()).unwrap();
    assert_eq!(own["credentials"], v["credentials"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_huge_retry_hint_on_any_answer_never_crashes_a_wait() {
    let e = emulator(Credentials::default()).await;
    let env = creds_env(e.credentials());
    let env = env_refs(&env);
    let az = create(&e, Provider::Azure, Scenario::Succeed, 3_600_000);
    let pai = create(&e, Provider::Pai, Scenario::Succeed, 3_600_000);
    // A 200 and a 503, each with `Retry-After: 1e20` (and Alibaba's header too).
    for (created, provider, kind) in [
        (&az, Provider::Azure, FaultKind::UnknownStatus),
        (&pai, Provider::Pai, FaultKind::Http503),
    ] {
        e.add_fault(FaultRequest {
            provider,
            job: None,
            kind,
            count: 100,
            latency_ms: None,
            retry_after_s: None,
            retry_after_header: Some("1e20".into()),
        });
        let r = run(&["wait", &created.job, "--timeout", "2s"], &env, None).await;
        assert_eq!(r.code, 6, "timed out, not a crash:\n{}", r.stderr);
        assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
        // The hint was cut to the cap (with a warning), and the wait still polled once more,
        // at its deadline, before giving up.
        assert!(
            r.stderr.contains("cutting a retry hint to the cap"),
            "{}",
            r.stderr
        );
        assert!(r.stderr.contains("and 2 polls"), "{}", r.stderr);
        let r = run(&["get", &created.job, "--output", "json"], &env, None).await;
        assert!(r.code == 0 || r.code == 1, "{}\n{}", r.code, r.stderr);
        assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    }
}

#[tokio::test]
async fn out_of_range_flags_are_usage_errors_not_panics() {
    let job = "jobstatus:huawei-ies?region=cn-north-4&id=t";
    for flags in [
        &["--timeout", "99999999999999999999h"][..],
        &["--timeout", "1e400"],
        &["--min-delay", "366days"],
        &["--jitter", "2"],
        &["--multiplier", "0.5"],
        &["--multiplier", "NaN"],
        &["--endpoint", "notaurl"],
        &["--huawei-task-status", "=failed"],
    ] {
        let mut args = vec!["wait", job];
        args.extend_from_slice(flags);
        let r = run(&args, &[], None).await;
        assert_eq!(r.code, 2, "{flags:?}: {}", r.stderr);
        assert!(!r.stderr.contains("panicked"), "{flags:?}: {}", r.stderr);
        assert!(
            r.stderr.contains(flags[0]),
            "{flags:?} names the flag: {}",
            r.stderr
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reference_cannot_send_credentials_where_the_user_did_not_allow() {
    let e = emulator(Credentials::default()).await;
    let env = creds_env(e.credentials());
    let env = env_refs(&env);
    // A region that would have moved the host.
    let r = run(
        &[
            "get",
            "jobstatus:bailian-index?region=x.evil.example%23&WorkspaceId=w&IndexId=i&JobId=j",
        ],
        &env,
        None,
    )
    .await;
    assert_eq!(r.code, 1);
    one_clear_line(&r);
    assert!(r.stderr.contains("is not a region name"), "{}", r.stderr);
    // An endpoint that is not the vendor's, over https and over http.
    for endpoint in [
        "https%3A%2F%2Fevil.example",
        "http%3A%2F%2Fevil.example%3A8080",
    ] {
        for job in [
            format!("jobstatus:azure-qna?endpoint={endpoint}&projectName=p&jobId=j"),
            format!("jobstatus:huawei-ies?endpoint={endpoint}&id=t&project_id=p"),
            format!("jobstatus:pai-dataset?endpoint={endpoint}&DatasetId=d&DatasetJobId=j"),
        ] {
            let r = run(&["get", &job], &env, None).await;
            assert_eq!(r.code, 1, "{job}: {}", r.stderr);
            one_clear_line(&r);
            assert!(
                r.stderr.contains("refusing to send")
                    && r.stderr.contains("JOBSTATUS_ALLOWED_ENDPOINTS"),
                "{job}: {}",
                r.stderr
            );
        }
    }
    // The vendor's own host over plain http is refused too.
    let r = run(
        &["get", "jobstatus:pai-dataset?endpoint=http%3A%2F%2Faiworkspace.cn-shanghai.aliyuncs.com&DatasetId=d&DatasetJobId=j"],
        &env,
        None,
    )
    .await;
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("plain http://"), "{}", r.stderr);
    // Loopback is fine, and so is what the user names: the emulator through an IPv4-mapped
    // IPv6 address, which is not loopback by its name, once allowed.
    let az = create(&e, Provider::Azure, Scenario::Succeed, 1_000);
    let mapped = e.base_url().replace("127.0.0.1", "[::ffff:127.0.0.1]");
    let via_mapped: String = {
        let job: jobstatus_core::JobRef = az.job.parse().unwrap();
        job.with_location(jobstatus_core::Location::Endpoint(mapped.clone()))
            .to_string()
    };
    let r = run(&["get", &via_mapped], &env, None).await;
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("refusing to send"), "{}", r.stderr);
    let mut allowed = env.clone();
    allowed.push(("JOBSTATUS_ALLOWED_ENDPOINTS", mapped.as_str()));
    let r = run(&["get", &via_mapped], &allowed, None).await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = run(&["get", &az.job, "--endpoint", &mapped], &env, None).await;
    assert_eq!(r.code, 0, "{}", r.stderr);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_huawei_reference_naming_its_project_needs_only_ak_and_sk() {
    let e = emulator(Credentials::default()).await;
    let h = create(&e, Provider::Huawei, Scenario::Succeed, 1_000);
    assert!(h.job.contains("project_id="), "{}", h.job);
    let c = e.credentials();
    let env = [
        ("HUAWEICLOUD_SDK_AK", c.huawei.ak.as_str()),
        ("HUAWEICLOUD_SDK_SK", c.huawei.sk.as_str()),
    ];
    let r = run(&["get", &h.job, "--output", "json"], &env, None).await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    // Without a project anywhere, the error says where to put one.
    let bare = h.job.split("&project_id=").next().unwrap().to_owned();
    let r = run(&["get", &bare], &env, None).await;
    assert_eq!(r.code, 1);
    one_clear_line(&r);
    assert!(
        r.stderr.contains("HUAWEICLOUD_SDK_PROJECT_ID"),
        "{}",
        r.stderr
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn errors_say_what_to_do_in_the_clis_words() {
    let e = emulator(Credentials::default()).await;
    let c = e.credentials().clone();
    let pai = create(&e, Provider::Pai, Scenario::Succeed, 60_000);
    // A wrong secret: the signature is refused.
    let wrong = [
        (
            "ALIBABA_CLOUD_ACCESS_KEY_ID",
            c.alibaba.access_key_id.as_str(),
        ),
        ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "not-the-secret"),
    ];
    let r = run(&["get", &pai.job], &wrong, None).await;
    assert_eq!(r.code, 1);
    one_clear_line(&r);
    assert!(
        r.stderr.contains("SignatureDoesNotMatch") && r.stderr.contains("clock"),
        "{}",
        r.stderr
    );
    // Throttling: poll less often.
    let env = creds_env(&c);
    let env = env_refs(&env);
    e.add_fault(FaultRequest {
        provider: Provider::Pai,
        job: None,
        kind: FaultKind::Throttling,
        count: 100,
        latency_ms: None,
        retry_after_s: Some(1),
        retry_after_header: None,
    });
    let r = run(&["get", &pai.job], &env, None).await;
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("Throttling.User") && r.stderr.contains("--min-delay"),
        "{}",
        r.stderr
    );
    // gpdb without its password: the flag that gives it.
    let g = create(&e, Provider::Gpdb, Scenario::Succeed, 60_000);
    let r = run(&["get", &g.job], &env, None).await;
    assert_eq!(r.code, 1);
    one_clear_line(&r);
    assert!(
        r.stderr.contains("--namespace-password-stdin") && !r.stderr.contains("builder"),
        "{}",
        r.stderr
    );
    // Durations read as people write them, and one poll is one poll.
    let slow = create(&e, Provider::Azure, Scenario::Succeed, 3_600_000);
    let r = run(
        &[
            "wait",
            &slow.job,
            "--timeout",
            "300ms",
            "--initial-delay",
            "0s",
            "--min-delay",
            "10s",
        ],
        &env,
        None,
    )
    .await;
    assert_eq!(r.code, 6, "{}", r.stderr);
    assert!(
        r.stderr.contains("and 2 polls") || r.stderr.contains("and 1 poll "),
        "{}",
        r.stderr
    );
    assert!(
        !r.stderr.contains("ns and") && !r.stderr.contains(".000"),
        "{}",
        r.stderr
    );
    // Contradicting flags are a usage error.
    let r = run(
        &["wait", &slow.job, "--min-delay", "10s", "--max-delay", "1s"],
        &env,
        None,
    )
    .await;
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("--max-delay (1s) is shorter than --min-delay (10s)"),
        "{}",
        r.stderr
    );
}

#[tokio::test]
async fn logs_carry_no_colour_into_pipes_and_only_our_lines_at_debug() {
    let r = run(
        &[
            "get",
            "jobstatus:azure-qna?endpoint=http%3A%2F%2F127.0.0.1%3A9&projectName=p&jobId=j",
        ],
        &[
            ("JOBSTATUS_LOG", "debug"),
            ("AZURE_QUESTIONANSWERING_KEY", "k"),
        ],
        None,
    )
    .await;
    assert_eq!(r.code, 1);
    assert!(
        !r.stderr.contains('\u{1b}'),
        "no ANSI codes in a pipe: {:?}",
        r.stderr
    );
    assert!(
        r.stderr.contains("DEBUG"),
        "our debug lines show: {}",
        r.stderr
    );
    for other in ["hyper", "rustls", "reqwest::connect"] {
        assert!(
            !r.stderr
                .lines()
                .any(|l| l.contains(" DEBUG ") && l.contains(other)),
            "{other} lines only when asked for: {}",
            r.stderr
        );
    }
}
