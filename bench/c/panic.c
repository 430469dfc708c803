/* panic.c - a panic DEPTH frames below the frame that recovers it.
 *
 *   -DWAY_CDEFER   panic() and recover() in a deferred call (cdefer-cc)
 *   -DWAY_SJLJ     setjmp in the recovering frame, longjmp at the panic site
 *                  (no cleanups can run: only the cases without defers)
 * bench/c/panic.cpp is the same with C++ throw/catch, bench/go the same in
 * Go (BenchmarkPanic*). Frames: catcher -> down(DEPTH) -> ... -> down(1),
 * which panics. In the "_defers" cases every down() frame defers one call of
 * an out-of-line function (C++: a local object whose destructor calls it).
 */
#define BENCH_MAIN
#include "harness.h"

BENCH_NOINLINE void release_val(int v) { bench_sink += v; }

#if defined(WAY_CDEFER)
#include <defer.h>

BENCH_NOINLINE void down(int d) {
  if (d == 1)
    panic("boom");
  down(d - 1);
  BENCH_BARRIER(); /* not a tail call: every frame stays on the stack */
}

BENCH_NOINLINE void down_defer(int d) {
  __attribute__((defer)) release_val(d);
  if (d == 1)
    panic("boom");
  down_defer(d - 1);
  BENCH_BARRIER();
}

static void on_panic(void) {
  if (recover() != NULL)
    bench_sink++;
}

BENCH_NOINLINE int catcher(int depth, int defers) {
  __attribute__((defer)) on_panic();
  if (defers)
    down_defer(depth);
  else
    down(depth);
  return 1;
}
#elif defined(WAY_SJLJ)
#include <setjmp.h>

static jmp_buf *current_catch;

BENCH_NOINLINE void down(int d) {
  if (d == 1)
    longjmp(*current_catch, 1);
  down(d - 1);
  BENCH_BARRIER();
}

BENCH_NOINLINE int catcher(int depth, int defers) {
  (void)defers;
  jmp_buf here;
  jmp_buf *volatile saved = current_catch;
  current_catch = &here;
  if (setjmp(here) == 0)
    down(depth);
  else
    bench_sink++;
  current_catch = saved;
  return 1;
}
#else
#error "define WAY_CDEFER or WAY_SJLJ"
#endif

#define PANIC_CASE(NAME, DEPTH, DEFERS)                                        \
  static void NAME(long iters) {                                               \
    int acc = 0;                                                               \
    for (long i = 0; i < iters; i++)                                           \
      acc += catcher(DEPTH, DEFERS);                                           \
    bench_sink += acc;                                                         \
  }
PANIC_CASE(bench_panic1, 1, 0)
PANIC_CASE(bench_panic10, 10, 0)
#if defined(WAY_CDEFER)
PANIC_CASE(bench_panic1_defers, 1, 1)
PANIC_CASE(bench_panic10_defers, 10, 1)
BENCH_CASES({"panic1", bench_panic1}, {"panic10", bench_panic10},
            {"panic1_defers", bench_panic1_defers},
            {"panic10_defers", bench_panic10_defers})
#else
BENCH_CASES({"panic1", bench_panic1}, {"panic10", bench_panic10})
#endif
