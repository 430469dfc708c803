// Variable-length arrays read by deferred code after their scope ended:
// Clang restores the stack pointer when a VLA's scope ends (also the
// function's outermost scope, before the return), which would free the
// array before the deferred code runs. cdefer drops those restores unless a
// loop can follow them (they bound the stack a loop uses, checked below by
// a loop that would exhaust the stack without them).
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 | FileCheck %s
// RUN: %cdefer-cc -O2 %s -o %t.O2 && %run %t.O2 | FileCheck %s
// RUN: %if !sampled %{ %cdefer-cc -O0 -g %s -o %t.O0g && %run %t.O0g | FileCheck %s %}
// RUN: %if !sampled %{ %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g | FileCheck %s %}

#include <defer.h>
#include <stdio.h>

static void show(const char *what, const int *v, int n) {
  long sum = 0;
  for (int i = 0; i < n; i++)
    sum += v[i];
  printf("%s: sum %ld\n", what, sum);
}

__attribute__((noinline)) static void clobber_stack(void) {
  volatile char junk[4096];
  for (int i = 0; i < 4096; i++)
    junk[i] = (char)0x5a;
}

static int outer_scope(int n) {
  int v[n];
  for (int i = 0; i < n; i++)
    v[i] = i + 1;
  __attribute__((defer)) { show("block, outermost scope", v, n); }
  __attribute__((defer)) clobber_stack();
  return n;
}

static int inner_scope(int n) {
  {
    int v[n];
    for (int i = 0; i < n; i++)
      v[i] = 2 * (i + 1);
    __attribute__((defer)) show("call, inner scope", v, n);
  }
  clobber_stack();
  return n;
}

/* A VLA in a loop: its stack is given back every iteration. */
static long loop_of_vlas(int iterations, int n) {
  long total = 0;
  for (int k = 0; k < iterations; k++) {
    int v[n];
    for (int i = 0; i < n; i++)
      v[i] = 1;
    total += v[n - 1];
    if (k == 0)
      __attribute__((defer)) printf("loop of %d VLAs done\n", iterations);
  }
  return total;
}

int main(void) {
  // CHECK: block, outermost scope: sum 55
  outer_scope(10);
  // CHECK: call, inner scope: sum 110
  inner_scope(10);
  // 200,000 iterations of 64 KiB each would need 12 GiB of stack.
  // CHECK: loop of 200000 VLAs done
  // CHECK: total 200000
  printf("total %ld\n", loop_of_vlas(200000, 16384));
  return 0;
}
