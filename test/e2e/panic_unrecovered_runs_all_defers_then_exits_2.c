// An unrecovered panic (SPEC.md 3.4, 3.7): every pending deferred call of
// the task runs first -- in every frame, whatever its lowering, blocks
// included, innermost first -- then the report goes to stderr and the
// process exits with status exactly 2. Everything written to stdout before
// and during the unwind is flushed first, even a partial line, when stdout
// is a file (fully buffered). The message is printf-formatted and may be
// longer than any inline buffer. The backtrace starts at the function that
// called panic and goes on through its callers to main. Nothing from the
// program's normal path (NOT REACHED) is printed.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0
// RUN: %S/../expect-exit.sh 2 %run %t.O0 > %t.O0.out 2> %t.O0.err
// RUN: FileCheck %s --check-prefix=OUT < %t.O0.out
// RUN: FileCheck %s --check-prefix=ERR < %t.O0.err
// RUN: %cdefer-cc -O2 %s -o %t.O2
// RUN: %S/../expect-exit.sh 2 %run %t.O2 > %t.O2.out 2> %t.O2.err
// RUN: FileCheck %s --check-prefix=OUT < %t.O2.out
// RUN: FileCheck %s --check-prefix=ERR < %t.O2.err
// RUN: %if !sampled %{ %cdefer-cc -O0 -g %s -o %t.O0g %}
// RUN: %if !sampled %{ %S/../expect-exit.sh 2 %run %t.O0g > %t.O0g.out 2> %t.O0g.err %}
// RUN: %if !sampled %{ FileCheck %s --check-prefix=OUT < %t.O0g.out %}
// RUN: %if !sampled %{ FileCheck %s --check-prefix=ERR < %t.O0g.err %}
// RUN: %if !sampled %{ %cdefer-cc -O2 -g %s -o %t.O2g %}
// RUN: %if !sampled %{ %S/../expect-exit.sh 2 %run %t.O2g > %t.O2g.out 2> %t.O2g.err %}
// RUN: %if !sampled %{ FileCheck %s --check-prefix=OUT < %t.O2g.out %}
// RUN: %if !sampled %{ FileCheck %s --check-prefix=ERR < %t.O2g.err %}
//
// Both streams into one pipe: the program's output comes before the report.
// RUN: %S/../expect-exit.sh 2 %run %t.O2 2>&1 | FileCheck %s --check-prefix=BOTH
// RUN: %cdefer-cc -O3 --cdefer-static %s -o %t.static
// RUN: %S/../expect-exit.sh 2 %run %t.static 2>&1 | FileCheck %s --check-prefix=BOTH

#include <defer.h>
#include <stdio.h>
#include <string.h>

static void say(const char *s, int n) { printf("deferred %s %d\n", s, n); }

static char long_message[400];

__attribute__((noinline)) void panic_site(int depth) {
  __attribute__((defer)) say("panic_site", depth);
  printf("partial line before the panic, ");
  panic("unrecovered at depth %d: %s", depth, long_message);
}

/* Ten sites: chained stack records. */
__attribute__((noinline)) void stacked(void) {
  int value = 1;
  __attribute__((defer)) say("stacked", 1);
  __attribute__((defer)) say("stacked", 2);
  __attribute__((defer)) say("stacked", 3);
  __attribute__((defer)) say("stacked", 4);
  __attribute__((defer)) { printf("stacked block value=%d\n", value); }
  __attribute__((defer)) say("stacked", 6);
  __attribute__((defer)) say("stacked", 7);
  __attribute__((defer)) say("stacked", 8);
  __attribute__((defer)) say("stacked", 9);
  value = 2;
  panic_site(3);
  printf("NOT REACHED stacked\n");
}

/* Pooled records. */
__attribute__((noinline)) void pooled(int n) {
  for (int i = 0; i < n; i++)
    __attribute__((defer)) say("pooled", i);
  stacked();
  printf("NOT REACHED pooled\n");
}

/* No defers. */
__attribute__((noinline)) void plain(void) {
  pooled(3);
  printf("NOT REACHED plain\n");
}

/* Open-coded; its result is never produced. */
__attribute__((noinline)) int open_coded(void) {
  __attribute__((defer)) say("open_coded", 1);
  __attribute__((defer)) say("open_coded", 2);
  plain();
  printf("NOT REACHED open_coded\n");
  return 1;
}

int main(void) {
  memset(long_message, 'x', sizeof long_message - 2);
  long_message[sizeof long_message - 2] = '!';
  __attribute__((defer)) say("main", 0);
  printf("main starts\n");
  int r = open_coded();
  printf("NOT REACHED main %d\n", r);
  return 0;
}

// OUT:      main starts
// OUT-NEXT: partial line before the panic, deferred panic_site 3
// OUT-NEXT: deferred stacked 9
// OUT-NEXT: deferred stacked 8
// OUT-NEXT: deferred stacked 7
// OUT-NEXT: deferred stacked 6
// OUT-NEXT: stacked block value=2
// OUT-NEXT: deferred stacked 4
// OUT-NEXT: deferred stacked 3
// OUT-NEXT: deferred stacked 2
// OUT-NEXT: deferred stacked 1
// OUT-NEXT: deferred pooled 2
// OUT-NEXT: deferred pooled 1
// OUT-NEXT: deferred pooled 0
// OUT-NEXT: deferred open_coded 2
// OUT-NEXT: deferred open_coded 1
// OUT-NEXT: deferred main 0
// OUT-NOT:  {{.}}

// ERR:      {{^}}panic: unrecovered at depth 3: {{x{200}x{198}!$}}
// ERR-EMPTY:
// ERR-NEXT: {{^}}backtrace of the panic site:{{$}}
// ERR-NEXT: {{^}}  #0 {{ *}}0x{{[0-9a-f]+}} in panic_site+0x{{[0-9a-f]+}} ({{.+}}){{$}}
// ERR-NEXT: {{^}}  #1 {{ *}}0x{{[0-9a-f]+}} in stacked+0x{{[0-9a-f]+}} ({{.+}}){{$}}
// ERR-NEXT: {{^}}  #2 {{ *}}0x{{[0-9a-f]+}} in pooled+0x{{[0-9a-f]+}} ({{.+}}){{$}}
// ERR-NEXT: {{^}}  #3 {{ *}}0x{{[0-9a-f]+}} in plain+0x{{[0-9a-f]+}} ({{.+}}){{$}}
// ERR-NEXT: {{^}}  #4 {{ *}}0x{{[0-9a-f]+}} in open_coded+0x{{[0-9a-f]+}} ({{.+}}){{$}}
// ERR-NEXT: {{^}}  #5 {{ *}}0x{{[0-9a-f]+}} in main+0x{{[0-9a-f]+}} ({{.+}}){{$}}
// ERR-NOT:  NOT REACHED

// BOTH:      main starts
// BOTH-NEXT: partial line before the panic, deferred panic_site 3
// BOTH:      deferred open_coded 1
// BOTH-NEXT: deferred main 0
// BOTH-NEXT: {{^}}panic: unrecovered at depth 3: {{x+}}!{{$}}
// BOTH-EMPTY:
// BOTH-NEXT: backtrace of the panic site:
// BOTH-NEXT: {{^}}  #0 {{ *}}0x{{[0-9a-f]+}} in panic_site+0x{{[0-9a-f]+}} ({{.+}}){{$}}
// BOTH-NOT:  NOT REACHED
