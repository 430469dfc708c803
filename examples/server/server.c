/* cdefer example: a line-oriented request server that survives panics.
 *
 * Each request is one line; each gets one response line:
 *
 *   add 2 3 4        ->  9            (panics on a bad number or overflow)
 *   div 7 2          ->  3 rem 1      (panics on division by zero)
 *   stats 4 1 9      ->  n=3 min=1 median=4 max=9 mean=4.67
 *   echo any text    ->  any text
 *   quit             ->  bye          (ends the session)
 *
 * A request whose handler panics gets `error: MESSAGE` and the server goes
 * on with the next line. serve_request() runs every request under a
 * deferred block that calls recover(); the buffers, the word list, the
 * statistics lock and the scratch arrays that the handler and its helpers
 * hold are each released by a deferred call written right after they were
 * acquired, so a panic at any depth releases exactly what was held at that
 * point, innermost first, before the recover block turns it into a response.
 *
 * Usage:
 *   cdefer-server [-v]                 requests on stdin, responses on stdout
 *   cdefer-server [-v] --tcp PORT [--max-clients N]
 *                                      serve 127.0.0.1:PORT (0: a free port)
 *   cdefer-server [-v] --unix PATH [--max-clients N]
 *
 * The socket modes serve one connection at a time and stop after N clients
 * when --max-clients is given. They print "listening on ADDRESS" on stderr
 * once they accept connections. -v logs every deferred release on stderr.
 */
#include <defer.h>

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

/* ---- bookkeeping ------------------------------------------------------ */

struct server {
  unsigned long requests; /* request lines served */
  unsigned long errors;   /* of which ended in a recovered panic */
  int verbose;            /* -v: log each deferred release */
};

static struct server srv;
static long live_allocations; /* xmalloc'd blocks not yet xfree'd */

static void vlog(const char *fmt, ...) CDEFER_PRINTF(1, 2);
static void vlog(const char *fmt, ...) {
  if (!srv.verbose)
    return;
  va_list ap;
  va_start(ap, fmt);
  fputs("    ", stderr);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
}

/* Allocation failure is a panic too: it ends the request, not the server. */
static void *xmalloc(size_t size) {
  void *p = malloc(size ? size : 1);
  if (!p)
    panic("out of memory (%zu bytes)", size);
  live_allocations++;
  return p;
}

static void xfree(void *p, const char *what) {
  if (!p)
    return;
  vlog("release %s", what);
  live_allocations--;
  free(p);
}

/* ---- the response buffer ---------------------------------------------- */

struct response {
  char *text;
  size_t len, cap;
};

static void response_printf(struct response *r, const char *fmt, ...)
    CDEFER_PRINTF(2, 3);
static void response_printf(struct response *r, const char *fmt, ...) {
  for (;;) {
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(r->text + r->len, r->cap - r->len, fmt, ap);
    va_end(ap);
    if (n < 0)
      panic("response: bad format");
    if ((size_t)n < r->cap - r->len) {
      r->len += (size_t)n;
      return;
    }
    /* Grow: the buffer moves, which is why its deferred release takes the
     * struct's address rather than r->text (arguments of a deferred call
     * are evaluated when the defer statement runs). */
    size_t cap = 2 * r->cap + (size_t)n;
    char *bigger = xmalloc(cap);
    memcpy(bigger, r->text, r->len + 1);
    xfree(r->text, "response buffer (grown)");
    r->text = bigger;
    r->cap = cap;
  }
}

static void response_release(struct response *r) {
  xfree(r->text, "response buffer");
}

/* ---- words ------------------------------------------------------------ */

struct words {
  int n;
  char **v;      /* n pointers into storage */
  char *storage; /* a copy of the line, split in place */
};

static void words_release(struct words *w) {
  xfree(w->v, "word list");
  xfree(w->storage, "line copy");
}

/* Splits LINE at blanks. The caller releases W. */
static void split_words(struct words *w, const char *line) {
  size_t len = strlen(line);
  w->storage = xmalloc(len + 1);
  memcpy(w->storage, line, len + 1);
  w->v = xmalloc((len / 2 + 1) * sizeof *w->v);
  w->n = 0;
  char *save;
  for (char *s = strtok_r(w->storage, " \t", &save); s;
       s = strtok_r(NULL, " \t", &save))
    w->v[w->n++] = s;
}

/* ---- handlers (each may panic) ---------------------------------------- */

static long long parse_number(const char *cmd, const char *word) {
  char *end;
  errno = 0;
  long long v = strtoll(word, &end, 10);
  if (end == word || *end != '\0')
    panic("%s: not a number: \"%s\"", cmd, word);
  if (errno == ERANGE)
    panic("%s: out of range: %s", cmd, word);
  return v;
}

static void handle_add(struct response *rsp, const struct words *w) {
  if (w->n < 2)
    panic("usage: add N...");
  long long sum = 0;
  for (int i = 1; i < w->n; i++)
    if (__builtin_add_overflow(sum, parse_number("add", w->v[i]), &sum))
      panic("add: integer overflow");
  response_printf(rsp, "%lld", sum);
}

