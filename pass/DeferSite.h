//===- DeferSite.h - One defer site of a function ---------------*- C++ -*-===//
//
// A DeferSite is what the pass knows about one defer statement after reading
// its markers: where the statement runs, and the deferred call taken out of
// the straight-line code, with the values it must be made with later.
//
// The IR marker format (docs/design.md) is:
//
//   %c = call i32 @__cdefer_site_begin(i32 KIND, i32 ID)
//   %t = icmp ne i32 %c, 0
//   br i1 %t, label %then, label %join      ; %then..: the statement's code
//   join:
//   call void @__cdefer_site_end(i32 KIND, i32 ID)
//
// The branch keeps Clang from dropping the rest of the function when the
// deferred code does not return (a deferred `abort()`): the join block is
// always reachable through the false edge.
//
//===----------------------------------------------------------------------===//

#ifndef CDEFER_PASS_DEFERSITE_H
#define CDEFER_PASS_DEFERSITE_H

#include "llvm/ADT/SmallVector.h"
#include "llvm/IR/InstrTypes.h"
#include "llvm/IR/Instructions.h"

namespace llvm {
class Function;
} // namespace llvm

namespace cdefer {

inline constexpr const char *SiteBeginName = "__cdefer_site_begin";
inline constexpr const char *SiteEndName = "__cdefer_site_end";
/// The no-op cleanup that marks where a deferred block's own unwind path
/// ends (docs/design.md).
inline constexpr const char *BlockBoundaryName = "__cdefer_block_boundary";

enum class SiteKind : unsigned { Call = 0, Block = 1 };

/// One operand of the deferred call that must be kept until the call is made.
struct CapturedOperand {
  unsigned OperandNo;      ///< Operand index in the call (callee included).
  llvm::Value *Value;      ///< Value at the defer statement.
  llvm::Type *StorageType; ///< Type stored in the payload.
  bool IsByVal;            ///< Value points to a by-value aggregate: copy it.
};

struct DeferSite {
  SiteKind Kind;
  unsigned Id;
  /// The statement's begin marker call, its branch, and the join block.
  llvm::CallInst *Begin = nullptr;
  llvm::BasicBlock *Join = nullptr;
  /// Where the deferred call was: the capture code is inserted before it.
  llvm::Instruction *CapturePoint = nullptr;
  /// The deferred call, detached from the function; a template to clone.
  /// Null if the call was folded away by Clang (nothing left to defer).
  llvm::CallBase *Call = nullptr;
  /// The operands of Call that are evaluated at the defer statement.
  llvm::SmallVector<CapturedOperand, 4> Captured;
  /// Operand indices of sret arguments: a fresh temporary when called.
  llvm::SmallVector<unsigned, 1> SRetOperands;
  llvm::DebugLoc Loc;
};

/// The exception and selector slots that Clang's landing pads in \p Blocks
/// store into (exn.slot, ehselector.slot), if they all use the same two;
/// else {null, null}.
std::pair<llvm::Value *, llvm::Value *>
findExceptionSlots(llvm::ArrayRef<llvm::BasicBlock *> Blocks);

/// Finds the defer sites of \p F, outlines deferred blocks, detaches each
/// deferred call and removes the markers. Reports unsupported input through
/// the LLVMContext's diagnostics and returns false in that case.
bool collectDeferSites(llvm::Function &F,
                       llvm::SmallVectorImpl<DeferSite> &Sites);

} // namespace cdefer

#endif // CDEFER_PASS_DEFERSITE_H
