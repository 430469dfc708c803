/* report.c - the unrecovered-panic report.
 *
 * When a panic reaches the end of its task's stack, every deferred call has
 * run and none recovered. The report is Go's: the task's panic chain, oldest
 * first, one `panic: MESSAGE` line each, every later one prefixed by a tab,
 * ` [recovered]` after a recovered one; then the backtrace of the newest
 * panic's site, recorded frame by frame as the unwind passed them (the
 * frames are gone by now). The
 * process then exits with status 2 without running atexit handlers.
 *
 * Thread-exit records (pthread_exit) on the chain are not shown, as Go
 * does not show a Goexit: a panic raised during a thread exit is reported
 * as `panic: MESSAGE` alone.
 *
 * Invariants:
 *  - Output the program wrote before the panic is flushed first.
 *  - The report allocates no memory: it may be written after malloc failed.
 *  - One report per process: the first thread to get here writes its report
 *    whole and exits; any other thread that gets here (an unrecovered panic
 *    of its own at the same time) waits for that exit without writing.
 *  - No signal handler of the reporting thread runs while it writes (a
 *    handler that panicked would leave a report half written).
 */
#define _GNU_SOURCE
#include "internal.h"

#include <dlfcn.h>
#include <elf.h>
#include <fcntl.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* Looks up the function containing addr in the symbol table of the ELF file
 * at path, loaded at base. Returns the symbol's name, or NULL. The mapping
 * is left in place: the process is about to exit. */
static const char *elf_symbol(const char *path, uintptr_t base, uintptr_t addr,
                              uintptr_t *offset) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return NULL;
  struct stat st;
  void *map = MAP_FAILED;
  if (fstat(fd, &st) == 0 && (size_t)st.st_size >= sizeof(Elf64_Ehdr))
    map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
  close(fd);
  if (map == MAP_FAILED)
    return NULL;
  const unsigned char *image = map;
  const Elf64_Ehdr *eh = map;
  if (memcmp(eh->e_ident, ELFMAG, SELFMAG) != 0 ||
      eh->e_shoff + (size_t)eh->e_shnum * sizeof(Elf64_Shdr) >
          (size_t)st.st_size)
    return NULL;
  const Elf64_Shdr *sections = (const Elf64_Shdr *)(image + eh->e_shoff);
  uintptr_t target = addr - (eh->e_type == ET_DYN ? base : 0);
  const char *best = NULL;
  uintptr_t best_start = 0;
  for (unsigned pass = 0; pass < 2 && best == NULL; pass++) {
    uint32_t want = pass == 0 ? SHT_SYMTAB : SHT_DYNSYM;
    for (unsigned i = 0; i < eh->e_shnum; i++) {
      const Elf64_Shdr *sh = &sections[i];
      if (sh->sh_type != want || sh->sh_link >= eh->e_shnum ||
          sh->sh_offset + sh->sh_size > (size_t)st.st_size)
        continue;
      const Elf64_Shdr *strtab = &sections[sh->sh_link];
      const Elf64_Sym *syms = (const Elf64_Sym *)(image + sh->sh_offset);
      size_t count = sh->sh_size / sizeof(Elf64_Sym);
      for (size_t s = 0; s < count; s++) {
        const Elf64_Sym *sym = &syms[s];
        if (ELF64_ST_TYPE(sym->st_info) != STT_FUNC || sym->st_value == 0 ||
            target < sym->st_value ||
            target >= sym->st_value + (sym->st_size ? sym->st_size : 1) ||
            sym->st_name >= strtab->sh_size)
          continue;
        if (best == NULL || sym->st_value > best_start) {
          best = (const char *)image + strtab->sh_offset + sym->st_name;
          best_start = sym->st_value;
        }
      }
    }
  }
  if (best != NULL)
    *offset = target - best_start;
  return best;
}

static void print_frame(unsigned index, void *ip) {
  /* Every frame is a return address, which points after its call (maybe
   * past the end of a function that does not return): look up the call. */
  uintptr_t pc = (uintptr_t)ip - 1;
  Dl_info info;
  const char *module = "?";
  const char *name = NULL;
  uintptr_t offset = 0;
  if (dladdr((void *)pc, &info) != 0 && info.dli_fname != NULL) {
    module = info.dli_fname;
    const char *path = module;
    char exe[4096];
    if (path[0] == '\0' || strchr(path, '/') == NULL) {
      ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
      if (n > 0) {
        exe[n] = '\0';
        path = module = exe;
      }
    }
    name = elf_symbol(path, (uintptr_t)info.dli_fbase, pc, &offset);
    if (name == NULL && info.dli_sname != NULL) {
      name = info.dli_sname;
      offset = pc - (uintptr_t)info.dli_saddr;
    }
  }
  if (name != NULL)
    fprintf(stderr, "  #%-2u %p in %s+0x%lx (%s)\n", index, ip, name,
            (unsigned long)offset, module);
  else
    fprintf(stderr, "  #%-2u %p (%s)\n", index, ip, module);
}

/* Writes the chain ending at p, oldest first; returns the number of lines
 * written. A later line gets a tab when an earlier one was written. */
static unsigned print_chain(const struct cdefer_panic *p) {
  if (p == NULL)
    return 0;
  unsigned before = print_chain(p->link);
  if (p->kind == CDEFER_PANIC_THREAD_EXIT)
    return before;
  fprintf(stderr, "%spanic: %s%s\n", before != 0 ? "\t" : "",
          p->message != NULL ? p->message : "",
          p->recovered ? " [recovered]" : "");
  return before + 1;
}

void cdefer_die_unrecovered(struct cdefer_panic *p) {
  cdefer_runtime_depth++;
  sigset_t all;
  sigfillset(&all);
  pthread_sigmask(SIG_BLOCK, &all, NULL);
  /* Another thread may be writing its report: this one waits, without
   * writing anything, for the exit that ends the report. */
  static atomic_flag reporting = ATOMIC_FLAG_INIT;
  if (atomic_flag_test_and_set(&reporting))
    for (;;)
      pause();
  fflush(NULL);
  print_chain(p->task->panics);
  if (p->signo != 0)
    cdefer_fault_describe(p);
  fprintf(stderr, "\nbacktrace of the panic site:\n");
  for (unsigned i = 0; i < p->nframes; i++)
    print_frame(i, p->frames[i]);
  if (p->stopped_at != NULL) {
    fprintf(stderr,
            "\nthe unwind stopped at a frame without unwind tables, and the "
            "deferred calls\nof the frames above it did not run (compile C "
            "code that panics pass through\nwith unwind tables: "
            "-fasynchronous-unwind-tables, the default on x86-64):\n");
    print_frame(p->nframes, p->stopped_at);
  }
  fflush(stderr);
  _Exit(2);
}
