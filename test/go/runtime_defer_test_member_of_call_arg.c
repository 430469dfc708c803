// The faithful port of Go 1.19 runtime/defer_test.go (runtime_defer_test.c)
// with TestNonSSAableArgs' `defer func(element bigStruct) {...}(
// sideeffect2(foo).element)` as it is.
//
// XFAIL: *
// cdefer defect: `__attribute__((defer)) f(g().member);` is rejected with
// "'defer' attribute applies to a call statement or a compound statement,
// not to an expression statement that is not a call": in C, a member of a
// struct returned by a call makes clang wrap the statement's CallExpr in
// an ExprWithCleanups, which the plugin does not look through.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 2>&1 | %{gocheck} %S/Inputs/runtime_defer_test.check
// RUN: %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g 2>&1 | %{gocheck} %S/Inputs/runtime_defer_test.check
// RUN: %cdefer-cc -O0 %{chained} %s -o %t.cO0 && %run %t.cO0 2>&1 | %{gocheck} %S/Inputs/runtime_defer_test.check
// RUN: %cdefer-cc -O2 %{chained} %s -o %t.cO2 && %run %t.cO2 2>&1 | %{gocheck} %S/Inputs/runtime_defer_test.check
// RUN: %cdefer-cc -O0 %{pooled} %s -o %t.pO0 && %run %t.pO0 2>&1 | %{gocheck} %S/Inputs/runtime_defer_test.check
// RUN: %cdefer-cc -O2 %{pooled} %s -o %t.pO2 && %run %t.pO2 2>&1 | %{gocheck} %S/Inputs/runtime_defer_test.check

#include "runtime_defer_test.c"
