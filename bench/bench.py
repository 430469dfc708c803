#!/usr/bin/env python3
"""cdefer's benchmark suite. Run it with `bash bench/run.sh` (which checks
the tools and the cdefer build first); see docs/performance.md.

Builds every benchmark binary into BUILD/bench/, times each case (median and
min-max over several samples, each calibrated to about 0.2 s), counts
instructions per op under valgrind's callgrind (two iteration counts, the
difference divided by the difference of the counts), runs the Go peers with
`go test -bench`, builds and runs the sqlite workload both ways, and prints
one markdown table with the ratio of each cdefer row to each peer of its
case, then the targets, met or missed.
"""
import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tarfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(HERE)
LLVM_LIB = "/usr/lib/llvm-22/lib"
LIBUNWIND = ["-L" + LLVM_LIB, "-Wl,-rpath," + LLVM_LIB, "-lunwind"]

# Binaries: key -> (compiler, flags, source). "cdefer-cc" is replaced by the
# wrapper of the build directory.
BINARIES = {
    "one-open": ("cdefer-cc", ["-DWAY_CDEFER"], "c/one.c"),
    # Without what a runtime fault needs (docs/design.md section 8).
    "one-open-nofault": ("cdefer-cc", ["-DWAY_CDEFER", "-mllvm",
                                       "-cdefer-fault-frames=0"], "c/one.c"),
    "one-stack": ("cdefer-cc", ["-DWAY_CDEFER", "-mllvm",
                                "-cdefer-max-open-coded=0"], "c/one.c"),
    "one-pooled": ("cdefer-cc", ["-DWAY_CDEFER", "-mllvm",
                                 "-cdefer-force-pooled"], "c/one.c"),
    "one-hand": ("clang-22", ["-DWAY_HAND"], "c/one.c"),
    "one-cleanup": ("clang-22", ["-DWAY_CLEANUP"], "c/one.c"),
    "one-defer-ts": ("clang-22", ["-fdefer-ts", "-DWAY_DEFER_TS"], "c/one.c"),
    "loop": ("cdefer-cc", [], "c/loop.c"),
    "panic-cdefer": ("cdefer-cc", ["-DWAY_CDEFER"], "c/panic.c"),
    "panic-sjlj": ("clang-22", ["-DWAY_SJLJ"], "c/panic.c"),
    "panic-cxx-libgcc": ("clang++-22", [], "c/panic.cpp"),
    "panic-cxx-libunwind": ("clang++-22", LIBUNWIND, "c/panic.cpp"),
}


class Row:
    """One line of the table: one implementation of one case."""

    def __init__(self, group, impl, kind, spec, subject=False, peer=True,
                 iters=None, per=None):
        self.group = group          # the case
        self.impl = impl            # who implements it
        self.kind = kind            # "c", "go", "sqlite-build", "sqlite-run"
        self.spec = spec            # (binary, case) / Go benchmark name
        self.subject = subject      # a cdefer row: gets ratios to peers
        self.peer = peer            # cdefer rows are compared with it
        self.iters = iters          # callgrind iteration counts (n1, n2)
        self.per = per              # ops per call, for a per-defer column
        self.samples = []           # ns/op (or seconds) per sample
        self.count = None           # iterations per sample
        self.wall = []              # ns/op per sample, elapsed
        self.cpu = []               # ns/op per sample, CPU time
        self.unit = "ns/op"
        self.ir = None              # instructions per op
        self.note = ""              # said after the median
        self.ir_note = ""           # said after the instruction count

    @property
    def id(self):
        return self.group + "/" + self.impl

    def median(self):
        return statistics.median(self.samples) if self.samples else None


