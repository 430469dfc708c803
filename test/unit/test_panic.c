/* test_panic.c - panic, recover and fatal errors as far as this build
 * implements them (runtime/panic.c, runtime/fatal.c). */
#include "internal.h"
#include "unit.h"

#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

static void check_exit(struct child_result r, int code) {
  CU_ASSERT_FATAL(r.status != -1);
  CU_ASSERT(WIFEXITED(r.status));
  if (WIFEXITED(r.status))
    CU_ASSERT_EQUAL(WEXITSTATUS(r.status), code);
}

static void check_abort(struct child_result r) {
  CU_ASSERT_FATAL(r.status != -1);
  CU_ASSERT(WIFSIGNALED(r.status));
  if (WIFSIGNALED(r.status))
    CU_ASSERT_EQUAL(WTERMSIG(r.status), SIGABRT);
}

static void panic_with_output(void) {
  printf("before the panic\n"); /* buffered: stdout is a pipe */
  cdefer_panic("boom %d %s", 42, "now");
}

static void test_unrecovered_panic(void) {
  struct child_result r = run_in_child(panic_with_output);
  check_exit(r, 2);
  CU_ASSERT_STRING_EQUAL(r.stdout_, "before the panic\n");
  CU_ASSERT_STRING_EQUAL(r.stderr_,
                         "panic: boom 42 now\n"
                         "cdefer: panic/recover are not supported yet in this "
                         "build; deferred calls were not run\n");
}

static void panic_short_name(void) { panic("%s", "short"); }

static void test_short_name(void) {
  struct child_result r = run_in_child(panic_short_name);
  check_exit(r, 2);
  CU_ASSERT_PTR_NOT_NULL(strstr(r.stderr_, "panic: short\n"));
}

static void test_recover_outside_panic(void) {
  CU_ASSERT_PTR_NULL(cdefer_recover());
  CU_ASSERT_PTR_NULL(recover());
}

static void test_message(void) {
  char text[] = "the message";
  struct cdefer_panic p = {.link = NULL, .message = text};
  CU_ASSERT_STRING_EQUAL(cdefer_panic_message(&p), "the message");
  CU_ASSERT_STRING_EQUAL(cdefer_panic_message(NULL), "");
}

static void alloc_huge_record(void) { __cdefer_alloc_record(SIZE_MAX - 8); }

static void test_out_of_memory_is_fatal(void) {
  struct child_result r = run_in_child(alloc_huge_record);
  check_abort(r);
  CU_ASSERT_PTR_NOT_NULL(
      strstr(r.stderr_, "cdefer: fatal error: out of memory allocating a "
                        "defer record of"));
}

#ifndef NDEBUG
static void put_linked_record(void) {
  struct cdefer_task *task = cdefer_current_task();
  struct __cdefer_record *rec = cdefer_pool_get(task, 8);
  rec->link = rec;
  cdefer_pool_put(task, rec);
}

static void test_put_of_linked_record_is_fatal(void) {
  struct child_result r = run_in_child(put_linked_record);
  check_abort(r);
  CU_ASSERT_PTR_NOT_NULL(strstr(r.stderr_, "cdefer: fatal error: defer "
                                           "record"));
  CU_ASSERT_PTR_NOT_NULL(strstr(r.stderr_, "while still linked"));
}
#endif

int register_panic_tests(void) {
  CU_pSuite suite = CU_add_suite("panic", NULL, NULL);
  if (suite == NULL)
    return -1;
  static const struct {
    const char *name;
    CU_TestFunc fn;
  } tests[] = {
      {"unrecovered panic", test_unrecovered_panic},
      {"short name", test_short_name},
      {"recover outside a panic", test_recover_outside_panic},
      {"panic message", test_message},
      {"out of memory is fatal", test_out_of_memory_is_fatal},
#ifndef NDEBUG
      {"put of a linked record is fatal", test_put_of_linked_record_is_fatal},
#endif
  };
  for (size_t i = 0; i < sizeof tests / sizeof tests[0]; i++)
    if (CU_add_test(suite, tests[i].name, tests[i].fn) == NULL)
      return -1;
  return 0;
}
