#!/usr/bin/env python3
"""Compiler fuzzing of cdefer with csmith.

For each program: csmith writes a random C program (UB-free by design; it
prints a checksum of its global state). This script inserts defer statements
at random statement points of its functions (straight code, branches, loop
bodies), each deferred call or block only updating state that is not part of
the checksum (a counter and a volatile sink), and never leaving itself with
return/goto/break/continue. It then compiles

  * the original program with plain clang-22 (no cdefer), and
  * the program with defers with cdefer-cc (Clang plugin + lowering pass;
    the pass runs LLVM's verifier on every module it lowers)

at every requested -O level, runs both with a timeout and compares:

  * stdout (the checksum) of the two builds at each level,
  * the exit status,
  * the number of deferred calls and blocks that ran (printed on stderr at
    exit by the inserted prelude): the same at every level.

Defer statements in loops (or in functions with goto, which csmith uses for
backward jumps) are guarded by a budget, `if (cdefer_fuzz_take()) defer ...`,
so that a loop of a million iterations does not push a million records.
The deferred code reads csmith's scalar locals, parameters and globals that
are in scope (by value for deferred calls, by reference for deferred blocks).

A program whose plain -O0 build times out (csmith programs may loop for a
very long time) is skipped. A cdefer compile that crashes (signal, "PLEASE
submit a bug report", "LLVM ERROR", a cdefer internal error) is a crash; one
that fails otherwise while the plain compile succeeded is a compile failure;
a different output, status or deferred count is a mismatch; a cdefer build
that times out where the plain build finished is a timeout. Failing programs
are kept under --keep (or a temporary directory, printed).

Usage:
  csmith_fuzz.py --count 20 --jobs 2 --seed 1
  csmith_fuzz.py --count 2000 --jobs 2 --seed 100000 --keep /tmp/fuzz
Options:
  --count N     programs to generate (default 10)
  --seed S      seed of the first program (program i uses csmith seed S+i)
  --jobs J      programs in parallel (default 1)
  --keep DIR    keep every program's files under DIR/seed-N (failing ones
                are always kept)
  --opt LEVELS  comma-separated -O levels (default 0,1,2,3,s)
  --cc CMD      cdefer compiler (default: build/bin/cdefer-cc of this checkout)
  --clang CMD   plain compiler (default: clang-22)
  --csmith CMD  csmith (default: csmith)
  --timeout T   seconds for the plain -O0 run (default 5); other runs get
                4*T
  --defers N    defer statements inserted per program, at most (default 40)
  -q            print only failures and the summary
Ctrl-C or SIGTERM stops after the programs being tested and prints the
summary of those that were.
Exit status: 0 if there was no mismatch, crash, compile failure or timeout;
1 otherwise.
"""

import argparse
import concurrent.futures
import os
import random
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import threading

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_CC = os.path.join(HERE, "..", "..", "build", "bin", "cdefer-cc")

CSMITH_INCLUDES = ["/usr/include/csmith", "/usr/local/include/csmith",
                   "/usr/include/csmith-2.3.0"]

PRELUDE = r'''/* cdefer csmith fuzz prelude: deferred code only touches these. */
#include <defer.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
static volatile uint64_t cdefer_fuzz_sink;
static uint64_t cdefer_fuzz_runs;
static int64_t cdefer_fuzz_budget = 20000;
static int cdefer_fuzz_take(void) { return cdefer_fuzz_budget-- > 0; }
__attribute__((noinline)) static void cdefer_fuzz_log(uint32_t id, uint64_t v) {
  cdefer_fuzz_runs++;
  cdefer_fuzz_sink ^= v * 31u + id;
}
static void cdefer_fuzz_logv(uint32_t id, int n, ...) {
  va_list ap;
  va_start(ap, n);
  uint64_t v = va_arg(ap, uint64_t);
  double d = va_arg(ap, double);
  int k = va_arg(ap, int);
  va_end(ap);
  cdefer_fuzz_runs++;
  cdefer_fuzz_sink ^= v + (uint64_t)(d * 2) + (uint64_t)k + id + (uint64_t)n;
}
struct cdefer_fuzz_s { uint64_t a, b, c; };
static void cdefer_fuzz_logs(struct cdefer_fuzz_s s) {
  cdefer_fuzz_runs++;
  cdefer_fuzz_sink ^= s.a + s.b + s.c;
}
static uint64_t cdefer_fuzz_ret(uint32_t id) {
  cdefer_fuzz_runs++;
  return cdefer_fuzz_sink += id;
}
static void (*volatile cdefer_fuzz_fp)(uint32_t, uint64_t) = cdefer_fuzz_log;
__attribute__((destructor)) static void cdefer_fuzz_report(void) {
  fprintf(stderr, "cdefer-fuzz: deferred runs %llu\n",
          (unsigned long long)cdefer_fuzz_runs);
}
'''

