// The faithful port of Go 1.19 test/recover4.go (recover4.c) at -O2, where
// the local n that the recovering deferred block reads is not volatile.
//
// XFAIL: *
// cdefer limit (documented, docs/limits.md "What the deferred code sees"):
// at -O2 the copy loop keeps n in a register, the fault stops it before n
// is stored, and the deferred block reads 0 instead of the bytes copied
// ("memcopy returned 0, want 32763"); Go guarantees the current value.
//
// RUN: %cdefer-cc -O2 %s -o %t.O2 && %run %t.O2 2>&1 | %{gocheck} %S/Inputs/recover4.check
// RUN: %cdefer-cc -O2 %{chained} %s -o %t.cO2 && %run %t.cO2 2>&1 | %{gocheck} %S/Inputs/recover4.check
// RUN: %cdefer-cc -O2 %{pooled} %s -o %t.pO2 && %run %t.pO2 2>&1 | %{gocheck} %S/Inputs/recover4.check

#include "recover4.c"
