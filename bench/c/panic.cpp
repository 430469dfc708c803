// panic.cpp - bench/c/panic.c with C++ throw/catch: catcher() catches what
// down(1) throws DEPTH frames below it; in the "_defers" cases every down()
// frame has a local object whose destructor calls an out-of-line function.
// Built twice: with libgcc's unwinder (clang++'s default) and with LLVM's
// libunwind (-lunwind first on the link line).
#define BENCH_MAIN
#include "harness.h"

extern "C" BENCH_NOINLINE void release_val(int v) { bench_sink += v; }

namespace {
struct Guard {
  int v;
  ~Guard() { release_val(v); }
};
} // namespace

BENCH_NOINLINE void down(int d) {
  if (d == 1)
    throw 1;
  down(d - 1);
  BENCH_BARRIER();
}

BENCH_NOINLINE void down_defer(int d) {
  Guard g{d};
  if (d == 1)
    throw 1;
  down_defer(d - 1);
  BENCH_BARRIER();
}

BENCH_NOINLINE int catcher(int depth, int defers) {
  try {
    if (defers)
      down_defer(depth);
    else
      down(depth);
  } catch (int) {
    bench_sink++;
  }
  return 1;
}

#define PANIC_CASE(NAME, DEPTH, DEFERS)                                        \
  static void NAME(long iters) {                                               \
    int acc = 0;                                                               \
    for (long i = 0; i < iters; i++)                                           \
      acc += catcher(DEPTH, DEFERS);                                           \
    bench_sink += acc;                                                         \
  }
PANIC_CASE(bench_panic1, 1, 0)
PANIC_CASE(bench_panic10, 10, 0)
PANIC_CASE(bench_panic1_defers, 1, 1)
PANIC_CASE(bench_panic10_defers, 10, 1)
BENCH_CASES({"panic1", bench_panic1}, {"panic10", bench_panic10},
            {"panic1_defers", bench_panic1_defers},
            {"panic10_defers", bench_panic10_defers})
