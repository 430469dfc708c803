// Nested panics (SPEC.md 3.6, 3.7). A panic raised by a deferred call while
// an earlier panic runs it keeps running the remaining deferred calls of the
// task; the earlier panic is aborted and, if nothing recovers, the report
// lists the chain oldest first, later panics prefixed by a tab, a recovered
// one marked ` [recovered]`, then a blank line, the backtrace header and the
// frames of the newest panic's site (the first frame is the function that
// called panic), and the process exits with status exactly 2. Output written
// to stdout before the report is flushed ahead of it (stdout is a pipe here,
// so it is fully buffered).
//
// Scenarios (argv[1]):
//   nested     panic("first"), a deferred call panics "second": unrecovered.
//   three      three levels of nesting: unrecovered.
//   repanic    a deferred call recovers "first" then panics "again".
//   recovered  a nested panic recovered further up: recover() returns the
//              newest panic, and a later unrecovered panic's report shows
//              only that panic (the aborted ones left the chain).
//   inner      the deferred call that panics recovers its own panic in its
//              own deferred call; the first panic then goes on and is
//              recovered by the top frame: exit status 0.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0
// RUN: %S/../expect-exit.sh 2 %run %t.O0 nested 2>&1 | FileCheck %s --check-prefix=NESTED
// RUN: %S/../expect-exit.sh 2 %run %t.O0 three 2>&1 | FileCheck %s --check-prefix=THREE
// RUN: %S/../expect-exit.sh 2 %run %t.O0 repanic 2>&1 | FileCheck %s --check-prefix=REPANIC
// RUN: %S/../expect-exit.sh 2 %run %t.O0 recovered 2>&1 | FileCheck %s --check-prefix=RECOVERED
// RUN: %S/../expect-exit.sh 0 %run %t.O0 inner 2>&1 | FileCheck %s --check-prefix=INNER
// RUN: %cdefer-cc -O2 %s -o %t.O2
// RUN: %S/../expect-exit.sh 2 %run %t.O2 nested 2>&1 | FileCheck %s --check-prefix=NESTED
// RUN: %S/../expect-exit.sh 2 %run %t.O2 three 2>&1 | FileCheck %s --check-prefix=THREE
// RUN: %S/../expect-exit.sh 2 %run %t.O2 repanic 2>&1 | FileCheck %s --check-prefix=REPANIC
// RUN: %S/../expect-exit.sh 2 %run %t.O2 recovered 2>&1 | FileCheck %s --check-prefix=RECOVERED
// RUN: %S/../expect-exit.sh 0 %run %t.O2 inner 2>&1 | FileCheck %s --check-prefix=INNER
// RUN: %if !sampled %{ %cdefer-cc -O0 -g %s -o %t.O0g %}
// RUN: %if !sampled %{ %S/../expect-exit.sh 2 %run %t.O0g nested 2>&1 | FileCheck %s --check-prefix=NESTED %}
// RUN: %if !sampled %{ %S/../expect-exit.sh 2 %run %t.O0g three 2>&1 | FileCheck %s --check-prefix=THREE %}
// RUN: %if !sampled %{ %S/../expect-exit.sh 2 %run %t.O0g repanic 2>&1 | FileCheck %s --check-prefix=REPANIC %}
// RUN: %if !sampled %{ %S/../expect-exit.sh 2 %run %t.O0g recovered 2>&1 | FileCheck %s --check-prefix=RECOVERED %}
// RUN: %if !sampled %{ %S/../expect-exit.sh 0 %run %t.O0g inner 2>&1 | FileCheck %s --check-prefix=INNER %}
// RUN: %if !sampled %{ %cdefer-cc -O2 -g %s -o %t.O2g %}
// RUN: %if !sampled %{ %S/../expect-exit.sh 2 %run %t.O2g nested 2>&1 | FileCheck %s --check-prefix=NESTED %}
// RUN: %if !sampled %{ %S/../expect-exit.sh 2 %run %t.O2g three 2>&1 | FileCheck %s --check-prefix=THREE %}
// RUN: %if !sampled %{ %S/../expect-exit.sh 2 %run %t.O2g repanic 2>&1 | FileCheck %s --check-prefix=REPANIC %}
// RUN: %if !sampled %{ %S/../expect-exit.sh 2 %run %t.O2g recovered 2>&1 | FileCheck %s --check-prefix=RECOVERED %}
// RUN: %if !sampled %{ %S/../expect-exit.sh 0 %run %t.O2g inner 2>&1 | FileCheck %s --check-prefix=INNER %}
// RUN: %cdefer-cc -O2 -mllvm -cdefer-max-open-coded=0 %s -o %t.chained
// RUN: %S/../expect-exit.sh 2 %run %t.chained nested 2>&1 | FileCheck %s --check-prefix=NESTED
// RUN: %S/../expect-exit.sh 2 %run %t.chained repanic 2>&1 | FileCheck %s --check-prefix=REPANIC
// RUN: %S/../expect-exit.sh 0 %run %t.chained inner 2>&1 | FileCheck %s --check-prefix=INNER

#include <defer.h>
#include <stdio.h>
#include <string.h>

static void say(const char *s) { printf("deferred %s\n", s); }

static void report(const char *who, const cdefer_panic_t *p) {
  printf("%s: %s\n", who, p ? cdefer_panic_message(p) : "NULL");
}

/* --- nested -------------------------------------------------------------- */

__attribute__((noinline)) void panics_second(void) {
  printf("panics_second\n");
  panic("second");
}

__attribute__((noinline)) void first_site(void) {
  __attribute__((defer)) say("first_site 1");
  __attribute__((defer)) panics_second();
  __attribute__((defer)) say("first_site 3");
  panic("first");
}

