/* loop.c - N deferred calls made in a loop in one call (cdefer lowers a
 * defer in a loop to pooled records). Same shape as bench/go
 * BenchmarkLoop10 / BenchmarkLoop1000. */
#define BENCH_MAIN
#include "harness.h"

#include <defer.h>

BENCH_NOINLINE void release_val(int v) { bench_sink += v; }

BENCH_NOINLINE int loop_defer(int n) {
  for (int i = 0; i < n; i++) {
    __attribute__((defer)) release_val(i);
  }
  return n;
}

static void bench_loop10(long iters) {
  int acc = 0;
  for (long i = 0; i < iters; i++)
    acc += loop_defer(10);
  bench_sink += acc;
}

static void bench_loop1000(long iters) {
  int acc = 0;
  for (long i = 0; i < iters; i++)
    acc += loop_defer(1000);
  bench_sink += acc;
}

BENCH_CASES({"loop10", bench_loop10}, {"loop1000", bench_loop1000})
