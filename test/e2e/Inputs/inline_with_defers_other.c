/* The second file of inline_and_weak_functions_with_defers.c: the external
 * definition of the inline function, and the strong definition that
 * replaces the weak one. */
#include "inline_with_defers.h"

extern inline int inline_with_defer(int x);

int maybe_replaced(int x) {
  __attribute__((defer)) note("strong", x);
  return x * 10;
}
