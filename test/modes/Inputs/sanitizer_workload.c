// A self-checking workload for the sanitizer tests: every lowering (open-
// coded, stack records, pooled records in a loop, deferred blocks), struct
// and variadic arguments, a VLA read by deferred code, a recovered panic, a
// nested panic recovered, cdefer_result, recover returning NULL. It appends
// what runs to a trace and compares it with the expected trace; it prints
// "workload ok" and returns 0 only if they match.
#include <defer.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static char trace[4096];

static void note(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  size_t len = strlen(trace);
  vsnprintf(trace + len, sizeof trace - len, fmt, ap);
  va_end(ap);
}

struct big { long v[6]; };

static void note_big(struct big b) { note("big%ld ", b.v[5]); }

static int open_coded(int n) {
  struct big b = {{0, 0, 0, 0, 0, n}};
  __attribute__((defer)) note_big(b);
  __attribute__((defer)) note("oc%d ", n);
  b.v[5] = -1;
  return n;
}

#define D(i) __attribute__((defer)) note("s%d ", i);
static void stack_records(void) { D(1) D(2) D(3) D(4) D(5) D(6) D(7) D(8) D(9) }

static void pooled(int n) {
  for (int i = 0; i < n; i++)
    __attribute__((defer)) note("p%d ", i);
}

static int block_and_vla(int n) {
  int v[n];
  for (int i = 0; i < n; i++)
    v[i] = i + 1;
  int sum = 0;
  __attribute__((defer)) {
    for (int i = 0; i < n; i++)
      sum += v[i];
    note("vla%d ", sum);
  }
  return sum;
}

static void recovers(void) {
  const cdefer_panic_t *p = recover();
  note("rec(%s) ", p ? cdefer_panic_message(p) : "NULL");
}

__attribute__((noinline)) static void deep(int depth) {
  __attribute__((defer)) note("d%d ", depth);
  if (depth == 0)
    panic("deep");
  deep(depth - 1);
}

static int panics_and_recovers(void) {
  __attribute__((defer)) {
    if (recover())
      cdefer_result(int) = 42;
  }
  deep(3);
  return 1;
}

static void panics_again(void) { panic("second"); }

static void nested(void) {
  __attribute__((defer)) recovers();
  __attribute__((defer)) panics_again();
  panic("first");
}

int main(void) {
  for (int round = 0; round < 3; round++) {
    trace[0] = 0;
    note("[%d] ", open_coded(5));
    stack_records();
    pooled(3);
    note("[%d] ", block_and_vla(4));
    note("[%d] ", panics_and_recovers());
    nested();
    recovers();
    const char *want = "oc5 big5 [5] s9 s8 s7 s6 s5 s4 s3 s2 s1 p2 p1 p0 "
                       "vla10 [0] d0 d1 d2 d3 [42] rec(second) rec(NULL) ";
    if (strcmp(trace, want) != 0) {
      printf("trace: %s\nwant:  %s\n", trace, want);
      return 1;
    }
  }
  printf("workload ok\n");
  return 0;
}
