// The faithful port of Go 1.19 test/fixedbugs/issue1304.go
// (fixedbugs_issue1304.c) at -O2, with a not volatile.
//
// XFAIL: *
// cdefer limit (C semantics; docs/limits.md "What the deferred code sees"
// covers stores that have not happened yet, not this direction): at -O2
// clang stores a = 3, which follows the faulting division, before the
// division faults, so the recovering deferred block reads 3 ("BUG a = 3");
// Go guarantees 2.
//
// RUN: %cdefer-cc -O2 %s -o %t.O2 && %run %t.O2 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue1304.check
// RUN: %cdefer-cc -O2 %{chained} %s -o %t.cO2 && %run %t.cO2 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue1304.check
// RUN: %cdefer-cc -O2 %{pooled} %s -o %t.pO2 && %run %t.pO2 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue1304.check

#include "fixedbugs_issue1304.c"
