// Deferred blocks work on the function's variables by reference, as they
// are when the block runs (SPEC.md 3.1): a block sees a variable's final
// value; a block that changes a local is seen by a block that runs after
// it; a block that changes the variable named by `return x;` does not
// change the value the function returns, which was computed before the
// deferred code ran (SPEC.md 3.2). A deferred *call* already holds its
// arguments and does not see a block's changes.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 | FileCheck %s
// RUN: %cdefer-cc -O2 %s -o %t.O2 && %run %t.O2 | FileCheck %s
// RUN: %if !sampled %{ %cdefer-cc -O0 -g %s -o %t.O0g && %run %t.O0g | FileCheck %s %}
// RUN: %if !sampled %{ %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g | FileCheck %s %}
// RUN: %cdefer-cc -O2 -mllvm -cdefer-max-open-coded=0 %s -o %t.stack && %run %t.stack | FileCheck %s
// RUN: %cdefer-cc -O2 -mllvm -cdefer-force-pooled %s -o %t.pool && %run %t.pool | FileCheck %s

#include <defer.h>
#include <stdio.h>

static void show(const char *tag, int v) { printf("%s %d\n", tag, v); }

static void sees_final_value(void) {
  int x = 1;
  __attribute__((defer)) { printf("block sees x=%d\n", x); }
  __attribute__((defer)) show("call holds x", x);
  x = 2;
  x = x * 10 + 3;
  printf("sees_final_value body x=%d\n", x);
}

static void later_block_reads(void) {
  int y = 1;
  /* Runs second: sees what the first-running block stored. */
  __attribute__((defer)) { printf("second block reads y=%d\n", y); }
  /* Runs first. */
  __attribute__((defer)) {
    printf("first block reads y=%d, sets 42\n", y);
    y = 42;
  }
  y = 5;
  printf("later_block_reads body y=%d\n", y);
}

static int return_value_is_computed_first(void) {
  int x = 1;
  __attribute__((defer)) {
    printf("block sets x=100 (was %d)\n", x);
    x = 100;
  }
  x = 5;
  return x;
}

static int return_expression_is_computed_first(void) {
  int x = 1;
  __attribute__((defer)) { x *= 1000; }
  x = 6;
  return x + 1;
}

/* More than 8 sites: the same rules with chained records. */
static int return_value_chained(int *out) {
  int x = 1;
  __attribute__((defer)) { *out = x; }
  __attribute__((defer)) show("c2", 2);
  __attribute__((defer)) show("c3", 3);
  __attribute__((defer)) show("c4", 4);
  __attribute__((defer)) show("c5", 5);
  __attribute__((defer)) show("c6", 6);
  __attribute__((defer)) show("c7", 7);
  __attribute__((defer)) show("c8", 8);
  __attribute__((defer)) { x += 1000; }
  x = 7;
  return x;
}

/* Blocks on a struct, an array and a pointer-reached variable; a block with
 * its own locals and a loop inside it. */
struct counter { int hits; char name[8]; };

static int aggregate(void) {
  struct counter c = {0, "ctr"};
  int arr[4] = {1, 2, 3, 4};
  int target = 0;
  int *p = &target;
  __attribute__((defer)) {
    int sum = 0;
    for (int i = 0; i < 4; i++)
      sum += arr[i];
    printf("block: c.hits=%d c.name=%s sum=%d target=%d\n", c.hits, c.name,
           sum, target);
  }
  __attribute__((defer)) {
    c.hits++;
    arr[0] = 100;
    *p = 9;
  }
  c.hits = 10;
  c.name[0] = 'C';
  arr[3] = 40;
  return c.hits;
}

/* The block's writes to a variable whose address escaped are visible to
 * the caller after return. */
static void out_param(int *result) {
  int local = 3;
  __attribute__((defer)) { *result = local * 2; }
  local = 21;
}

int main(void) {
  sees_final_value();
  printf("--\n");
  later_block_reads();
  printf("--\n");
  printf("returned %d\n", return_value_is_computed_first());
  printf("returned %d\n", return_expression_is_computed_first());
  int out = 0;
  int r = return_value_chained(&out);
  printf("chained returned %d, block stored %d\n", r, out);
  printf("--\n");
  printf("aggregate returned %d\n", aggregate());
  int result = 0;
  out_param(&result);
  printf("out_param result=%d\n", result);
  printf("done\n");
  return 0;
}

// CHECK:      sees_final_value body x=23
// CHECK-NEXT: call holds x 1
// CHECK-NEXT: block sees x=23
// CHECK-NEXT: --
// CHECK-NEXT: later_block_reads body y=5
// CHECK-NEXT: first block reads y=5, sets 42
// CHECK-NEXT: second block reads y=42
// CHECK-NEXT: --
// CHECK-NEXT: block sets x=100 (was 5)
// CHECK-NEXT: returned 5
// CHECK-NEXT: returned 7
// CHECK-NEXT: c8 8
// CHECK-NEXT: c7 7
// CHECK-NEXT: c6 6
// CHECK-NEXT: c5 5
// CHECK-NEXT: c4 4
// CHECK-NEXT: c3 3
// CHECK-NEXT: c2 2
// CHECK-NEXT: chained returned 7, block stored 1007
// CHECK-NEXT: --
// CHECK-NEXT: block: c.hits=11 c.name=Ctr sum=145 target=9
// CHECK-NEXT: aggregate returned 10
// CHECK-NEXT: out_param result=42
// CHECK-NEXT: done
