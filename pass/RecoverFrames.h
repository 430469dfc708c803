//===- RecoverFrames.h - What recover() needs of the frames -----*- C++ -*-===//
//
// recover() succeeds only when called directly by the deferred function
// that a panic is running (SPEC.md 3.5). The runtime checks it by comparing
// the caller with what the deferred call's thunk recorded: the deferred
// function's canonical frame address and its address. This file makes
// every call of cdefer_recover() the pass sees pass both (see
// docs/design.md, "recover").
//
//===----------------------------------------------------------------------===//

#ifndef CDEFER_PASS_RECOVERFRAMES_H
#define CDEFER_PASS_RECOVERFRAMES_H

#include "llvm/IR/IRBuilder.h"

namespace llvm {
class CallBase;
class Module;
} // namespace llvm

namespace cdefer {

inline constexpr const char *RecoverName = "cdefer_recover";
inline constexpr const char *RecoverFromName = "__cdefer_recover_from";

/// Whether \p Call is a call of cdefer_recover() that the pass rewrites.
bool isRecoverCall(const llvm::CallBase &Call);

/// Emits, at \p B, __cdefer_recover_from(CFA, F) for the function F that
/// the builder is in: recover() as called by F itself. \p RetTy is
/// cdefer_recover's return type.
llvm::CallInst *createRecoverFrom(llvm::IRBuilder<> &B, llvm::Type *RetTy);

/// Keeps the frame of every function that calls recover(): it is never
/// inlined, so that its frame address and its address are its own, and it
/// makes no tail call, so that no later invocation of it takes its place.
bool keepRecoverCallersFrames(llvm::Module &M);

/// Rewrites every remaining call of cdefer_recover() into
/// __cdefer_recover_from with its caller's frame address and address (after
/// deferred blocks are outlined, so a block's recover names the block's
/// function).
bool passCallerToRecover(llvm::Module &M);

} // namespace cdefer

#endif // CDEFER_PASS_RECOVERFRAMES_H
