// Defer statements are for C. In C++ (and Objective-C++) they are an error
// at the defer statement; they used to compile into calls of undefined,
// C++-mangled marker functions and fail to link. In Objective-C, C
// functions and block literals support them, but a method's body is not
// lowered: a defer in a method (or in a block inside one) is an error
// instead of a call made at once.
//
// RUN: %clang-cdefer -x c++ -fsyntax-only -ferror-limit=0 -Xclang -verify=cxx %s
// RUN: not %clang-cdefer -x c++ -c %s -o %t.o 2>&1 | FileCheck --check-prefix=CXX %s
// RUN: %clang-cdefer -x objective-c++ -fblocks -fsyntax-only -ferror-limit=0 -Xclang -verify=objcxx %s
// RUN: %clang-cdefer -x objective-c -fblocks -fsyntax-only -ferror-limit=0 -Xclang -verify=objc %s
// RUN: not %clang-cdefer -x objective-c -fblocks -c %s -o %t.o 2>&1 | FileCheck --check-prefix=OBJC %s
// RUN: %clang-cdefer -x objective-c -fblocks -DONLY_VALID -O0 -S -emit-llvm %s -o - | FileCheck --check-prefix=IR %s

// CXX: defer_in_cxx_or_objc_method.c:[[#@LINE+9]]:18: error: cdefer: defer statements are for C; they are not supported in C++
// OBJC: defer_in_cxx_or_objc_method.c:[[#@LINE+22]]:18: error: cdefer: defer statements are not supported in Objective-C methods
// IR-NOT: __cdefer_site_begin
// IR: @__cdefer_call_deferred(ptr @c_function.cdefer.thunk
// IR-NOT: __cdefer_site_begin

void say(const char *);

void c_function(void) {
  __attribute__((defer)) say("deferred"); // cxx-error {{cdefer: defer statements are for C; they are not supported in C++}} objcxx-error {{cdefer: defer statements are for C; they are not supported in Objective-C++}}
  [[cdefer::defer]] say("deferred"); // cxx-error {{cdefer: defer statements are for C}} objcxx-error {{cdefer: defer statements are for C}}
  __attribute__((defer)) { say("block"); } // cxx-error {{cdefer: defer statements are for C}} objcxx-error {{cdefer: defer statements are for C}}
  say("body");
}

#if defined(__OBJC__) && !defined(ONLY_VALID)
__attribute__((objc_root_class))
@interface Thing
- (void)run;
@end

@implementation Thing
- (void)run {
  __attribute__((defer)) say("in method"); // objc-error {{cdefer: defer statements are not supported in Objective-C methods (C functions and their block literals support them)}} objcxx-error {{cdefer: defer statements are for C}}
  ^{
    __attribute__((defer)) say("in block in method"); // objc-error {{cdefer: defer statements are not supported in Objective-C methods}} objcxx-error {{cdefer: defer statements are for C}}
  }();
}
@end
#endif
