#!/usr/bin/env bash
# cdefer's benchmark suite: builds what it needs and prints one table.
#
#   bash bench/run.sh              # the full suite (about 8 minutes)
#   bash bench/run.sh --quick      # smoke run: short samples, 1 sqlite build
#   bash bench/run.sh --filter 'panic'   # cases whose "case/implementation" matches
#   bash bench/run.sh --no-callgrind     # skip the instruction counts
#   bash bench/run.sh --json FILE        # also write the numbers as JSON
#
# Uses cdefer from $CDEFER_BUILD_DIR (default build/), building it with
# scripts/build.sh first if build/bin/cdefer-cc is missing. Everything the
# suite makes or downloads goes under BUILD/bench/. See docs/performance.md.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=${CDEFER_BUILD_DIR:-$top/build}

if [ "${CDEFER_BENCH_SKIP_DEPS:-0}" != 1 ]; then
  bash "$top/scripts/install-bench-deps.sh" >&2 ||
    echo "bench: could not install every tool; the cases that need a missing one are skipped" >&2
fi
if [ ! -x "$build/bin/cdefer-cc" ] || [ ! -e "$build/lib/CDeferPass.so" ]; then
  echo "bench: no cdefer build in $build; building it with scripts/build.sh" >&2
  CDEFER_BUILD_DIR="$build" bash "$top/scripts/build.sh" >&2
fi
exec python3 "$top/bench/bench.py" --build-dir "$build" "$@"
