//! A shared rate limit: every job of one provider and credential draws from one budget.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::time::Instant;

use crate::clock::Clock;

/// Requests per second with a burst, as a reservation schedule (GCRA): each request takes the
/// next free slot, and slots are `1 / rate` apart once the burst is spent.
#[derive(Debug)]
pub struct RateLimiter {
    interval: Duration,
    burst: u32,
    next: Mutex<Option<Instant>>,
    clock: Arc<dyn Clock>,
}

/// A rate limit's settings.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RateLimit {
    /// Requests per second (sustained).
    pub per_second: f64,
    /// Requests allowed at once after a quiet spell.
    pub burst: u32,
}

/// The slowest rate a limiter keeps: one request a day. Slower rates are raised to it.
pub const MIN_RATE: f64 = 1.0 / 86_400.0;
/// The fastest rate a limiter keeps, and the largest burst.
pub const MAX_RATE: f64 = 1_000_000.0;

impl RateLimit {
    /// `per_second` sustained, with a burst of the same size (at least 1, at most
    /// [`MAX_RATE`]).
    pub fn per_second(per_second: f64) -> RateLimit {
        let burst = if per_second.is_finite() {
            per_second.ceil().clamp(1.0, MAX_RATE) as u32
        } else {
            1
        };
        RateLimit { per_second, burst }
    }

    /// Sets the burst (at least 1, at most [`MAX_RATE`]).
    pub fn with_burst(mut self, burst: u32) -> RateLimit {
        self.burst = burst.clamp(1, MAX_RATE as u32);
        self
    }
}

impl RateLimiter {
    /// A limiter. A non-positive or non-finite rate means one request per second; a rate
    /// outside [`MIN_RATE`]..=[`MAX_RATE`] is clamped to it, with a warning.
    pub fn new(limit: RateLimit, clock: Arc<dyn Clock>) -> RateLimiter {
        let rate = if limit.per_second.is_finite() && limit.per_second > 0.0 {
            limit.per_second
        } else {
            tracing::warn!(
                rate = limit.per_second,
                "a rate limit must be a positive number; using 1 a second"
            );
            1.0
        };
        let clamped = rate.clamp(MIN_RATE, MAX_RATE);
        if clamped != rate {
            tracing::warn!(rate, clamped, "rate limit out of range; clamped");
        }
        RateLimiter {
            interval: Duration::try_from_secs_f64(1.0 / clamped).unwrap_or(Duration::from_secs(1)),
            burst: limit.burst.clamp(1, MAX_RATE as u32),
            next: Mutex::new(None),
            clock,
        }
    }

    /// Waits for a slot. A dropped waiter's slot is not given back, which errs on the side of
    /// sending less.
    pub async fn acquire(&self) {
        let wait = self.reserve(self.clock.now());
        if !wait.is_zero() {
            self.clock.sleep(wait).await;
        }
    }

    /// Takes the next slot at `now`; returns how long until it.
    pub fn reserve(&self, now: Instant) -> Duration {
        let mut next = self.next.lock().unwrap_or_else(|e| e.into_inner());
        let earliest = self
            .interval
            .checked_mul(self.burst.saturating_sub(1))
            .and_then(|spread| now.checked_sub(spread))
            .unwrap_or(now);
        let slot = match *next {
            Some(n) if n > earliest => n,
            _ => earliest,
        };
        *next = Some(slot.checked_add(self.interval).unwrap_or(slot));
        slot.saturating_duration_since(now)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::TokioClock;

    #[tokio::test]
    async fn spaces_requests_after_the_burst() {
        let l = RateLimiter::new(
            RateLimit::per_second(10.0).with_burst(3),
            Arc::new(TokioClock),
        );
        let now = Instant::now() + Duration::from_secs(10);
        let waits: Vec<u128> = (0..6).map(|_| l.reserve(now).as_millis()).collect();
        assert_eq!(waits, [0, 0, 0, 100, 200, 300]);
        // After a quiet second the burst is back.
        let later = now + Duration::from_secs(2);
        assert_eq!(l.reserve(later), Duration::ZERO);
    }

    #[tokio::test]
    async fn extreme_rates_are_clamped_not_a_panic() {
        let now = Instant::now();
        for rate in [
            1e-300,
            0.0,
            -1.0,
            f64::NAN,
            f64::INFINITY,
            1e300,
            f64::MIN_POSITIVE,
        ] {
            let l = RateLimiter::new(RateLimit::per_second(rate), Arc::new(TokioClock));
            l.reserve(now);
            l.reserve(now);
        }
        let slow = RateLimiter::new(RateLimit::per_second(1e-300), Arc::new(TokioClock));
        slow.reserve(now);
        assert_eq!(slow.reserve(now), Duration::from_secs(86_400));
        let burst = RateLimiter::new(
            RateLimit::per_second(1e-9).with_burst(u32::MAX),
            Arc::new(TokioClock),
        );
        assert_eq!(burst.reserve(now), Duration::ZERO);
    }
}
