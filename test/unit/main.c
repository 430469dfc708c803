/* main.c - runs every CUnit suite of the runtime; exits non-zero on any
 * failure, so ctest reports it. */
#include "unit.h"

#include <CUnit/Basic.h>
#include <stdio.h>

int add_tests(CU_pSuite suite, CU_TestInfo *tests) {
  for (; tests->pName != NULL; tests++)
    if (CU_add_test(suite, tests->pName, tests->pTestFunc) == NULL)
      return -1;
  return 0;
}

int main(void) {
  if (CU_initialize_registry() != CUE_SUCCESS)
    return CU_get_error();
  if (register_pool_tests() != 0 || register_chain_tests() != 0 ||
      register_panic_tests() != 0 || register_fault_tests() != 0 ||
      register_unwind_table_tests() != 0) {
    fprintf(stderr, "cannot register tests: %s\n", CU_get_error_msg());
    CU_cleanup_registry();
    return 1;
  }
  CU_basic_set_mode(CU_BRM_VERBOSE);
  CU_basic_run_tests();
  unsigned failures = CU_get_number_of_failures();
  unsigned failed_suites = CU_get_run_summary()->nSuitesFailed;
  CU_cleanup_registry();
  return failures != 0 || failed_suites != 0 ? 1 : 0;
}
