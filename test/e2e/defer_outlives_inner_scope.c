// A defer statement in a block scope that ends before the function returns:
// the deferred call holds a pointer to an array declared in that scope and
// reads it at return; a deferred block declared inside an inner scope
// reads that scope's variables at return. The storage stays valid until
// the function returns (docs/design.md 4.5), even though later scopes
// declare same-sized arrays that the optimiser could otherwise have put in
// the same stack slot.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 | FileCheck %s
// RUN: %cdefer-cc -O2 %s -o %t.O2 && %run %t.O2 | FileCheck %s
// RUN: %if !sampled %{ %cdefer-cc -O0 -g %s -o %t.O0g && %run %t.O0g | FileCheck %s %}
// RUN: %if !sampled %{ %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g | FileCheck %s %}
// RUN: %cdefer-cc -O2 -mllvm -cdefer-max-open-coded=0 %s -o %t.stack && %run %t.stack | FileCheck %s

#include <defer.h>
#include <stdio.h>
#include <string.h>

static void sum_array(const char *tag, const int *a, int n) {
  int s = 0;
  for (int i = 0; i < n; i++)
    s += a[i];
  printf("%s: a[0]=%d sum=%d\n", tag, a[0], s);
}

static void print_string(const char *s) { printf("string: %s\n", s); }

/* Opaque to the optimiser: keeps the other arrays alive and written. */
__attribute__((noinline)) static void scribble(int *a, int n, int v) {
  for (int i = 0; i < n; i++)
    a[i] = v;
  __asm__ volatile("" : : "r"(a) : "memory");
}

static void inner_scopes(void) {
  {
    int arr[16];
    for (int i = 0; i < 16; i++)
      arr[i] = i + 1;
    __attribute__((defer)) sum_array("inner array", arr, 16);
    {
      int inner = 7;
      char name[16] = "inner";
      __attribute__((defer)) {
        printf("block: inner=%d arr[0]=%d name=%s\n", inner, arr[0], name);
      }
      inner = 8;
      strcpy(name, "changed");
    }
    arr[0] = 100;
  }
  {
    int other[16];
    scribble(other, 16, 99);
    sum_array("other array", other, 16);
  }
  {
    char text[32];
    strcpy(text, "from a finished scope");
    __attribute__((defer)) print_string(text);
  }
  {
    char clobber[32];
    memset(clobber, 'X', sizeof clobber - 1);
    clobber[31] = 0;
    scribble((int *)clobber, 4, 0x41414141);
  }
  printf("inner_scopes end\n");
}

/* The same with the defer inside an if's scope and a return in between. */
static int scope_then_return(int flag) {
  if (flag) {
    int values[4] = {1, 2, 3, 4};
    __attribute__((defer)) sum_array("if scope", values, 4);
    values[3] = 40;
  }
  int later[4];
  scribble(later, 4, -1);
  return later[0];
}

int main(void) {
  inner_scopes();
  printf("--\n");
  printf("returned %d\n", scope_then_return(1));
  printf("done\n");
  return 0;
}

// CHECK:      other array: a[0]=99 sum=1584
// CHECK-NEXT: inner_scopes end
// CHECK-NEXT: string: from a finished scope
// CHECK-NEXT: block: inner=8 arr[0]=100 name=changed
// CHECK-NEXT: inner array: a[0]=100 sum=235
// CHECK-NEXT: --
// CHECK-NEXT: if scope: a[0]=1 sum=46
// CHECK-NEXT: returned -1
// CHECK-NEXT: done
