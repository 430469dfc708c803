/* test_unwind_tables.c - how the runtime reads unwind tables and steps
 * frames (runtime/dwarf.c, frame.c, frame_cache.c): call-site tables, the
 * CFA program on hand-made FDEs, the per-pc cache, and the runtime's step
 * compared with libunwind's at every sampled pc of every function loaded
 * (the test binary, libc, libunwind). Panics through real frames are
 * tested end to end (test/e2e). */
#define _GNU_SOURCE
#include "internal.h"
#include "unit.h"

#include <dlfcn.h>
#include <link.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- Call-site tables --------------------------------------------------- */

/* No LPStart, no type table, call sites in uleb128: [0x10, 0x18) lands at
 * 0x40, [0x20, 0x24) has no landing pad, [0x30, 0x40) lands at 0x50. */
static const uint8_t lsda_uleb[] = {
    0xff, 0xff, 0x01, 12,    /* header: 3 sites of 4 bytes */
    0x10, 0x08, 0x40, 0x00,  /* start, length, landing pad, action */
    0x20, 0x04, 0x00, 0x00,  /* no landing pad */
    0x30, 0x10, 0x50, 0x01}; /* action 1 */

/* The same with a type table and udata4 call sites (older compilers). */
static const uint8_t lsda_udata4[] = {
    0xff, 0x9b, 0x7f, 0x03, 26, /* ttype, sites */
    0x10, 0,    0,    0,    0x08, 0, 0, 0, 0x40, 0, 0, 0, 0x00,  /* 13 bytes */
    0x30, 0,    0,    0,    0x10, 0, 0, 0, 0x00, 0, 0, 0, 0x00}; /* no pad */

/* sleb128 call sites: 0x40 needs two bytes (a one-byte 0x40 is -64). */
static const uint8_t lsda_sleb[] = {0xff, 0xff, 0x09, 5,   0x10,
                                    0x08, 0xc0, 0x00, 0x00};

/* An absolute LPStart of 0x5000: landing pads are relative to it. */
static const uint8_t lsda_lpstart[] = {0x00, 0x00, 0x50, 0, 0, 0, 0,
                                       0,    0,    0xff, 0x01, 4,
                                       0x10, 0x08, 0x20, 0x00};

/* A data-relative LPStart, which needs a base this reader does not have. */
static const uint8_t lsda_datarel[] = {0x30, 0x00, 0x00, 0x00, 0x00,
                                       0xff, 0x01, 4,    0x10, 0x08,
                                       0x20, 0x00};

static uintptr_t pad_of(const uint8_t *lsda, uintptr_t start, uintptr_t ip) {
  uintptr_t pad = 1;
  CU_ASSERT_TRUE(cdefer_lsda_landing_pad(lsda, start, ip, &pad));
  return pad;
}

static void test_call_site_table(void) {
  const uintptr_t start = 0x1000;
  CU_ASSERT_EQUAL(pad_of(NULL, start, start + 0x12), 0);
  CU_ASSERT_EQUAL(pad_of(lsda_uleb, start, start), 0);
  CU_ASSERT_EQUAL(pad_of(lsda_uleb, start, start + 0x10), start + 0x40);
  CU_ASSERT_EQUAL(pad_of(lsda_uleb, start, start + 0x17), start + 0x40);
  CU_ASSERT_EQUAL(pad_of(lsda_uleb, start, start + 0x18), 0);
  CU_ASSERT_EQUAL(pad_of(lsda_uleb, start, start + 0x22), 0);
  CU_ASSERT_EQUAL(pad_of(lsda_uleb, start, start + 0x3f), start + 0x50);
  CU_ASSERT_EQUAL(pad_of(lsda_uleb, start, start + 0x40), 0);
  CU_ASSERT_EQUAL(pad_of(lsda_udata4, start, start + 0x11), start + 0x40);
  CU_ASSERT_EQUAL(pad_of(lsda_udata4, start, start + 0x31), 0);
  CU_ASSERT_EQUAL(pad_of(lsda_sleb, start, start + 0x10), start + 0x40);
  CU_ASSERT_EQUAL(pad_of(lsda_sleb, start, start + 0x18), 0);
  CU_ASSERT_EQUAL(pad_of(lsda_lpstart, start, start + 0x14), 0x5020);
  uintptr_t pad;
  CU_ASSERT_FALSE(cdefer_lsda_landing_pad(lsda_datarel, start, start + 0x14,
                                          &pad));
}

