#!/usr/bin/env bash
# Runs fuzz targets, each seeded from seeds/<target>, with libFuzzer.
#   fuzz/run.sh smoke [SECONDS]       every target for SECONDS (default 20) on stable (-s none)
#   fuzz/run.sh long TARGET [RUNS]    one target for RUNS executions (default 10,000,000) on
#                                     nightly with AddressSanitizer (SANITIZER=none: without)
set -euo pipefail
cd "$(dirname "$0")"
TARGETS=(decode error_body job_ref retry_hint verifiers emulator)
mode=${1:-smoke}
case "$mode" in
  smoke)
    secs=${2:-20}
    cargo fuzz build -s none -O
    for t in "${TARGETS[@]}"; do
      mkdir -p "corpus/$t"
      echo "==> fuzz smoke: $t for ${secs}s"
      cargo fuzz run -s none -O "$t" "corpus/$t" "seeds/$t" -- \
        -max_total_time="$secs" -print_final_stats=1 2>&1 | grep -E "^(stat::number_of_executed_units|stat::peak_rss|#[0-9]+.*DONE)|ERROR|panicked" || true
      # A crash leaves an artifact and a non-zero status; fail on either.
      if ls "artifacts/$t"/crash-* >/dev/null 2>&1; then echo "error: $t crashed" >&2; exit 1; fi
    done
    ;;
  long)
    t=$2
    runs=${3:-10000000}
    mkdir -p "corpus/$t"
    cargo +nightly fuzz run ${SANITIZER:+-s "$SANITIZER"} -O "$t" "corpus/$t" "seeds/$t" -- \
      -runs="$runs" -print_final_stats=1
    ;;
  *) echo "usage: fuzz/run.sh smoke [SECONDS] | long TARGET [RUNS]" >&2; exit 2 ;;
esac
