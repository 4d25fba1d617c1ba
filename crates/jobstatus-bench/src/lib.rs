//! Benchmarks for jobstatus.
//!
//! - `benches/micro.rs` (`cargo bench -p jobstatus-bench`): signing and decoding, each beside a
//!   bare baseline measured in the same run.
//! - `src/main.rs` (`cargo run --release -p jobstatus-bench`): client throughput against raw
//!   `reqwest`, 10,000 jobs through the tracker, and code generation; writes `BENCHMARKS.md`.
//! - [`fixtures`]: the vendor examples and a Bailian page of 100 documents.
//! - [`process`]: CPU time and peak memory of this process.

pub mod fixtures;
pub mod process;
