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

impl RateLimit {
    /// `per_second` sustained, with a burst of the same size (at least 1).
    pub fn per_second(per_second: f64) -> RateLimit {
        RateLimit {
            per_second,
            burst: per_second.ceil().max(1.0) as u32,
        }
    }

    /// Sets the burst.
    pub fn with_burst(mut self, burst: u32) -> RateLimit {
        self.burst = burst.max(1);
        self
    }
}

impl RateLimiter {
    /// A limiter; a non-positive or non-finite rate means one request per second.
    pub fn new(limit: RateLimit, clock: Arc<dyn Clock>) -> RateLimiter {
        let rate = if limit.per_second.is_finite() && limit.per_second > 0.0 {
            limit.per_second
        } else {
            1.0
        };
        RateLimiter {
            interval: Duration::from_secs_f64(1.0 / rate),
            burst: limit.burst.max(1),
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
        let earliest = now
            .checked_sub(self.interval * (self.burst - 1))
            .unwrap_or(now);
        let slot = match *next {
            Some(n) if n > earliest => n,
            _ => earliest,
        };
        *next = Some(slot + self.interval);
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
}
