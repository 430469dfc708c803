// Several threads whose panics are unrecovered at the same moment (issue 13
// item 14): exactly one report is written, whole - one `panic:` line, a
// blank line, the backtrace - and the process exits with status 2; the
// other threads write nothing. Each run starts the threads together at a
// barrier; the test runs the program 25 times, as a child process whose
// stderr it reads, and checks each report line by line.
//
// RUN: %cdefer-cc -O0 %s -o %t.O0 -pthread && %run %t.O0 | FileCheck %s
// RUN: %cdefer-cc -O2 %s -o %t.O2 -pthread && %run %t.O2 | FileCheck %s
// RUN: %if !sampled %{ %cdefer-cc -O2 -g %s -o %t.O2g -pthread && %run %t.O2g | FileCheck %s %}
// RUN: %cdefer-cc -O2 -mllvm -cdefer-force-pooled %s -o %t.pooled -pthread && %run %t.pooled | FileCheck %s

#include <defer.h>
#include <pthread.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define THREADS 8
#define RUNS 25

static pthread_barrier_t barrier;
static volatile int deferred_calls;

static void count(void) { __atomic_add_fetch(&deferred_calls, 1, 0); }

__attribute__((noinline)) static void gives_up(int n) {
  __attribute__((defer)) count();
  pthread_barrier_wait(&barrier);
  panic("thread %d gives up", n);
}

static void *thread(void *arg) {
  gives_up((int)(long)arg);
  return NULL;
}

static int child(void) {
  pthread_t t[THREADS];
  pthread_barrier_init(&barrier, NULL, THREADS);
  for (long i = 0; i < THREADS; i++)
    pthread_create(&t[i], NULL, thread, (void *)i);
  for (int i = 0; i < THREADS; i++)
    pthread_join(t[i], NULL);
  return 0; /* not reached */
}

/* Runs the child once; returns NULL if its report is whole, else why not. */
static const char *check_one_run(const char *self, char *out, size_t cap) {
  int fds[2];
  if (pipe(fds) != 0)
    return "pipe";
  pid_t pid = fork();
  if (pid == 0) {
    dup2(fds[1], 2);
    close(fds[0]);
    close(fds[1]);
    /* Not /proc/self/exe: under valgrind that is valgrind's launcher. */
    execl(self, self, "child", (char *)NULL);
    _exit(127);
  }
  close(fds[1]);
  size_t len = 0;
  ssize_t n;
  while (len + 1 < cap && (n = read(fds[0], out + len, cap - 1 - len)) > 0)
    len += (size_t)n;
  out[len] = '\0';
  close(fds[0]);
  int status;
  waitpid(pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 2)
    return "exit status is not 2";
  regex_t panic_line, frame_line;
  regcomp(&panic_line, "^panic: thread [0-7] gives up$", REG_NOSUB);
  regcomp(&frame_line, "^  #[0-9]+ +0x[0-9a-f]+ ", REG_NOSUB | REG_EXTENDED);
  const char *error = NULL;
  int line_no = 0, frames = 0;
  char *copy = strdup(out), *save = NULL;
  for (char *line = strtok_r(copy, "\n", &save); line != NULL && !error;
       line = strtok_r(NULL, "\n", &save), line_no++) {
    if (line_no == 0 && regexec(&panic_line, line, 0, NULL, 0) != 0)
      error = "the first line is not one panic line";
    else if (line_no == 1 && strcmp(line, "backtrace of the panic site:") != 0)
      error = "no backtrace after the panic line";
    else if (line_no >= 2 && regexec(&frame_line, line, 0, NULL, 0) != 0)
      error = "a line that is not a frame after the backtrace's title";
    else if (line_no >= 2)
      frames++;
  }
  /* strtok_r skips the blank line: check it is there. */
  if (!error && strstr(out, " gives up\n\nbacktrace of the panic site:\n") == NULL)
    error = "no blank line before the backtrace";
  if (!error && frames == 0)
    error = "no frame in the backtrace";
  free(copy);
  regfree(&panic_line);
  regfree(&frame_line);
  return error;
}

int main(int argc, char **argv) {
  if (argc > 1)
    return child();
  static char out[65536];
  int whole = 0;
  for (int run = 0; run < RUNS; run++) {
    const char *error = check_one_run(argv[0], out, sizeof out);
    if (error != NULL)
      printf("run %d: %s:\n%s\n", run, error, out);
    else
      whole++;
  }
  printf("%d of %d runs wrote one whole report\n", whole, RUNS);
  return 0;
}

// CHECK-NOT: run
// CHECK:     25 of 25 runs wrote one whole report
