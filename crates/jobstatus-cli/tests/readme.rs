//! The README's promises, run: every shell example (against an in-process emulator where it
//! names a real vendor host), the exit-code table, the fault and scenario names, and every
//! `--help` text as a snapshot.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

mod common;

use common::creds_env;
use jobstatus_emulator::{Config, Emulator, FaultKind, JobRequest, Provider, Scenario};

const BIN: &str = env!("CARGO_BIN_EXE_jobstatus");
const README: &str = include_str!("../../../README.md");

/// The lines of every ```sh block, without trailing comments.
fn sh_lines() -> Vec<String> {
    let mut out = Vec::new();
    let mut inside = false;
    for line in README.lines() {
        if line.starts_with("```") {
            inside = line.trim() == "```sh";
            continue;
        }
        if inside {
            let code = strip_comment(line).trim().to_owned();
            if !code.is_empty() {
                out.push(code);
            }
        }
    }
    out
}

/// Drops a ` # comment` that is outside quotes.
fn strip_comment(line: &str) -> &str {
    let (mut single, mut double) = (false, false);
    let bytes = line.as_bytes();
    for (i, c) in line.char_indices() {
        match c {
            '\'' if !double => single = !single,
            '"' if !single => double = !double,
            '#' if !single && !double && i > 0 && bytes[i - 1] == b' ' => return &line[..i],
            _ => {}
        }
    }
    line
}

/// Shell words: quotes group, and are removed.
fn words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let (mut single, mut double, mut any) = (false, false, false);
    for c in line.chars() {
        match c {
            '\'' if !double => {
                single = !single;
                any = true;
            }
            '"' if !single => {
                double = !double;
                any = true;
            }
            ' ' if !single && !double => {
                if any || !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                    any = false;
                }
            }
            c => cur.push(c),
        }
    }
    if any || !cur.is_empty() {
        out.push(cur);
    }
    out
}

enum Plan {
    Jobstatus(Vec<String>),
    Curl(Vec<String>),
    Skip(&'static str),
}

fn plan(line: &str) -> Plan {
    let w = words(line);
    let after_dashes = |w: &[String]| {
        w.iter()
            .position(|x| x == "--")
            .map(|i| w[i + 1..].to_vec())
            .unwrap_or_default()
    };
    if line.starts_with("cargo run -p jobstatus-cli -- ") {
        return Plan::Jobstatus(after_dashes(&w));
    }
    if w.first().is_some_and(|x| x == "jobstatus") {
        return Plan::Jobstatus(w[1..].to_vec());
    }
    if w.first().is_some_and(|x| x == "curl") {
        return Plan::Curl(w[1..].to_vec());
    }
    match line {
        l if l.starts_with("cargo test --workspace") => {
            Plan::Skip("the test command itself: CI runs it")
        }
        l if l.starts_with("cargo install --path crates/jobstatus-cli") => {
            Plan::Skip("installs the binary these tests already run")
        }
        l if l.starts_with("cargo bench")
            || l.starts_with("cargo run --release -p jobstatus-bench") =>
        {
            Plan::Skip(".ci/run builds the benchmarks and runs the bench binary")
        }
        l if l.starts_with("cargo xtask gen") => {
            Plan::Skip(".ci/run runs gen --check; xtask's tests run gen on a copy")
        }
        l if l.starts_with("cargo install cargo-fuzz") || l.starts_with("fuzz/run.sh") => {
            Plan::Skip(".ci/run installs cargo-fuzz and runs the fuzz smoke")
        }
        other => panic!("a README command this test does not run or skip with a reason: {other}"),
    }
}

/// The same command with its job pointed at an emulator job of the same provider.
fn against_emulator(e: &Emulator, args: &[String]) -> Vec<String> {
    args.iter()
        .map(|a| {
            let provider = if a.starts_with("jobstatus:") {
                let r: jobstatus_core::JobRef = a.parse().expect("the README's reference parses");
                Some(r.provider().as_str().to_owned())
            } else if a.starts_with("https://") && a.contains("query-knowledgebases") {
                let r: jobstatus_core::JobRef =
                    a.parse().expect("the README's Operation-Location parses");
                assert!(a.contains("/language/authoring/"), "{a}");
                Some(r.provider().as_str().to_owned())
            } else {
                None
            };
            let Some(provider) = provider else {
                return a.clone();
            };
            let provider: Provider = serde_json::from_value(serde_json::json!(provider)).unwrap();
            let created = e
                .create_job(&JobRequest {
                    provider,
                    scenario: Scenario::Succeed,
                    duration_ms: Some(1_000),
                    items: None,
                })
                .unwrap();
            if a.starts_with("https://") {
                format!(
                    "{}/language/authoring/query-knowledgebases/projects/{}/qnas/jobs/{}?api-version=2023-04-01",
                    e.base_url(),
                    created.ids["projectName"],
                    created.ids["jobId"]
                )
            } else {
                created.job
            }
        })
        .collect()
}

fn run_jobstatus(e: &Emulator, args: &[String]) {
    let mut args = against_emulator(e, args);
    match args.first().map(String::as_str) {
        Some("demo") => args.extend(["--speed".into(), "20".into()]),
        Some("emulator") => {
            let mut child = Command::new(BIN)
                .args(&args)
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
            let v: serde_json::Value = serde_json::from_str(&line).expect("the first line is JSON");
            assert!(
                v["addr"].is_string() && v["credentials"].is_object(),
                "{line}"
            );
            return;
        }
        _ => {}
    }
    let out = Command::new(BIN)
        .args(&args)
        .env_clear()
        .env("HOME", std::env::temp_dir())
        .envs(creds_env(e.credentials()))
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "jobstatus {}:\n{}",
        args.join(" "),
        String::from_utf8_lossy(&out.stderr)
    );
}

