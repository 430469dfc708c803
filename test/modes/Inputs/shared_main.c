// The program of the shared-library tests: calls the library's functions,
// linked (default) or loaded with dlopen from argv[1] (-DUSE_DLOPEN). A
// panic of the library is recovered here, one of the program is recovered
// in the library, and the deferred calls of both run.
#include <defer.h>
#include <dlfcn.h>
#include <stdio.h>

#ifdef USE_DLOPEN
static int (*lib_panics)(int);
static int (*lib_calls_back)(void (*)(int), int);
#else
int lib_panics(int n);
int lib_calls_back(void (*fn)(int), int n);
#endif

static void say(const char *s) { printf("%s\n", s); }

static void main_guard(void) {
  const cdefer_panic_t *p = recover();
  printf("program recovered: %s\n", p ? cdefer_panic_message(p) : "NULL");
}

static int calls_library(int n) {
  __attribute__((defer)) main_guard();
  __attribute__((defer)) say("calls_library deferred");
  return lib_panics(n) + 100;
}

static void main_panics(int n) {
  __attribute__((defer)) say("main_panics deferred");
  panic("from the program %d", n);
}

int main(int argc, char **argv) {
#ifdef USE_DLOPEN
  void *lib = argc > 1 ? dlopen(argv[1], RTLD_NOW | RTLD_LOCAL) : NULL;
  if (lib == NULL) {
    printf("dlopen: %s\n", argc > 1 ? dlerror() : "no library given");
    return 1;
  }
  lib_panics = (int (*)(int))dlsym(lib, "lib_panics");
  lib_calls_back = (int (*)(void (*)(int), int))dlsym(lib, "lib_calls_back");
#else
  (void)argc;
  (void)argv;
#endif
  printf("calls_library returned %d\n", calls_library(7));
  printf("calls_library returned %d\n", calls_library(0));
  printf("lib_calls_back returned %d\n", lib_calls_back(main_panics, 3));
  return 0;
}
