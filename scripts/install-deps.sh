#!/usr/bin/env bash
# Installs the Debian packages cdefer needs to build and test, if missing.
# Run as root (or with sudo available). Safe to run again.
set -euo pipefail

packages=(clang-22 libclang-22-dev llvm-22-dev llvm-22-tools libunwind-22-dev
          libclang-rt-22-dev libcunit1-dev cmake make python3 valgrind
          golang-go pkg-config gdb lld-22 csmith libcsmith-dev)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
    missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all packages present"
  exit 0
fi

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "install-deps: installing ${missing[*]}"
$sudo apt-get update -q
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
