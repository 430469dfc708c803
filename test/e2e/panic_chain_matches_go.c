// The same program in C and in Go (Inputs/panic_chain_matches_go.go): a
// plain panic, a panic in a deferred call while panicking (the first one is
// aborted), and recover followed by a new panic ([recovered]). Both must
// print the same lines, exit with the same status (2) and write the same
// panic chain to stderr.
//
// REQUIRES: go
// RUN: env HOME=%t.home GOCACHE=%t.gocache GOPATH=%t.gopath go build -o %t.go %S/Inputs/panic_chain_matches_go.go
// RUN: %cdefer-cc -O0 %s -o %t.O0
// RUN: %if !sampled %{ %cdefer-cc -O2 -g %s -o %t.O2g %}
// RUN: %S/Inputs/compare-with-go.sh %t.O0 %t.go | FileCheck %s --check-prefix=PLAIN
// RUN: %S/Inputs/compare-with-go.sh %t.O0 %t.go x | FileCheck %s --check-prefix=NESTED
// RUN: %if !sampled %{ %S/Inputs/compare-with-go.sh %t.O2g %t.go x y | FileCheck %s --check-prefix=REPANIC %}
// RUN: %if !sampled %{ %S/Inputs/compare-with-go.sh %t.O2g %t.go | FileCheck %s --check-prefix=PLAIN %}
// PLAIN: same as Go: exit 2, 1 panic line(s)
// NESTED: same as Go: exit 2, 2 panic line(s)
// REPANIC: same as Go: exit 2, 2 panic line(s)

#include <defer.h>
#include <stdio.h>

static void second(void) { panic("second"); }

static void recover_and_repanic(void) {
  const cdefer_panic_t *p = recover();
  printf("recovered %s, panicking again\n", cdefer_panic_message(p));
  panic("again");
}

static void say(const char *s) { printf("%s\n", s); }

static void f(int mode) {
  __attribute__((defer)) say("f defer 1");
  if (mode == 1)
    __attribute__((defer)) second();
  if (mode == 2)
    __attribute__((defer)) recover_and_repanic();
  __attribute__((defer)) say("f defer 3");
  panic("first");
}

int main(int argc, char **argv) {
  (void)argv;
  __attribute__((defer)) say("main defer");
  f(argc - 1);
  return 0;
}
