#!/usr/bin/env python3
"""Differential tester: cdefer (C) against Go's defer/panic/recover.

From an integer seed this script generates the same random program twice, once
in Go and once in C with cdefer, builds the Go one with `go build` and the C one
with cdefer-cc at each requested optimisation level (-O0 and -O2 by default),
runs them, and compares:

  * stdout (every event of the program prints one line),
  * the exit status (2 for an unrecovered panic in both),
  * the panic chain on stderr: the lines before the first empty line
    (`panic: MSG`, later ones prefixed by a tab, ` [recovered]` suffix).

The generated programs have several functions f0..fN calling only functions with
a higher index (no recursion), defer statements in straight code, in
conditionals and in loops (small loops with any defers, and loops of hundreds
of iterations that defer a counter update), functions with more than 8 defer
sites, deferred calls whose arguments change after the defer statement,
deferred blocks (Go: closures) that read and write locals and the named result
(C: cdefer_result(long)), panics in normal code and in deferred code (nested
panics), recover called directly by a deferred call or block (works), from a
helper (must give nil), in normal code (nil), recover-then-repanic, deferred
blocks that call other generated functions, and unrecovered panics.  Values are
`long` in C and `int` in Go (both 64-bit), panic values are strings formatted
identically in both languages.

Usage:
  difftest.py --seed 7                      # one seed, report PASS/FAIL
  difftest.py --seeds 1:300 --jobs 4        # many seeds, stop at first mismatch
  difftest.py --seed 7 --keep /tmp/dt       # keep sources and binaries
  difftest.py --seed 7 --print c|go         # only print the generated source
Options:
  --cc CMD      cdefer compiler command (default: build/bin/cdefer-cc next to
                this checkout); split with shlex, so extra flags may be given
  --opt LEVELS  comma-separated optimisation levels (default: 0,2)
  --go GO       go binary (default: go)
  --keep DIR    keep every seed's files under DIR/seed-N (on a mismatch the
                files are always kept and their paths printed)
  --jobs N      seeds run in parallel (default 1)
Exit status: 0 if every seed matched, 1 on a mismatch, 3 on a tool error
(the Go program failed to build, a C compile failed, ...).
"""

import argparse
import concurrent.futures
import os
import random
import shlex
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_CC = os.path.join(HERE, "..", "..", "build", "bin", "cdefer-cc")

GO_PRELUDE = r'''package main

import "fmt"

var cnt int

func out(format string, args ...interface{}) { fmt.Printf(format+"\n", args...) }

func addcnt(v int) { cnt += v }

func dcall(f string, id int, a int, x int) {
	out("%s: defer %d runs a=%d x=%d cnt=%d", f, id, a, x, cnt)
}

func dpanic(f string, id int, a int) {
	out("%s: defer %d panics", f, id)
	panic(fmt.Sprintf("%s-d%d a=%d", f, id, a))
}

func drecover(f string, id int) {
	r := recover()
	if r != nil {
		out("%s: defer %d recovered %v", f, id, r)
	} else {
		out("%s: defer %d recover nil", f, id)
	}
}

func helper() interface{} { return recover() }

func dhelper(f string, id int) {
	r := helper()
	if r != nil {
		out("%s: defer %d helper recovered %v", f, id, r)
	} else {
		out("%s: defer %d helper recover nil", f, id)
	}
}

func drepanic(f string, id int) {
	r := recover()
	if r != nil {
		out("%s: defer %d recovered %v, repanics", f, id, r)
		panic(fmt.Sprintf("re(%v)", r))
	}
	out("%s: defer %d nothing to repanic", f, id)
}

func guard(a int) (res int) {
	defer drecover("guard", 0)
	return f0(a)
}
'''

