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
    /// For `http_429` and `throttling`, seconds; default 1.
    #[serde(default)]
    pub retry_after_s: Option<u64>,
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
