/* An out-of-tree program using an installed cdefer: built by the install
 * test with the CMake package, with pkg-config and make, and with cdefer-cc. */
#include <defer.h>
#include <stdio.h>
#include <stdlib.h>

static void say(const char *what) { printf("deferred: %s\n", what); }

static int risky(int n) {
  __attribute__((defer)) {
    const cdefer_panic_t *p = recover();
    if (p) {
      printf("recovered: %s\n", cdefer_panic_message(p));
      cdefer_result(int) = -1;
    }
  }
  char *buf = malloc(16);
  __attribute__((defer)) free(buf);
  __attribute__((defer)) say("risky");
  if (n < 0)
    panic("negative input %d", n);
  return n * 2;
}

int main(void) {
  for (int i = 1; i >= -1; i -= 2)
    __attribute__((defer)) say(i > 0 ? "loop 1" : "loop -1");
  printf("risky(4) = %d\n", risky(4));
  printf("risky(-3) = %d\n", risky(-3));
  return 0;
}