__attribute__((noinline)) void nested(void) {
  __attribute__((defer)) say("nested");
  first_site();
}

// NESTED:      start nested
// NESTED-NEXT: deferred first_site 3
// NESTED-NEXT: panics_second
// NESTED-NEXT: deferred first_site 1
// NESTED-NEXT: deferred nested
// NESTED-NEXT: deferred main
// NESTED-NEXT: panic: first
// NESTED-NEXT: {{^}}	panic: second{{$}}
// NESTED-EMPTY:
// NESTED-NEXT: backtrace of the panic site:
// NESTED-NEXT: {{^}}  #0 {{ *}}0x{{[0-9a-f]+}} in panics_second+0x{{[0-9a-f]+}} ({{.+}})
// NESTED-NOT:  NOT REACHED

/* --- three --------------------------------------------------------------- */

__attribute__((noinline)) void panics_third(void) { panic("third %d", 3); }

__attribute__((noinline)) void second_with_defers(void) {
  __attribute__((defer)) say("second_with_defers");
  __attribute__((defer)) panics_third();
  panic("second");
}

__attribute__((noinline)) void three(void) {
  __attribute__((defer)) say("three 1");
  __attribute__((defer)) second_with_defers();
  __attribute__((defer)) say("three 3");
  panic("first");
}

// THREE:      start three
// THREE-NEXT: deferred three 3
// THREE-NEXT: deferred second_with_defers
// THREE-NEXT: deferred three 1
// THREE-NEXT: deferred main
// THREE-NEXT: panic: first
// THREE-NEXT: {{^}}	panic: second{{$}}
// THREE-NEXT: {{^}}	panic: third 3{{$}}
// THREE-EMPTY:
// THREE-NEXT: backtrace of the panic site:
// THREE-NEXT: {{^}}  #0 {{ *}}0x{{[0-9a-f]+}} in panics_third+0x{{[0-9a-f]+}} ({{.+}})

/* --- repanic ------------------------------------------------------------- */

__attribute__((noinline)) void repanics(void) {
  report("repanics recovered", recover());
  panic("again");
}

__attribute__((noinline)) void repanic(void) {
  __attribute__((defer)) say("repanic 1");
  __attribute__((defer)) repanics();
  __attribute__((defer)) say("repanic 3");
  panic("first");
}

// REPANIC:      start repanic
// REPANIC-NEXT: deferred repanic 3
// REPANIC-NEXT: repanics recovered: first
// REPANIC-NEXT: deferred repanic 1
// REPANIC-NEXT: deferred main
// REPANIC-NEXT: panic: first [recovered]
// REPANIC-NEXT: {{^}}	panic: again{{$}}
// REPANIC-EMPTY:
// REPANIC-NEXT: backtrace of the panic site:
// REPANIC-NEXT: {{^}}  #0 {{ *}}0x{{[0-9a-f]+}} in repanics+0x{{[0-9a-f]+}} ({{.+}})

/* --- recovered ----------------------------------------------------------- */

static void rec_top(void) { report("top recovered", recover()); }

__attribute__((noinline)) int recovered_top(void) {
  __attribute__((defer)) rec_top();
  nested();
  return 1;
}

__attribute__((noinline)) void panics_later(void) { panic("later"); }

// RECOVERED:      start recovered
// RECOVERED-NEXT: deferred first_site 3
// RECOVERED-NEXT: panics_second
// RECOVERED-NEXT: deferred first_site 1
// RECOVERED-NEXT: deferred nested
// RECOVERED-NEXT: top recovered: second
// RECOVERED-NEXT: recovered_top returned 0
// RECOVERED-NEXT: recover now: NULL
// RECOVERED-NEXT: deferred main
// RECOVERED-NEXT: panic: later
// RECOVERED-EMPTY:
// RECOVERED-NEXT: backtrace of the panic site:
// RECOVERED-NEXT: {{^}}  #0 {{ *}}0x{{[0-9a-f]+}} in panics_later+0x{{[0-9a-f]+}} ({{.+}})

/* --- inner --------------------------------------------------------------- */

static void rec_inner(void) { report("inner recovered", recover()); }

__attribute__((noinline)) void panics_and_recovers(void) {
  __attribute__((defer)) rec_inner();
  __attribute__((defer)) say("panics_and_recovers");
  panic("second");
}

__attribute__((noinline)) void inner(void) {
  __attribute__((defer)) say("inner 1");
  __attribute__((defer)) panics_and_recovers();
  __attribute__((defer)) say("inner 3");
  panic("first");
}

__attribute__((noinline)) int inner_top(void) {
  __attribute__((defer)) rec_top();
  inner();
  return 1;
}

// INNER:      start inner
// INNER-NEXT: deferred inner 3
// INNER-NEXT: deferred panics_and_recovers
// INNER-NEXT: inner recovered: second
// INNER-NEXT: deferred inner 1
// INNER-NEXT: top recovered: first
// INNER-NEXT: inner_top returned 0
// INNER-NEXT: deferred main
// INNER-NOT:  {{.}}

int main(int argc, char **argv) {
  const char *what = argc > 1 ? argv[1] : "";
  printf("start %s\n", what);
  __attribute__((defer)) say("main");
  if (!strcmp(what, "nested")) {
    nested();
  } else if (!strcmp(what, "three")) {
    three();
  } else if (!strcmp(what, "repanic")) {
    repanic();
  } else if (!strcmp(what, "recovered")) {
    printf("recovered_top returned %d\n", recovered_top());
    report("recover now", recover());
    panics_later();
  } else if (!strcmp(what, "inner")) {
    printf("inner_top returned %d\n", inner_top());
    return 0;
  }
  printf("NOT REACHED main\n");
  return 1;
}
