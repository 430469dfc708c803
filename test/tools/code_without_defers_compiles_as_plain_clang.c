// A file without defer statements and without recover() compiles exactly
// as plain clang-22 with -fexceptions compiles it: in particular its tail
// calls stay tail calls. A threaded interpreter whose handlers tail-call
// the next one through a table runs 50 million steps in constant stack
// (without the tail calls it overflows its 8 MiB stack).
//
// RUN: %cdefer-cc -O2 -S %s -o %t.cdefer.O2.s
// RUN: %clang -O2 -fexceptions -S %s -o %t.clang.O2.s
// RUN: diff %t.cdefer.O2.s %t.clang.O2.s
// RUN: %cdefer-cc -O0 -g -S %s -o %t.cdefer.O0g.s
// RUN: %clang -O0 -g -fexceptions -S %s -o %t.clang.O0g.s
// RUN: diff %t.cdefer.O0g.s %t.clang.O0g.s
// RUN: %cdefer-cc -O2 -g -S %s -o %t.cdefer.O2g.s
// RUN: %clang -O2 -g -fexceptions -S %s -o %t.clang.O2g.s
// RUN: diff %t.cdefer.O2g.s %t.clang.O2g.s
// RUN: %cdefer-cc -O2 %s -o %t.O2 && %run %t.O2 | FileCheck %s

#include <stdio.h>

typedef long (*handler_fn)(const unsigned char *pc, long acc, long steps);
extern handler_fn handlers[];

static long dispatch(const unsigned char *pc, long acc, long steps) {
  if (steps == 0)
    return acc;
  if (*pc == 255)
    pc -= 2; /* the program is a loop */
  return handlers[*pc](pc + 1, acc, steps - 1);
}

long op_add(const unsigned char *pc, long acc, long steps) {
  return dispatch(pc, acc + 3, steps);
}

long op_xor(const unsigned char *pc, long acc, long steps) {
  return dispatch(pc, acc ^ 1, steps);
}

handler_fn handlers[] = {op_add, op_xor};

int main(void) {
  static const unsigned char program[] = {0, 1, 255};
  printf("%ld\n", dispatch(program, 0, 50000000L));
  return 0;
}

// CHECK: 50000000
