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
    # Its own target directory: the long runs build with other flags.
    cargo fuzz build -s none -O --target-dir target/smoke
    for t in "${TARGETS[@]}"; do
      mkdir -p "corpus/$t"
      log=$(mktemp)
      if ! cargo fuzz run -s none -O --target-dir target/smoke "$t" "corpus/$t" "seeds/$t" -- \
        -max_total_time="$secs" -print_final_stats=1 >"$log" 2>&1; then
        tail -n 40 "$log" >&2
        echo "error: fuzz target $t failed; the input is in fuzz/artifacts/$t" >&2
        exit 1
      fi
      echo "fuzz smoke: $t: $(grep -E '^stat::number_of_executed_units' "$log" | awk '{print $2}') executions in ${secs}s, $(grep -Eo 'cov: [0-9]+' "$log" | tail -1)"
      rm -f "$log"
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