static void handle_div(struct response *rsp, const struct words *w) {
  if (w->n != 3)
    panic("usage: div A B");
  long long a = parse_number("div", w->v[1]);
  long long b = parse_number("div", w->v[2]);
  if (b == 0)
    panic("division by zero");
  if (a == LLONG_MIN && b == -1)
    panic("div: integer overflow");
  response_printf(rsp, "%lld rem %lld", a / b, a % b);
}

/* The statistics lock: stands for any lock a handler must not leave held. */
static pthread_mutex_t stats_lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned long stats_computed;

static void unlock_stats(void) {
  vlog("release stats lock");
  pthread_mutex_unlock(&stats_lock);
}

static int compare_ll(const void *a, const void *b) {
  long long x = *(const long long *)a, y = *(const long long *)b;
  return (x > y) - (x < y);
}

/* Two levels down from the request: holds the lock and a sorted copy. A
 * sum that overflows panics with both held (and everything the callers
 * hold). */
static void summarize(struct response *rsp, const long long *values, size_t n) {
  pthread_mutex_lock(&stats_lock);
  __attribute__((defer)) unlock_stats();

  long long *sorted = xmalloc(n * sizeof *sorted);
  __attribute__((defer)) xfree(sorted, "sorted copy");
  memcpy(sorted, values, n * sizeof *sorted);
  qsort(sorted, n, sizeof *sorted, compare_ll);

  long long sum = 0;
  for (size_t i = 0; i < n; i++)
    if (__builtin_add_overflow(sum, sorted[i], &sum))
      panic("stats: the sum of %zu values overflows", n);
  stats_computed++;
  response_printf(rsp, "n=%zu min=%lld median=%lld max=%lld mean=%.2f", n,
                  sorted[0], sorted[n / 2], sorted[n - 1],
                  (double)sum / (double)n);
}

static void handle_stats(struct response *rsp, const struct words *w) {
  if (w->n < 2)
    panic("usage: stats N...");
  size_t n = (size_t)w->n - 1;
  long long *values = xmalloc(n * sizeof *values);
  __attribute__((defer)) xfree(values, "values");
  for (size_t i = 0; i < n; i++)
    values[i] = parse_number("stats", w->v[i + 1]); /* may panic */
  summarize(rsp, values, n);                        /* may panic */
}

/* The text of LINE after its first word and the blanks around it. */
static const char *after_first_word(const char *line) {
  line += strspn(line, " \t");
  line += strcspn(line, " \t");
  return line + strspn(line, " \t");
}

/* ---- one request ------------------------------------------------------ */

enum outcome { KEEP_GOING = 0, END_SESSION = 1 };

/* Serves one request line: writes exactly one response line to OUT. */
static enum outcome serve_request(FILE *out, const char *line) {
  unsigned long id = ++srv.requests;
  const char *status = "ok";

  /* Registered first, so it runs last: one log line per request. */
  __attribute__((defer)) {
    fprintf(stderr, "log: #%lu %s: %s\n", id, status, line);
  }

  /* Turns a panic from anywhere below into an error response. After it
   * recovers, serve_request returns normally to the session loop. */
  __attribute__((defer)) {
    const cdefer_panic_t *p = recover();
    if (p) {
      srv.errors++;
      status = "error";
      fprintf(out, "error: %s\n", cdefer_panic_message(p));
      fflush(out);
      cdefer_result(enum outcome) = KEEP_GOING;
    }
  }

  struct response rsp = {xmalloc(16), 0, 16};
  rsp.text[0] = '\0';
  __attribute__((defer)) response_release(&rsp);

  struct words w = {0};
  __attribute__((defer)) words_release(&w);
  split_words(&w, line);

  enum outcome result = KEEP_GOING;
  const char *cmd = w.v[0];
  if (strcmp(cmd, "add") == 0)
    handle_add(&rsp, &w);
  else if (strcmp(cmd, "div") == 0)
    handle_div(&rsp, &w);
  else if (strcmp(cmd, "stats") == 0)
    handle_stats(&rsp, &w);
  else if (strcmp(cmd, "echo") == 0)
    response_printf(&rsp, "%s", after_first_word(line));
  else if (strcmp(cmd, "quit") == 0) {
    response_printf(&rsp, "bye");
    status = "quit";
    result = END_SESSION;
  } else
    panic("unknown command \"%s\"", cmd);

  fprintf(out, "%s\n", rsp.text);
  fflush(out);
  return result;
}

/* ---- sessions --------------------------------------------------------- */

static int blank(const char *s) { return s[strspn(s, " \t\r\n")] == '\0'; }

/* Serves request lines from IN until end of input or quit. */
static void serve_session(FILE *in, FILE *out) {
  char *line = NULL;
  size_t cap = 0;
  /* getline may move the buffer: defer through its address. */
  __attribute__((defer)) { free(line); }

  ssize_t n;
  while ((n = getline(&line, &cap, in)) != -1) {
    line[strcspn(line, "\r\n")] = '\0';
    if (blank(line))
      continue;
    if (serve_request(out, line) == END_SESSION)
      break;
  }
}

