// The machine state after a recovered fault (null store, division by
// zero) and a recovered signal-handler panic, in functions with defers of
// every calling convention and result kind: the result (set by deferred
// code, or zero) and the caller's callee-saved registers, as the
// convention defines them. See Inputs/machine_state.h.
// Vectors of 16 bytes (SSE).
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 | FileCheck %s
// RUN: %cdefer-cc -O2 %s -o %t.O2 && %run %t.O2 | FileCheck %s
// RUN: %if !sampled %{ %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g | FileCheck %s %}
// RUN: %cdefer-cc -O0 -mllvm -cdefer-max-open-coded=0 %s -o %t.O0chained && %run %t.O0chained | FileCheck %s
// RUN: %cdefer-cc -O2 -mllvm -cdefer-max-open-coded=0 %s -o %t.chained && %run %t.chained | FileCheck %s
// RUN: %cdefer-cc -O0 -mllvm -cdefer-force-pooled %s -o %t.O0pooled && %run %t.O0pooled | FileCheck %s
// RUN: %cdefer-cc -O2 -mllvm -cdefer-force-pooled %s -o %t.pooled && %run %t.pooled | FileCheck %s
// RUN: %cdefer-cc -O2 -fsplit-machine-functions %s -o %t.split && %run %t.split | FileCheck %s
// RUN: %cdefer-cc -O2 -fbasic-block-sections=labels %s -o %t.O2bblabels && %run %t.O2bblabels | FileCheck %s
// valgrind reports the faulting access itself, handled or not.
// UNSUPPORTED: valgrind

#define _GNU_SOURCE
#include "Inputs/machine_state.h"

// CHECK-NOT: FAIL
// CHECK: {{[0-9]+}} cases, 0 failures