C_PRELUDE = r'''#include <defer.h>
#include <stdarg.h>
#include <stdio.h>

static long cnt;

static void out(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vprintf(fmt, ap);
  va_end(ap);
  putchar('\n');
  fflush(stdout);
}

static void addcnt(long v) { cnt += v; }

static void dcall(const char *f, long id, long a, long x) {
  out("%s: defer %ld runs a=%ld x=%ld cnt=%ld", f, id, a, x, cnt);
}

static void dpanic(const char *f, long id, long a) {
  out("%s: defer %ld panics", f, id);
  panic("%s-d%ld a=%ld", f, id, a);
}

static void drecover(const char *f, long id) {
  const cdefer_panic_t *r = recover();
  if (r)
    out("%s: defer %ld recovered %s", f, id, cdefer_panic_message(r));
  else
    out("%s: defer %ld recover nil", f, id);
}

static const cdefer_panic_t *helper(void) { return recover(); }

static void dhelper(const char *f, long id) {
  const cdefer_panic_t *r = helper();
  if (r)
    out("%s: defer %ld helper recovered %s", f, id, cdefer_panic_message(r));
  else
    out("%s: defer %ld helper recover nil", f, id);
}

static void drepanic(const char *f, long id) {
  const cdefer_panic_t *r = recover();
  if (r) {
    out("%s: defer %ld recovered %s, repanics", f, id, cdefer_panic_message(r));
    panic("re(%s)", cdefer_panic_message(r));
  }
  out("%s: defer %ld nothing to repanic", f, id);
}
'''

C_GUARD = r'''
static long guard(long a) {
  __attribute__((defer)) drecover("guard", 0);
  return f0(a);
}
'''


