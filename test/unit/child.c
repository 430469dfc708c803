/* child.c - runs code that ends the process (panic, fatal errors) in a
 * forked child and collects its exit status and output. */
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static void read_all(int fd, char *buf, size_t size) {
  size_t len = 0;
  ssize_t n;
  while ((n = read(fd, buf + len, size - 1 - len)) > 0)
    len += (size_t)n;
  buf[len] = '\0';
}

struct child_result run_in_child(void (*fn)(void)) {
  struct child_result r = {.status = -1};
  int out[2], err[2];
  if (pipe(out) != 0 || pipe(err) != 0)
    return r;
  fflush(NULL);
  pid_t pid = fork();
  if (pid < 0)
    return r;
  if (pid == 0) {
    dup2(out[1], STDOUT_FILENO);
    dup2(err[1], STDERR_FILENO);
    close(out[0]);
    close(err[0]);
    fn();
    _exit(99);
  }
  close(out[1]);
  close(err[1]);
  /* The outputs are small: they fit in the pipes, so reading one after the
   * other cannot deadlock. */
  read_all(out[0], r.stdout_, sizeof r.stdout_);
  read_all(err[0], r.stderr_, sizeof r.stderr_);
  close(out[0]);
  close(err[0]);
  if (waitpid(pid, &r.status, 0) != pid)
    r.status = -1;
  return r;
}
