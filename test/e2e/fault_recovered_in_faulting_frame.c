// Runtime faults (SPEC.md 3.10): after cdefer_enable_fault_panics(), a nil
// pointer dereference and an integer division by zero become recoverable
// panics that start in the faulting frame, and the pending deferred calls of
// that frame itself run, newest first -- although the faulting instruction
// is not a call. One of them recovers: the frame returns normally to its
// caller with what its result holds (zero: no `return` ran; or what the
// deferred code stored with cdefer_result). Every lowering: open-coded,
// stack records, pooled records. The caller's values held in callee-saved
// registers across the call survive, and a thousand faults in a row leave
// the program running normally.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 | FileCheck %s
// RUN: %cdefer-cc -O2 %s -o %t.O2 && %run %t.O2 | FileCheck %s
// RUN: %if !sampled %{ %cdefer-cc -O0 -g %s -o %t.O0g && %run %t.O0g | FileCheck %s %}
// RUN: %if !sampled %{ %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g | FileCheck %s %}
// RUN: %cdefer-cc -O1 -mllvm -cdefer-max-open-coded=0 %s -o %t.chained && %run %t.chained | FileCheck %s
// RUN: %cdefer-cc -O3 -mllvm -cdefer-force-pooled %s -o %t.pooled && %run %t.pooled | FileCheck %s
// valgrind reports the faulting access itself, handled or not.
// UNSUPPORTED: valgrind

#include <defer.h>
#include <signal.h>
#include <stdio.h>

/* Opaque to the optimiser: a null pointer and a zero it cannot see. */
static int *volatile null_pointer;
static volatile int zero;

static void say(const char *what, int n) { printf("deferred %s %d\n", what, n); }

static void print_recovered(const cdefer_panic_t *p) {
  printf("recovered: %s (%s)\n", cdefer_panic_message(p),
         cdefer_panic_signal(p) == SIGSEGV  ? "SIGSEGV"
         : cdefer_panic_signal(p) == SIGFPE ? "SIGFPE"
                                            : "no signal");
}

static void recover_and_print(void) { print_recovered(recover()); }

// CHECK-LABEL: nil dereference
// CHECK-NEXT:  deferred open-coded 2
// CHECK-NEXT:  recovered: runtime error: invalid memory address or nil pointer dereference (SIGSEGV)
// CHECK-NEXT:  deferred open-coded 1
// CHECK-NEXT:  returned 0
__attribute__((noinline)) static int load_through_null(int n) {
  __attribute__((defer)) say("open-coded", 1);
  __attribute__((defer)) recover_and_print();
  __attribute__((defer)) say("open-coded", 2);
  return *null_pointer + n;
}

// CHECK-LABEL: divide by zero
// CHECK-NEXT:  recovered: runtime error: integer divide by zero (SIGFPE)
// CHECK-NEXT:  returned -1
__attribute__((noinline)) static int divide(int n) {
  __attribute__((defer)) {
    print_recovered(recover());
    cdefer_result(int) = -1;
  }
  return n / zero;
}

// A deferred block recovers directly.
// CHECK-LABEL: block recovers
// CHECK-NEXT:  block recovered: runtime error: invalid memory address or nil pointer dereference
// CHECK-NEXT:  returned 7
__attribute__((noinline)) static int block_recovers(void) {
  __attribute__((defer)) {
    const cdefer_panic_t *p = recover();
    printf("block recovered: %s\n", cdefer_panic_message(p));
    cdefer_result(int) = 7;
  }
  *null_pointer = 1;
  return 1;
}

// Records made in a loop (pooled), then the fault.
// CHECK-LABEL: loop
// CHECK-NEXT:  deferred loop 2
// CHECK-NEXT:  deferred loop 1
// CHECK-NEXT:  deferred loop 0
// CHECK-NEXT:  recovered: runtime error: invalid memory address or nil pointer dereference (SIGSEGV)
// CHECK-NEXT:  returned 0
__attribute__((noinline)) static int loop_then_fault(int n) {
  __attribute__((defer)) recover_and_print();
  for (int i = 0; i < n; i++)
    __attribute__((defer)) say("loop", i);
  return *null_pointer;
}

// The return value of a function that did run `return` before the fault
// cannot be observed (the fault comes first); a struct result through sret
// comes back zeroed.
struct big {
  long a[6];
};
// CHECK-LABEL: struct result
// CHECK-NEXT:  recovered: runtime error: invalid memory address or nil pointer dereference (SIGSEGV)
// CHECK-NEXT:  returned {0, 0, 42}
__attribute__((noinline)) static struct big struct_result(void) {
  __attribute__((defer)) {
    print_recovered(recover());
    cdefer_result(struct big).a[5] = 42;
  }
  struct big b = {{1, 2, 3, 4, 5, *null_pointer}};
  return b;
}

static long registers[6];

__attribute__((noinline)) static long keeps_registers(int rounds) {
  /* Live across the faulting calls: kept in callee-saved registers at -O2. */
  long a = rounds, b = a * 3, c = b + 5, d = c * 7, e = d - 11, f = e * 13;
  long faults = 0;
  for (int i = 0; i < rounds; i++) {
    faults += load_through_null(i) == 0;
    faults += divide(i) == -1;
    a += 1, b += 2, c += 3, d += 4, e += 5, f += 6;
  }
  long values[6] = {a, b, c, d, e, f};
  for (int i = 0; i < 6; i++)
    registers[i] = values[i];
  return faults;
}

int main(void) {
  if (cdefer_enable_fault_panics() != 0)
    return 1;
  puts("nil dereference");
  printf("returned %d\n", load_through_null(5));
  puts("divide by zero");
  printf("returned %d\n", divide(5));
  puts("block recovers");
  printf("returned %d\n", block_recovers());
  puts("loop");
  printf("returned %d\n", loop_then_fault(3));
  puts("struct result");
  struct big b = struct_result();
  printf("returned {%ld, %ld, %ld}\n", b.a[0], b.a[4], b.a[5]);
  // CHECK-LABEL: a thousand rounds
  // CHECK:       2000 faults recovered
  // CHECK-NEXT:  registers 2000 5000 6005 25035 26024 279312
  puts("a thousand rounds");
  fflush(stdout);
  long faults = keeps_registers(1000);
  printf("%ld faults recovered\n", faults);
  printf("registers %ld %ld %ld %ld %ld %ld\n", registers[0], registers[1],
         registers[2], registers[3], registers[4], registers[5]);
  return 0;
}
