// The port of Go 1.19 test/fixedbugs/issue40629.go (fixedbugs_issue40629.c)
// at -O2, in every lowering.
//
// XFAIL: *
// cdefer defect: a fault in a function whose end is unreachable (an endless
// loop follows the faulting store, so the function has no return) is not
// handled as SPEC 3.4/3.10 say. Open-coded lowering: the frame's pending
// deferred calls never run (even at -O0 in a smaller program), the panic
// ends the process unrecovered. Chained and pooled at -O2: the deferred
// call recovers, then the "normal return" lands at a bad address, the
// deferred call runs again and again, and the process dies of a SIGSEGV
// at a data address.
//
// RUN: %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue40629.check
// RUN: %cdefer-cc -O2 %{chained} %s -o %t.cO2 && %run %t.cO2 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue40629.check
// RUN: %cdefer-cc -O2 %{pooled} %s -o %t.pO2 && %run %t.pO2 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue40629.check

#include "fixedbugs_issue40629.c"
