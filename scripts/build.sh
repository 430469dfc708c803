#!/usr/bin/env bash
# Configures and builds cdefer in build/ (or $CDEFER_BUILD_DIR) with clang-22.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=${CDEFER_BUILD_DIR:-$top/build}
cmake -S "$top" -B "$build" -DCMAKE_C_COMPILER=clang-22 -DCMAKE_CXX_COMPILER=clang++-22
cmake --build "$build" -j "${CDEFER_JOBS:-2}"
