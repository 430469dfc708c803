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

#include "llvm/ADT/ArrayRef.h"

namespace cdefer {

struct LoweringOptions {
  /// Most sites a function may have and still be open-coded.
  unsigned MaxOpenCoded = 8;
  /// Put every site in a pooled record (for benchmarks and tests).
  bool ForcePooled = false;
};

/// Lowers \p Sites of \p F. Returns false (after reporting an error through
/// the LLVMContext) if a site cannot be lowered.
bool lowerDeferSites(llvm::Function &F, llvm::MutableArrayRef<DeferSite> Sites,
                     const LoweringOptions &Options);

} // namespace cdefer

#endif // CDEFER_PASS_DEFERLOWERING_H
