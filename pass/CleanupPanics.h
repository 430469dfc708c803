//===- CleanupPanics.h - Panics raised by C cleanups ------------*- C++ -*-===//
//-*-===//
//
// A C cleanup variable's function runs on the unwind path of a panic. If it
// panics in turn, Clang's IR calls abort() (a C++ terminate handler); Go's
// rule, which cdefer follows for deferred calls, is that the new panic
// replaces the one being unwound, which is shown as aborted. See
// CleanupPanics.cpp.
//
//===----------------------------------------------------------------------===//

#ifndef CDEFER_PASS_CLEANUPPANICS_H
#define CDEFER_PASS_CLEANUPPANICS_H

namespace llvm {
class Function;
} // namespace llvm

namespace cdefer {

/// Replaces the terminate handlers of \p F's C cleanups (a C function,
/// whose personality is __gcc_personality_v0) with landing pads that carry
/// on unwinding with the new exception. Returns true if it changed F.
bool replaceCleanupTerminateHandlers(llvm::Function &F);

} // namespace cdefer

#endif // CDEFER_PASS_CLEANUPPANICS_H
