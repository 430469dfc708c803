// C++ frames (plain clang++, no cdefer) for
// unwind_through_plain_c_cleanup_and_cxx_frames.c: destructors of locals
// must run while a panic unwinds through them, and a typed catch clause must
// not stop the panic (a panic is a forced unwind, not a C++ exception).
#include <cstdio>
#include <string>

namespace {
struct Noisy {
  std::string name;
  explicit Noisy(const char *n) : name(n) {
    std::printf("construct %s\n", name.c_str());
  }
  ~Noisy() { std::printf("destructor %s\n", name.c_str()); }
};
} // namespace

extern "C" void cxx_with_destructors(void (*next)(void)) {
  Noisy outer("cxx outer");
  {
    Noisy inner("cxx inner");
    next();
    std::printf("NOT REACHED cxx_with_destructors\n");
  }
}

extern "C" void cxx_with_catch(void (*next)(void)) {
  Noisy guard("cxx catch guard");
  try {
    Noisy in_try("cxx in try");
    next();
  } catch (int) {
    std::printf("WRONG: caught an int\n");
  } catch (const std::exception &) {
    std::printf("WRONG: caught a std::exception\n");
  }
  std::printf("NOT REACHED cxx_with_catch\n");
}