/* --- The CFA program ------------------------------------------------------ */

/* A CIE (version 1, "zR", code alignment 1, data alignment -8, return
 * address in r16, absolute FDE pointers, CFA = rsp + 8, return address at
 * CFA - 8) followed by an FDE whose instructions are given. */
struct eh_frame {
  uint8_t bytes[256];
  size_t fde;
};

static size_t put_u32(uint8_t *p, uint32_t v) {
  memcpy(p, &v, 4);
  return 4;
}

static struct eh_frame make_eh_frame(const char *augmentation,
                                     const uint8_t *insns, size_t ninsns) {
  struct eh_frame f;
  memset(&f, 0, sizeof f);
  uint8_t *b = f.bytes;
  size_t n = 4; /* CIE length, patched */
  n += put_u32(b + n, 0);
  b[n++] = 1;
  size_t aug = strlen(augmentation) + 1;
  memcpy(b + n, augmentation, aug);
  n += aug;
  b[n++] = 1;    /* code alignment */
  b[n++] = 0x78; /* data alignment -8 */
  b[n++] = 16;   /* return address register */
  b[n++] = 1;    /* augmentation data length */
  b[n++] = 0x00; /* R: absptr */
  static const uint8_t initial[] = {0x0c, 0x07, 0x08, 0x90, 0x01};
  memcpy(b + n, initial, sizeof initial);
  n += sizeof initial;
  while (n % 8 != 0)
    b[n++] = 0; /* DW_CFA_nop */
  put_u32(b, (uint32_t)(n - 4));

  f.fde = n;
  size_t fde_start = n;
  n += 4;                                /* FDE length, patched */
  n += put_u32(b + n, (uint32_t)n);      /* back to the CIE at 0 */
  uint64_t pc_begin = 0x1000, range = 0x100;
  memcpy(b + n, &pc_begin, 8);
  n += 8;
  memcpy(b + n, &range, 8);
  n += 8;
  b[n++] = 0; /* augmentation data length */
  memcpy(b + n, insns, ninsns);
  n += ninsns;
  while ((n - fde_start) % 8 != 0)
    b[n++] = 0;
  put_u32(b + fde_start, (uint32_t)(n - fde_start - 4));
  return f;
}

static bool decode(const struct eh_frame *f, uintptr_t pc,
                   struct cdefer_unwind_row *row) {
  memset(row, 0, sizeof *row);
  return cdefer_cfi_decode(f->bytes + f->fde, 0x1000, pc, row);
}

enum { S_RBX, S_RBP };