SCALAR = r"(?:u?int(?:8|16|32|64)_t)"
FUNC_HEADER = re.compile(r"^(?:static\s+)?[\w\s\*]*?\b(func_\d+|main)\s*\((.*)\)\s*$")
LOCAL_DECL = re.compile(r"^\s+(" + SCALAR + r")\s+(l_\d+)\s*=\s*[^;]*;\s*$")
GLOBAL_DECL = re.compile(r"^static\s+(" + SCALAR + r")\s+(g_\d+)\s*=\s*[^;{]*;\s*$")
PARAM = re.compile(r"^\s*(?:const\s+)?(" + SCALAR + r")\s+(p_\d+)\s*$")
LOOP_START = re.compile(r"^\s*(?:for|while)\s*\(|^\s*do\b")
NO_INSERT_AFTER = re.compile(r"^\s*(?:for|while|if|else|switch|case|default|do)\b|^\s*\w+:\s*$")


def balanced(line):
    return (line.count("(") == line.count(")") and
            line.count("{") == line.count("}") and
            line.count("[") == line.count("]"))


def defer_statement(rng, site_id, variables):
    """One random defer statement; it only touches the prelude's state."""
    local, global_ = variables
    r = rng.random()
    if local and r < 0.5:
        var = "(uint64_t)(%s)" % rng.choice(local)
    elif global_ and r < 0.75:
        var = "(uint64_t)(%s)" % rng.choice(global_)
    else:
        var = "%du" % site_id
    kind = rng.randrange(8)
    if kind == 0:
        return "__attribute__((defer)) cdefer_fuzz_log(%d, %s);" % (site_id, var)
    if kind == 1:
        return "__attribute__((defer)) cdefer_fuzz_fp(%d, %s);" % (site_id, var)
    if kind == 2:
        return ("__attribute__((defer)) cdefer_fuzz_logv(%d, 3, %s, 2.5, %d);"
                % (site_id, var, site_id))
    if kind == 3:
        return ("__attribute__((defer)) cdefer_fuzz_logs((struct cdefer_fuzz_s){%d, %s, 7});"
                % (site_id, var))
    if kind == 4:
        return "__attribute__((defer)) (void)cdefer_fuzz_ret(%d);" % site_id
    if kind == 5:
        return ("__attribute__((defer)) { cdefer_fuzz_runs++; cdefer_fuzz_sink ^= %s; }"
                % var)
    if kind == 6:
        return ("__attribute__((defer)) { cdefer_fuzz_runs++; "
                "for (int cdefer_k = 0; cdefer_k < 3; cdefer_k++) { "
                "if (cdefer_k == 1) continue; cdefer_fuzz_sink += %s + cdefer_k; } }" % var)
    return ("__attribute__((defer)) { cdefer_fuzz_runs++; switch (%d %% 3) { "
            "case 0: cdefer_fuzz_sink ^= %s; break; default: cdefer_fuzz_log(%d, %s); } }"
            % (site_id, var, site_id, var))