async fn run_curl(e: &Emulator, args: &[String], last_job: &mut Option<String>) {
    let port = e.addr().port().to_string();
    let (mut method, mut headers, mut data, mut url) = ("GET".to_owned(), Vec::new(), None, None);
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "-s" => {}
            "-X" => method = it.next().unwrap().clone(),
            "-H" => headers.push(it.next().unwrap().clone()),
            "-d" => {
                data = Some(it.next().unwrap().clone());
                if method == "GET" {
                    method = "POST".into();
                }
            }
            u if u.starts_with("http") => url = Some(u.to_owned()),
            other => panic!("a curl option this test does not know: {other}"),
        }
    }
    let mut url = url.expect("a URL").replace("PORT", &port);
    if url.contains("JOB") {
        url = url.replace("JOB", last_job.as_deref().expect("a job created first"));
    }
    let http = jobstatus_runtime::http_client::build_client(Default::default()).unwrap();
    let mut req = http.request(method.parse().unwrap(), &url);
    for h in headers {
        let (k, v) = h.split_once(':').unwrap();
        req = req.header(k.trim(), v.trim());
    }
    if let Some(d) = data {
        req = req.header("content-type", "application/json").body(d);
    }
    let resp = req.send().await.unwrap();
    let status = resp.status();
    let body: serde_json::Value = resp.json().await.unwrap_or_default();
    assert!(status.is_success(), "curl {url}: {status} {body}");
    if let Some(j) = body["ids"]["jobId"].as_str() {
        *last_job = Some(j.to_owned());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_shell_example_in_the_readme_runs_or_says_why_not() {
    let e = Emulator::start(Config {
        speed: 50.0,
        ..Config::default()
    })
    .await
    .unwrap();
    let mut ran = 0;
    let mut last_job = None;
    for line in sh_lines() {
        match plan(&line) {
            Plan::Jobstatus(args) => {
                let e = &e;
                tokio::task::block_in_place(|| run_jobstatus(e, &args));
                ran += 1;
            }
            Plan::Curl(args) => {
                run_curl(&e, &args, &mut last_job).await;
                ran += 1;
            }
            Plan::Skip(reason) => eprintln!("skipped: {line}: {reason}"),
        }
    }
    assert!(ran >= 10, "only {ran} README commands ran");
}

#[test]
fn the_exit_code_table_matches_the_binary() {
    let readme: Vec<(String, String)> = README
        .lines()
        .filter_map(|l| {
            let cells: Vec<&str> = l.split('|').map(str::trim).collect();
            (cells.len() == 4
                && cells[1].len() == 1
                && cells[1].chars().all(|c| c.is_ascii_digit()))
            .then(|| (cells[1].to_owned(), cells[2].to_owned()))
        })
        .collect();
    let codes: Vec<&str> = readme.iter().map(|(c, _)| c.as_str()).collect();
    assert_eq!(codes, ["0", "1", "2", "3", "4", "5", "6"]);
    let help = Command::new(BIN).arg("--help").output().unwrap();
    let help = String::from_utf8_lossy(&help.stdout);
    let table = help
        .split("Exit codes:")
        .nth(1)
        .expect("--help has the exit codes");
    // Each code means the same in both: a word of its meaning stands beside it in each.
    let keywords = [
        "succeeded",
        "error",
        "usage",
        "failed",
        "partially",
        "cancelled",
        "wait",
    ];
    for ((code, meaning), key) in readme.iter().zip(keywords) {
        assert!(meaning.contains(key), "README {code}: {meaning}");
        let beside = table
            .split(&format!("{code}  "))
            .nth(1)
            .unwrap_or_else(|| panic!("--help lacks exit code {code}"));
        let beside: String = beside.chars().take(40).collect();
        assert!(beside.contains(key), "--help {code}: {beside}");
    }
    // The documented codes are the ones the binary gives: usage (2) by clap and by our checks.
    let usage = Command::new(BIN).args(["wait"]).output().unwrap();
    assert_eq!(usage.status.code(), Some(2));
}

#[test]
fn the_readmes_fault_and_scenario_names_are_the_apis() {
    let table: Vec<String> = README
        .split("Fault kinds:")
        .nth(1)
        .expect("a fault table")
        .lines()
        .skip_while(|l| !l.starts_with("| kind"))
        .skip(2)
        .take_while(|l| l.starts_with('|'))
        .flat_map(|l| {
            let first = l.split('|').nth(1).unwrap_or_default().to_owned();
            first
                .split(',')
                .map(|n| n.trim().trim_matches('`').to_owned())
                .collect::<Vec<_>>()
        })
        .collect();
    for name in &table {
        let k: FaultKind = serde_json::from_value(serde_json::json!(name))
            .unwrap_or_else(|e| panic!("README fault {name:?} is not the API's: {e}"));
        assert_eq!(k.name(), name);
    }
    for k in FaultKind::ALL {
        assert!(
            table.iter().any(|n| n == k.name()),
            "README lacks fault {}",
            k.name()
        );
    }
    for s in Scenario::ALL {
        let name = serde_json::to_value(s).unwrap();
        let name = name.as_str().unwrap();
        assert!(
            README.contains(&format!("\"{name}\"")),
            "README lacks scenario {name}"
        );
        assert!(
            README.contains(&format!("| `{name}` |")),
            "the scenario table lacks {name}"
        );
    }
}

#[test]
fn every_help_text_is_a_snapshot() {
    for sub in ["", "get", "wait", "watch", "demo", "emulator"] {
        let mut cmd = Command::new(BIN);
        cmd.env_clear();
        if !sub.is_empty() {
            cmd.arg(sub);
        }
        let out = cmd.arg("--help").output().unwrap();
        assert_eq!(out.status.code(), Some(0));
        let name = if sub.is_empty() {
            "jobstatus".to_owned()
        } else {
            format!("jobstatus-{sub}")
        };
        insta::assert_snapshot!(name, String::from_utf8_lossy(&out.stdout));
    }
}