def make_rows():
    rows = []
    one = "one defer, 2 returns"
    it = (1000, 21000)
    rows += [
        Row(one, "cdefer open-coded", "c", ("one-open", "one"), True, False, it),
        Row(one, "cdefer open-coded, -cdefer-fault-frames=0", "c",
            ("one-open-nofault", "one"), True, False, it),
        Row(one, "cdefer stack record", "c", ("one-stack", "one"), True, False, it),
        Row(one, "cdefer pooled record", "c", ("one-pooled", "one"), True, False, it),
        Row(one, "hand-written", "c", ("one-hand", "one"), iters=it),
        Row(one, "cleanup attribute", "c", ("one-cleanup", "one"), iters=it),
        Row(one, "_Defer (-fdefer-ts)", "c", ("one-defer-ts", "one"), iters=it),
        Row(one, "Go defer", "go", "OneDefer"),
        Row(one, "Go hand-written", "go", "OneHand", peer=False),
    ]
    for n, it in ((10, (100, 2100)), (1000, (10, 60))):
        g = "%d defers in a loop" % n
        rows += [
            Row(g, "cdefer pooled", "c", ("loop", "loop%d" % n), True, False,
                it, per=n),
            Row(g, "Go defer", "go", "Loop%d" % n, per=n),
        ]
    for depth in (1, 10):
        for defers in (False, True):
            g = "panic+recover, %d frame%s%s" % (
                depth, "s" if depth > 1 else "",
                ", defer in each" if defers else "")
            case = "panic%d%s" % (depth, "_defers" if defers else "")
            gocase = "Panic%d%s" % (depth, "Defers" if defers else "")
            it = (20, 220)
            rows += [
                Row(g, "cdefer", "c", ("panic-cdefer", case), True, False, it),
                Row(g, "Go", "go", gocase),
                Row(g, "C++ (libgcc unwinder)", "c",
                    ("panic-cxx-libgcc", case), iters=it),
                Row(g, "C++ (LLVM libunwind)", "c",
                    ("panic-cxx-libunwind", case), iters=it),
            ]
            if not defers:
                rows.append(Row(g, "setjmp/longjmp", "c",
                                ("panic-sjlj", case), iters=it))
    rows += [
        Row("sqlite build (-O2 sqlite3.c)", "cdefer-cc", "sqlite-build",
            "cdefer", True, False),
        Row("sqlite build (-O2 sqlite3.c)", "clang-22", "sqlite-build",
            "plain"),
        Row("sqlite run (driver.c)", "cdefer-cc", "sqlite-run", "cdefer",
            True, False),
        Row("sqlite run (driver.c)", "clang-22", "sqlite-run", "plain"),
    ]
    return rows


# (group, cdefer impl, peer impl, metric, limit, description)
TARGETS = [
    ("one defer, 2 returns", "cdefer open-coded", "hand-written", "time",
     1.05, "open-coded defer vs hand-written cleanup, time"),
    ("one defer, 2 returns", "cdefer open-coded", "hand-written", "ir", 1.05,
     "open-coded defer vs hand-written cleanup, instructions"),
    ("one defer, 2 returns", "cdefer open-coded, -cdefer-fault-frames=0",
     "hand-written", "ir", 1.05,
     "open-coded defer without fault frames vs hand-written, instructions"),
    ("10 defers in a loop", "cdefer pooled", "Go defer", "time", 0.5,
     "pooled loop defer vs Go, per defer (N=10)"),
    ("1000 defers in a loop", "cdefer pooled", "Go defer", "time", 0.5,
     "pooled loop defer vs Go, per defer (N=1000)"),
    ("panic+recover, 1 frame", "cdefer", "Go", "time", 1.0,
     "panic+recover 1 frame vs Go"),
    ("panic+recover, 1 frame", "cdefer", "C++ (LLVM libunwind)", "time", 0.33,
     "panic+recover 1 frame vs C++ throw/catch, same unwinder"),
    ("panic+recover, 10 frames", "cdefer", "Go", "time", 1.0,
     "panic+recover 10 frames vs Go"),
    ("panic+recover, 10 frames", "cdefer", "C++ (LLVM libunwind)", "time",
     0.33, "panic+recover 10 frames vs C++ throw/catch, same unwinder"),
    ("sqlite build (-O2 sqlite3.c)", "cdefer-cc", "clang-22", "time", 1.03,
     "sqlite3.c build time, cdefer-cc vs clang-22"),
    ("sqlite run (driver.c)", "cdefer-cc", "clang-22", "time", 1.01,
     "sqlite workload run time, cdefer-cc vs clang-22 (within 1%)"),
    # On a shared machine the medians of a memory-bound run move by tens of
    # percent; the fastest runs are the least disturbed ones.
    ("sqlite run (driver.c)", "cdefer-cc", "clang-22", "time-min", 1.01,
     "sqlite workload run time, fastest runs (within 1%)"),
    ("sqlite run (driver.c)", "cdefer-cc", "clang-22", "ir", 1.01,
     "sqlite workload instructions, cdefer-cc vs clang-22 (within 1%)"),
]


