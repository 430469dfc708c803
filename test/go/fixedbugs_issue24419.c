// Port of Go 1.19 test/fixedbugs/issue24419.go: deferred calls of library
// routines that are implemented in assembly (bytes.Compare, bytes.Equal,
// bytes.IndexByte, strings.IndexByte), each in a goroutine that then grows
// its stack. Here: deferred calls of memcmp, bcmp, memchr and strchr
// (compiler builtins whose results are discarded), each in a thread that
// then recurses 10000 frames deep. Channels -> pthread_join.
// Expected output: Inputs/fixedbugs_issue24419.check, from regen-expected.sh.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 && %run %t.O0 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue24419.check
// RUN: %cdefer-cc -O2 -g %s -o %t.O2g && %run %t.O2g 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue24419.check
// RUN: %cdefer-cc -O0 %{chained} %s -o %t.cO0 && %run %t.cO0 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue24419.check
// RUN: %cdefer-cc -O2 %{chained} %s -o %t.cO2 && %run %t.cO2 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue24419.check
// RUN: %cdefer-cc -O0 %{pooled} %s -o %t.pO0 && %run %t.pO0 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue24419.check
// RUN: %cdefer-cc -O2 %{pooled} %s -o %t.pO2 && %run %t.pO2 2>&1 | %{gocheck} %S/Inputs/fixedbugs_issue24419.check

#include <defer.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include "Inputs/goport.h"

static void growstack(int n) {
  volatile int keep = n;
  if (n > 0)
    growstack(n - 1);
  (void)keep;
}

static void *compare(void *c) {
  __attribute__((defer)) memcmp("", "", 0);
  growstack(10000);
  return c;
}

static void *equal(void *c) {
  __attribute__((defer)) bcmp("", "", 0);
  growstack(10000);
  return c;
}

static void *indexByte(void *c) {
  __attribute__((defer)) memchr("", 0, 0);
  growstack(10000);
  return c;
}

static void *indexByteString(void *c) {
  __attribute__((defer)) strchr("", 0);
  growstack(10000);
  return c;
}

int main(void) {
  pthread_t t[4];
  pthread_create(&t[0], NULL, compare, NULL);
  pthread_create(&t[1], NULL, equal, NULL);
  pthread_create(&t[2], NULL, indexByte, NULL);
  pthread_create(&t[3], NULL, indexByteString, NULL);
  for (int i = 0; i < 4; i++)
    pthread_join(t[i], NULL);
  printf("ok\n");
  return 0;
}
