// One function with defer sites both inside and outside loops: the loop
// sites use pooled records, the others stack records, all on one chain, so
// LIFO order holds across them. Also a deferred call in a nested loop and a
// deferred block in a loop, interleaved with straight-line sites, and a
// second call of the function to reuse pooled records.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 | FileCheck %s
// RUN: %cdefer-cc -O2 %s -o %t.O2 && %run %t.O2 | FileCheck %s
// RUN: %if !sampled %{ %cdefer-cc -O0 -g %s -o %t.O0g && %run %t.O0g | FileCheck %s %}
// RUN: %if !sampled %{ %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g | FileCheck %s %}

#include <defer.h>
#include <stdio.h>

static void step(const char *what, int i) { printf("%s %d\n", what, i); }

static int mixed(int n) {
  int total = 0;
  __attribute__((defer)) { printf("Z (straight block) total=%d\n", total); }
  __attribute__((defer)) step("A (straight)", 0);
  for (int i = 0; i < n; i++)
    __attribute__((defer)) step("B (loop)", i);
  __attribute__((defer)) step("C (straight)", 1);
  for (int i = 0; i < n; i++) {
    for (int j = 0; j < 2; j++)
      __attribute__((defer)) step("D (nested loop)", i * 10 + j);
    __attribute__((defer)) {
      total += 100;
      printf("G (loop block) total=%d\n", total);
    }
  }
  if (n > 1)
    __attribute__((defer)) step("E (straight, conditional)", 2);
  __attribute__((defer)) { printf("F (straight block) total=%d\n", total); }
  total = 5;
  printf("mixed(%d) body\n", n);
  return n;
}

int main(void) {
  printf("returned %d\n", mixed(2));
  printf("--\n");
  printf("returned %d\n", mixed(1));
  printf("--\n");
  printf("returned %d\n", mixed(3));
  printf("done\n");
  return 0;
}

// CHECK:      mixed(2) body
// CHECK-NEXT: F (straight block) total=5
// CHECK-NEXT: E (straight, conditional) 2
// CHECK-NEXT: G (loop block) total=105
// CHECK-NEXT: D (nested loop) 11
// CHECK-NEXT: D (nested loop) 10
// CHECK-NEXT: G (loop block) total=205
// CHECK-NEXT: D (nested loop) 1
// CHECK-NEXT: D (nested loop) 0
// CHECK-NEXT: C (straight) 1
// CHECK-NEXT: B (loop) 1
// CHECK-NEXT: B (loop) 0
// CHECK-NEXT: A (straight) 0
// CHECK-NEXT: Z (straight block) total=205
// CHECK-NEXT: returned 2
// CHECK-NEXT: --
// CHECK-NEXT: mixed(1) body
// CHECK-NEXT: F (straight block) total=5
// CHECK-NEXT: G (loop block) total=105
// CHECK-NEXT: D (nested loop) 1
// CHECK-NEXT: D (nested loop) 0
// CHECK-NEXT: C (straight) 1
// CHECK-NEXT: B (loop) 0
// CHECK-NEXT: A (straight) 0
// CHECK-NEXT: Z (straight block) total=105
// CHECK-NEXT: returned 1
// CHECK-NEXT: --
// CHECK-NEXT: mixed(3) body
// CHECK-NEXT: F (straight block) total=5
// CHECK-NEXT: E (straight, conditional) 2
// CHECK-NEXT: G (loop block) total=105
// CHECK-NEXT: D (nested loop) 21
// CHECK-NEXT: D (nested loop) 20
// CHECK-NEXT: G (loop block) total=205
// CHECK-NEXT: D (nested loop) 11
// CHECK-NEXT: D (nested loop) 10
// CHECK-NEXT: G (loop block) total=305
// CHECK-NEXT: D (nested loop) 1
// CHECK-NEXT: D (nested loop) 0
// CHECK-NEXT: C (straight) 1
// CHECK-NEXT: B (loop) 2
// CHECK-NEXT: B (loop) 1
// CHECK-NEXT: B (loop) 0
// CHECK-NEXT: A (straight) 0
// CHECK-NEXT: Z (straight block) total=305
// CHECK-NEXT: returned 3
// CHECK-NEXT: done
