//! Faults a test can set: each for the next N matching requests, per provider or per job.

use serde::{Deserialize, Serialize};

use crate::jobs::Provider;

/// What goes wrong.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FaultKind {
    /// HTTP 500 with the vendor's error body.
    Http500,
    /// HTTP 503 with the vendor's error body.
    Http503,
    /// HTTP 429 with `Retry-After`.
    Http429,
    /// Alibaba `Throttling.User` (HTTP 400) with `x-acs-retry-after`; 429 `TooManyRequests` elsewhere.
    Throttling,
    /// The normal answer, `latency_ms` late.
    Latency,
    /// The connection is dropped without an answer.
    Reset,
    /// The body stops half way (its `Content-Length` promised more).
    Truncated,
    /// HTTP 200 with a body that is not JSON.
    InvalidJson,
    /// The normal answer with a status value the vendor never documented.
    UnknownStatus,
    /// A valid answer padded past any client's cap (8 MiB), with `Content-Length`.
    Oversize,
    /// The same, streamed without `Content-Length`.
    OversizeChunked,
}

impl FaultKind {
    /// Every kind.
    pub const ALL: [FaultKind; 11] = [
        FaultKind::Http500,
        FaultKind::Http503,
        FaultKind::Http429,
        FaultKind::Throttling,
        FaultKind::Latency,
        FaultKind::Reset,
        FaultKind::Truncated,
        FaultKind::InvalidJson,
        FaultKind::UnknownStatus,
        FaultKind::Oversize,
        FaultKind::OversizeChunked,
    ];

    /// Its name in the control API (`http500`, `invalid_json`, …).
    pub fn name(self) -> &'static str {
        match self {
            FaultKind::Http500 => "http500",
            FaultKind::Http503 => "http503",
            FaultKind::Http429 => "http429",
            FaultKind::Throttling => "throttling",
            FaultKind::Latency => "latency",
            FaultKind::Reset => "reset",
            FaultKind::Truncated => "truncated",
            FaultKind::InvalidJson => "invalid_json",
            FaultKind::UnknownStatus => "unknown_status",
            FaultKind::Oversize => "oversize",
            FaultKind::OversizeChunked => "oversize_chunked",
        }
    }
}

/// The body of `POST /_emulator/faults`.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct FaultRequest {
    /// The provider whose requests it hits.
    pub provider: Provider,
    /// Only requests for this job (the vendor's job id: `JobId`, `jobId`, `DatasetJobId`, `id`).
    #[serde(default)]
    pub job: Option<String>,
    /// What goes wrong.
    pub kind: FaultKind,
    /// For how many requests; default 1.
    #[serde(default = "one")]
    pub count: u32,
    /// For `latency`; default 1000.
    #[serde(default)]
    pub latency_ms: Option<u64>,
    /// For `http429` and `throttling`, seconds; default 1.
    #[serde(default)]
    pub retry_after_s: Option<u64>,
    /// Sends this exact `Retry-After` (and, for Alibaba, `x-acs-retry-after`) value with the
    /// fault's answer, whatever its kind: for testing clients against hostile servers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after_header: Option<String>,
}

fn one() -> u32 {
    1
}

/// Faults still to fire, in the order they were set.
#[derive(Debug, Default)]
pub struct Faults {
    pending: Vec<FaultRequest>,
}

impl Faults {
    /// Adds one.
    pub fn add(&mut self, f: FaultRequest) {
        if f.count > 0 {
            self.pending.push(f);
        }
    }

    /// Removes all.
    pub fn clear(&mut self) {
        self.pending.clear();
    }

    /// Those still pending.
    pub fn list(&self) -> &[FaultRequest] {
        &self.pending
    }

    /// Takes one firing of the first fault matching this request.
    pub fn take(&mut self, provider: Provider, job: Option<&str>) -> Option<FaultRequest> {
        let i = self.pending.iter().position(|f| {
            f.provider == provider && f.job.as_deref().is_none_or(|j| Some(j) == job)
        })?;
        let f = &mut self.pending[i];
        f.count -= 1;
        let fired = f.clone();
        if f.count == 0 {
            self.pending.remove(i);
        }
        Some(fired)
    }
}

