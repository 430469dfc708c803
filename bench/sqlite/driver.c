/* driver.c - a small sqlite workload for bench/run.sh: the cost of
 * compiling code that has no defers with cdefer-cc (exception tables,
 * functions no longer nounwind) versus plain clang-22.
 *
 * It fills an in-memory database (inserts in transactions, through prepared
 * statements), builds an index, runs aggregate, join, LIKE and point
 * queries, and prints a checksum of the results (the same for every build)
 * and the time the workload took, elapsed (clock_gettime(CLOCK_MONOTONIC))
 * and on the CPU (CLOCK_PROCESS_CPUTIME_ID: on a machine shared with other
 * jobs, this one is not inflated by time spent waiting for a CPU):
 *
 *   checksum <n>
 *   ns <elapsed>
 *   cpu_ns <CPU time>
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sqlite3.h"

static sqlite3 *db;

static void check(int rc, const char *what) {
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
    fprintf(stderr, "driver: %s: %s\n", what, sqlite3_errmsg(db));
    exit(1);
  }
}

static void exec(const char *sql) {
  char *err = NULL;
  if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK) {
    fprintf(stderr, "driver: %s: %s\n", sql, err);
    exit(1);
  }
}

static sqlite3_stmt *prepare(const char *sql) {
  sqlite3_stmt *st = NULL;
  check(sqlite3_prepare_v2(db, sql, -1, &st, NULL), sql);
  return st;
}

/* Runs a query and folds every column of every row into the checksum. */
static unsigned long long query(const char *sql) {
  sqlite3_stmt *st = prepare(sql);
  unsigned long long sum = 0;
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW)
    for (int c = 0; c < sqlite3_column_count(st); c++) {
      const unsigned char *text = sqlite3_column_text(st, c);
      for (; text && *text; text++)
        sum = sum * 31 + *text;
    }
  check(rc, sql);
  sqlite3_finalize(st);
  return sum;
}

int main(int argc, char **argv) {
  int rows = argc > 1 ? atoi(argv[1]) : 100000;
  struct timespec t0, t1, c0, c1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c0);

  check(sqlite3_open(":memory:", &db), "open");
  exec("CREATE TABLE item(id INTEGER PRIMARY KEY, name TEXT, cat INTEGER,"
       " price REAL, qty INTEGER)");
  exec("CREATE TABLE cat(id INTEGER PRIMARY KEY, label TEXT)");

  sqlite3_stmt *ins = prepare("INSERT INTO item(name, cat, price, qty)"
                              " VALUES(?1, ?2, ?3, ?4)");
  unsigned seed = 12345;
  char name[64];
  for (int i = 0; i < rows; i++) {
    if (i % 1000 == 0)
      exec(i == 0 ? "BEGIN" : "COMMIT; BEGIN");
    seed = seed * 1103515245u + 12345u;
    snprintf(name, sizeof name, "item-%u-%d", seed % 100000u, i);
    sqlite3_bind_text(ins, 1, name, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(ins, 2, (int)(seed >> 8) % 50);
    sqlite3_bind_double(ins, 3, (double)(seed % 10000u) / 100.0);
    sqlite3_bind_int(ins, 4, (int)(seed >> 16) % 100);
    check(sqlite3_step(ins), "insert");
    sqlite3_reset(ins);
  }
  exec("COMMIT");
  sqlite3_finalize(ins);

  sqlite3_stmt *cins = prepare("INSERT INTO cat(id, label) VALUES(?1, ?2)");
  for (int c = 0; c < 50; c++) {
    snprintf(name, sizeof name, "category %d", c);
    sqlite3_bind_int(cins, 1, c);
    sqlite3_bind_text(cins, 2, name, -1, SQLITE_TRANSIENT);
    check(sqlite3_step(cins), "insert cat");
    sqlite3_reset(cins);
  }
  sqlite3_finalize(cins);
  exec("CREATE INDEX item_cat ON item(cat, price)");

  unsigned long long sum = 0;
  sum += query("SELECT cat, count(*), sum(qty), round(avg(price), 3)"
               " FROM item GROUP BY cat ORDER BY cat");
  sum += query("SELECT c.label, count(*) FROM item i JOIN cat c"
               " ON c.id = i.cat WHERE i.price > 50 GROUP BY c.label"
               " ORDER BY 2 DESC");
  sum += query("SELECT count(*) FROM item WHERE name LIKE '%-99%'");
  sum += query("SELECT name FROM item ORDER BY price DESC, id LIMIT 100");
  sqlite3_stmt *point = prepare("SELECT name, price FROM item WHERE id = ?1");
  for (int i = 1; i <= rows; i += 7) {
    sqlite3_bind_int(point, 1, i);
    while (sqlite3_step(point) == SQLITE_ROW)
      sum += (unsigned long long)sqlite3_column_double(point, 1);
    sqlite3_reset(point);
  }
  sqlite3_finalize(point);
  exec("UPDATE item SET qty = qty + 1 WHERE cat % 3 = 0");
  exec("DELETE FROM item WHERE price < 10");
  sum += query("SELECT count(*), sum(qty) FROM item");
  sqlite3_close(db);

  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c1);
  clock_gettime(CLOCK_MONOTONIC, &t1);
  printf("checksum %llu\n",  sum);
  printf("ns %lld\n", (long long)(t1.tv_sec - t0.tv_sec) * 1000000000LL +
                          (t1.tv_nsec - t0.tv_nsec));
  printf("cpu_ns %lld\n", (long long)(c1.tv_sec - c0.tv_sec) * 1000000000LL +
                              (c1.tv_nsec - c0.tv_nsec));
  return 0;
}
