// 1,000,000 panic/recover cycles in one process (100,000 in the runs other
// than the -O2 one, as a panic costs ~15 us, mostly in libunwind's CFI
// interpretation): every cycle panics through
// frames with a pooled record loop, stack records and open-coded defers, and
// recovers at the top. Every deferred call runs exactly once per cycle (the
// counters are checked after each cycle), and resident memory (the second
// field of /proc/self/statm) does not grow after warm-up: less than 1 MB
// between the end of warm-up (a tenth of the cycles: cycle 100,000 of
// 1,000,000) and the last cycle, so neither panic records nor defer records
// nor messages leak. Under asan resident memory is not checked (its
// allocator quarantine holds freed memory; its leak checker runs at exit
// instead); valgrind would take far too long.
//
// UNSUPPORTED: valgrind
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 100000 | FileCheck %s
// RUN: %cdefer-cc -O2 %s -o %t.O2 && %run %t.O2 1000000 | FileCheck %s
// RUN: %if !sampled %{ %cdefer-cc -O0 -g %s -o %t.O0g && %run %t.O0g 100000 | FileCheck %s %}
// RUN: %if !sampled %{ %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g 100000 | FileCheck %s %}

#include <defer.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif

#ifdef UNDER_ASAN
#define CHECK_RSS 0 /* the quarantine makes RSS meaningless */
#else
#define CHECK_RSS 1
#endif

static long runs, recovered;

static void count(int n) { runs += n; }

static void rec(void) {
  if (recover() != NULL)
    recovered++;
}

__attribute__((noinline)) void site(long cycle) {
  __attribute__((defer)) count(1);
  panic("cycle %ld", cycle);
}

__attribute__((noinline)) void pooled(long cycle) {
  for (int i = 0; i < 3; i++)
    __attribute__((defer)) count(10);
  site(cycle);
}

__attribute__((noinline)) void stacked(long cycle) {
  __attribute__((defer)) count(100);
  __attribute__((defer)) count(100);
  __attribute__((defer)) count(100);
  __attribute__((defer)) count(100);
  __attribute__((defer)) count(100);
  __attribute__((defer)) count(100);
  __attribute__((defer)) count(100);
  __attribute__((defer)) count(100);
  __attribute__((defer)) count(100);
  pooled(cycle);
}

__attribute__((noinline)) int top(long cycle) {
  __attribute__((defer)) count(1000);
  __attribute__((defer)) rec();
  stacked(cycle);
  return 1;
}

static long resident_pages(void) {
  FILE *f = fopen("/proc/self/statm", "r");
  long size = 0, resident = -1;
  if (f == NULL || fscanf(f, "%ld %ld", &size, &resident) != 2)
    resident = -1;
  if (f != NULL)
    fclose(f);
  return resident;
}

int main(int argc, char **argv) {
  const long CYCLES = argc > 1 ? atol(argv[1]) : 1000000;
  const long WARMUP = CYCLES / 10;
  long page = sysconf(_SC_PAGESIZE);
  long at_warmup = 0;
  for (long cycle = 1; cycle <= CYCLES; cycle++) {
    runs = 0;
    if (top(cycle) != 0 || runs != 1 + 30 + 900 + 1000 ||
        recovered != cycle) {
      printf("BAD cycle %ld: runs %ld recovered %ld\n", cycle, runs, recovered);
      return 1;
    }
    if (cycle == WARMUP)
      at_warmup = resident_pages();
  }
  long at_end = resident_pages();
  printf("%ld cycles, %ld recovered\n", CYCLES, recovered);
  long growth = (at_end - at_warmup) * page;
  if (!CHECK_RSS || (at_warmup > 0 && at_end > 0 && growth < 1024 * 1024))
    printf("resident memory growth after warm-up < 1 MB\n");
  else
    printf("BAD: resident memory grew by %ld bytes (%ld -> %ld pages)\n",
           growth, at_warmup, at_end);
  return 0;
}

// CHECK:      {{^[0-9]+}} cycles, {{[0-9]+}} recovered
// CHECK-NEXT: resident memory growth after warm-up < 1 MB
// CHECK-NOT:  BAD
