#!/usr/bin/env bash
# Installs cdefer from BUILD_DIR into a temporary prefix and builds the
# out-of-tree consumer three ways -- CMake package, pkg-config + make,
# cdefer-cc -- then runs each and compares its output with the expected one.
# Usage: run-install-test.sh BUILD_DIR C_COMPILER
set -euo pipefail
build=$1 cc=$2
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
prefix=$work/prefix

cmake --install "$build" --prefix "$prefix" > "$work/install.log"

expected="deferred: risky
risky(4) = 8
deferred: risky
recovered: negative input -3
risky(-3) = -1
deferred: loop -1
deferred: loop 1"

check() {
  local how=$1 binary=$2 out
  out=$("$binary")
  if [ "$out" != "$expected" ]; then
    echo "FAIL ($how): unexpected output"; diff <(echo "$expected") <(echo "$out")
    exit 1
  fi
  echo "ok: $how"
}

# 1. CMake package.
cmake -S "$here/consumer" -B "$work/cmake-build" -DCMAKE_C_COMPILER="$cc" \
  -DCMAKE_PREFIX_PATH="$prefix" > "$work/cmake.log"
cmake --build "$work/cmake-build" > "$work/cmake-build.log"
check "find_package(cdefer)" "$work/cmake-build/hello"

# 2. pkg-config and make.
mkdir -p "$work/make-build"
PKG_CONFIG_PATH="$prefix/lib/pkgconfig" make -s -C "$work/make-build" \
  -f "$here/consumer/Makefile" SRCDIR="$here/consumer" CC="$cc"
check "pkg-config + make" "$work/make-build/hello"

# 3. The installed cdefer-cc (from a copy of the prefix elsewhere: it finds
#    its plugins relative to itself).
mv "$prefix" "$work/moved"
"$work/moved/bin/cdefer-cc" -O2 "$here/consumer/hello.c" -o "$work/hello-cc"
check "installed cdefer-cc (relocated)" "$work/hello-cc"
"$work/moved/bin/cdefer-cc" --cdefer-static -O0 -g "$here/consumer/hello.c" -o "$work/hello-static"
check "installed cdefer-cc, static runtime" "$work/hello-static"
if ldd "$work/hello-static" | grep -q libcdefer; then
  echo "FAIL: --cdefer-static still links libcdefer.so"; exit 1
fi
echo "install test: all four builds run correctly"
