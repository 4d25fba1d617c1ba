//! Time, behind a trait so that tests can drive the waiter without waiting.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use tokio::time::Instant;

/// A sleep.
pub type Sleep = Pin<Box<dyn Future<Output = ()> + Send>>;

/// Where the waiter and the tracker get the time and sleep.
pub trait Clock: Send + Sync + fmt::Debug {
    /// Now.
    fn now(&self) -> Instant;
    /// A sleep of `d`.
    fn sleep(&self, d: Duration) -> Sleep;
}

/// tokio's clock (which `tokio::time::pause` can freeze).
#[derive(Debug, Clone, Copy, Default)]
pub struct TokioClock;

impl Clock for TokioClock {
    fn now(&self) -> Instant {
        Instant::now()
    }

    fn sleep(&self, d: Duration) -> Sleep {
        Box::pin(tokio::time::sleep(d))
    }
}