def log(*a):
    print(*a, file=sys.stderr, flush=True)


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def out(cmd, **kw):
    return subprocess.run(cmd, check=True, capture_output=True, text=True,
                          **kw).stdout


def first_line(cmd):
    try:
        return subprocess.run(cmd, check=True, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT,
                              text=True).stdout.splitlines()[0].strip()
    except (OSError, subprocess.CalledProcessError, IndexError):
        return "(not available)"


def environment():
    model = "?"
    try:
        for line in out(["lscpu"]).splitlines():
            if line.startswith("Model name:"):
                model = line.split(":", 1)[1].strip()
    except (OSError, subprocess.CalledProcessError):
        pass
    return {
        "cpu": "%s, %d CPUs" % (model, os.cpu_count() or 0),
        "kernel": platform.release(),
        "clang": first_line(["clang-22", "--version"]),
        "go": first_line(["go", "version"]),
        "libstdc++": first_line(["sh", "-c", "ls /usr/lib/gcc/x86_64-linux-gnu/ | sort -n | tail -1 | sed 's/^/GCC /'"]),
        "valgrind": first_line(["valgrind", "--version"]),
    }


# ---------------------------------------------------------------- C cases --

def build_binaries(keys, cc, outdir):
    for key in sorted(keys):
        compiler, flags, src = BINARIES[key]
        compiler = cc if compiler == "cdefer-cc" else compiler
        exe = os.path.join(outdir, key)
        cmd = [compiler, "-O2", "-g", "-I" + os.path.join(HERE, "c")]
        cmd += [f for f in flags if not f.startswith(("-L", "-Wl", "-l"))]
        cmd += [os.path.join(HERE, src), "-o", exe]
        cmd += [f for f in flags if f.startswith(("-L", "-Wl", "-l"))]
        log("  build", key)
        run(cmd)
    if "panic-cxx-libunwind" in keys:
        check_libunwind_binding(os.path.join(outdir, "panic-cxx-libunwind"))


def check_libunwind_binding(exe):
    """The C++ peer on LLVM's libunwind: every _Unwind_* symbol that
    libstdc++ and the program use must bind to libunwind.so.1."""
    env = dict(os.environ, LD_DEBUG="bindings")
    p = subprocess.run([exe, "time", "panic1", "1", "0.001"], env=env,
                       capture_output=True, text=True)
    binds = [l for l in p.stderr.splitlines()
             if re.search(r"symbol `_Unwind_\w+'", l)]
    wrong = [l for l in binds if "libunwind.so" not in l.split("to ")[-1]]
    if not binds or wrong:
        sys.exit("bench: panic-cxx-libunwind does not run on LLVM's "
                 "libunwind:\n" + "\n".join(wrong or ["(no _Unwind_ binding)"]))
    log("  panic-cxx-libunwind: %d _Unwind_* bindings, all to libunwind.so.1"
        % len(binds))


def calibrate_c(row, outdir, seconds):
    exe, case = row.spec
    row.count = int(out([os.path.join(outdir, exe), "calibrate", case,
                         str(seconds)]))