def insert_defers(source, rng, max_defers):
    """Returns (new source, number of defer statements inserted)."""
    lines = source.split("\n")
    globals_ = [m.group(2) for m in map(GLOBAL_DECL.match, lines) if m]
    # Candidate points: (line index, in a loop or goto function, scalars in
    # scope) for lines inside function bodies that end a complete statement.
    candidates = []
    i = 0
    while i < len(lines):
        m = FUNC_HEADER.match(lines[i])
        if not m or i + 1 >= len(lines) or not lines[i + 1].startswith("{"):
            i += 1
            continue
        params = []
        for p in m.group(2).split(","):
            pm = PARAM.match(p)
            if pm:
                params.append(pm.group(2))
        end = i + 1
        while end < len(lines) and lines[end] != "}":
            end += 1
        body = lines[i + 1:end]
        has_goto = any(re.search(r"\bgoto\b", l) for l in body)
        # Scope tracking: one entry per open brace: (is loop, locals).
        scopes = []
        pending_loop = False
        for k in range(i + 1, end):
            line = lines[k]
            stripped = line.strip()
            if LOOP_START.match(line) or stripped.startswith("} while"):
                pending_loop = not stripped.endswith(";")
            for ch in line:
                if ch == "{":
                    scopes.append([pending_loop, []])
                    pending_loop = False
                elif ch == "}" and scopes:
                    scopes.pop()
            dm = LOCAL_DECL.match(line)
            if dm and scopes and "volatile" not in line:
                scopes[-1][1].append(dm.group(2))
            if (scopes and stripped.endswith(";") and balanced(stripped) and
                    not NO_INSERT_AFTER.match(line) and
                    not stripped.startswith("return") and
                    "goto" not in stripped):
                nxt = lines[k + 1].strip() if k + 1 < len(lines) else ""
                if nxt.startswith("else"):
                    continue
                # An unbraced loop body is the line after the loop header.
                prev = lines[k - 1].strip()
                if LOOP_START.match(prev) and not prev.endswith(";"):
                    continue
                in_loop = has_goto or any(s[0] for s in scopes)
                variables = (params + [v for s in scopes for v in s[1]], globals_)
                candidates.append((k, in_loop, variables))
        i = end
    rng.shuffle(candidates)
    chosen = sorted(candidates[:max_defers], key=lambda c: c[0], reverse=True)
    for n, (k, in_loop, variables) in enumerate(chosen):
        stmt = defer_statement(rng, n + 1, variables)
        if in_loop or rng.random() < 0.15:
            stmt = "if (cdefer_fuzz_take()) " + stmt
        indent = re.match(r"^\s*", lines[k]).group(0)
        lines.insert(k + 1, indent + stmt)
    return PRELUDE + "\n".join(lines), len(chosen)


CRASH_SIGNS = ("PLEASE submit a bug report", "Stack dump", "LLVM ERROR",
               "internal error", "Assertion", "UNREACHABLE")


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.programs = 0
        self.skipped = 0
        self.compiles = 0
        self.runs = {}
        self.defers = 0
        self.failures = []  # (kind, seed, level, detail, dir)

    def add(self, **kw):
        with self.lock:
            for k, v in kw.items():
                setattr(self, k, getattr(self, k) + v)


def run(cmd, timeout, cwd=None):
    try:
        # A session of its own: a Ctrl-C meant for this script must not
        # kill a compiler (which would look like a crash).
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           timeout=timeout, cwd=cwd, start_new_session=True)
        return p.returncode, p.stdout.decode("latin-1"), p.stderr.decode("latin-1")
    except subprocess.TimeoutExpired:
        return None, "", ""


