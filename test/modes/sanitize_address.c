// -fsanitize=address: the self-checking workload
// (Inputs/sanitizer_workload.c: every lowering, struct and variadic
// arguments, a VLA, recovered and nested panics, cdefer_result) built with
// AddressSanitizer with stack-use-after-return detection and leak checking
// (stack records on ASan's fake stack, pooled records, panics freed after
// recovery). A sanitizer report fails the run.
//
// RUN: %cdefer-cc -fsanitize=address -fno-omit-frame-pointer -O0 %S/Inputs/sanitizer_workload.c -o %t.O0 && env ASAN_OPTIONS=detect_leaks=1:detect_stack_use_after_return=1 %run %t.O0 2>&1 | FileCheck %s
// RUN: %cdefer-cc -fsanitize=address -fno-omit-frame-pointer -O2 %S/Inputs/sanitizer_workload.c -o %t.O2 && env ASAN_OPTIONS=detect_leaks=1:detect_stack_use_after_return=1 %run %t.O2 2>&1 | FileCheck %s
// RUN: %cdefer-cc -fsanitize=address -fno-omit-frame-pointer -O0 -g %S/Inputs/sanitizer_workload.c -o %t.O0g && env ASAN_OPTIONS=detect_leaks=1:detect_stack_use_after_return=1 %run %t.O0g 2>&1 | FileCheck %s
// RUN: %cdefer-cc -fsanitize=address -fno-omit-frame-pointer -O2 -g %S/Inputs/sanitizer_workload.c -o %t.O2g && env ASAN_OPTIONS=detect_leaks=1:detect_stack_use_after_return=1 %run %t.O2g 2>&1 | FileCheck %s
//
// CHECK-NOT: {{Sanitizer|runtime error}}
// CHECK: workload ok
// CHECK-NOT: {{.}}
