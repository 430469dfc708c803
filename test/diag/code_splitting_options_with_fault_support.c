// Code generation options that put parts of a function in sections of
// their own (-fbasic-block-sections=all or =list, -fsplit-machine-functions
// with a profile) give those parts unwind entries that do not name the
// function, so a fault there could not run its deferred calls: with fault
// support on, that is a compile-time error at the first defer statement.
// Without fault support, and with -fbasic-block-sections=labels (which
// splits nothing), the file compiles.
//
// RUN: not %clang-cdefer -O2 -fbasic-block-sections=all -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=ALL
// RUN: not %clang-cdefer -O0 -fbasic-block-sections=all -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=ALL
// RUN: %clang-cdefer -O2 -fbasic-block-sections=all -mllvm -cdefer-fault-frames=0 -c %s -o %t.nofault.o
// RUN: %clang-cdefer -O2 -fbasic-block-sections=labels -c %s -o %t.labels.o
// RUN: %clang-cdefer -O2 -fsplit-machine-functions -c %s -o %t.split.o
// RUN: %clang-cdefer -O2 -fbasic-block-sections=all -fsyntax-only %s

void use(int);

int f(int x) {
  if (x > 3)
    return x;
  __attribute__((defer)) use(x);
  // ALL: code_splitting_options_with_fault_support.c:[[@LINE-1]]:{{[0-9]+}}: error: cdefer: -fbasic-block-sections=all puts parts of a function in sections of their own, where a fault could not run the function's deferred calls; drop it, or turn fault support off with -mllvm -cdefer-fault-frames=0
  return x + 1;
}
