// The port of the Goexit cases of Go 1.19's runtime tests (runtime_goexit.c)
// with testprog's RecoverBeforePanicAfterGoexit and
// RecoverBeforePanicAfterGoexit2 included.
//
// XFAIL: *
// cdefer defect: when a deferred call that pthread_exit runs panics and an
// earlier deferred call of the same frame recovers, the frame returns to
// its caller and the thread runs on after pthread_exit ("Goexit
// returned"); Go resumes the Goexit ("we explicitly resume execution in
// the Goexit loop, instead of resuming execution in the caller (which
// would make the Goexit disappear!)"), and POSIX says pthread_exit does
// not return.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 2>&1 | %{gocheck} %S/Inputs/runtime_goexit.check
// RUN: %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g 2>&1 | %{gocheck} %S/Inputs/runtime_goexit.check
// RUN: %cdefer-cc -O0 %{chained} %s -o %t.cO0 && %run %t.cO0 2>&1 | %{gocheck} %S/Inputs/runtime_goexit.check
// RUN: %cdefer-cc -O2 %{chained} %s -o %t.cO2 && %run %t.cO2 2>&1 | %{gocheck} %S/Inputs/runtime_goexit.check
// RUN: %cdefer-cc -O0 %{pooled} %s -o %t.pO0 && %run %t.pO0 2>&1 | %{gocheck} %S/Inputs/runtime_goexit.check
// RUN: %cdefer-cc -O2 %{pooled} %s -o %t.pO2 && %run %t.pO2 2>&1 | %{gocheck} %S/Inputs/runtime_goexit.check

#include "runtime_goexit.c"