/// A random fault rule, like LocalStack's Chaos API: each request to a matching provider is hit
/// with `probability`, by `kind` (every [`FaultKind`]) after `latency_ms` of added latency. A rule
/// with no kind only adds latency.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ChaosRule {
    /// The provider it hits; every provider when absent.
    #[serde(default)]
    pub provider: Option<Provider>,
    /// How likely each matching request is hit, from 0 to 1.
    pub probability: f64,
    /// What goes wrong; only latency when absent.
    #[serde(default)]
    pub kind: Option<FaultKind>,
    /// Latency added before the answer, in milliseconds (at most 60,000).
    #[serde(default)]
    pub latency_ms: Option<u64>,
    /// For `http429` and `throttling`, seconds; default 1.
    #[serde(default)]
    pub retry_after_s: Option<u64>,
}

/// The longest latency a chaos rule may add.
pub const MAX_CHAOS_LATENCY_MS: u64 = 60_000;

impl ChaosRule {
    /// Checks the probability and the latency; the error names the rule's problem.
    pub fn check(&self) -> Result<(), String> {
        if !(self.probability.is_finite() && (0.0..=1.0).contains(&self.probability)) {
            return Err(format!(
                "probability must be from 0 to 1, not {}",
                self.probability
            ));
        }
        if self.latency_ms.is_some_and(|l| l > MAX_CHAOS_LATENCY_MS) {
            return Err(format!("latency_ms must be at most {MAX_CHAOS_LATENCY_MS}"));
        }
        if self.kind.is_none() && self.latency_ms.is_none() {
            return Err("a rule needs a kind, a latency_ms, or both".into());
        }
        Ok(())
    }
}

/// The chaos rules in force and what they did.
#[derive(Debug, Default)]
pub struct Chaos {
    rules: Vec<ChaosRule>,
    requests: u64,
    injected: std::collections::BTreeMap<String, u64>,
}

/// What `GET /_emulator/chaos` answers.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct ChaosReport {
    /// The rules in force.
    pub rules: Vec<ChaosRule>,
    /// Requests the rules were rolled for.
    pub requests: u64,
    /// Faults injected, by kind (`latency_only` for rules without a kind).
    pub injected: std::collections::BTreeMap<String, u64>,
}

impl ChaosReport {
    /// Every fault injected.
    pub fn total(&self) -> u64 {
        self.injected.values().sum()
    }
}

impl Chaos {
    /// Replaces the rules (and resets the counts) after checking each.
    pub fn set(&mut self, rules: Vec<ChaosRule>) -> Result<(), String> {
        for (i, r) in rules.iter().enumerate() {
            r.check().map_err(|e| format!("rule {i}: {e}"))?;
        }
        *self = Chaos {
            rules,
            ..Chaos::default()
        };
        Ok(())
    }

    /// The rules and counts.
    pub fn report(&self) -> ChaosReport {
        ChaosReport {
            rules: self.rules.clone(),
            requests: self.requests,
            injected: self.injected.clone(),
        }
    }

    /// Rolls the rules for one request; the first that fires gives its fault.
    pub fn roll(&mut self, provider: Provider, rng: &mut impl rand::Rng) -> Option<FaultRequest> {
        if self.rules.is_empty() {
            return None;
        }
        self.requests += 1;
        let rule = self
            .rules
            .iter()
            .filter(|r| r.provider.is_none_or(|p| p == provider))
            .find(|r| rng.random_bool(r.probability))?
            .clone();
        let name = match rule.kind {
            Some(k) => k.name().to_owned(),
            None => "latency_only".into(),
        };
        *self.injected.entry(name).or_default() += 1;
        Some(FaultRequest {
            provider,
            job: None,
            kind: rule.kind.unwrap_or(FaultKind::Latency),
            count: 1,
            latency_ms: rule.latency_ms,
            retry_after_s: rule.retry_after_s,
            retry_after_header: None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::FaultKind;

    #[test]
    fn names_are_the_wire_names() {
        for k in FaultKind::ALL {
            assert_eq!(serde_json::to_value(k).unwrap(), k.name());
        }
    }
}
