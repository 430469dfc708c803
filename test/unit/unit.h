/* unit.h - shared helpers of the runtime's CUnit tests. */
#ifndef CDEFER_TEST_UNIT_H
#define CDEFER_TEST_UNIT_H

#include <CUnit/CUnit.h>
#include <stddef.h>

/* Each test file adds its suite to the registry; 0 on success. */
int register_pool_tests(void);
int register_chain_tests(void);
int register_panic_tests(void);
int register_fault_tests(void);
int register_unwind_table_tests(void);

/* Adds tests, ended by CU_TEST_INFO_NULL, to suite; 0 on success. */
int add_tests(CU_pSuite suite, CU_TestInfo *tests);

/* What a function run in a child process did. */
struct child_result {
  int status;        /* as from waitpid; -1 if the child could not be run */
  char stdout_[512]; /* the start of its stdout, NUL-terminated */
  char stderr_[512]; /* the start of its stderr, NUL-terminated */
};

/* Runs fn in a forked child that must end the process itself (a child that
 * returns from fn exits with status 99). */
struct child_result run_in_child(void (*fn)(void));

#endif
