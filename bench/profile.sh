#!/usr/bin/env bash
# Where the instructions of one cdefer benchmark case go: builds the case's
# cdefer binary, runs it under valgrind --tool=callgrind and prints the top
# functions (self cost) and the calls per op of the runtime's hot spots.
#
#   bash bench/profile.sh CASE [ITERATIONS]
#
# CASE: one-open one-stack one-pooled loop10 loop1000 panic1 panic10
#       panic1_defers panic10_defers
#
# The panic cases are linked with LLVM's libunwind.a (and libcdefer.a) rather
# than libunwind.so, whose internal functions have no symbols: the profile
# then names libunwind's functions. Output files stay in BUILD/bench/profile/.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=${CDEFER_BUILD_DIR:-$top/build}
cc="$build/bin/cdefer-cc"
case_name=${1:?usage: bash bench/profile.sh CASE [ITERATIONS]}
dir="$build/bench/profile"
mkdir -p "$dir"
src="$top/bench/c"
exe="$dir/$case_name"
flags=(-O2 -g "-I$src")
case "$case_name" in
  one-open) "$cc" "${flags[@]}" -DWAY_CDEFER "$src/one.c" -o "$exe"; run=one; n=${2:-100000} ;;
  one-stack) "$cc" "${flags[@]}" -DWAY_CDEFER -mllvm -cdefer-max-open-coded=0 "$src/one.c" -o "$exe"; run=one; n=${2:-100000} ;;
  one-pooled) "$cc" "${flags[@]}" -DWAY_CDEFER -mllvm -cdefer-force-pooled "$src/one.c" -o "$exe"; run=one; n=${2:-100000} ;;
  loop10|loop1000) "$cc" "${flags[@]}" "$src/loop.c" -o "$exe"; run=$case_name; n=${2:-$([ "$case_name" = loop10 ] && echo 10000 || echo 100)} ;;
  panic1|panic10|panic1_defers|panic10_defers)
    "$cc" "${flags[@]}" -DWAY_CDEFER -c "$src/panic.c" -o "$dir/panic.o"
    clang-22 "$dir/panic.o" "$build/lib/libcdefer.a" /usr/lib/llvm-22/lib/libunwind.a \
      -lpthread -ldl -o "$exe"
    run=$case_name; n=${2:-2000} ;;
  *) echo "profile.sh: unknown case $case_name" >&2; exit 64 ;;
esac
out="$dir/callgrind.$case_name"
valgrind --tool=callgrind --callgrind-out-file="$out" "$exe" run "$run" "$n" 2>/dev/null
echo "== $case_name: $n ops; callgrind data in $out"
echo "== top functions by self cost (Ir), whole run:"
callgrind_annotate "$out" > "$out.txt" 2>/dev/null
grep -E '^ *[0-9,]+ \(' "$out.txt" | sed -n 1,25p |
  sed -E 's/\(libunwind::[^)]*\)//g; s/libunwind::LocalAddressSpace/LAS/g; s/libunwind::Registers_x86_64/Regs/g' | cut -c1-160
echo "== calls per op:"
python3 - "$out" "$n" <<'PY'
import collections, re, sys
names, calls, cfn = {}, collections.Counter(), None
for line in open(sys.argv[1]):
    m = re.match(r'c?fn=\((\d+)\)(?: (.*))?', line)
    if m:
        if m.group(2):
            names[m.group(1)] = m.group(2)
        if line.startswith('cfn'):
            cfn = m.group(1)
        continue
    m = re.match(r'calls=(\d+)', line)
    if m and cfn:
        calls[names.get(cfn, cfn)] += int(m.group(1))
n = int(sys.argv[2])
for label, pat in [('libunwind frame steps', r'UnwindCursor.*::step\(bool\)'),
                   ('unw_step (recover)', r'^unw_step$'),
                   ('unw_init_local (new cursor)', r'^unw_init_local$'),
                   ('_Unwind_Resume', r'^_Unwind_Resume$'),
                   ('personality routine', r'__gcc_personality_v0'),
                   ('__tls_get_addr', r'__tls_get_addr'),
                   ('posix_memalign (new record)', r'^posix_memalign$'),
                   ('calloc (new panic)', r'^calloc$'),
                   ('free', r'^free$'),
                   ('sigaltstack', r'sigaltstack'),
                   ('__cdefer_call_deferred', r'__cdefer_call_deferred')]:
    total = sum(v for k, v in calls.items() if re.search(pat, k))
    print('  %-30s %8.2f' % (label, total / n))
PY