def sample_c(row, outdir):
    exe, case = row.spec
    wall, cpu = out([os.path.join(outdir, exe), "sample", case,
                     str(row.count)]).split()
    row.wall.append(float(wall))
    row.cpu.append(float(cpu))


def callgrind_ir(exe, case, iters, tmp):
    counts = []
    for n in iters:
        f = os.path.join(tmp, "callgrind.out")
        run(["valgrind", "--tool=callgrind", "--callgrind-out-file=" + f,
             exe, "run", case, str(n)], stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL)
        counts.append(read_callgrind_total(f))
        os.unlink(f)
    return (counts[1] - counts[0]) / (iters[1] - iters[0])


def read_callgrind_total(path):
    with open(path) as f:
        for line in f:
            if line.startswith(("summary:", "totals:")):
                return int(line.split()[1])
    raise RuntimeError("no totals in " + path)


# --------------------------------------------------------------- Go cases --

def go_env(outdir):
    g = os.path.join(outdir, "go")
    return dict(os.environ, GOCACHE=os.path.join(g, "cache"),
                GOPATH=os.path.join(g, "path"), GOFLAGS="-mod=mod",
                GOPROXY="off", GO111MODULE="on", GOTOOLCHAIN="local")


def build_go(outdir):
    exe = os.path.join(outdir, "go", "gobench")
    os.makedirs(os.path.dirname(exe), exist_ok=True)
    run(["go", "test", "-c", "-o", exe], cwd=os.path.join(HERE, "go"),
        env=go_env(outdir))
    return exe


def go_bench(exe, name, benchtime):
    """Runs one Go benchmark once; returns (iterations, ns/op, CPU seconds
    of the whole process)."""
    cmd = [exe, "-test.run", "^$", "-test.bench", "^Benchmark%s$" % name,
           "-test.benchtime", benchtime, "-test.count", "1"]
    p = subprocess.Popen(cmd, cwd=os.path.join(HERE, "go"),
                         stdout=subprocess.PIPE, text=True)
    text = p.stdout.read()
    _, status, ru = os.wait4(p.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise subprocess.CalledProcessError(status, cmd)
    m = re.search(r"Benchmark\w+?(?:-\d+)?\s+(\d+)\s+([\d.]+) ns/op", text)
    if not m:
        raise RuntimeError("no result from " + " ".join(cmd))
    return int(m.group(1)), float(m.group(2)), ru.ru_utime + ru.ru_stime


def calibrate_go(row, exe, seconds):
    """The iteration count `go test` picks for SECONDS, and the CPU time of
    a run of one iteration (start-up and the calibration run of b.N=1),
    subtracted from each sample's CPU time."""
    row.count, _, _ = go_bench(exe, row.spec, "%gs" % seconds)
    row.baseline = min(go_bench(exe, row.spec, "1x")[2] for _ in range(3))


def sample_go(row, exe):
    """One sample of a Go row: the test binary runs the benchmark with the
    calibrated count; its ns/op is elapsed time, the process's CPU time
    (less the start-up baseline) gives the CPU ns/op."""
    n, wall, cpu = go_bench(exe, row.spec, "%dx" % row.count)
    row.wall.append(wall)
    row.cpu.append(max(cpu - row.baseline, 0) * 1e9 / (n - 1 if n > 1 else 1))


# ----------------------------------------------------------------- sqlite --

def sqlite_source(outdir):
    """deps/sqlite3 of the npm package better-sqlite3@12, unpacked into
    the build directory (npm pack: the tarball only, no install scripts)."""
    dest = os.path.join(outdir, "sqlite")
    src = os.path.join(dest, "package", "deps", "sqlite3")
    if os.path.exists(os.path.join(src, "sqlite3.c")):
        return src
    if shutil.which("npm") is None:
        return None
    os.makedirs(dest, exist_ok=True)
    log("  npm pack better-sqlite3@12")
    name = out(["npm", "pack", "--silent", "better-sqlite3@12"],
               cwd=dest).strip().splitlines()[-1]
    with tarfile.open(os.path.join(dest, name)) as t:
        members = [m for m in t.getmembers()
                   if m.name.startswith("package/deps/sqlite3/")]
        t.extractall(dest, members=members)
    return src


SQLITE_FLAGS = ["-O2", "-DSQLITE_THREADSAFE=0", "-DSQLITE_OMIT_LOAD_EXTENSION=1"]


def timed_compile(cmd):
    """Wall time and CPU time (user+sys of the compiler) of one command."""
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd)
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode != 0:
        raise subprocess.CalledProcessError(p.returncode, cmd)
    return wall, ru.ru_utime + ru.ru_stime


