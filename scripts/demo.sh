#!/usr/bin/env bash
# Installs what is missing, builds everything and runs the demo.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/scripts/install-deps.sh"
"$top/scripts/build.sh"
"${CDEFER_BUILD_DIR:-$top/build}/bin/cdefer-demo"
