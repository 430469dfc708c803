// The second translation unit of the -flto tests: a function that panics
// after deferring a call, and one that recovers a panic raised by a
// callback from the first unit.
#include <defer.h>
#include <stdio.h>

static void say(const char *s) { printf("%s\n", s); }

static void other_guard(void) {
  const cdefer_panic_t *p = recover();
  printf("other unit recovered: %s\n", p ? cdefer_panic_message(p) : "NULL");
}

int other_panics(int n) {
  __attribute__((defer)) say("other_panics deferred");
  if (n > 0)
    panic("from the other unit %d", n);
  return n;
}

int other_calls_back(void (*fn)(int), int n) {
  __attribute__((defer)) other_guard();
  __attribute__((defer)) say("other_calls_back deferred");
  fn(n);
  return 1;
}
