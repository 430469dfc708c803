/* The shared test driver of the cleanup-ladder example.
 *
 * Linked once with merge_goto.c (cdefer-ladder-goto) and once with
 * merge_defer.c (cdefer-ladder-defer). For each input data set it runs
 * merge_sorted() once without failures, counts the fallible steps that run
 * took (lock, fopen, malloc, each write, closing the output, rename), then
 * once more for each step N, making step N fail. After every run it prints
 * one line: the result, what OUT_PATH holds, the releases in the order they
 * happened, and how many resources were leaked or released twice. Both
 * programs must print the same lines (the tests compare them byte for byte).
 *
 * Usage: cdefer-ladder-{goto,defer} [--panic]
 *   --panic  the failing step panics instead of returning an error, and the
 *            driver recovers it: the defer version still releases everything;
 *            the goto ladder cannot (it leaks, which the summary shows).
 * Exit status: 0 when nothing leaked and nothing was released twice, else 1.
 */
#include "resources.h"

#include <defer.h>

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct data_set {
  const char *name;
  const char *a, *b; /* file contents; NULL: the file does not exist */
};

static const struct data_set data_sets[] = {
    {"good", "1\n4\n9\n", "2\n3\n10\n11\n"},
    {"empty", "", ""},
    {"bad-B", "1\n5\n", "2\nx\n"},
    {"unsorted-A", "5\n3\n", "4\n"},
    {"missing-B", "1\n", NULL},
};

static char dir[] = "/tmp/cdefer-ladder-XXXXXX";
static char path_a[4096], path_b[4096], path_out[4096], path_tmp[4096];

static void write_file(const char *path, const char *text) {
  FILE *f = fopen(path, "w");
  if (!f || fputs(text, f) == EOF || fclose(f) != 0) {
    perror(path);
    exit(2);
  }
}

/* The output file's contents on one line: "[1 2 3]", or "old". */
static void describe_output(char *desc, size_t size) {
  FILE *f = fopen(path_out, "r");
  if (!f) {
    snprintf(desc, size, "MISSING");
    return;
  }
  char line[64];
  size_t len = 0;
  desc[0] = '\0';
  while (fgets(line, sizeof line, f)) {
    line[strcspn(line, "\n")] = '\0';
    len +=
        (size_t)snprintf(desc + len, size - len, "%s%s", len ? " " : "[", line);
    if (len >= size)
      break;
  }
  fclose(f);
  if (strcmp(desc, "[old") == 0)
    snprintf(desc, size, "old");
  else if (len == 0)
    snprintf(desc, size, "[]");
  else if (len + 1 < size)
    strcat(desc, "]");
}

struct outcome {
  long result;
  const char *err;
  char panic_message[128];
};

/* Calls merge_sorted, turning a panic into a result of -2. */
static void call_merge(struct outcome *o) {
  __attribute__((defer)) {
    const cdefer_panic_t *p = recover();
    if (p) {
      o->result = -2;
      snprintf(o->panic_message, sizeof o->panic_message, "%s",
               cdefer_panic_message(p));
    }
  }
  o->result = merge_sorted(path_a, path_b, path_out, &o->err);
}

static int total_cases, total_leaks, total_doubles;

/* Runs one case; returns the number of fallible steps it took. */
static long run_case(const struct data_set *d, long fail_at, int by_panic) {
  write_file(path_out, "old\n");
  remove(path_tmp);
  res_reset();
  res_fail_at = fail_at;
  res_fail_by_panic = by_panic;

  struct outcome o = {0, "", ""};
  call_merge(&o);
  long steps = res_steps();
  const char *failed = res_failed_step();

  int doubles;
  int leaks = res_reclaim(&doubles);
  int tmp_left = access(path_tmp, F_OK) == 0;
  if (tmp_left) {
    remove(path_tmp);
    leaks++;
  }
  char out[256];
  describe_output(out, sizeof out);

  printf("%-10s step %2ld %-7s -> ", d->name, fail_at,
         failed ? failed : "none");
  if (o.result == -2)
    printf("panic \"%s\"", o.panic_message);
  else if (o.result < 0)
    printf("%ld \"%s\"", o.result, o.err);
  else
    printf("%ld", o.result);
  const char *released = res_release_log();
  printf("; out: %s; released: %s; leaks %d, double releases %d\n", out,
         *released ? released : "nothing", leaks, doubles);

  total_cases++;
  total_leaks += leaks;
  total_doubles += doubles;
  return steps;
}

static void remove_dir(void) {
  remove(path_a);
  remove(path_b);
  remove(path_out);
  remove(path_tmp);
  rmdir(dir);
}

int main(int argc, char **argv) {
  int by_panic = argc == 2 && strcmp(argv[1], "--panic") == 0;
  if (argc > 2 || (argc == 2 && !by_panic)) {
    fprintf(stderr, "usage: %s [--panic]\n", argv[0]);
    return 64;
  }
  if (!mkdtemp(dir)) {
    perror("mkdtemp");
    return 2;
  }
  __attribute__((defer)) remove_dir();
  snprintf(path_a, sizeof path_a, "%s/a.txt", dir);
  snprintf(path_b, sizeof path_b, "%s/b.txt", dir);
  snprintf(path_out, sizeof path_out, "%s/out.txt", dir);
  snprintf(path_tmp, sizeof path_tmp, "%s/out.txt.tmp", dir);

  for (size_t i = 0; i < sizeof data_sets / sizeof *data_sets; i++) {
    const struct data_set *d = &data_sets[i];
    remove(path_a);
    remove(path_b);
    if (d->a)
      write_file(path_a, d->a);
    if (d->b)
      write_file(path_b, d->b);
    long steps = run_case(d, 0, by_panic);
    for (long n = 1; n <= steps; n++)
      run_case(d, n, by_panic);
  }
  printf("%d cases: %d leaks, %d double releases\n", total_cases, total_leaks,
         total_doubles);
  return total_leaks || total_doubles ? 1 : 0;
}