static void test_cfa_program(void) {
  static const uint8_t insns[] = {
      0x41,             /* 0x1001: */
      0x0e, 0x10,       /*   def_cfa_offset 16 */
      0x86, 0x02,       /*   rbp at cfa-16 */
      0x43,             /* 0x1004: */
      0x0d, 0x06,       /*   def_cfa_register rbp */
      0x44,             /* 0x1008: */
      0x83, 0x03,       /*   rbx at cfa-24 */
      0x48,             /* 0x1010: */
      0x0a,             /*   remember_state */
      0x0c, 0x07, 0x08, /*   def_cfa rsp 8 */
      0x41,             /* 0x1011: */
      0x0b,             /*   restore_state */
      0x42,             /* 0x1013: */
      0x2e, 0x10,       /*   GNU_args_size 16 */
      0x44,             /* 0x1017: */
      0x07, 0x10,       /*   undefined r16 */
      0x44,             /* 0x101b: */
      0x0f, 0x02, 0x77, 0x08, /* def_cfa_expression: breg7 8 */
  };
  struct eh_frame f = make_eh_frame("zR", insns, sizeof insns);
  struct cdefer_unwind_row row;

  CU_ASSERT_TRUE_FATAL(decode(&f, 0x1000, &row));
  CU_ASSERT_EQUAL(row.cfa_reg, CDEFER_RSP);
  CU_ASSERT_EQUAL(row.cfa_offset, 8);
  CU_ASSERT_EQUAL(row.ra_offset, -8);
  for (int i = 0; i < CDEFER_NSAVED; i++)
    CU_ASSERT_EQUAL(row.saved[i], CDEFER_ROW_SAME);

  /* A row applies from its own location on. */
  CU_ASSERT_TRUE(decode(&f, 0x1001, &row));
  CU_ASSERT_EQUAL(row.cfa_offset, 16);
  CU_ASSERT_EQUAL(row.saved[S_RBP], -16);
  CU_ASSERT_TRUE(decode(&f, 0x1003, &row));
  CU_ASSERT_EQUAL(row.cfa_reg, CDEFER_RSP);

  CU_ASSERT_TRUE(decode(&f, 0x1004, &row));
  CU_ASSERT_EQUAL(row.cfa_reg, CDEFER_RBP);
  CU_ASSERT_EQUAL(row.cfa_offset, 16);
  CU_ASSERT_EQUAL(row.saved[S_RBX], CDEFER_ROW_SAME);

  CU_ASSERT_TRUE(decode(&f, 0x100f, &row));
  CU_ASSERT_EQUAL(row.saved[S_RBX], -24);

  /* An epilogue: the CFA moves, the saved registers stay where they are,
   * and restore_state brings the whole row back. */
  CU_ASSERT_TRUE(decode(&f, 0x1010, &row));
  CU_ASSERT_EQUAL(row.cfa_reg, CDEFER_RSP);
  CU_ASSERT_EQUAL(row.cfa_offset, 8);
  CU_ASSERT_EQUAL(row.saved[S_RBX], -24);
  CU_ASSERT_TRUE(decode(&f, 0x1011, &row));
  CU_ASSERT_EQUAL(row.cfa_reg, CDEFER_RBP);
  CU_ASSERT_EQUAL(row.cfa_offset, 16);
  CU_ASSERT_EQUAL(row.saved[S_RBP], -16);
  CU_ASSERT_EQUAL(row.args_size, 0);

  CU_ASSERT_TRUE(decode(&f, 0x1013, &row));
  CU_ASSERT_EQUAL(row.args_size, 16);
  CU_ASSERT_FALSE(row.flags & CDEFER_ROW_OUTERMOST);

  CU_ASSERT_TRUE(decode(&f, 0x1017, &row));
  CU_ASSERT_TRUE(row.flags & CDEFER_ROW_OUTERMOST);

  /* An expression is beyond a row: libunwind follows it. */
  CU_ASSERT_FALSE(decode(&f, 0x101b, &row));
}

static void test_rules_beyond_a_row(void) {
  struct cdefer_unwind_row row;
  /* rbx saved in rax. */
  static const uint8_t in_register[] = {0x41, 0x09, 0x03, 0x00};
  struct eh_frame f = make_eh_frame("zR", in_register, sizeof in_register);
  CU_ASSERT_TRUE(decode(&f, 0x1000, &row));
  CU_ASSERT_FALSE(decode(&f, 0x1001, &row));
  /* The CFA in a caller-saved register. */
  static const uint8_t in_rax[] = {0x41, 0x0d, 0x00};
  f = make_eh_frame("zR", in_rax, sizeof in_rax);
  CU_ASSERT_FALSE(decode(&f, 0x1001, &row));
  /* A signal frame: said so, for the frame above it. */
  static const uint8_t none[] = {0x00};
  f = make_eh_frame("zRS", none, sizeof none);
  CU_ASSERT_FALSE(decode(&f, 0x1000, &row));
  CU_ASSERT_TRUE(row.flags & CDEFER_ROW_SIGNAL);
  /* An opcode this decoder does not know. */
  static const uint8_t unknown[] = {0x41, 0x3f};
  f = make_eh_frame("zR", unknown, sizeof unknown);
  CU_ASSERT_TRUE(decode(&f, 0x1000, &row));
  CU_ASSERT_FALSE(decode(&f, 0x1001, &row));
}

/* --- The cache ------------------------------------------------------------ */

static void test_cache(void) {
  struct cdefer_unwind_row row, got;
  memset(&row, 0, sizeof row);
  row.pc = 0x123456;
  row.cfa_offset = 40;
  row.cfa_reg = CDEFER_RBP;
  cdefer_frame_cache_put(&row, cdefer_frame_cache_generation());
  CU_ASSERT_TRUE(cdefer_frame_cache_get(0x123456, &got));
  CU_ASSERT_EQUAL(memcmp(&row, &got, sizeof row), 0);
  CU_ASSERT_FALSE(cdefer_frame_cache_get(0x123457, &got));

  /* Unloading code makes every row stale. */
  void *lib = dlopen("libm.so.6", RTLD_NOW | RTLD_LOCAL);
  CU_ASSERT_PTR_NOT_NULL_FATAL(lib);
  uint32_t before = cdefer_frame_cache_generation();
  dlclose(lib);
  CU_ASSERT_NOT_EQUAL(cdefer_frame_cache_generation(), before);
  CU_ASSERT_FALSE(cdefer_frame_cache_get(0x123456, &got));

  /* A row decoded in an older generation is never returned. */
  cdefer_frame_cache_put(&row, before);
  CU_ASSERT_FALSE(cdefer_frame_cache_get(0x123456, &got));
  cdefer_frame_cache_put(&row, cdefer_frame_cache_generation());
  CU_ASSERT_TRUE(cdefer_frame_cache_get(0x123456, &got));
  cdefer_frame_cache_invalidate();
  CU_ASSERT_FALSE(cdefer_frame_cache_get(0x123456, &got));
}

