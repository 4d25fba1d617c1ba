//! What the commands print: a table or a line for people, JSON for scripts, and bars on a
//! terminal.

use std::io::{IsTerminal, Write};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};
use jobstatus_core::JobStatus;

use crate::args::{Common, Output};

/// Where a command's output goes, by the user's flags and whether stderr is a terminal.
#[derive(Clone, Copy, Debug)]
pub struct Printer {
    pub output: Output,
    pub quiet: bool,
    pub bars: bool,
    pub color: bool,
}

impl Printer {
    pub fn new(common: &Common) -> Printer {
        let terminal = std::io::stderr().is_terminal();
        Printer {
            output: common.output,
            quiet: common.quiet,
            bars: terminal && !common.quiet,
            color: terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        }
    }

    /// One status: JSON on one line, or a table for people.
    pub fn status(&self, s: &JobStatus) {
        match self.output {
            Output::Json => println!("{}", json(s)),
            Output::Table if !self.quiet => print!("{}", table(s)),
            Output::Table => {}
        }
    }

    /// One change while watching: JSON on one line, or one line for people.
    pub fn change(&self, s: &JobStatus) {
        match self.output {
            Output::Json => println!("{}", json(s)),
            Output::Table if !self.quiet => println!("{}", line(s)),
            Output::Table => {}
        }
        let _ = std::io::stdout().flush();
    }

    /// A spinner with elapsed time and the current state, on a terminal only.
    pub fn spinner(&self, what: &str) -> Option<ProgressBar> {
        if !self.bars {
            return None;
        }
        let bar = ProgressBar::new_spinner();
        let template = if self.color {
            "{spinner:.cyan} [{elapsed_precise}] {prefix} {wide_msg}"
        } else {
            "{spinner} [{elapsed_precise}] {prefix} {wide_msg}"
        };
        if let Ok(style) = ProgressStyle::with_template(template) {
            bar.set_style(style);
        }
        bar.set_prefix(what.to_owned());
        bar.set_message("asking…");
        bar.enable_steady_tick(Duration::from_millis(200));
        Some(bar)
    }
}

/// The status in jobstatus-core's documented JSON form.
pub fn json(s: &JobStatus) -> String {
    serde_json::to_string(s)
        .unwrap_or_else(|e| format!("{{\"error\":\"cannot serialize the status: {e}\"}}"))
}

/// `state 45% 12/30 ok, 1 failed`.
pub fn summary(s: &JobStatus) -> String {
    let mut out = s.state.to_string();
    if let Some(p) = s.progress.percent {
        out.push_str(&format!(" {p:.0}%"));
    }
    out.push_str(&counts(s));
    out
}

/// ` 12/30 ok, 1 failed`, or nothing when the vendor gives no counts.
pub fn counts(s: &JobStatus) -> String {
    let p = &s.progress;
    match (p.total, p.succeeded, p.failed) {
        (None, None, None) => String::new(),
        (total, ok, failed) => {
            let total = total.map_or("?".into(), |t| t.to_string());
            format!(
                " {}/{total} ok, {} failed",
                ok.unwrap_or(0),
                failed.unwrap_or(0)
            )
        }
    }
}

/// One line per change: time, provider, job id, summary.
pub fn line(s: &JobStatus) -> String {
    let now = chrono::Utc::now().format("%H:%M:%S");
    let raw = s
        .raw_state
        .as_deref()
        .map(|r| format!(" ({r})"))
        .unwrap_or_default();
    format!(
        "{now}  {:<13}  {}  {}{raw}",
        s.provider.as_str(),
        s.job.job_id(),
        summary(s)
    )
}

/// A key/value table.
pub fn table(s: &JobStatus) -> String {
    let mut rows: Vec<(&str, String)> = vec![
        ("provider", s.provider.to_string()),
        ("job", s.job.to_string()),
        (
            "state",
            format!(
                "{}{}",
                s.state,
                s.raw_state
                    .as_deref()
                    .map(|r| format!(" ({r})"))
                    .unwrap_or_default()
            ),
        ),
    ];
    let progress = summary(s);
    let progress = progress
        .strip_prefix(&s.state.to_string())
        .unwrap_or(&progress)
        .trim()
        .to_owned();
    if !progress.is_empty() {
        rows.push(("progress", progress));
    }
    let time = |t: Option<chrono::DateTime<chrono::Utc>>| {
        t.map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
    };
    for (k, v) in [
        ("created", s.created_at),
        ("updated", s.updated_at),
        ("finished", s.finished_at),
        ("expires", s.expires_at),
    ] {
        if let Some(v) = time(v) {
            rows.push((k, v));
        }
    }
    for e in &s.errors {
        let target = e
            .target
            .as_deref()
            .map(|t| format!(" [{t}]"))
            .unwrap_or_default();
        rows.push((
            "error",
            format!(
                "{}: {}{target}",
                e.code.as_deref().unwrap_or("-"),
                e.message.as_deref().unwrap_or("")
            ),
        ));
    }
    if !s.items.is_empty() {
        rows.push(("items", format!("{} on this page", s.items.len())));
    }
    let mut out = String::new();
    for (k, v) in rows {
        out.push_str(&format!("{k:<9} {v}\n"));
    }
    out
}

/// A plain table with a header row and aligned columns.
pub fn grid(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for r in rows {
        for (i, c) in r.iter().enumerate() {
            widths[i] = widths[i].max(c.chars().count());
        }
    }
    let fmt_row = |cells: Vec<&str>| {
        let mut line = String::new();
        for (i, c) in cells.iter().enumerate() {
            let pad = widths[i] - c.chars().count();
            line.push_str(c);
            if i + 1 < cells.len() {
                line.push_str(&" ".repeat(pad + 2));
            }
        }
        line.trim_end().to_owned() + "\n"
    };
    let mut out = fmt_row(header.to_vec());
    out.push_str(&fmt_row(
        widths
            .iter()
            .map(|w| "-".repeat(*w))
            .collect::<Vec<_>>()
            .iter()
            .map(String::as_str)
            .collect(),
    ));
    for r in rows {
        out.push_str(&fmt_row(r.iter().map(String::as_str).collect()));
    }
    out
}
