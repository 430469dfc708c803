// The same program in C and in Go (Inputs/fault_report_matches_go.go): a
// nil pointer dereference recovered by a deferred call, then one that is
// not. Both print the same lines, exit with the same status and write the
// same panic chain and signal line to stderr (the pc aside).
//
// REQUIRES: go
// RUN: env HOME=%t.home GOCACHE=%t.gocache GOPATH=%t.gopath go build -o %t.go %S/Inputs/fault_report_matches_go.go
// RUN: %cdefer-cc -O0 %s -o %t.O0
// RUN: %if !sampled %{ %cdefer-cc -O2 -g %s -o %t.O2g %}
// RUN: %S/Inputs/compare-with-go.sh %t.O0 %t.go | FileCheck %s --check-prefix=RECOVERED
// RUN: %if !sampled %{ %S/Inputs/compare-with-go.sh %t.O2g %t.go x | FileCheck %s --check-prefix=UNRECOVERED %}
// RUN: %if !sampled %{ %S/Inputs/compare-with-go.sh %t.O2g %t.go | FileCheck %s --check-prefix=RECOVERED %}
// RECOVERED: same as Go: exit 0, 0 panic line(s)
// UNRECOVERED: same as Go: exit 2, 2 panic line(s)
// valgrind reports the faulting access itself, handled or not.
// UNSUPPORTED: valgrind

#include <defer.h>
#include <stdio.h>

static int *volatile p;

static void say(const char *s) { printf("%s\n", s); }

static int deref(void) {
  __attribute__((defer)) say("deferred in deref");
  return *p;
}

static int recovers(void) {
  __attribute__((defer)) {
    const cdefer_panic_t *r = recover();
    printf("recovered: %s\n", cdefer_panic_message(r));
    cdefer_result(int) = 5;
  }
  return deref();
}

int main(int argc, char **argv) {
  (void)argv;
  cdefer_enable_fault_panics();
  __attribute__((defer)) say("deferred in main");
  printf("recovers returned %d\n", recovers());
  if (argc > 1)
    deref();
  return 0;
}