/* --- Stepping, compared with libunwind ---------------------------------- */

/* A stack of words that each hold a value of their own: whatever a step
 * reads from it says where it read. */
#define FAKE_WORDS (1u << 17)
static uint64_t *fake_stack;

static uint64_t word_value(const uint64_t *w) {
  return ((uint64_t)(uintptr_t)w * 0x9e3779b97f4a7c15ull) | 1;
}

/* A frame whose every register points somewhere into the fake stack, so
 * that a CFA based on any of them lies in it. */
static void fake_frame(struct cdefer_frame *f, uintptr_t ip) {
  uintptr_t middle = (uintptr_t)(fake_stack + FAKE_WORDS / 2);
  f->regs[CDEFER_RIP] = ip;
  f->regs[CDEFER_RSP] = middle;
  for (int i = 0; i < CDEFER_NSAVED; i++)
    f->regs[CDEFER_RBX + i] = middle + 4096 * (size_t)(i + 1);
}

struct compare_stats {
  unsigned functions, pcs, compared, mismatches;
};

static bool row_in_fake_stack(const struct cdefer_unwind_row *row) {
  if (row->cfa_offset < -100000 || row->cfa_offset > 100000)
    return false;
  return true;
}

/* Steps a fake frame at pc with the runtime and with libunwind (looked up
 * at pc + 1: libunwind applies a row only after its first byte) and
 * compares the caller frames. */
static void compare_step(const uint8_t *fde, uintptr_t start, uintptr_t pc,
                         struct compare_stats *stats) {
  struct cdefer_unwind_row row;
  memset(&row, 0, sizeof row);
  stats->pcs++;
  if (!cdefer_cfi_decode(fde, start, pc, &row) ||
      (row.flags & CDEFER_ROW_OUTERMOST) || !row_in_fake_stack(&row))
    return;
  row.pc = pc;
  struct cdefer_frame ours;
  fake_frame(&ours, pc + 1);
  bool exact = true;
  /* A CFA at or below the stack pointer would go to libunwind anyway. */
  uintptr_t cfa = ours.regs[row.cfa_reg] + (intptr_t)row.cfa_offset;
  if (cfa <= ours.regs[CDEFER_RSP] || !cdefer_frame_step(&ours, &row, &exact))
    return;

  struct cdefer_frame theirs;
  fake_frame(&theirs, pc + 1);
  unw_context_t context;
  unw_cursor_t cursor;
  if (!cdefer_frame_cursor(&theirs, pc + 1, &context, &cursor) ||
      unw_step(&cursor) < 0)
    return;
  cdefer_frame_from_cursor(&cursor, &theirs);
  stats->compared++;
  if (memcmp(&ours, &theirs, sizeof ours) != 0) {
    if (stats->mismatches++ < 5) {
      Dl_info info;
      const char *name =
          dladdr((void *)start, &info) && info.dli_sname ? info.dli_sname
                                                         : "?";
      fprintf(stderr, "\n  step differs at %s+%#lx:", name,
              (unsigned long)(pc - start));
      for (int i = 0; i < CDEFER_NREGS; i++)
        if (ours.regs[i] != theirs.regs[i])
          fprintf(stderr, " reg %d %#lx vs %#lx", i,
                  (unsigned long)ours.regs[i], (unsigned long)theirs.regs[i]);
    }
  }
}

/* The functions of one loaded object, from its .eh_frame_hdr search table
 * (sorted, data-relative 4-byte entries: what linkers write). */
