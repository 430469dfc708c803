// Programs that mix translation units compiled with cdefer and one compiled
// by plain clang-22 without the plugins (Inputs/plain_unit.c). The rules:
// a plain frame is passed through by a panic when it has unwind tables
// (-fasynchronous-unwind-tables, clang's default on x86-64); its cleanup
// variables run only if it was compiled with -fexceptions; plain code may
// call panic(). A plain frame without unwind tables ends the unwind: the
// panic is reported as unrecovered, the deferred calls above that frame do
// not run, and the report names the frame.
//
// Plain unit with the defaults: the panic passes, the cleanup does not run.
// RUN: %clang -O0 -c %S/Inputs/plain_unit.c -I%S/../../include -o %t.plain0.o
// RUN: %clang -O2 -c %S/Inputs/plain_unit.c -I%S/../../include -o %t.plain2.o
// RUN: %cdefer-cc -O0 %s %t.plain0.o -o %t.O0 && %run %t.O0 | FileCheck %s --check-prefixes=CHECK,NOCLEANUP
// RUN: %cdefer-cc -O2 %s %t.plain2.o -o %t.O2 && %run %t.O2 | FileCheck %s --check-prefixes=CHECK,NOCLEANUP
// RUN: %cdefer-cc -O0 -g %s %t.plain2.o -o %t.O0g && %run %t.O0g | FileCheck %s --check-prefixes=CHECK,NOCLEANUP
// RUN: %cdefer-cc -O2 -g %s %t.plain0.o -o %t.O2g && %run %t.O2g | FileCheck %s --check-prefixes=CHECK,NOCLEANUP
//
// Plain unit with -fexceptions: its cleanup variable runs during the panic.
// RUN: %clang -O2 -fexceptions -c %S/Inputs/plain_unit.c -I%S/../../include -o %t.plainx.o
// RUN: %cdefer-cc -O2 %s %t.plainx.o -o %t.x && %run %t.x | FileCheck %s --check-prefixes=CHECK,CLEANUP
//
// Plain unit without unwind tables: the unwind stops at its frame.
// RUN: %clang -O2 -fno-asynchronous-unwind-tables -fno-unwind-tables -c %S/Inputs/plain_unit.c -I%S/../../include -o %t.plainnt.o
// RUN: %cdefer-cc -O2 %s %t.plainnt.o -o %t.nt
// RUN: %S/../expect-exit.sh 2 %run %t.nt > %t.nt.out 2> %t.nt.err
// RUN: FileCheck %s --check-prefix=NOTABLES-OUT < %t.nt.out
// RUN: FileCheck %s --check-prefix=NOTABLES-ERR < %t.nt.err
//
// A defer statement in a unit compiled without cdefer is never silently
// dropped: __attribute__((defer)) is a syntax error, and clang warns that
// it ignores [[cdefer::defer]].
// RUN: echo 'void f(void); void g(void) { __attribute__((defer)) f(); }' | not %clang -x c -fsyntax-only - 2>&1 | FileCheck %s --check-prefix=NOPLUGIN
// NOPLUGIN: error: expected identifier or '('
// RUN: echo 'void f(void); void g(void) { [[cdefer::defer]] f(); }' | %clang -x c -std=c23 -fsyntax-only - 2>&1 | FileCheck %s --check-prefix=NOPLUGIN23
// NOPLUGIN23: warning: unknown attribute 'cdefer::defer' ignored

#include <defer.h>
#include <stdio.h>

void plain_middle(int n);
void plain_panics(const char *why);

static void say(const char *s) { printf("%s\n", s); }

static void guard(void) {
  const cdefer_panic_t *p = recover();
  printf("recovered: %s\n", p ? cdefer_panic_message(p) : "NULL");
}

/* Called by the plain unit. */
void cdefer_unit_work(int n) {
  __attribute__((defer)) say("cdefer_unit_work deferred");
  if (n > 0)
    panic("through a plain frame %d", n);
}

static int through_plain(int n) {
  __attribute__((defer)) guard();
  __attribute__((defer)) say("through_plain deferred");
  plain_middle(n);
  return 1;
}

static int plain_raises(void) {
  __attribute__((defer)) guard();
  plain_panics("bad input");
  return 1;
}

int main(void) {
  printf("through_plain returned %d\n", through_plain(0));
  printf("through_plain returned %d\n", through_plain(4));
  printf("plain_raises returned %d\n", plain_raises());
  return 0;
}

// CHECK:      plain_middle calls the cdefer unit
// CHECK-NEXT: cdefer_unit_work deferred
// CHECK-NEXT: plain_middle returns 0
// CHECK-NEXT: plain cleanup 0
// CHECK-NEXT: through_plain deferred
// CHECK-NEXT: recovered: NULL
// CHECK-NEXT: through_plain returned 1
// CHECK-NEXT: plain_middle calls the cdefer unit
// CHECK-NEXT: cdefer_unit_work deferred
// CLEANUP-NEXT: plain cleanup 4
// CHECK-NEXT: through_plain deferred
// CHECK-NEXT: recovered: through a plain frame 4
// CHECK-NEXT: through_plain returned 0
// CHECK-NEXT: plain_panics
// CHECK-NEXT: recovered: plain unit: bad input
// CHECK-NEXT: plain_raises returned 0
// CHECK-NOT:  {{.}}
// NOCLEANUP-NOT: plain cleanup 4

// NOTABLES-OUT:      plain_middle calls the cdefer unit
// NOTABLES-OUT-NEXT: cdefer_unit_work deferred
// NOTABLES-OUT-NEXT: plain_middle returns 0
// NOTABLES-OUT-NEXT: plain cleanup 0
// NOTABLES-OUT-NEXT: through_plain deferred
// NOTABLES-OUT-NEXT: recovered: NULL
// NOTABLES-OUT-NEXT: through_plain returned 1
// NOTABLES-OUT-NEXT: plain_middle calls the cdefer unit
// NOTABLES-OUT-NEXT: cdefer_unit_work deferred
// NOTABLES-OUT-NOT:  {{.}}
// NOTABLES-ERR:      panic: through a plain frame 4
// NOTABLES-ERR:      backtrace of the panic site:
// NOTABLES-ERR-NEXT: #0 {{.*}} in cdefer_unit_work
// NOTABLES-ERR:      the unwind stopped at a frame without unwind tables
// NOTABLES-ERR:      #1 {{.*}} in plain_middle
