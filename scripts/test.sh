#!/usr/bin/env bash
# Installs what is missing, builds, and runs the whole test suite (ctest:
# CUnit, lit, lit under ASan, lit under valgrind).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/scripts/install-deps.sh"
"$top/scripts/build.sh"
ctest --test-dir "${CDEFER_BUILD_DIR:-$top/build}" --output-on-failure -j 2
