// A deferred block in a loop reads the loop variable *by reference*: every
// pushed block runs at return and sees the variable as it is then -- its
// final value -- exactly like a Go closure over a pre-1.22 loop variable.
// A deferred call in the same loop receives the loop variable *by value*,
// evaluated at the defer statement, so each call sees its own iteration's
// value. Both sit in a loop, so both use pooled records.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 | FileCheck %s
// RUN: %cdefer-cc -O2 %s -o %t.O2 && %run %t.O2 | FileCheck %s
// RUN: %if !sampled %{ %cdefer-cc -O0 -g %s -o %t.O0g && %run %t.O0g | FileCheck %s %}
// RUN: %if !sampled %{ %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g | FileCheck %s %}

#include <defer.h>
#include <stdio.h>

static void by_value(const char *tag, int i) { printf("%s call i=%d\n", tag, i); }

/* Loop variable declared before the loop: final value 3 at return. */
static void declared_outside(void) {
  int i;
  for (i = 0; i < 3; i++) {
    __attribute__((defer)) by_value("outside", i);
    __attribute__((defer)) { printf("outside block i=%d\n", i); }
  }
  printf("declared_outside body i=%d\n", i);
}

/* Loop variable declared in the for: its scope ends with the loop, but the
 * blocks still read its storage at return (docs/design.md 4.5), which holds
 * the value that ended the loop, 3. */
static void declared_in_for(void) {
  for (int i = 0; i < 3; i++) {
    __attribute__((defer)) { printf("for-init block i=%d\n", i); }
    __attribute__((defer)) by_value("for-init", i);
  }
  printf("declared_in_for body\n");
}

/* The block reads the loop variable and a variable changed after the loop;
 * it also writes a counter that the function's caller sees. */
static int counter;
static void block_writes(int n) {
  int i = 0;
  int after = 0;
  while (i < n) {
    __attribute__((defer)) {
      counter += i;
      printf("while block i=%d after=%d counter=%d\n", i, after, counter);
    }
    i++;
  }
  after = 77;
  printf("block_writes body\n");
}

int main(void) {
  declared_outside();
  printf("--\n");
  declared_in_for();
  printf("--\n");
  block_writes(4);
  printf("counter=%d\n", counter);
  printf("done\n");
  return 0;
}

// CHECK:      declared_outside body i=3
// CHECK-NEXT: outside block i=3
// CHECK-NEXT: outside call i=2
// CHECK-NEXT: outside block i=3
// CHECK-NEXT: outside call i=1
// CHECK-NEXT: outside block i=3
// CHECK-NEXT: outside call i=0
// CHECK-NEXT: --
// CHECK-NEXT: declared_in_for body
// CHECK-NEXT: for-init call i=2
// CHECK-NEXT: for-init block i=3
// CHECK-NEXT: for-init call i=1
// CHECK-NEXT: for-init block i=3
// CHECK-NEXT: for-init call i=0
// CHECK-NEXT: for-init block i=3
// CHECK-NEXT: --
// CHECK-NEXT: block_writes body
// CHECK-NEXT: while block i=4 after=77 counter=4
// CHECK-NEXT: while block i=4 after=77 counter=8
// CHECK-NEXT: while block i=4 after=77 counter=12
// CHECK-NEXT: while block i=4 after=77 counter=16
// CHECK-NEXT: counter=16
// CHECK-NEXT: done
