// Where a fault could not run the deferred calls of a function with defers
// (docs/limits.md), the function is a compile-time error, not silently
// left without fault support: a frame on SafeStack's unsafe stack (where
// no register of the frame can find its anchor), and a result of more than
// 64 bytes returned by value (regcall returns such aggregates in registers;
// the return stub's buffer holds 64). With -mllvm -cdefer-fault-frames=0
// both compile.
//
// RUN: not %clang-cdefer -O2 -c -fsanitize=safe-stack %s -o /dev/null -DSAFE_STACK 2>&1 | FileCheck %s --check-prefix=SAFESTACK
// RUN: not %clang-cdefer -O2 -c %s -o /dev/null -DREGCALL 2>&1 | FileCheck %s --check-prefix=REGCALL
// RUN: %clang-cdefer -O2 -c -fsanitize=safe-stack -mllvm -cdefer-fault-frames=0 %s -o /dev/null -DSAFE_STACK
// RUN: %clang-cdefer -O2 -c -mllvm -cdefer-fault-frames=0 %s -o /dev/null -DREGCALL
// RUN: %clang-cdefer -O2 -c %s -o /dev/null -DREGCALL_64

#include <defer.h>

void note(void);

#ifdef SAFE_STACK
int on_the_safe_stack(void) {
  __attribute__((defer)) note();
  return 1;
}
// SAFESTACK: fault_support_unavailable_is_a_compile_error.c:[[#@LINE-4]]:5: error: cdefer: a function with defer statements cannot be compiled with -fsanitize=safe-stack
#endif

#ifdef REGCALL
typedef struct { long a[12]; } agg96;
__attribute__((regcall)) agg96 returns_96_bytes_in_registers(void) {
  __attribute__((defer)) note();
  return (agg96){{1}};
}
// REGCALL: fault_support_unavailable_is_a_compile_error.c:[[#@LINE-4]]:32: error: cdefer: a function with defer statements cannot return more than 64 bytes by value (this one returns 96)
#endif

#ifdef REGCALL_64
typedef struct { long a[8]; } agg64;
__attribute__((regcall)) agg64 returns_64_bytes_in_registers(void) {
  __attribute__((defer)) note();
  return (agg64){{1}};
}
#endif
