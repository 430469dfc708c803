// The port of Go 1.19 test/fixedbugs/issue32288.go
// (fixedbugs_issue32288.c) at -O2, in every lowering.
//
// XFAIL: *
// cdefer defect: f faults inside an endless loop; at -O2 clang infers f
// noreturn and nounwind, so main's call to f has no landing pad and is
// followed by `unreachable`. The deferred block recovers, but main does not
// then return to its caller: control lands at a bad address, the deferred
// block runs again and again, and the process dies of a SIGSEGV at a data
// address (exit 2, the fault reported as an unrecovered panic).
//
// RUN: %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue32288.check
// RUN: %cdefer-cc -O2 %{chained} %s -o %t.cO2 && %run %t.cO2 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue32288.check
// RUN: %cdefer-cc -O2 %{pooled} %s -o %t.pO2 && %run %t.pO2 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue32288.check

#include "fixedbugs_issue32288.c"
