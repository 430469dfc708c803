// The shared library of the shared-library tests (built with -fPIC
// -shared): a function that defers and panics, and one that defers,
// calls back into the program and recovers the program's panic.
#include <defer.h>
#include <stdio.h>

static void say(const char *s) { printf("%s\n", s); }

static void lib_guard(void) {
  const cdefer_panic_t *p = recover();
  printf("library recovered: %s\n", p ? cdefer_panic_message(p) : "NULL");
}

int lib_panics(int n) {
  __attribute__((defer)) say("lib_panics deferred");
  if (n > 0)
    panic("from the library %d", n);
  return n;
}

int lib_calls_back(void (*fn)(int), int n) {
  __attribute__((defer)) lib_guard();
  __attribute__((defer)) say("lib_calls_back deferred");
  fn(n);
  return 1;
}
