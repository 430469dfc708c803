// The checking mode (CDEFER_CHECK=1) verifies that every defer record is
// reachable only from the task that made it (SPEC.md 3.9). Here a record
// is pushed by hand with the runtime ABI while another task is current: a
// stack record of the thread's own task pushed on a fiber task, and a
// pooled record of one task pushed on another. Each is a fatal error naming
// the record and both tasks. Without the checking mode nothing is checked.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0
// RUN: %if !sampled %{ %cdefer-cc -O2 -g %s -o %t.O2g %}
// Under ASan's fake stacks a stack record's task cannot be told:
// RUN: %if !asan %{ env CDEFER_CHECK=1 not --crash %t.O0 stack 2>&1 | FileCheck %s --check-prefix=STACK %}
// RUN: %if !sampled %{ env CDEFER_CHECK=1 not --crash %t.O2g pooled 2>&1 | FileCheck %s --check-prefix=POOLED %}
// RUN: %if !sampled %{ env CDEFER_CHECK=1 not --crash %t.O2g twice 2>&1 | FileCheck %s --check-prefix=TWICE %}
// RUN: env CDEFER_CHECK=0 %t.O0 clean | FileCheck %s --check-prefix=CLEAN
// RUN: %if !sampled %{ env CDEFER_CHECK=1 %t.O2g clean | FileCheck %s --check-prefix=CLEAN %}
//
// STACK: cdefer: fatal error: checking mode: defer record 0x{{[0-9a-f]+}} pushed on task 0x{{[0-9a-f]+}}, but it belongs to task 0x{{[0-9a-f]+}}
// POOLED: cdefer: fatal error: checking mode: defer record 0x{{[0-9a-f]+}} pushed on task 0x{{[0-9a-f]+}}, but it belongs to task 0x{{[0-9a-f]+}}
// TWICE: cdefer: fatal error: checking mode: defer record 0x{{[0-9a-f]+}} pushed twice on task
// CLEAN: clean run done

#include <defer.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* The runtime ABI (docs/design.md, section 5). */
struct __cdefer_record {
  struct __cdefer_record *link;
  void *frame;
  void (*run)(void *);
  uint32_t flags, size_class;
  _Alignas(16) unsigned char payload[];
};
void __cdefer_push(struct __cdefer_record *);
struct __cdefer_record *__cdefer_alloc_record(size_t);
void __cdefer_run_frame(void *);

static void noop(void *payload) { (void)payload; }

static void say(const char *s) { printf("%s\n", s); }

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "clean";
  _Alignas(16) struct __cdefer_record on_stack;
  memset(&on_stack, 0, sizeof on_stack);
  char frame;
  on_stack.frame = &frame;
  on_stack.run = noop;
  if (strcmp(mode, "stack") == 0) {
    cdefer_task_switch(cdefer_task_create());
    __cdefer_push(&on_stack); /* the thread's stack, another task */
  } else if (strcmp(mode, "pooled") == 0) {
    cdefer_task_t *a = cdefer_task_create(), *b = cdefer_task_create();
    cdefer_task_switch(a);
    struct __cdefer_record *rec = __cdefer_alloc_record(8);
    rec->frame = &frame;
    rec->run = noop;
    cdefer_task_switch(b);
    __cdefer_push(rec); /* a's record on b */
  } else if (strcmp(mode, "twice") == 0) {
    __cdefer_push(&on_stack);
    __cdefer_push(&on_stack);
  } else {
    /* Ordinary use is clean in checking mode. */
    for (int i = 0; i < 3; i++)
      __attribute__((defer)) say("loop defer");
    __cdefer_push(&on_stack);
    __cdefer_run_frame(&frame);
    puts("clean run done");
  }
  return 0;
}
