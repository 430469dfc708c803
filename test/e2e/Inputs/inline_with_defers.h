/* A C99 inline function with a defer statement, and a weak one, shared by
 * inline_and_weak_functions_with_defers.c and its second file. */
#include <defer.h>
#include <stdio.h>

void note(const char *what, int x);

inline int inline_with_defer(int x) {
  __attribute__((defer)) note("inline", x);
  return x + 1;
}
