/* one.c - one deferred call in a function with two returns.
 *
 * Built once per way of writing the cleanup (bench/bench.py):
 *   -DWAY_CDEFER     __attribute__((defer)), compiled by cdefer-cc; the pass
 *                    options pick open-coded, stack-record or pooled lowering
 *   -DWAY_HAND       the cleanup call written out before each return
 *   -DWAY_CLEANUP    __attribute__((cleanup)) on the variable
 *   -DWAY_DEFER_TS   C's defer TS (clang-22 -fdefer-ts, <stddefer.h>)
 * The function body, the deferred function and the timing loop are the same
 * for all of them (and for bench/go: BenchmarkOneDefer).
 */
#define BENCH_MAIN
#include "harness.h"

#if defined(WAY_CDEFER)
#include <defer.h>
#elif defined(WAY_DEFER_TS)
#include <stddefer.h>
#endif

/* The deferred function: out of line, one store to the sink. */
BENCH_NOINLINE void release(int *p) { bench_sink += *p; }

BENCH_NOINLINE int one_defer(int x) {
#if defined(WAY_CLEANUP)
  int v __attribute__((cleanup(release))) = x;
#else
  int v = x;
#endif
#if defined(WAY_CDEFER)
  __attribute__((defer)) release(&v);
#elif defined(WAY_DEFER_TS)
  defer release(&v);
#endif
  if (x & 1) {
#if defined(WAY_HAND)
    release(&v);
#endif
    return x + 1;
  }
#if defined(WAY_HAND)
  release(&v);
#endif
  return x * 3;
}

static void bench_one(long iters) {
  int acc = 0;
  for (long i = 0; i < iters; i++)
    acc += one_defer((int)i);
  bench_sink += acc;
}

BENCH_CASES({"one", bench_one})
