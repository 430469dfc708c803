// C++ side of unwind_cxx_exception_through_deferring_frames.c.

extern "C" void cxx_throw(int v) { throw v; }

extern "C" int cxx_catch(void (*f)(void)) {
  try {
    f();
  } catch (int v) {
    return v;
  }
  return 0;
}
