// The translation unit of the mixed-unit tests that is compiled by plain
// clang-22, without cdefer's plugins: it calls into the cdefer unit, is
// called from it, has a cleanup variable in a frame that a panic passes
// through, and raises a panic of its own (defer.h's API needs no plugin).
#include <defer.h>
#include <stdio.h>

void cdefer_unit_work(int n);

static void plain_cleanup(int *n) { printf("plain cleanup %d\n", *n); }

void plain_middle(int n) {
  __attribute__((cleanup(plain_cleanup))) int x = n;
  printf("plain_middle calls the cdefer unit\n");
  cdefer_unit_work(n);
  printf("plain_middle returns %d\n", x);
}

void plain_panics(const char *why) {
  printf("plain_panics\n");
  panic("plain unit: %s", why);
}
