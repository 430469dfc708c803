// -fsanitize=undefined: the self-checking workload
// (Inputs/sanitizer_workload.c: every lowering, struct and variadic
// arguments, a VLA, recovered and nested panics, cdefer_result) built with
// UndefinedBehaviorSanitizer with every check fatal
// (-fno-sanitize-recover=all), including -fsanitize=function on the calls
// that thunks and the runtime make through function pointers. A sanitizer report fails the
// run.
//
// RUN: %cdefer-cc -fsanitize=undefined -fno-sanitize-recover=all -O0 %S/Inputs/sanitizer_workload.c -o %t.O0 && %run %t.O0 2>&1 | FileCheck %s
// RUN: %cdefer-cc -fsanitize=undefined -fno-sanitize-recover=all -O2 %S/Inputs/sanitizer_workload.c -o %t.O2 && %run %t.O2 2>&1 | FileCheck %s
// RUN: %cdefer-cc -fsanitize=undefined -fno-sanitize-recover=all -O0 -g %S/Inputs/sanitizer_workload.c -o %t.O0g && %run %t.O0g 2>&1 | FileCheck %s
// RUN: %cdefer-cc -fsanitize=undefined -fno-sanitize-recover=all -O2 -g %S/Inputs/sanitizer_workload.c -o %t.O2g && %run %t.O2g 2>&1 | FileCheck %s
//
// CHECK-NOT: {{Sanitizer|runtime error}}
// CHECK: workload ok
// CHECK-NOT: {{.}}