def take_samples(row, clock, cpu, wall, unit, fmt):
    """Gives row the samples of the chosen clock; the other one's median
    goes in its note."""
    if clock == "cpu":
        row.samples, row.unit = cpu, unit + " (CPU)"
        row.note = "elapsed: median " + fmt % statistics.median(wall)
    else:
        row.samples, row.unit = wall, unit
        row.note = "CPU: median " + fmt % statistics.median(cpu)

def bench_sqlite(build_rows, run_rows, cc, outdir, src, builds, runs,
                 use_callgrind, tmp, clock):
    compilers = {"plain": "clang-22", "cdefer": cc}
    objs, exes = {}, {}
    times = {"plain": [], "cdefer": []}
    walls = {"plain": [], "cdefer": []}
    sdir = os.path.join(outdir, "sqlite")
    for i in range(builds):
        for way in ("plain", "cdefer"):      # alternated: same noise for both
            obj = os.path.join(sdir, "sqlite3-%s.o" % way)
            log("  compile sqlite3.c with %s (%d/%d)" % (way, i + 1, builds))
            wall, cpu = timed_compile([compilers[way]] + SQLITE_FLAGS +
                                      ["-c", os.path.join(src, "sqlite3.c"),
                                       "-o", obj])
            times[way].append(cpu)
            walls[way].append(wall)
            objs[way] = obj
    for r in build_rows:
        take_samples(r, clock, times[r.spec], walls[r.spec], "s", "%.2f s")
    for way in ("plain", "cdefer"):
        exe = os.path.join(sdir, "driver-" + way)
        run([compilers[way], "-O2", "-I" + src,
             os.path.join(HERE, "sqlite", "driver.c"), objs[way], "-lm",
             "-o", exe])
        exes[way] = exe
    results = {"plain": [], "cdefer": []}
    wall = {"plain": [], "cdefer": []}
    sums = set()
    for i in range(runs):
        for way in ("plain", "cdefer"):
            text = out([exes[way]])
            m = dict(l.split(" ", 1) for l in text.strip().splitlines())
            sums.add(m["checksum"])
            results[way].append(int(m["cpu_ns"]) / 1e6)
            wall[way].append(int(m["ns"]) / 1e6)
    if len(sums) != 1:
        sys.exit("bench: the two sqlite builds disagree: %s" % sums)
    for r in run_rows:
        take_samples(r, clock, results[r.spec], wall[r.spec], "ms/run",
                     "%.0f ms")
        if use_callgrind:
            f = os.path.join(tmp, "callgrind.out")
            run(["valgrind", "--tool=callgrind", "--callgrind-out-file=" + f,
                 exes[r.spec], "20000"], stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL)
            r.ir = read_callgrind_total(f)
            r.ir_note = "whole run, 20000 rows"
            os.unlink(f)


# ------------------------------------------------------------------ table --

def fmt_num(x):
    if x is None:
        return "–"
    if x >= 1000:
        return "{:,.0f}".format(x)
    if x >= 100:
        return "%.0f" % x
    if x >= 10:
        return "%.1f" % x
    return "%.2f" % x


