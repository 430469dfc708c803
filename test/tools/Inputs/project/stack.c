#include "stack.h"

#include <defer.h>
#include <stdio.h>
#include <stdlib.h>

struct stack {
  int n, capacity;
  int *items;
};

struct stack *stack_new(int capacity) {
  struct stack *s = malloc(sizeof *s);
  s->n = 0;
  s->capacity = capacity;
  s->items = malloc(sizeof(int) * (size_t)capacity);
  return s;
}

void stack_free(struct stack *s) {
  printf("stack_free(%d items left)\n", s->n);
  free(s->items);
  free(s);
}

void stack_push(struct stack *s, int v) {
  if (s->n == s->capacity)
    panic("stack full (capacity %d)", s->capacity);
  s->items[s->n++] = v;
}

int stack_pop(struct stack *s) {
  if (s->n == 0)
    panic("stack empty");
  return s->items[--s->n];
}
