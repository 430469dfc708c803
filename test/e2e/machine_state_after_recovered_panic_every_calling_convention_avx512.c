// The machine state after a recovered fault (null store, division by
// zero) and a recovered signal-handler panic, in functions with defers of
// every calling convention and result kind: the result (set by deferred
// code, or zero) and the caller's callee-saved registers, as the
// convention defines them. See Inputs/machine_state.h.
// Vectors of 16, 32 and 64 bytes (AVX-512).
//
// REQUIRES: avx512f
// RUN: %cdefer-cc -O0 -mavx512f %s -o %t.O0 && %run %t.O0 | FileCheck %s
// RUN: %cdefer-cc -O2 -mavx512f %s -o %t.O2 && %run %t.O2 | FileCheck %s
// RUN: %if !sampled %{ %cdefer-cc -O2 -g -mavx512f %s -o %t.O2g && %run %t.O2g | FileCheck %s %}
// RUN: %cdefer-cc -O0 -mllvm -cdefer-max-open-coded=0 -mavx512f %s -o %t.O0chained && %run %t.O0chained | FileCheck %s
// RUN: %cdefer-cc -O2 -mllvm -cdefer-max-open-coded=0 -mavx512f %s -o %t.chained && %run %t.chained | FileCheck %s
// RUN: %cdefer-cc -O0 -mllvm -cdefer-force-pooled -mavx512f %s -o %t.O0pooled && %run %t.O0pooled | FileCheck %s
// RUN: %cdefer-cc -O2 -mllvm -cdefer-force-pooled -mavx512f %s -o %t.pooled && %run %t.pooled | FileCheck %s
// RUN: %cdefer-cc -O2 -fsplit-machine-functions -mavx512f %s -o %t.split && %run %t.split | FileCheck %s
// RUN: %cdefer-cc -O2 -fbasic-block-sections=labels -mavx512f %s -o %t.O2bblabels && %run %t.O2bblabels | FileCheck %s
// valgrind reports the faulting access itself, handled or not.
// The wider vectors add nothing a sanitizer or the checking mode would see
// that the base test (every variant) does not: the default variant only.
// UNSUPPORTED: valgrind, asan, check

#define _GNU_SOURCE
#include "Inputs/machine_state.h"

// CHECK-NOT: FAIL
// CHECK: {{[0-9]+}} cases, 0 failures
