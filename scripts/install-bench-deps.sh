#!/usr/bin/env bash
# Installs what the benchmark suite (bench/run.sh) needs beyond the build and
# test dependencies (scripts/install-deps.sh), if missing: valgrind (instruction
# counts), Go (the Go peers), clang++'s C++ library (the C++ peers) and npm
# (to fetch the sqlite amalgamation shipped in the npm package better-sqlite3).
# Run as root (or with sudo available). Safe to run again. Nothing here is
# needed to build or test cdefer.
set -euo pipefail

# command -> Debian package providing it
declare -A wanted=(
  [valgrind]=valgrind
  [go]=golang-go
  [npm]=npm
  [python3]=python3
)
missing=()
for cmd in "${!wanted[@]}"; do
  command -v "$cmd" >/dev/null 2>&1 || missing+=("${wanted[$cmd]}")
done
# clang++-22 links the C++ peers against libstdc++.
if ! echo 'int main(){}' | clang++-22 -x c++ - -o /dev/null >/dev/null 2>&1; then
  missing+=(libstdc++-12-dev)
fi
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-bench-deps: all present"
  exit 0
fi

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "install-bench-deps: installing ${missing[*]}"
$sudo apt-get update -q
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
