#ifndef STACK_H
#define STACK_H
struct stack;
struct stack *stack_new(int capacity);
void stack_free(struct stack *s);
void stack_push(struct stack *s, int v); /* panics when full */
int stack_pop(struct stack *s);          /* panics when empty */
#endif
