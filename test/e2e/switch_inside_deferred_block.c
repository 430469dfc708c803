// A whole switch statement inside a deferred block (with break, fallthrough
// and default, and a loop with continue around a switch), and a deferred
// block in a case of a switch whose labels stay outside the block, work:
// only a case label that would jump into a deferred block is an error
// (test/diag/case_label_enters_deferred_block.c). The block reads n by
// reference at return: the body changes it first.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 | FileCheck %s
// RUN: %cdefer-cc -O2 %s -o %t.O2 && %run %t.O2 | FileCheck %s
// RUN: %if !sampled %{ %cdefer-cc -O0 -g %s -o %t.O0g && %run %t.O0g | FileCheck %s %}
// RUN: %if !sampled %{ %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g | FileCheck %s %}
// RUN: %cdefer-cc -O2 -mllvm -cdefer-max-open-coded=0 %s -o %t.stack && %run %t.stack | FileCheck %s
// RUN: %cdefer-cc -O2 -mllvm -cdefer-force-pooled %s -o %t.pool && %run %t.pool | FileCheck %s

#include <defer.h>
#include <stdio.h>

static volatile int inputs[] = {1, 2, 3, 4};

static int classify(int n) {
  __attribute__((defer)) {
    switch (n) {
    case 1:
      printf("  deferred: one\n");
      break;
    case 2:
      printf("  deferred: two, ");
      /* fallthrough */
    case 3:
      printf("two or three\n");
      break;
    default:
      printf("  deferred: other (%d)\n", n);
    }
    for (int i = 0; i < 3; i++) {
      switch (i) {
      case 1:
        continue;
      default:
        printf("  deferred loop %d\n", i);
      }
    }
  }
  printf("classify(%d)\n", n);
  n = n == 4 ? 40 : n; // the block sees this
  return n * 10;
}

static int in_case(int k) {
  switch (k) {
  case 1:
    __attribute__((defer)) {
      switch (k) {
      case 1:
        printf("  deferred in case 1\n");
        break;
      }
    }
    printf("case 1\n");
    break;
  default:
    printf("default\n");
  }
  return k;
}

int main(void) {
  for (int i = 0; i < 4; i++)
    printf("= %d\n", classify(inputs[i]));
  in_case(inputs[0]);
  in_case(inputs[1]);
  return 0;
}

// CHECK:      classify(1){{$}}
// CHECK-NEXT:   deferred: one{{$}}
// CHECK-NEXT:   deferred loop 0{{$}}
// CHECK-NEXT:   deferred loop 2{{$}}
// CHECK-NEXT: = 10{{$}}
// CHECK-NEXT: classify(2){{$}}
// CHECK-NEXT:   deferred: two, two or three{{$}}
// CHECK-NEXT:   deferred loop 0{{$}}
// CHECK-NEXT:   deferred loop 2{{$}}
// CHECK-NEXT: = 20{{$}}
// CHECK-NEXT: classify(3){{$}}
// CHECK-NEXT: two or three{{$}}
// CHECK-NEXT:   deferred loop 0{{$}}
// CHECK-NEXT:   deferred loop 2{{$}}
// CHECK-NEXT: = 30{{$}}
// CHECK-NEXT: classify(4){{$}}
// CHECK-NEXT:   deferred: other (40){{$}}
// CHECK-NEXT:   deferred loop 0{{$}}
// CHECK-NEXT:   deferred loop 2{{$}}
// CHECK-NEXT: = 400{{$}}
// CHECK-NEXT: case 1{{$}}
// CHECK-NEXT:   deferred in case 1{{$}}
// CHECK-NEXT: default{{$}}