static int compare_object(struct dl_phdr_info *info, size_t size, void *data) {
  (void)size;
  struct compare_stats *stats = data;
  const uint8_t *hdr = NULL;
  for (int i = 0; i < info->dlpi_phnum; i++)
    if (info->dlpi_phdr[i].p_type == PT_GNU_EH_FRAME)
      hdr = (const uint8_t *)(info->dlpi_addr + info->dlpi_phdr[i].p_vaddr);
  if (hdr == NULL || hdr[0] != 1 || hdr[1] != 0x1b || hdr[2] != 0x03 ||
      hdr[3] != 0x3b)
    return 0;
  uint32_t count;
  memcpy(&count, hdr + 8, 4);
  const int32_t *table = (const int32_t *)(hdr + 12);
  for (uint32_t e = 0; e < count; e++) {
    uintptr_t start = (uintptr_t)(hdr + table[2 * e]);
    const uint8_t *fde = hdr + table[2 * e + 1];
    unw_context_t context;
    unw_cursor_t cursor;
    unw_proc_info_t proc;
    if (unw_getcontext(&context) != 0 ||
        unw_init_local(&cursor, &context) != 0 ||
        unw_set_reg(&cursor, UNW_REG_IP, start) != 0 ||
        unw_get_proc_info(&cursor, &proc) != 0 || proc.start_ip != start ||
        proc.unwind_info != (uintptr_t)fde)
      continue;
    stats->functions++;
    /* Every byte of the first 64, then every seventh, up to 1024. */
    for (uintptr_t pc = start; pc + 1 < proc.end_ip && pc < start + 1024;
         pc += pc < start + 64 ? 1 : 7)
      compare_step(fde, start, pc, stats);
  }
  return 0;
}

static void test_steps_match_libunwind(void) {
  fake_stack = malloc(FAKE_WORDS * sizeof *fake_stack);
  CU_ASSERT_PTR_NOT_NULL_FATAL(fake_stack);
  for (size_t i = 0; i < FAKE_WORDS; i++)
    fake_stack[i] = word_value(&fake_stack[i]);
  struct compare_stats stats = {0};
  dl_iterate_phdr(compare_object, &stats);
  free(fake_stack);
  /* libc alone has thousands of functions with unwind tables. */
  CU_ASSERT(stats.functions > 1000);
  CU_ASSERT(stats.compared > stats.pcs / 2);
  CU_ASSERT_EQUAL(stats.mismatches, 0);
  if (getenv("CDEFER_UNIT_VERBOSE") || stats.mismatches != 0 || stats.functions <= 1000)
    fprintf(stderr, "\n  %u functions, %u pcs, %u steps compared, %u differ\n",
            stats.functions, stats.pcs, stats.compared, stats.mismatches);
}

/* The frame that captures itself, stepped once, is its caller's. */
static __attribute__((noinline)) void capture_here(struct cdefer_frame *f) {
  cdefer_frame_capture(f);
  __asm__ volatile("" ::: "memory");
}

static void test_capture_then_step(void) {
  struct cdefer_frame f;
  capture_here(&f);
  struct cdefer_unwind_row row;
  bool exact = false;
  CU_ASSERT_TRUE_FATAL(cdefer_frame_row(f.regs[CDEFER_RIP] - 1, &row));
  CU_ASSERT_PTR_NULL(row.function);
  CU_ASSERT_EQUAL(row.landing_pad, 0);
  /* Cached now. */
  struct cdefer_unwind_row cached;
  CU_ASSERT_TRUE(cdefer_frame_cache_get(f.regs[CDEFER_RIP] - 1, &cached));
  CU_ASSERT_TRUE_FATAL(cdefer_frame_step(&f, &row, &exact));
  CU_ASSERT_FALSE(exact);
  /* f is now this function's frame, at its call of capture_here. */
  CU_ASSERT_PTR_EQUAL(
      _Unwind_FindEnclosingFunction((void *)(f.regs[CDEFER_RIP] - 1)),
      (void *)test_capture_then_step);
  uintptr_t here = (uintptr_t)&f;
  CU_ASSERT(f.regs[CDEFER_RSP] <= here);
  CU_ASSERT(f.regs[CDEFER_RSP] + 4096 > here);
}

int register_unwind_table_tests(void) {
  CU_pSuite suite = CU_add_suite("unwind tables", NULL, NULL);
  static CU_TestInfo tests[] = {
      {"call-site tables", test_call_site_table},
      {"the CFA program", test_cfa_program},
      {"rules beyond a row", test_rules_beyond_a_row},
      {"the per-pc cache", test_cache},
      {"steps match libunwind's in every function", test_steps_match_libunwind},
      {"a captured frame steps to its caller", test_capture_then_step},
      CU_TEST_INFO_NULL,
  };
  return suite == NULL ? -1 : add_tests(suite, tests);
}
