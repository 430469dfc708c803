// The faithful port of Go 1.19 test/fixedbugs/issue1304.go
// (fixedbugs_issue1304.c) at -O2, with a not volatile.
//
// XFAIL: *
// cdefer limit (C semantics, docs/limits.md "What the deferred code sees":
// an integer division is not ordered with the stores around it). At -O2
// a = 3 overwrites the quotient with no read of a in between, so clang
// deletes the store a = c / b and then the division, whose value is no
// longer needed (division by zero is undefined behaviour in C, and LLVM's
// sdiv has no side effects). Nothing faults: go_main runs to its end and
// its deferred block, at the normal return, reads 3 ("BUG a = 3"); Go
// panics at the division and guarantees 2.
//
// RUN: %cdefer-cc -O2 %s -o %t.O2 && %run %t.O2 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue1304.check
// RUN: %cdefer-cc -O2 %{chained} %s -o %t.cO2 && %run %t.cO2 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue1304.check
// RUN: %cdefer-cc -O2 %{pooled} %s -o %t.pO2 && %run %t.pO2 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue1304.check

#include "fixedbugs_issue1304.c"
