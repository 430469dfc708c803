/* harness.h - timing harness shared by every C and C++ benchmark binary.
 *
 * A benchmark binary defines its cases with BENCH_CASES(...) and gets a main
 * that understands three commands:
 *
 *   prog list                          the case names, one a line
 *   prog time NAME SAMPLES SECONDS     calibrate the iteration count so one
 *                                      sample takes about SECONDS, then print
 *                                      SAMPLES lines "ns/op" (one per sample)
 *   prog calibrate NAME SECONDS        print the iteration count for a sample
 *                                      of about SECONDS
 *   prog sample NAME ITERATIONS        warm up (a tenth of the count), then
 *                                      print the ns/op of one timed run:
 *                                      elapsed (CLOCK_MONOTONIC), then on
 *                                      the CPU (CLOCK_PROCESS_CPUTIME_ID)
 *                                      (bench.py interleaves the samples of
 *                                      all cases, so that a burst of load on
 *                                      a shared machine hits every case)
 *   prog run NAME ITERATIONS           run the case ITERATIONS times, once
 *                                      (for valgrind --tool=callgrind: the
 *                                      difference of two counts / ITERATIONS
 *                                      is the instructions per op)
 *
 * A case is a function `void fn(long iters)` that performs `iters` ops; the
 * op itself is a call of an out-of-line (noinline) function, the same shape
 * for every peer. Timing uses clock_gettime(CLOCK_MONOTONIC).
 */
#ifndef CDEFER_BENCH_HARNESS_H
#define CDEFER_BENCH_HARNESS_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* clock_gettime under -std=c2y */
#endif

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define BENCH_NOINLINE __attribute__((noinline))
#define BENCH_BARRIER() __asm__ volatile("" ::: "memory")

#ifdef __cplusplus
extern "C" {
#endif
/* Every benchmark body feeds its results into this sink. */
extern volatile long bench_sink;
#ifdef __cplusplus
}
#endif

struct bench_case {
  const char *name;
  void (*fn)(long iters);
};

#ifdef BENCH_MAIN
volatile long bench_sink;

static double bench_clock(clockid_t clock) {
  struct timespec ts;
  clock_gettime(clock, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static double bench_now(void) { return bench_clock(CLOCK_MONOTONIC); }

static double bench_time_once(void (*fn)(long), long iters) {
  double t0 = bench_now();
  fn(iters);
  double t1 = bench_now();
  return t1 - t0;
}

static int bench_main(int argc, char **argv, const struct bench_case *cases,
                      size_t ncases) {
  if (argc >= 2 && strcmp(argv[1], "list") == 0) {
    for (size_t i = 0; i < ncases; i++)
      printf("%s\n", cases[i].name);
    return 0;
  }
  if (argc != 5 && argc != 4) {
    fprintf(stderr, "usage: %s list | time NAME SAMPLES SECONDS | calibrate "
                    "NAME SECONDS | sample NAME ITERATIONS | run NAME "
                    "ITERATIONS\n", argv[0]);
    return 64;
  }
  const struct bench_case *c = NULL;
  for (size_t i = 0; i < ncases; i++)
    if (strcmp(cases[i].name, argv[2]) == 0)
      c = &cases[i];
  if (c == NULL) {
    fprintf(stderr, "%s: no case %s\n", argv[0], argv[2]);
    return 64;
  }
  if (strcmp(argv[1], "run") == 0 && argc == 4) {
    c->fn(atol(argv[3]));
    return 0;
  }
  if (strcmp(argv[1], "sample") == 0 && argc == 4) {
    long iters = atol(argv[3]);
    c->fn(iters / 10 + 1);
    double c0 = bench_clock(CLOCK_PROCESS_CPUTIME_ID);
    double wall = bench_time_once(c->fn, iters);
    double cpu = bench_clock(CLOCK_PROCESS_CPUTIME_ID) - c0;
    printf("%.4f %.4f\n", wall * 1e9 / (double)iters,
           cpu * 1e9 / (double)iters);
    return 0;
  }
  int calibrate_only = strcmp(argv[1], "calibrate") == 0 && argc == 4;
  if (!calibrate_only && (strcmp(argv[1], "time") != 0 || argc != 5)) {
    fprintf(stderr, "%s: bad command\n", argv[0]);
    return 64;
  }
  int samples = calibrate_only ? 0 : atoi(argv[3]);
  double seconds = atof(argv[calibrate_only ? 3 : 4]);
  /* Calibrate: double the count until a run takes a tenth of a sample
   * (this also warms caches, branch predictors and the record pool), then
   * scale to the sample length. */
  long iters = 1;
  double t;
  for (;;) {
    t = bench_time_once(c->fn, iters);
    if (t >= seconds / 10 || iters >= (1L << 40))
      break;
    iters *= 2;
  }
  double scaled = (double)iters * seconds / (t > 0 ? t : 1e-9);
  iters = scaled < 1 ? 1 : (long)scaled;
  if (calibrate_only) {
    printf("%ld\n", iters);
    return 0;
  }
  for (int s = 0; s < samples; s++) {
    t = bench_time_once(c->fn, iters);
    printf("%.4f\n", t * 1e9 / (double)iters);
  }
  return 0;
}

#define BENCH_CASES(...)                                                       \
  static const struct bench_case bench_cases[] = {__VA_ARGS__};                \
  int main(int argc, char **argv) {                                            \
    return bench_main(argc, argv, bench_cases,                                 \
                      sizeof bench_cases / sizeof bench_cases[0]);             \
  }
#endif /* BENCH_MAIN */

#endif
