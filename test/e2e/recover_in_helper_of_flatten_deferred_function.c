// recover() called by a helper of the deferred function returns NULL even
// when the deferred function is `flatten` (Clang marks its calls
// always-inline) or the call is under [[clang::always_inline]]: a function
// that calls recover keeps its frame. The helper used to be inlined into
// the deferred function by the call-site attribute and then recovered.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 | FileCheck %s
// RUN: %cdefer-cc -O2 %s -o %t.O2 && %run %t.O2 | FileCheck %s
// RUN: %if !sampled %{ %cdefer-cc -O0 -g %s -o %t.O0g && %run %t.O0g | FileCheck %s %}
// RUN: %if !sampled %{ %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g | FileCheck %s %}
// RUN: %cdefer-cc -O2 -mllvm -cdefer-max-open-coded=0 %s -o %t.stack && %run %t.stack | FileCheck %s
// RUN: %cdefer-cc -O2 -mllvm -cdefer-force-pooled %s -o %t.pool && %run %t.pool | FileCheck %s

#include <defer.h>
#include <stdio.h>

static void helper(const char *who) {
  const cdefer_panic_t *p = recover();
  printf("  %s: helper's recover: %s\n", who,
         p ? cdefer_panic_message(p) : "(nil)");
}

__attribute__((flatten)) static void flat_handler(void) {
  helper("flatten");
  const cdefer_panic_t *p = recover();
  printf("  flatten: own recover: %s\n", p ? cdefer_panic_message(p) : "(nil)");
}

static void statement_handler(void) {
  [[clang::always_inline]] helper("always_inline");
  const cdefer_panic_t *p = recover();
  printf("  always_inline: own recover: %s\n",
         p ? cdefer_panic_message(p) : "(nil)");
}

static void work(int which) {
  if (which)
    __attribute__((defer)) flat_handler();
  else
    __attribute__((defer)) statement_handler();
  panic("boom %d", which);
}

int main(void) {
  work(1);
  work(0);
  printf("done\n");
  return 0;
}

// CHECK:      flatten: helper's recover: (nil){{$}}
// CHECK-NEXT:   flatten: own recover: boom 1{{$}}
// CHECK-NEXT:   always_inline: helper's recover: (nil){{$}}
// CHECK-NEXT:   always_inline: own recover: boom 0{{$}}
// CHECK-NEXT: done{{$}}