class Gen:
    """Generates one program; every emit goes to both languages at once."""

    def __init__(self, seed):
        self.r = random.Random(seed)
        self.go = []
        self.c = []

    def emit(self, ind, go, c):
        if go is not None:
            self.go.append("\t" * ind + go)
        if c is not None:
            self.c.append("  " * ind + c)

    # -- expressions -----------------------------------------------------
    def cond(self, fn):
        r = self.r
        k = r.choice(["amod", "xgt", "cnt", "amod", "xmod"])
        if k == "amod":
            m = r.randint(2, 4)
            e = "a%%%d == %d" % (m, r.randrange(m))
            return e, e
        if k == "xmod":
            m = r.randint(2, 3)
            e = "x%%%d == %d" % (m, r.randrange(m))
            return e, e
        if k == "xgt":
            e = "x > %d" % r.randint(-2, 10)
            return e, e
        e = "cnt%%2 == %d" % r.randrange(2)
        return e, e

    # -- statements ------------------------------------------------------
    def stmts(self, fn, ind, depth, n, in_loop):
        for _ in range(n):
            self.stmt(fn, ind, depth, in_loop)

    def new_id(self, fn):
        fn["ids"] += 1
        return fn["ids"]

    def stmt(self, fn, ind, depth, in_loop):
        r = self.r
        name = fn["name"]
        w = {
            "assign": 4, "print": 2, "adda": 1,
            "call": 0 if in_loop or not fn["callees"] else 3,
            "if": 3 if depth < 3 else 0,
            "loop": 2 if depth < 2 and fn["loops_left"] > 0 else 0,
            "bigloop": 1 if depth < 2 and not in_loop and fn["loops_left"] > 0 else 0,
            "defercall": 6 * fn["defer_weight"],
            "deferblock": 4 * fn["defer_weight"],
            "panic": 1, "ret": 1, "bodyrecover": 0.3,
        }
        kinds = list(w)
        k = r.choices(kinds, [w[x] for x in kinds])[0]
        if k == "assign":
            v = r.randint(-3, 9)
            if r.random() < 0.5:
                self.emit(ind, "x = x + %d" % v, "x = x + %d;" % v)
            else:
                self.emit(ind, "x = x + a + %d" % v, "x = x + a + %d;" % v)
        elif k == "adda":
            v = r.randint(1, 5)
            self.emit(ind, "a = a + %d" % v, "a = a + %d;" % v)
        elif k == "print":
            self.emit(ind, 'out("%s: x=%%d a=%%d cnt=%%d", x, a, cnt)' % name,
                      'out("%s: x=%%ld a=%%ld cnt=%%ld", x, a, cnt);' % name)
        elif k == "call":
            callee = r.choice(fn["callees"])
            fn["calls"] += 1
            if fn["calls"] >= 2:
                fn["callees"] = []
            v = r.randint(0, 6)
            self.emit(ind, "t = %s(x%%5 + a + %d)" % (callee, v),
                      "t = %s(x%%5 + a + %d);" % (callee, v))
            self.emit(ind, 'out("%s: %s returned %%d", t)' % (name, callee),
                      'out("%s: %s returned %%ld", t);' % (name, callee))
            self.emit(ind, "x = x + t", "x = x + t;")
        elif k == "if":
            gc, cc = self.cond(fn)
            self.emit(ind, "if %s {" % gc, "if (%s) {" % cc)
            self.stmts(fn, ind + 1, depth + 1, r.randint(1, 3), in_loop)
            if r.random() < 0.5:
                self.emit(ind, "} else {", "} else {")
                self.stmts(fn, ind + 1, depth + 1, r.randint(1, 3), in_loop)
            self.emit(ind, "}", "}")
        elif k == "loop":
            fn["loops_left"] -= 1
            i = "i%d" % fn["nloops"]
            fn["nloops"] += 1
            n = r.randint(0, 3)
            self.emit(ind, "for %s = 0; %s < %d; %s++ {" % (i, i, n, i),
                      "for (%s = 0; %s < %d; %s++) {" % (i, i, n, i))
            self.emit(ind + 1, 'out("%s: loop %s=%%d", %s)' % (name, i, i),
                      'out("%s: loop %s=%%ld", %s);' % (name, i, i))
            self.stmts(fn, ind + 1, depth + 1, r.randint(1, 3), True)
            self.emit(ind, "}", "}")
        elif k == "bigloop":
            fn["loops_left"] -= 1
            i = "i%d" % fn["nloops"]
            fn["nloops"] += 1
            n = r.randint(100, 600)
            self.emit(ind, "for %s = 0; %s < %d; %s++ {" % (i, i, n, i),
                      "for (%s = 0; %s < %d; %s++) {" % (i, i, n, i))
            if r.random() < 0.5:
                self.emit(ind + 1, "defer addcnt(%s)" % i,
                          "__attribute__((defer)) addcnt(%s);" % i)
            else:
                m = r.randint(2, 50)
                self.emit(ind + 1, "if %s%%%d == 0 {" % (i, m),
                          "if (%s %% %d == 0) {" % (i, m))
                self.emit(ind + 2, "defer addcnt(%s + x)" % i,
                          "__attribute__((defer)) addcnt(%s + x);" % i)
                self.emit(ind + 1, "}", "}")
            self.emit(ind, "}", "}")
        elif k == "defercall":
            self.defercall(fn, ind)
        elif k == "deferblock":
            self.deferblock(fn, ind, in_loop)
        elif k == "panic":
            pid = self.new_id(fn)
            gc, cc = self.cond(fn)
            uncond = r.random() < 0.15
            if not uncond:
                self.emit(ind, "if %s {" % gc, "if (%s) {" % cc)
                ind += 1
            self.emit(ind, 'out("%s: panic %d")' % (name, pid),
                      'out("%s: panic %d");' % (name, pid))
            self.emit(ind, 'panic(fmt.Sprintf("%s-p%d a=%%d x=%%d", a, x))' % (name, pid),
                      'panic("%s-p%d a=%%ld x=%%ld", a, x);' % (name, pid))
            if not uncond:
                self.emit(ind - 1, "}", "}")
        elif k == "ret":
            gc, cc = self.cond(fn)
            v = r.randint(0, 50)
            self.emit(ind, "if %s {" % gc, "if (%s) {" % cc)
            self.emit(ind + 1, 'out("%s: early return")' % name,
                      'out("%s: early return");' % name)
            self.emit(ind + 1, "return x + %d" % v, "return x + %d;" % v)
            self.emit(ind, "}", "}")
        elif k == "bodyrecover":
            self.emit(ind, "if r := recover(); r != nil {", "if (recover()) {")
            self.emit(ind + 1, 'out("%s: body recover non-nil?!")' % name,
                      'out("%s: body recover non-nil?!");' % name)
            self.emit(ind, "} else {", "} else {")
            self.emit(ind + 1, 'out("%s: body recover nil")' % name,
                      'out("%s: body recover nil");' % name)
            self.emit(ind, "}", "}")

    def defercall(self, fn, ind):
        r = self.r
        name = fn["name"]
        did = self.new_id(fn)
        k = r.choices(["dcall", "dpanic", "drecover", "dhelper", "drepanic",
                       "addcnt"], [6, 1.2, 1.5, 1, 1, 1])[0]
        if k == "dcall":
            args = '"%s", %d, a, x' % (name, did)
        elif k == "dpanic":
            args = '"%s", %d, a' % (name, did)
        elif k == "addcnt":
            args = "x + %d" % r.randint(1, 9)
        else:
            args = '"%s", %d' % (name, did)
        self.emit(ind, "defer %s(%s)" % (k, args),
                  "__attribute__((defer)) %s(%s);" % (k, args))
        # Change the arguments after the defer statement.
        if r.random() < 0.5:
            v = r.randint(1, 7)
            self.emit(ind, "x = x + %d" % v, "x = x + %d;" % v)

    def deferblock(self, fn, ind, in_loop):
        r = self.r
        name = fn["name"]
        bid = self.new_id(fn)
        self.emit(ind, "defer func() {", "__attribute__((defer)) {")
        b = ind + 1
        self.emit(b, 'out("%s: block %d runs x=%%d a=%%d res=%%d cnt=%%d", x, a, res, cnt)'
                  % (name, bid),
                  'out("%s: block %d runs x=%%ld a=%%ld res=%%ld cnt=%%ld", x, a, '
                  'cdefer_result(long), cnt);' % (name, bid))
        for _ in range(r.randint(1, 3)):
            k = r.choices(["xinc", "recover", "helper", "setres", "panic",
                           "repanic", "call"],
                          [4, 2, 1, 1.5, 1, 1,
                           1 if fn["block_callees"] and not in_loop else 0])[0]
            if k == "xinc":
                v = r.randint(1, 9)
                self.emit(b, "x = x + %d" % v, "x = x + %d;" % v)
            elif k == "recover":
                self.emit(b, "if r := recover(); r != nil {",
                          "{ const cdefer_panic_t *r = recover(); if (r) {")
                self.emit(b + 1, 'out("%s: block %d recovered %%v", r)' % (name, bid),
                          'out("%s: block %d recovered %%s", cdefer_panic_message(r));'
                          % (name, bid))
                self.emit(b, "} else {", "} else {")
                self.emit(b + 1, 'out("%s: block %d recover nil")' % (name, bid),
                          'out("%s: block %d recover nil");' % (name, bid))
                self.emit(b, "}", "} }")
            elif k == "helper":
                self.emit(b, "if helper() != nil {", "if (helper()) {")
                self.emit(b + 1, 'out("%s: block %d helper recovered")' % (name, bid),
                          'out("%s: block %d helper recovered");' % (name, bid))
                self.emit(b, "} else {", "} else {")
                self.emit(b + 1, 'out("%s: block %d helper nil")' % (name, bid),
                          'out("%s: block %d helper nil");' % (name, bid))
                self.emit(b, "}", "}")
            elif k == "setres":
                v = r.randint(100, 999)
                self.emit(b, "res = res + %d" % v,
                          "cdefer_result(long) = cdefer_result(long) + %d;" % v)
            elif k == "panic":
                gc, cc = self.cond(fn)
                self.emit(b, "if %s {" % gc, "if (%s) {" % cc)
                self.emit(b + 1, 'out("%s: block %d panics")' % (name, bid),
                          'out("%s: block %d panics");' % (name, bid))
                self.emit(b + 1, 'panic(fmt.Sprintf("%s-b%d x=%%d", x))' % (name, bid),
                          'panic("%s-b%d x=%%ld", x);' % (name, bid))
                self.emit(b, "}", "}")
            elif k == "repanic":
                self.emit(b, "if r := recover(); r != nil {",
                          "{ const cdefer_panic_t *r = recover(); if (r) {")
                self.emit(b + 1, 'out("%s: block %d repanics %%v", r)' % (name, bid),
                          'out("%s: block %d repanics %%s", cdefer_panic_message(r));'
                          % (name, bid))
                self.emit(b + 1, 'panic(fmt.Sprintf("%s-rb%d(%%v)", r))' % (name, bid),
                          'panic("%s-rb%d(%%s)", cdefer_panic_message(r));' % (name, bid))
                self.emit(b, "}", "} }")
            elif k == "call":
                callee = r.choice(fn["block_callees"])
                fn["block_callees"] = []
                v = r.randint(0, 5)
                self.emit(b, 'out("%s: block %d calls %s")' % (name, bid, callee),
                          'out("%s: block %d calls %s");' % (name, bid, callee))
                self.emit(b, "x = x + %s(%d + a%%3)" % (callee, v),
                          "x = x + %s(%d + a%%3);" % (callee, v))
        self.emit(ind, "}()", "}")

    # -- functions and program --------------------------------------------
    def function(self, i, nfuncs):
        r = self.r
        name = "f%d" % i
        later = ["f%d" % j for j in range(i + 1, nfuncs)]
        many = r.random() < 0.25
        fn = {
            "name": name, "ids": 0, "calls": 0, "nloops": 0,
            "loops_left": r.randint(0, 3),
            "callees": list(later), "block_callees": list(later),
            "defer_weight": 3 if many else 1,
        }
        start_go, start_c = len(self.go), len(self.c)
        nst = r.randint(10, 18) if many else r.randint(3, 9)
        self.emit(1, 'out("%s: enter a=%%d", a)' % name,
                  'out("%s: enter a=%%ld", a);' % name)
        self.stmts(fn, 1, 0, nst, False)
        v = r.randint(0, 20)
        self.emit(1, 'out("%s: return x=%%d", x)' % name,
                  'out("%s: return x=%%ld", x);' % name)
        self.emit(1, "return x + %d" % v, "return x + %d;" % v)
        body_go = self.go[start_go:]
        body_c = self.c[start_c:]
        del self.go[start_go:]
        del self.c[start_c:]
        loops = ["i%d" % k for k in range(fn["nloops"])]
        self.go.append("func %s(a int) (res int) {" % name)
        x0 = r.randint(0, 5)
        self.go.append("\tx, t := %d, 0" % x0)
        for l in loops:
            self.go.append("\tvar %s int" % l)
        self.go.append("\t_, _ = x, t")
        self.go += body_go
        self.go.append("}")
        self.go.append("")
        self.c.append("static long %s(long a) {" % name)
        self.c.append("  long x = %d, t = 0;" % x0)
        for l in loops:
            self.c.append("  long %s = 0;" % l)
        self.c.append("  (void)x; (void)t;")
        self.c += body_c
        self.c.append("}")
        self.c.append("")

    def program(self):
        r = self.r
        nfuncs = r.randint(2, 6)
        self.go.append(GO_PRELUDE)
        self.c.append(C_PRELUDE)
        self.c.append("".join("static long f%d(long a);\n" % i for i in range(nfuncs)))
        self.c.append(C_GUARD)
        for i in range(nfuncs):
            self.function(i, nfuncs)
        self.go.append("func main() {")
        self.c.append("int main(void) {")
        if r.random() < 0.3:
            self.emit(1, "defer func() {", "__attribute__((defer)) {")
            self.emit(2, 'out("main: deferred cnt=%d", cnt)',
                      'out("main: deferred cnt=%ld", cnt);')
            if r.random() < 0.5:
                self.emit(2, "if r := recover(); r != nil {",
                          "{ const cdefer_panic_t *r = recover(); if (r) {")
                self.emit(3, 'out("main: recovered %v", r)',
                          'out("main: recovered %s", cdefer_panic_message(r));')
                self.emit(2, "}", "} }")
            self.emit(1, "}()", "}")
        for k in range(r.randint(1, 3)):
            a = r.randint(0, 12)
            f = "guard" if r.random() < 0.5 else "f0"
            self.emit(1, "r%d := %s(%d)" % (k, f, a), "long r%d = %s(%d);" % (k, f, a))
            self.emit(1, 'out("main: %s(%d) = %%d cnt=%%d", r%d, cnt)' % (f, a, k),
                      'out("main: %s(%d) = %%ld cnt=%%ld", r%d, cnt);' % (f, a, k))
        self.emit(1, None, "return 0;")
        self.go.append("}")
        self.c.append("}")
        return "\n".join(self.go) + "\n", "\n".join(self.c) + "\n"


