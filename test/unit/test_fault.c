/* test_fault.c - runtime faults (runtime/fault.c, fault_frames.c): the
 * registry of functions with defers and faults in a child process turned
 * into Go's report (call-site tables: test_unwind_tables.c). Recovery from
 * faults in frames with defers is tested end to end (test/e2e/fault_*). */
#include "internal.h"
#include "unit.h"

#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/wait.h>

/* --- The registry ------------------------------------------------------- */

static int fn_a, fn_b, fn_c; /* stand-ins for function addresses */

static struct __cdefer_fault_frame frames_one[] = {{.function = &fn_a},
                                                   {.function = &fn_b}};
static struct __cdefer_fault_frame frames_two[] = {{.function = &fn_c}};
static struct __cdefer_fault_table table_one = {NULL, frames_one, 2};
static struct __cdefer_fault_table table_two = {NULL, frames_two, 1};

static void test_registry(void) {
  CU_ASSERT_PTR_NULL(cdefer_fault_lookup((uintptr_t)&fn_a));
  __cdefer_register_fault_table(&table_one);
  __cdefer_register_fault_table(&table_two);
  CU_ASSERT_PTR_EQUAL(cdefer_fault_lookup((uintptr_t)&fn_a), &frames_one[0]);
  CU_ASSERT_PTR_EQUAL(cdefer_fault_lookup((uintptr_t)&fn_b), &frames_one[1]);
  CU_ASSERT_PTR_EQUAL(cdefer_fault_lookup((uintptr_t)&fn_c), &frames_two[0]);
  CU_ASSERT_PTR_NULL(cdefer_fault_lookup((uintptr_t)&fn_a + 1));
  __cdefer_unregister_fault_table(&table_one);
  CU_ASSERT_PTR_NULL(cdefer_fault_lookup((uintptr_t)&fn_a));
  CU_ASSERT_PTR_EQUAL(cdefer_fault_lookup((uintptr_t)&fn_c), &frames_two[0]);
  __cdefer_unregister_fault_table(&table_two);
  CU_ASSERT_PTR_NULL(cdefer_fault_lookup((uintptr_t)&fn_c));
  /* Unregistering twice is harmless. */
  __cdefer_unregister_fault_table(&table_two);
}

/* --- Faults in a child ---------------------------------------------------- */

static int *volatile null_pointer;
static volatile int zero, seven = 7;

static void dereference_null(void) {
  cdefer_enable_fault_panics();
  printf("%d\n", *null_pointer);
}

static void divide_by_zero(void) {
  cdefer_enable_fault_panics();
  printf("%d\n", seven / zero);
}

static void fault_without_panics(void) { printf("%d\n", *null_pointer); }

static void test_fault_reports(void) {
  struct child_result r = run_in_child(dereference_null);
  CU_ASSERT(WIFEXITED(r.status) && WEXITSTATUS(r.status) == 2);
  const char *segv =
      "panic: runtime error: invalid memory address or nil pointer "
      "dereference\n[signal SIGSEGV: segmentation violation code=0x1 "
      "addr=0x0 pc=0x";
  CU_ASSERT_EQUAL(strncmp(r.stderr_, segv, strlen(segv)), 0);

  r = run_in_child(divide_by_zero);
  CU_ASSERT(WIFEXITED(r.status) && WEXITSTATUS(r.status) == 2);
  const char *fpe = "panic: runtime error: integer divide by zero\n"
                    "[signal SIGFPE: floating-point exception code=0x1 ";
  CU_ASSERT_EQUAL(strncmp(r.stderr_, fpe, strlen(fpe)), 0);

  r = run_in_child(fault_without_panics);
  CU_ASSERT(WIFSIGNALED(r.status) && WTERMSIG(r.status) == SIGSEGV);
  CU_ASSERT_STRING_EQUAL(r.stderr_, "");
}

static void test_panic_signal(void) {
  CU_ASSERT_EQUAL(cdefer_panic_signal(NULL), 0);
}

int register_fault_tests(void) {
  CU_pSuite suite = CU_add_suite("fault", NULL, NULL);
  static CU_TestInfo tests[] = {
      {"registry of functions with defers", test_registry},
      {"faults become Go's report", test_fault_reports},
      {"cdefer_panic_signal", test_panic_signal},
      CU_TEST_INFO_NULL,
  };
  return suite == NULL ? -1 : add_tests(suite, tests);
}