def spread(r):
    if len(r.samples) < 2:
        return "–"
    m = r.median()
    lo, hi = min(r.samples), max(r.samples)
    return "-%.1f%% / +%.1f%%" % ((m - lo) / m * 100, (hi - m) / m * 100)


def ratio(a, b):
    if a is None or b is None or b == 0:
        return None
    return a / b


def table(rows):
    lines = ["| case | implementation | median | spread (min/max) | "
             "instr/op | time ratio to peers | instr ratio to peers |",
             "| --- | --- | ---: | --- | ---: | --- | --- |"]
    groups = []
    for r in rows:
        if r.group not in groups:
            groups.append(r.group)
    for g in groups:
        grows = [r for r in rows if r.group == g and r.samples]
        peers = [r for r in grows if r.peer]
        for r in grows:
            med = fmt_num(r.median()) + " " + r.unit
            if r.per:
                med += " (%s ns/defer)" % fmt_num(r.median() / r.per)
            tr, ir = "", ""
            if r.subject:
                tr = ", ".join("%s %.2f×" % (p.impl, ratio(r.median(),
                                                          p.median()))
                               for p in peers)
                ir = ", ".join("%s %.2f×" % (p.impl, ratio(r.ir, p.ir))
                               for p in peers if r.ir and p.ir)
            irs = fmt_num(r.ir) if r.ir is not None else "–"
            if r.ir_note:
                irs += " (%s)" % r.ir_note
            if r.note:
                med += " (%s)" % r.note
            lines.append("| %s | %s | %s | %s | %s | %s | %s |" % (
                g, r.impl, med, spread(r), irs, tr or "", ir or ""))
    return "\n".join(lines)


def targets(rows):
    byid = {r.id: r for r in rows}
    lines = ["| target | limit | measured | |", "| --- | ---: | ---: | --- |"]
    results = []
    for g, subj, peer, metric, limit, desc in TARGETS:
        a, b = byid.get(g + "/" + subj), byid.get(g + "/" + peer)
        if not a or not b or not a.samples or not b.samples:
            continue
        if metric == "ir":
            v = ratio(a.ir, b.ir)
        elif metric == "time-min":
            v = ratio(min(a.samples), min(b.samples))
        else:
            v = ratio(a.median(), b.median())
        if v is None:
            continue
        ok = v <= limit
        results.append((desc, limit, v, ok))
        lines.append("| %s | ≤ %.2f× | %.3f× | %s |" % (
            desc, limit, v, "met" if ok else "**missed**"))
    return "\n".join(lines), results