def generate(seed):
    return Gen(seed).program()


def panic_chain(stderr):
    lines = []
    for line in stderr.splitlines():
        if line == "":
            break
        lines.append(line)
    return lines


def run(cmd, cwd=None, env=None, timeout=60):
    try:
        p = subprocess.run(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=timeout)
        return (p.returncode, p.stdout.decode("utf-8", "replace"),
                p.stderr.decode("utf-8", "replace"))
    except subprocess.TimeoutExpired as e:
        out = (e.stdout or b"").decode("utf-8", "replace")
        err = (e.stderr or b"").decode("utf-8", "replace")
        return ("timeout", out, err)


def result_of(rc, out, err):
    return {"status": rc, "stdout": out, "chain": panic_chain(err), "stderr": err}


def check_seed(seed, opts, tmproot, goenv):
    """Returns (seed, verdict, text): verdict is 'pass', 'fail' or 'error'."""
    d = os.path.join(tmproot, "seed-%d" % seed)
    os.makedirs(d, exist_ok=True)
    go_src, c_src = generate(seed)
    gdir = os.path.join(d, "go")
    os.makedirs(gdir, exist_ok=True)
    with open(os.path.join(gdir, "main.go"), "w") as f:
        f.write(go_src)
    with open(os.path.join(gdir, "go.mod"), "w") as f:
        f.write("module difftest\n\ngo 1.19\n")
    c_path = os.path.join(d, "prog.c")
    with open(c_path, "w") as f:
        f.write(c_src)
    rc, o, e = run([opts.go, "build", "-o", "prog", "."], cwd=gdir, env=goenv,
                   timeout=300)
    if rc != 0:
        return seed, "error", "seed %d: go build failed:\n%s%s\nsource: %s" % (
            seed, o, e, os.path.join(gdir, "main.go"))
    want = result_of(*run([os.path.join(gdir, "prog")], timeout=30))
    for lvl in opts.opt:
        exe = os.path.join(d, "prog-O%s" % lvl)
        rc, o, e = run(opts.cc + ["-O%s" % lvl, c_path, "-o", exe], timeout=300)
        if rc != 0:
            return seed, "error", "seed %d: C compile -O%s failed:\n%s%s\nsource: %s" % (
                seed, lvl, o, e, c_path)
        got = result_of(*run([exe], timeout=30))
        diffs = [k for k in ("stdout", "status", "chain") if want[k] != got[k]]
        if diffs:
            return seed, "fail", format_mismatch(seed, lvl, diffs, want, got, d, gdir,
                                                 c_path, exe)
    return seed, "pass", ""


