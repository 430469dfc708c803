// A defer statement as the unbraced body of if, else, for, while and do:
// it belongs to the function (it runs at return), once per execution.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 | FileCheck %s
// RUN: %cdefer-cc -O2 %s -o %t.O2 && %run %t.O2 | FileCheck %s
// RUN: %if !sampled %{ %cdefer-cc -O0 -g %s -o %t.O0g && %run %t.O0g | FileCheck %s %}
// RUN: %if !sampled %{ %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g | FileCheck %s %}

#include <defer.h>
#include <stdio.h>

static void sayi(const char *what, int i) { printf("%s %d\n", what, i); }

static void unbraced(int n) {
  if (n)
    __attribute__((defer)) sayi("if", n);
  else
    __attribute__((defer)) sayi("else", n);
  for (int i = 0; i < 2; i++)
    __attribute__((defer)) sayi("for", i);
  int k = 0;
  while (k++ < 2)
    __attribute__((defer)) sayi("while", k);
  do
    __attribute__((defer)) sayi("do", k);
  while (0);
  sayi("body", n);
}

int main(void) {
  // CHECK:      body 1
  // CHECK-NEXT: do 3
  // CHECK-NEXT: while 2
  // CHECK-NEXT: while 1
  // CHECK-NEXT: for 1
  // CHECK-NEXT: for 0
  // CHECK-NEXT: if 1
  unbraced(1);
  // CHECK-NEXT: body 0
  // CHECK:      else 0
  unbraced(0);
  return 0;
}
