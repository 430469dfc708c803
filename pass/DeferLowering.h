//===- DeferLowering.h - Lower the defer sites of a function ----*- C++ -*-===//
//
// Given the DeferSites of a function (deferred calls already detached by
// collectDeferSites), choose a strategy, emit the code that saves each call
// at its defer statement, and the one exit block that makes the pending
// calls before the function returns.
//
//===----------------------------------------------------------------------===//

#ifndef CDEFER_PASS_DEFERLOWERING_H
#define CDEFER_PASS_DEFERLOWERING_H

#include "DeferSite.h"
#include "FaultFrames.h"

#include "llvm/ADT/ArrayRef.h"

namespace cdefer {

struct LoweringOptions {
  /// Most sites a function may have and still be open-coded.
  unsigned MaxOpenCoded = 8;
  /// Put every site in a pooled record (for benchmarks and tests).
  bool ForcePooled = false;
  /// Emit what a runtime fault needs to run a frame's pending calls
  /// (FaultFrames.h).
  bool FaultFrames = true;
};

/// The runtime-visible name of cdefer_result()'s accessor (defer.h).
inline constexpr const char *ResultSlotName = "__cdefer_result_slot";

/// Creates the result slot of a function with defers: an alloca holding the
/// value the function returns (for a function returning through sret, the
/// sret memory); lowerDeferSites makes it read as zero until a `return`
/// stores its value. Calls to __cdefer_result_slot() in \p F become its
/// address. Must run before deferred blocks are outlined, so that they
/// capture the slot. Returns false after reporting misuse.
bool prepareResultSlot(llvm::Function &F, llvm::AllocaInst *&Slot);

/// Lowers \p Sites of \p F, whose result slot is \p ResultSlot, and adds
/// F to \p FaultFrames if a fault can run its pending calls. Returns false
/// (after reporting an error through the LLVMContext) if a site cannot be
/// lowered.
bool lowerDeferSites(llvm::Function &F, llvm::MutableArrayRef<DeferSite> Sites,
                     llvm::AllocaInst *ResultSlot,
                     const LoweringOptions &Options,
                     llvm::SmallVectorImpl<FaultFrame> &FaultFrames);

} // namespace cdefer

#endif // CDEFER_PASS_DEFERLOWERING_H