# ------------------------------------------------------------------- main --

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true",
                    help="smoke run: 3 short samples, 1 sqlite build each way")
    ap.add_argument("--filter", default="",
                    help="regular expression on 'case/implementation'")
    ap.add_argument("--build-dir", required=True)
    ap.add_argument("--no-callgrind", action="store_true")
    ap.add_argument("--samples", type=int)
    ap.add_argument("--clock", choices=("wall", "cpu"), default="wall",
                    help="time per op: elapsed (CLOCK_MONOTONIC, go test's "
                    "ns/op; the default) or CPU time of the process (less "
                    "disturbed on a machine shared with other jobs)")
    ap.add_argument("--json", help="also write the results here")
    args = ap.parse_args()

    build = os.path.abspath(args.build_dir)
    cc = os.path.join(build, "bin", "cdefer-cc")
    outdir = os.path.join(build, "bench")
    os.makedirs(outdir, exist_ok=True)
    samples = args.samples or (3 if args.quick else 7)
    seconds = 0.05 if args.quick else 0.2
    builds = 1 if args.quick else 3
    runs = 3 if args.quick else 11
    use_callgrind = not args.no_callgrind and shutil.which("valgrind")

    rows = [r for r in make_rows() if re.search(args.filter, r.id)]
    if not rows:
        sys.exit("bench: no case matches --filter %r" % args.filter)
    env = environment()
    t_start = time.time()

    crows = [r for r in rows if r.kind == "c"]
    grows = [r for r in rows if r.kind == "go"]
    if crows:
        log("building the C and C++ benchmarks")
        build_binaries({r.spec[0] for r in crows}, cc, outdir)
        log("calibrating %d C/C++ cases to ~%g s a sample" % (len(crows),
                                                            seconds))
        for r in crows:
            calibrate_c(r, outdir, seconds)
    gobench = None
    if grows:
        if shutil.which("go"):
            log("building the Go benchmarks")
            gobench = build_go(outdir)
        else:
            log("go not found: Go cases skipped (bash "
                "scripts/install-bench-deps.sh installs golang-go)")
            rows = [r for r in rows if r.kind != "go"]
            grows = []
    # Round-robin: sample s of every case, then sample s+1 of every case, so
    # that a burst of load from elsewhere on the machine hits all of them.
    for r in grows:
        calibrate_go(r, gobench, seconds)
    for s in range(samples):
        log("round %d/%d: %d C/C++ cases, %d Go cases" % (
            s + 1, samples, len(crows), len(grows)))
        for r in crows:
            sample_c(r, outdir)
        for r in grows:
            sample_go(r, gobench)
    wall_total = sum(sum(r.wall) for r in crows)
    cpu_total = sum(sum(r.cpu) for r in crows)
    cpu_share = cpu_total / wall_total if wall_total else None
    for r in crows + grows:
        r.samples = r.cpu if args.clock == "cpu" else r.wall
        log("  %-45s %s ns/op" % (r.id, fmt_num(r.median())))
    if use_callgrind and crows:
        log("counting instructions under callgrind")
        for r in crows:
            r.ir = callgrind_ir(os.path.join(outdir, r.spec[0]), r.spec[1],
                                r.iters, outdir)
            log("  %-45s %s instr/op" % (r.id, fmt_num(r.ir)))
    brows = [r for r in rows if r.kind == "sqlite-build"]
    rrows = [r for r in rows if r.kind == "sqlite-run"]
    if brows or rrows:
        src = sqlite_source(outdir)
        if src is None:
            log("npm not found: the sqlite cases are skipped (bash "
                "scripts/install-bench-deps.sh installs it: apt-get install "
                "npm)")
            rows = [r for r in rows if not r.kind.startswith("sqlite")]
        else:
            log("sqlite: %s" % src)
            bench_sqlite(brows, rrows, cc, outdir, src, builds, runs,
                         use_callgrind, outdir, args.clock)

    ttab, results = targets(rows)
    print("## cdefer benchmarks%s\n" % (" (--quick)" if args.quick else ""))
    for k, v in env.items():
        print("- %s: %s" % (k, v))
    print("- samples: %d per case, ~%g s each, interleaved; sqlite: %d builds, "
          "%d runs each way; suite took %.0f s" % (samples, seconds, builds,
                                                  runs, time.time() - t_start))
    print("- clock: %s" % ("CPU time of the process (--clock cpu)"
                           if args.clock == "cpu" else
                           "elapsed, CLOCK_MONOTONIC (Go: go test's ns/op)"))
    if crows and cpu_share:
        busy = ""
        if cpu_share <= 0.9:
            busy = (" — the machine was busy: elapsed times are inflated and "
                    "noisy" + ("" if args.clock == "cpu" else
                               "; compare with --clock cpu"))
        print("- machine: the C samples got %.0f%% of a CPU while they ran%s"
              % (cpu_share * 100, busy))
    print()
    print(table(rows))
    print()
    print(ttab)
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"env": env, "rows": [
                {"id": r.id, "unit": r.unit, "samples": r.samples,
                 "median": r.median(), "ir": r.ir} for r in rows],
                "targets": [{"target": d, "limit": l, "value": v, "met": ok}
                            for d, l, v, ok in results]}, f, indent=1)


if __name__ == "__main__":
    main()