static void close_logged(FILE *f, const char *what) {
  vlog("release %s", what);
  fclose(f);
}

/* One client connection: two streams on the socket, each closed by a
 * deferred call when the session ends. This is a function of its own on
 * purpose: defers run at function return, so writing them in the accept
 * loop would keep every connection open until the loop ended. */
static void serve_connection(int fd) {
  FILE *in = fdopen(fd, "r");
  if (!in) {
    close(fd);
    return;
  }
  __attribute__((defer)) close_logged(in, "connection input");

  int fd2 = dup(fd);
  FILE *out = fd2 < 0 ? NULL : fdopen(fd2, "w");
  if (!out) {
    if (fd2 >= 0)
      close(fd2);
    return;
  }
  __attribute__((defer)) close_logged(out, "connection output");

  serve_session(in, out);
}

static int serve_socket(int listener, long max_clients) {
  for (long clients = 0; max_clients < 0 || clients < max_clients;) {
    int fd = accept(listener, NULL, NULL);
    if (fd < 0) {
      if (errno == EINTR || errno == ECONNABORTED)
        continue;
      perror("cdefer-server: accept");
      return 1;
    }
    clients++;
    fprintf(stderr, "log: client %ld connected\n", clients);
    serve_connection(fd);
    fprintf(stderr, "log: client %ld done\n", clients);
  }
  return 0;
}

static void close_fd(int fd) { close(fd); }

static int listen_tcp(long port, long max_clients) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) {
    perror("cdefer-server: socket");
    return 1;
  }
  __attribute__((defer)) close_fd(fd);

  int on = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
  struct sockaddr_in addr = {0};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK); /* loopback only */
  addr.sin_port = htons((uint16_t)port);
  socklen_t len = sizeof addr;
  if (bind(fd, (struct sockaddr *)&addr, sizeof addr) != 0 ||
      listen(fd, 8) != 0 ||
      getsockname(fd, (struct sockaddr *)&addr, &len) != 0) {
    perror("cdefer-server: 127.0.0.1");
    return 1;
  }
  fprintf(stderr, "listening on 127.0.0.1:%u\n", ntohs(addr.sin_port));
  return serve_socket(fd, max_clients);
}

static void remove_socket_file(const char *path) { unlink(path); }

static int listen_unix(const char *path, long max_clients) {
  struct sockaddr_un addr = {0};
  if (strlen(path) >= sizeof addr.sun_path) {
    fprintf(stderr, "cdefer-server: socket path too long: %s\n", path);
    return 1;
  }
  int fd = socket(AF_UNIX, SOCK_STREAM, 0);
  if (fd < 0) {
    perror("cdefer-server: socket");
    return 1;
  }
  __attribute__((defer)) close_fd(fd);

  addr.sun_family = AF_UNIX;
  strcpy(addr.sun_path, path);
  if (bind(fd, (struct sockaddr *)&addr, sizeof addr) != 0) {
    perror(path);
    return 1;
  }
  __attribute__((defer)) remove_socket_file(path);
  if (listen(fd, 8) != 0) {
    perror(path);
    return 1;
  }
  fprintf(stderr, "listening on %s\n", path);
  return serve_socket(fd, max_clients);
}

/* ---- main ------------------------------------------------------------- */

static void usage(void) {
  fprintf(stderr, "usage: cdefer-server [-v] [--tcp PORT | --unix PATH] "
                  "[--max-clients N]\n");
  exit(64);
}

static long number_arg(const char *s, long min, long max) {
  char *end;
  long v = strtol(s, &end, 10);
  if (end == s || *end || v < min || v > max)
    usage();
  return v;
}

/* Written when main returns, after every other deferred call. */
static void report(void) {
  int lock_free = pthread_mutex_trylock(&stats_lock) == 0;
  if (lock_free)
    pthread_mutex_unlock(&stats_lock);
  fprintf(stderr,
          "served %lu requests, %lu errors; live allocations: %ld; "
          "stats lock: %s\n",
          srv.requests, srv.errors, live_allocations,
          lock_free ? "free" : "HELD");
}

int main(int argc, char **argv) {
  long port = -1, max_clients = -1;
  const char *unix_path = NULL;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "-v") == 0)
      srv.verbose = 1;
    else if (strcmp(argv[i], "--tcp") == 0 && i + 1 < argc)
      port = number_arg(argv[++i], 0, 65535);
    else if (strcmp(argv[i], "--unix") == 0 && i + 1 < argc)
      unix_path = argv[++i];
    else if (strcmp(argv[i], "--max-clients") == 0 && i + 1 < argc)
      max_clients = number_arg(argv[++i], 1, LONG_MAX);
    else
      usage();
  }
  if (port >= 0 && unix_path)
    usage();

  __attribute__((defer)) report();
  if (port >= 0 || unix_path) {
    signal(SIGPIPE, SIG_IGN); /* a client that goes away is not fatal */
    return unix_path ? listen_unix(unix_path, max_clients)
                     : listen_tcp(port, max_clients);
  }
  serve_session(stdin, stdout);
  return 0;
}
