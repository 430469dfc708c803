// Port of Go 1.19 test/fixedbugs/issue19710.go: `defer delete(m, i)` in a
// loop; the map is returned (a reference) and the deferred deletes, which
// run after the return value is computed, empty it. The map -> a small
// set of ints behind a pointer; delete -> a function taking it and a key.
// Expected output: Inputs/fixedbugs_issue19710.check, from regen-expected.sh.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue19710.check
// RUN: %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue19710.check
// RUN: %cdefer-cc -O0 %{chained} %s -o %t.cO0 && %run %t.cO0 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue19710.check
// RUN: %cdefer-cc -O2 %{chained} %s -o %t.cO2 && %run %t.cO2 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue19710.check
// RUN: %cdefer-cc -O0 %{pooled} %s -o %t.pO0 && %run %t.pO0 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue19710.check
// RUN: %cdefer-cc -O2 %{pooled} %s -o %t.pO2 && %run %t.pO2 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue19710.check

#include <defer.h>
#include <stdbool.h>
#include <stdio.h>
#include "Inputs/goport.h"

struct map {
  bool present[8];
};

static int len(const struct map *m) {
  int n = 0;
  for (int i = 0; i < 8; i++)
    n += m->present[i];
  return n;
}

static void delete(struct map *m, int key) { m->present[key] = false; }

static struct map *f(void) {
  static struct map storage;
  struct map *m = &storage;
  for (int i = 0; i < 3; i++) {
    m->present[i] = true;
    __attribute__((defer)) delete(m, i);
  }
  return m;
}

int main(void) {
  int n;
  if ((n = len(f())) != 0) {
    fprintf(stderr, "got %d want 0\n", n);
    panic("bad defer delete");
  }
  printf("ok\n");
  return 0;
}
