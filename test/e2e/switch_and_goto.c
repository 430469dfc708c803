// Defer statements in switch cases (with fall-through and default), a
// backward goto that forms a loop around a defer (each pass pushes one
// deferred call: the site is in a CFG cycle, so pooled records), a forward
// goto that skips a defer (it never runs), and a goto to a shared exit
// label.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 | FileCheck %s
// RUN: %cdefer-cc -O2 %s -o %t.O2 && %run %t.O2 | FileCheck %s
// RUN: %if !sampled %{ %cdefer-cc -O0 -g %s -o %t.O0g && %run %t.O0g | FileCheck %s %}
// RUN: %if !sampled %{ %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g | FileCheck %s %}

#include <defer.h>
#include <stdio.h>

static void say(const char *s, int v) { printf("  %s %d\n", s, v); }

static int in_switch(int k) {
  __attribute__((defer)) say("switch done", k);
  switch (k) {
  case 0:
    __attribute__((defer)) say("case 0", k);
    break;
  case 1:
    __attribute__((defer)) say("case 1 (falls through)", k);
    /* fall through */
  case 2:
    __attribute__((defer)) say("case 2", k);
    break;
  case 3: {
    __attribute__((defer)) say("case 3 returns", k);
    return 30;
  }
  default:
    __attribute__((defer)) say("default", k);
    break;
  }
  return k;
}

static int goto_loop(int n) {
  int i = 0;
again:; /* an attribute right after a label would belong to the label */
  __attribute__((defer)) say("goto loop pass", i);
  if (++i < n)
    goto again;
  printf("  goto_loop body i=%d\n", i);
  return i;
}

static void goto_forward(int skip) {
  __attribute__((defer)) say("before the skipped defer", skip);
  if (skip)
    goto past;
  __attribute__((defer)) say("only when not skipped", skip);
past:;
  __attribute__((defer)) say("after the label", skip);
  printf("  goto_forward body\n");
}

static int shared_exit(int fail_at) {
  int r = 0;
  __attribute__((defer)) say("step 1 cleanup", fail_at);
  if (fail_at == 1) {
    r = -1;
    goto out;
  }
  __attribute__((defer)) say("step 2 cleanup", fail_at);
  if (fail_at == 2) {
    r = -2;
    goto out;
  }
  __attribute__((defer)) say("step 3 cleanup", fail_at);
  r = 3;
out:
  printf("  shared_exit out r=%d\n", r);
  return r;
}

/* Switch inside a loop: each iteration's taken case pushes one. */
static void switch_in_loop(void) {
  for (int i = 0; i < 4; i++) {
    switch (i % 3) {
    case 0:
      __attribute__((defer)) say("loop case 0 i", i);
      break;
    case 1:
      break;
    default:
      __attribute__((defer)) say("loop default i", i);
    }
  }
  printf("  switch_in_loop body\n");
}

volatile int inputs[] = {0, 1, 2, 3, 7};

int main(void) {
  for (int i = 0; i < 5; i++) {
    int k = inputs[i];
    printf("in_switch(%d)\n", k);
    printf("= %d\n", in_switch(k));
  }
  printf("goto_loop(3)\n");
  printf("= %d\n", goto_loop(inputs[3]));
  printf("goto_loop(1)\n");
  printf("= %d\n", goto_loop(inputs[1]));
  printf("goto_forward(1)\n");
  goto_forward(inputs[1]);
  printf("goto_forward(0)\n");
  goto_forward(inputs[0]);
  for (int i = 1; i < 4; i++) {
    printf("shared_exit(%d)\n", i);
    printf("= %d\n", shared_exit(inputs[i]));
  }
  printf("switch_in_loop\n");
  switch_in_loop();
  printf("done\n");
  return 0;
}

// CHECK:      in_switch(0)
// CHECK-NEXT:   case 0 0
// CHECK-NEXT:   switch done 0
// CHECK-NEXT: = 0
// CHECK-NEXT: in_switch(1)
// CHECK-NEXT:   case 2 1
// CHECK-NEXT:   case 1 (falls through) 1
// CHECK-NEXT:   switch done 1
// CHECK-NEXT: = 1
// CHECK-NEXT: in_switch(2)
// CHECK-NEXT:   case 2 2
// CHECK-NEXT:   switch done 2
// CHECK-NEXT: = 2
// CHECK-NEXT: in_switch(3)
// CHECK-NEXT:   case 3 returns 3
// CHECK-NEXT:   switch done 3
// CHECK-NEXT: = 30
// CHECK-NEXT: in_switch(7)
// CHECK-NEXT:   default 7
// CHECK-NEXT:   switch done 7
// CHECK-NEXT: = 7
// CHECK-NEXT: goto_loop(3)
// CHECK-NEXT:   goto_loop body i=3
// CHECK-NEXT:   goto loop pass 2
// CHECK-NEXT:   goto loop pass 1
// CHECK-NEXT:   goto loop pass 0
// CHECK-NEXT: = 3
// CHECK-NEXT: goto_loop(1)
// CHECK-NEXT:   goto_loop body i=1
// CHECK-NEXT:   goto loop pass 0
// CHECK-NEXT: = 1
// CHECK-NEXT: goto_forward(1)
// CHECK-NEXT:   goto_forward body
// CHECK-NEXT:   after the label 1
// CHECK-NOT:    only when not skipped
// CHECK-NEXT:   before the skipped defer 1
// CHECK-NEXT: goto_forward(0)
// CHECK-NEXT:   goto_forward body
// CHECK-NEXT:   after the label 0
// CHECK-NEXT:   only when not skipped 0
// CHECK-NEXT:   before the skipped defer 0
// CHECK-NEXT: shared_exit(1)
// CHECK-NEXT:   shared_exit out r=-1
// CHECK-NEXT:   step 1 cleanup 1
// CHECK-NEXT: = -1
// CHECK-NEXT: shared_exit(2)
// CHECK-NEXT:   shared_exit out r=-2
// CHECK-NEXT:   step 2 cleanup 2
// CHECK-NEXT:   step 1 cleanup 2
// CHECK-NEXT: = -2
// CHECK-NEXT: shared_exit(3)
// CHECK-NEXT:   shared_exit out r=3
// CHECK-NEXT:   step 3 cleanup 3
// CHECK-NEXT:   step 2 cleanup 3
// CHECK-NEXT:   step 1 cleanup 3
// CHECK-NEXT: = 3
// CHECK-NEXT: switch_in_loop
// CHECK-NEXT:   switch_in_loop body
// CHECK-NEXT:   loop case 0 i 3
// CHECK-NEXT:   loop default i 2
// CHECK-NEXT:   loop case 0 i 0
// CHECK-NEXT: done
