// C++ code that catches everything: one handler swallows, one rethrows.
extern "C" void cxx_swallow(void (*f)(void)) {
  try {
    f();
  } catch (...) {
  }
}

extern "C" void cxx_rethrow(void (*f)(void)) {
  try {
    f();
  } catch (...) {
    throw;
  }
}
