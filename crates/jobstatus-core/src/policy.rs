//! How often to poll and for how long: a policy object, with each vendor's defaults.

use std::time::Duration;

use crate::Provider;

/// A polling policy: the first delay, exponential backoff between a minimum and a maximum with
/// optional jitter, and limits on total time, polls and consecutive transient errors.
///
/// The delay after poll *n* (from 0) is `min_delay × multiplier^n`, capped at `max_delay`; with
/// jitter *j* it is drawn uniformly from `[delay × (1 − j), delay]`, never below `min_delay`.
/// A server's `Retry-After` (or `x-acs-retry-after`) lengthens the next delay, never shortens it.
#[derive(Clone, Debug, PartialEq)]
pub struct PollPolicy {
    /// Before the first poll.
    pub initial_delay: Duration,
    /// The shortest gap between polls.
    pub min_delay: Duration,
    /// The longest gap between polls.
    pub max_delay: Duration,
    /// Backoff factor per poll (1.0 polls at a fixed rate).
    pub multiplier: f64,
    /// 0.0 for none, up to 1.0.
    pub jitter: f64,
    /// Give up when the next poll would come later than this after the start.
    pub max_elapsed: Option<Duration>,
    /// Give up after this many polls.
    pub max_attempts: Option<u32>,
    /// Give up after this many transient errors in a row.
    pub max_consecutive_errors: u32,
}

/// Bailian asks for no more than one poll every 5 s.
pub const BAILIAN_MIN_INTERVAL: Duration = Duration::from_secs(5);
/// gpdb documents jobs past 2 hours as timed out.
pub const GPDB_TIMEOUT: Duration = Duration::from_secs(2 * 60 * 60);

impl PollPolicy {
    /// The provider's defaults:
    ///
    /// | provider | min delay | max delay | limit |
    /// |---|---|---|---|
    /// | bailian-index | 5 s (vendor rule) | 60 s | 6 h |
    /// | gpdb-docs | 5 s | 60 s | 2 h (vendor's timeout) |
    /// | azure-qna | 5 s | 30 s | 6 h |
    /// | pai-dataset | 5 s | 60 s | 6 h |
    /// | huawei-ies | 2 s | 30 s | 6 h |
    ///
    /// All poll at once first, back off ×1.5 with 10 % jitter, and give up after 10 transient
    /// errors in a row.
    pub fn for_provider(provider: Provider) -> PollPolicy {
        let (min, max, limit) = match provider {
            Provider::Bailian => (BAILIAN_MIN_INTERVAL, 60, 6 * 3600),
            Provider::Gpdb => (Duration::from_secs(5), 60, GPDB_TIMEOUT.as_secs()),
            Provider::Azure => (Duration::from_secs(5), 30, 6 * 3600),
            Provider::Pai => (Duration::from_secs(5), 60, 6 * 3600),
            Provider::Huawei => (Duration::from_secs(2), 30, 6 * 3600),
        };
        PollPolicy {
            initial_delay: Duration::ZERO,
            min_delay: min,
            max_delay: Duration::from_secs(max),
            multiplier: 1.5,
            jitter: 0.1,
            max_elapsed: Some(Duration::from_secs(limit)),
            max_attempts: None,
            max_consecutive_errors: 10,
        }
    }

    /// Keeps a provider's floor: Bailian's minimum delay never drops below 5 s.
    pub fn enforce_floor(mut self, provider: Provider) -> PollPolicy {
        if provider == Provider::Bailian && self.min_delay < BAILIAN_MIN_INTERVAL {
            self.min_delay = BAILIAN_MIN_INTERVAL;
        }
        if self.max_delay < self.min_delay {
            self.max_delay = self.min_delay;
        }
        self
    }

    /// Sets the minimum and maximum delay.
    pub fn with_delays(mut self, min: Duration, max: Duration) -> Self {
        self.min_delay = min;
        self.max_delay = max.max(min);
        self
    }

    /// Sets the backoff factor.
    pub fn with_multiplier(mut self, m: f64) -> Self {
        self.multiplier = if m.is_finite() && m >= 1.0 { m } else { 1.0 };
        self
    }

    /// Sets the jitter (clamped to 0..=1).
    pub fn with_jitter(mut self, j: f64) -> Self {
        self.jitter = if j.is_finite() {
            j.clamp(0.0, 1.0)
        } else {
            0.0
        };
        self
    }

    /// Sets the total time limit.
    pub fn with_max_elapsed(mut self, d: Option<Duration>) -> Self {
        self.max_elapsed = d;
        self
    }

    /// Sets the poll limit.
    pub fn with_max_attempts(mut self, n: Option<u32>) -> Self {
        self.max_attempts = n;
        self
    }

    /// Sets the delay before the first poll.
    pub fn with_initial_delay(mut self, d: Duration) -> Self {
        self.initial_delay = d;
        self
    }

    /// The delay after poll `n` (from 0), before jitter.
    pub fn backoff(&self, n: u32) -> Duration {
        let factor = self.multiplier.max(1.0).powi(n.min(64) as i32);
        let secs = (self.min_delay.as_secs_f64() * factor).min(self.max_delay.as_secs_f64());
        Duration::from_secs_f64(secs.max(self.min_delay.as_secs_f64()))
    }

    /// The delay after poll `n`, with jitter drawn from `unit` (a number in `[0, 1)`).
    pub fn delay(&self, n: u32, unit: f64) -> Duration {
        let top = self.backoff(n);
        let cut = top.as_secs_f64() * self.jitter * unit.clamp(0.0, 1.0);
        Duration::from_secs_f64((top.as_secs_f64() - cut).max(self.min_delay.as_secs_f64()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_to_the_cap() {
        let p = PollPolicy::for_provider(Provider::Azure)
            .with_multiplier(2.0)
            .with_delays(Duration::from_secs(1), Duration::from_secs(10));
        let d: Vec<u64> = (0..6).map(|n| p.backoff(n).as_secs()).collect();
        assert_eq!(d, [1, 2, 4, 8, 10, 10]);
    }

    #[test]
    fn jitter_stays_between_the_floor_and_the_backoff() {
        let p = PollPolicy::for_provider(Provider::Pai).with_jitter(0.5);
        for n in 0..10 {
            for u in [0.0, 0.3, 0.999] {
                let d = p.delay(n, u);
                assert!(d >= p.min_delay && d <= p.backoff(n), "{d:?}");
            }
        }
    }

    #[test]
    fn bailian_never_below_five_seconds() {
        let p = PollPolicy::for_provider(Provider::Bailian)
            .with_delays(Duration::from_millis(10), Duration::from_millis(20));
        let p = p.enforce_floor(Provider::Bailian);
        assert_eq!(p.min_delay, BAILIAN_MIN_INTERVAL);
        assert!(p.delay(0, 0.99) >= BAILIAN_MIN_INTERVAL);
    }
}
