#!/usr/bin/env bash
# Runs every test of Kafka Sandbox, installing what is missing first (scripts/setup.sh):
#   0. cargo fmt --check; cargo clippy -D warnings (the engine's clippy.toml: no HashMap, clocks, threads)
#   1. engine, native (profile `audit`: optimised, with debug assertions and overflow checks):
#      unit tests, seeded simulations (1,000 seeds with faults), ksim tests, and every lesson of
#      the course (lessons/*.json) replayed to its goals
#   2. differential: murmur2 against kafka-python on 10,000 random keys; the range, roundrobin,
#      sticky and cooperative-sticky assignors against kafka-python on 300 random groups each;
#      __transaction_state placement against Java's String.hashCode (the JDK) on 10,000 random ids
#   3. app: its pure helpers natively (cargo test --lib); in headless Chromium: wasm-bindgen-test tests that mount the App and click it
#   4. release site: trunk build --release (wasm-opt on), served under /sandbox/ on loopback,
#      loaded and clicked through in headless Chromium; prints the gzip sizes; then its layout
#      and accessibility (axe-core) at 1280x720, 1920x1080 and 390x844 with a running scenario;
#      then the course as a learner takes it (tests/site/lessons.mjs), then share links and
#      session files (tests/site/share.mjs), rewind (rewind.mjs), the bytes view (bytes.mjs) and the terminal (terminal.mjs)
#   5. benchmarks, quick: scripts/bench.sh --quick must produce its whole table
# Exits non-zero when any test fails; ends with a total "N passed, N failed" line.
set -uo pipefail
source "$(dirname "$0")/env.sh"
cd "$KS_ROOT"

bash scripts/setup.sh || { echo "setup failed"; exit 1; }

LOG_DIR="$KS_ROOT/target/test-logs"
# Disk: each suite's line reports the size of target/ and the space left (a CI run once stopped
# with the disk full). Incremental compilation pays only when a crate is rebuilt after an edit;
# a test run builds each crate once. With it off and line tables only in the dev profile
# (Cargo.toml), the dev builds (clippy, the app's native and browser tests) leave 3.0 GB under
# target/ instead of 7.0 (incremental caches 2.0 GB of it), and build ~1 min faster.
export CARGO_INCREMENTAL=0
mkdir -p "$LOG_DIR"
total_passed=0; total_failed=0; failed_suites=()
t_start=$(date +%s)

# Adds the counts of one suite's log: cargo's "test result:" lines or a plain "N passed, N failed".
count() {
  local name=$1 log=$2 rc=$3 p f
  p=$(grep -hoE '([0-9]+) passed' "$log" | awk '{s+=$1} END {print s+0}')
  f=$(grep -hoE '([0-9]+) failed' "$log" | awk '{s+=$1} END {print s+0}')
  total_passed=$((total_passed + p)); total_failed=$((total_failed + f))
  if [ "$rc" -ne 0 ] || [ "$p" -eq 0 ]; then
    failed_suites+=("$name"); [ "$f" -eq 0 ] && total_failed=$((total_failed + 1))
    echo "--- $name FAILED (exit $rc); last lines of $log:"; tail -n 40 "$log"
  fi
  printf '=== %-28s %5s passed, %s failed   (%ss; target/ %s MB, %s MB free)\n' "$name" "$p" "$f" "$4" \
    "$(du -sm target 2>/dev/null | cut -f1)" "$(df -Pm . 2>/dev/null | awk 'NR == 2 {print $4}')"
}

suite() {  # suite NAME COMMAND...
  local name=$1; shift
  local log="$LOG_DIR/${name// /_}.log" s rc
  ks_log "$name: $*"
  s=$(date +%s)
  "$@" >"$log" 2>&1; rc=$?
  grep -E '^(simulation:|robustness:|golden snapshot|test result:|murmur2 vs|assignors vs|record batches vs|ok |FAIL|size |site:|bench table|\| |     )' "$log" | sed 's/^/  /'
  count "$name" "$log" "$rc" "$(( $(date +%s) - s ))"
}

# Mechanical guards: the project's formatting, and clippy with warnings as errors (the engine's
# clippy.toml also forbids hash maps, clocks and threads there).
# Each counts on its own: a clippy failure after a clean fmt shows as "1 passed, 1 failed".
suite "fmt and clippy" bash -c 'rc=0
  if cargo fmt --check; then echo "fmt: 1 passed, 0 failed"; else echo "fmt: 0 passed, 1 failed"; rc=1; fi
  if cargo clippy --workspace --all-targets --features engine/cli -- -D warnings; then echo "clippy: 1 passed, 0 failed"; else echo "clippy: 0 passed, 1 failed"; rc=1; fi
  exit $rc'
# Release mode: the 1,000-seed simulation runs ~20x faster than in debug.
suite "engine (native, debug assertions on)" cargo test -p engine --profile audit --features cli -- --show-output
suite "murmur2 vs kafka-python" bash -c 'cargo build -q -p engine --release --features cli --bin ksim && .venv/bin/python tests/diff/murmur2_vs_kafka_python.py target/release/ksim'
suite "assignors vs kafka-python" bash -c 'cargo build -q -p engine --release --features cli --bin ksim && .venv/bin/python tests/diff/assignors_vs_kafka_python.py target/release/ksim'
suite "transaction placement vs Java" bash -c 'cargo build -q -p engine --release --features cli --bin ksim && .venv/bin/python tests/diff/transaction_placement_vs_java.py target/release/ksim'
suite "record batches vs kafka-python" bash -c 'cargo build -q -p engine --release --features cli --bin ksim && .venv/bin/python tests/diff/record_batch_vs_kafka_python.py target/release/ksim'
# The app's pure helpers (view-model maths, chart bounds, frame times) also build natively.
suite "app helpers (native)" cargo test -p kafka-sandbox --lib
suite "app (headless chromium)" ks_wasm cargo test --target wasm32-unknown-unknown --test web
suite "release site (chromium)" bash -c 'source scripts/env.sh && node tests/site/split-loader.mjs && ks_site trunk build --release && node tests/site/smoke.mjs && node tests/site/layout.mjs && node tests/site/lessons.mjs && node tests/site/share.mjs && node tests/site/rewind.mjs && node tests/site/bytes.mjs && node tests/site/terminal.mjs'
# The benchmark command must keep working from a clean clone: a quick run (short durations) that
# checks the table is complete. Budgets are not asserted here (figures, not timed tests).
suite "benchmarks (quick)" bash -c 'bash scripts/bench.sh --quick && n=$(grep -c "^| [A-Z]" target/bench/results.md) && if [ "$n" -ge 10 ]; then echo "bench table: 1 passed, 0 failed ($((n - 1)) rows)"; else echo "bench table: 0 passed, 1 failed ($n rows)"; false; fi'

echo
echo "all suites in $(( $(date +%s) - t_start ))s"
if [ ${#failed_suites[@]} -gt 0 ]; then
  echo "FAILED suites: ${failed_suites[*]}"
fi
echo "total: $total_passed passed, $total_failed failed"
[ "$total_failed" -eq 0 ] && [ ${#failed_suites[@]} -eq 0 ]