def fuzz_one(seed, args, stats, include):
    tmp = tempfile.mkdtemp(prefix="csmith-fuzz-%d-" % seed)
    keep = False
    failures = []
    try:
        # csmith writes platform.info into its working directory.
        rc, out, err = run(shlex.split(args.csmith) + ["--seed", str(seed)], 60, cwd=tmp)
        if rc != 0:
            failures.append(("tool-error", seed, "-", "csmith failed: " + err[-300:]))
            return failures
        orig = os.path.join(tmp, "orig.c")
        with open(orig, "w") as f:
            f.write(out)
        rng = random.Random(seed)
        source, ndefers = insert_defers(out, rng, args.defers)
        with_defers = os.path.join(tmp, "defer.c")
        with open(with_defers, "w") as f:
            f.write(source)
        common = ["-w", "-I" + include]
        counts = {}
        results = []
        for level in args.levels:
            plain_bin = os.path.join(tmp, "plain-O%s" % level)
            rc, _, err = run(shlex.split(args.clang) + common +
                             ["-O" + level, orig, "-o", plain_bin], 300)
            stats.add(compiles=1)
            if rc != 0:
                failures.append(("tool-error", seed, level, "plain clang failed: " + err[-300:]))
                return failures
            prc, pout, _ = run([plain_bin], args.timeout if level == "0" else 4 * args.timeout)
            if prc is None:
                if level == "0":
                    stats.add(skipped=1)
                    failures.append(("skipped", seed, level, "plain -O0 run timed out"))
                    return failures
                # Plain build too slow at this level: skip the level.
                continue
            cdefer_bin = os.path.join(tmp, "cdefer-O%s" % level)
            rc, _, err = run(shlex.split(args.cc) + common +
                             ["-O" + level, with_defers, "-o", cdefer_bin], 300)
            stats.add(compiles=1)
            if rc is None or rc != 0:
                crash = rc is None or rc < 0 or any(s in err for s in CRASH_SIGNS)
                failures.append(("crash" if crash else "compile-failure", seed, level,
                                 err[-2000:] if rc is not None else "compile timed out"))
                keep = True
                continue
            crc, cout, cerr = run([cdefer_bin], 4 * args.timeout + 10)
            with stats.lock:
                stats.runs[level] = stats.runs.get(level, 0) + 1
            if crc is None:
                failures.append(("timeout", seed, level, "cdefer build timed out"))
                keep = True
                continue
            m = re.search(r"cdefer-fuzz: deferred runs (\d+)", cerr)
            counts[level] = m.group(1) if m else None
            if crc != prc or cout != pout or m is None:
                failures.append(("mismatch", seed, level,
                                 "plain status %s, cdefer status %s\nplain: %s\ncdefer: %s\n%s"
                                 % (prc, crc, pout.strip()[-200:], cout.strip()[-200:],
                                    cerr[-500:])))
                keep = True
            results.append(level)
        if len(set(counts.values())) > 1:
            failures.append(("mismatch", seed, "all",
                             "deferred-run counts differ between levels: %s" % counts))
            keep = True
        stats.add(programs=1, defers=ndefers)
        return failures
    finally:
        dest = None
        if args.keep or keep:
            base = args.keep or tempfile.mkdtemp(prefix="csmith-fuzz-failures-")
            dest = os.path.join(base, "seed-%d" % seed)
            shutil.rmtree(dest, ignore_errors=True)
            shutil.copytree(tmp, dest)
        shutil.rmtree(tmp, ignore_errors=True)
        for f in failures:
            if f[0] == "skipped":
                continue
            f_dir = dest or "-"
            with stats.lock:
                stats.failures.append(f + (f_dir,))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--count", type=int, default=10)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--keep")
    ap.add_argument("--opt", default="0,1,2,3,s")
    ap.add_argument("--cc", default=DEFAULT_CC)
    ap.add_argument("--clang", default="clang-22")
    ap.add_argument("--csmith", default="csmith")
    ap.add_argument("--timeout", type=float, default=5.0)
    ap.add_argument("--defers", type=int, default=40)
    ap.add_argument("-q", action="store_true")
    args = ap.parse_args()
    args.levels = args.opt.split(",")
    if args.keep:
        args.keep = os.path.abspath(args.keep)
        os.makedirs(args.keep, exist_ok=True)
    include = next((d for d in CSMITH_INCLUDES if os.path.exists(os.path.join(d, "csmith.h"))), None)
    if include is None or shutil.which(shlex.split(args.csmith)[0]) is None:
        print("csmith_fuzz: csmith or csmith.h not found (apt-get install csmith libcsmith-dev)",
              file=sys.stderr)
        return 3
    stats = Stats()
    seeds = range(args.seed, args.seed + args.count)
    # Ctrl-C (or SIGTERM) stops submitting programs, lets the running ones
    # finish and still prints the summary.
    def interrupt(signum, frame):
        raise KeyboardInterrupt()
    signal.signal(signal.SIGINT, interrupt)
    signal.signal(signal.SIGTERM, interrupt)
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs)
    futures = {pool.submit(fuzz_one, s, args, stats, include): s for s in seeds}
    try:
        for fut in concurrent.futures.as_completed(futures):
            seed = futures[fut]
            fails = fut.result()
            if not args.q:
                kinds_ = sorted(set(f[0] for f in fails))
                print("seed %d: %s" % (seed, ", ".join(kinds_) if kinds_ else "ok"),
                      flush=True)
    except KeyboardInterrupt:
        print("csmith_fuzz: interrupted; waiting for the running programs", flush=True)
        for fut in futures:
            fut.cancel()
    pool.shutdown(wait=True)
    for kind, seed, level, detail, where in sorted(stats.failures):
        print("%s: seed %d -O%s (files: %s)\n  %s" % (kind, seed, level, where,
                                                    detail.replace("\n", "\n  ")))
    kinds = {}
    for f in stats.failures:
        kinds[f[0]] = kinds.get(f[0], 0) + 1
    print("csmith_fuzz: %d programs (%d defer statements), %d skipped (timeout), "
          "%d compiles, runs per level: %s; mismatches %d, crashes %d, "
          "compile failures %d, timeouts %d, tool errors %d"
          % (stats.programs, stats.defers, stats.skipped, stats.compiles,
             ", ".join("-O%s %d" % (l, stats.runs.get(l, 0)) for l in args.levels),
             kinds.get("mismatch", 0), kinds.get("crash", 0),
             kinds.get("compile-failure", 0), kinds.get("timeout", 0),
             kinds.get("tool-error", 0)))
    bad = sum(kinds.get(k, 0) for k in ("mismatch", "crash", "compile-failure", "timeout"))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
