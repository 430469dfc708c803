#include "stack.h"

#include <defer.h>
#include <stdio.h>

static int sum_of_first(int count) {
  __attribute__((defer)) {
    const cdefer_panic_t *p = recover();
    if (p) {
      printf("recovered: %s\n", cdefer_panic_message(p));
      cdefer_result(int) = -1;
    }
  }
  struct stack *s = stack_new(3);
  __attribute__((defer)) stack_free(s);
  for (int i = 1; i <= count; i++)
    stack_push(s, i);
  int sum = 0;
  for (int i = 0; i < count; i++)
    sum += stack_pop(s);
  return sum;
}

int main(void) {
  printf("sum 3 = %d\n", sum_of_first(3));
  printf("sum 5 = %d\n", sum_of_first(5));
  return 0;
}