def format_mismatch(seed, lvl, diffs, want, got, d, gdir, c_path, exe):
    import difflib
    t = ["MISMATCH seed %d at -O%s (differs: %s)" % (seed, lvl, ", ".join(diffs)),
         "  Go source: %s" % os.path.join(gdir, "main.go"),
         "  C source:  %s" % c_path,
         "  C binary:  %s" % exe,
         "  Go exit status %s, C exit status %s" % (want["status"], got["status"])]
    if "stdout" in diffs:
        t.append("--- stdout diff (go -> c) ---")
        t += list(difflib.unified_diff(want["stdout"].splitlines(),
                                       got["stdout"].splitlines(), "go", "c",
                                       lineterm="", n=5))
    t.append("--- Go panic chain ---")
    t += want["chain"]
    t.append("--- C panic chain ---")
    t += got["chain"]
    t.append("--- Go stdout ---")
    t.append(want["stdout"].rstrip("\n"))
    t.append("--- C stdout ---")
    t.append(got["stdout"].rstrip("\n"))
    t.append("--- C stderr ---")
    t.append(got["stderr"].rstrip("\n"))
    return "\n".join(t)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int)
    ap.add_argument("--seeds", help="A:B: run seeds A, A+1, ..., B-1")
    ap.add_argument("--cc", default=DEFAULT_CC)
    ap.add_argument("--go", default="go")
    ap.add_argument("--opt", default="0,2")
    ap.add_argument("--keep")
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--print", choices=["c", "go"])
    ap.add_argument("-q", "--quiet", action="store_true")
    opts = ap.parse_args()
    opts.cc = shlex.split(opts.cc)
    opts.opt = [x.strip().lstrip("O-") for x in opts.opt.split(",") if x.strip()]

    if opts.print:
        if opts.seed is None:
            ap.error("--print needs --seed")
        g, c = generate(opts.seed)
        sys.stdout.write(c if opts.print == "c" else g)
        return 0
    if opts.seeds:
        a, b = opts.seeds.split(":")
        seeds = list(range(int(a), int(b)))
    elif opts.seed is not None:
        seeds = [opts.seed]
    else:
        ap.error("give --seed N or --seeds A:B")

    work = tempfile.mkdtemp(prefix="cdefer-difftest-")
    if opts.keep:
        os.makedirs(opts.keep, exist_ok=True)
        srcroot = os.path.abspath(opts.keep)
    else:
        srcroot = os.path.join(work, "seeds")
    goenv = dict(os.environ)
    goenv.update({"GOCACHE": os.path.join(work, "gocache"),
                  "HOME": os.path.join(work, "home"),
                  "GOPATH": os.path.join(work, "gopath"),
                  "GOFLAGS": "-mod=mod", "GOPROXY": "off", "GO111MODULE": "on",
                  "GOTOOLCHAIN": "local", "CGO_ENABLED": "0"})
    os.makedirs(goenv["HOME"], exist_ok=True)

    verdict = 0
    keep_work = False
    npass = 0
    try:
        with concurrent.futures.ThreadPoolExecutor(max(1, opts.jobs)) as ex:
            pending = {}
            it = iter(seeds)
            stop = False

            def submit():
                for s in it:
                    pending[ex.submit(check_seed, s, opts, srcroot, goenv)] = s
                    return True
                return False

            for _ in range(max(1, opts.jobs)):
                submit()
            results = {}
            while pending:
                done, _ = concurrent.futures.wait(
                    list(pending), return_when=concurrent.futures.FIRST_COMPLETED)
                for fut in done:
                    del pending[fut]
                    seed, v, text = fut.result()
                    results[seed] = (v, text)
                    if v == "pass":
                        npass += 1
                        if not opts.quiet:
                            print("seed %d: ok" % seed, flush=True)
                        if not opts.keep:
                            shutil.rmtree(os.path.join(srcroot, "seed-%d" % seed),
                                          ignore_errors=True)
                    else:
                        print(text, flush=True)
                        verdict = 1 if v == "fail" else 3
                        keep_work = True
                        stop = True
                    if not stop:
                        submit()
        print("difftest: %d of %d seeds matched%s" % (
            npass, len(seeds), "" if verdict == 0 else
            " (stopped at the first mismatch; files kept under %s)" % srcroot),
            flush=True)
    finally:
        shutil.rmtree(os.path.join(work, "gocache"), ignore_errors=True)
        if opts.keep or not keep_work:
            shutil.rmtree(work, ignore_errors=True)
    return verdict


if __name__ == "__main__":
    sys.exit(main())
