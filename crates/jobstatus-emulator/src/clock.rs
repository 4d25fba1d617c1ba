//! Emulated time: real (or tokio-paused) time since start, times the speed.

use chrono::{DateTime, Duration as ChronoDuration, Utc};
use tokio::time::Instant;

/// A clock that runs `speed` times faster than tokio's.
#[derive(Clone, Debug)]
pub struct EmulatedClock {
    started: Instant,
    wall_at_start: DateTime<Utc>,
    speed: f64,
}

impl EmulatedClock {
    /// Starts now.
    pub fn new(speed: f64) -> Self {
        EmulatedClock {
            started: Instant::now(),
            wall_at_start: Utc::now(),
            speed: if speed > 0.0 { speed } else { 1.0 },
        }
    }

    /// Emulated milliseconds since start.
    pub fn now_ms(&self) -> u64 {
        (self.started.elapsed().as_secs_f64() * 1000.0 * self.speed) as u64
    }

    /// The wall-clock time an emulated instant stands for.
    pub fn wall(&self, emulated_ms: u64) -> DateTime<Utc> {
        self.wall_at_start + ChronoDuration::milliseconds(emulated_ms as i64)
    }
}
