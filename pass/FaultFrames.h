//===- FaultFrames.h - What a fault needs to run a frame's defers -*- C++
//-*-===//
//
// A runtime fault stops a function at an instruction that is not a call, so
// its landing pad cannot run its pending deferred calls. The runtime does it
// instead (runtime/fault.c, docs/design.md section 8), from outside the
// frame, with what this file emits for every function with defers:
//
//  * llvm.localescape of the frame's anchor and of the state its pending
//    calls are made from, so that other functions reach them with
//    llvm.localrecover from the frame's base;
//  * F.cdefer.anchor(base): the anchor's address for a candidate base;
//  * F.cdefer.return(buf): returns *buf with F's return type and calling
//    convention, entered by the runtime in place of F's return;
//  * a table of {F, anchor, runner, return} per module, registered with the
//    runtime by a constructor.
//
// The runner itself (F.cdefer.fault) is emitted by DeferLowering, which
// knows the strategy.
//
//===----------------------------------------------------------------------===//

#ifndef CDEFER_PASS_FAULTFRAMES_H
#define CDEFER_PASS_FAULTFRAMES_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/IR/IRBuilder.h"

namespace cdefer {

/// runtime/internal.h: CDEFER_FAULT_RESULT_SIZE.
inline constexpr uint64_t FaultResultSize = 64;
/// Where the runtime leaves the result for F.cdefer.return: this many bytes
/// below the stub's stack pointer at entry, inside its red zone
/// (cdefer_frame_return in runtime/frame.c).
inline constexpr uint64_t FaultResultRedZoneOffset = 128;

/// What F's anchor holds, but for its low byte (the open-coded mask), once
/// F has stored it: a constant of F's own (a hash of its name and module in
/// bits 8-30, never 0), so that one instruction stores it and the runtime
/// tells F's initialised anchor from stack garbage or another function's.
uint64_t anchorCookie(const llvm::Function &F);

/// One function whose pending deferred calls a fault can run.
struct FaultFrame {
  llvm::Function *Function = nullptr;
  llvm::Function *Anchor = nullptr;
  llvm::Function *Runner = nullptr;
  llvm::Function *Return = nullptr;
  uint64_t Cookie = 0;
};

/// The allocas of a function that other functions reach by localrecover.
class FrameEscape {
public:
  explicit FrameEscape(llvm::Function &F) : F(F) {}
  /// Adds \p A (a static alloca of F); the first one added is the anchor.
  void add(llvm::AllocaInst *A);
  /// Emits the llvm.localescape call in F's entry block.
  void emit();
  /// The address of escaped \p A in a function given F's frame base.
  llvm::Value *recover(llvm::IRBuilder<> &B, llvm::Value *Base,
                       llvm::AllocaInst *A) const;

private:
  llvm::Function &F;
  llvm::SmallVector<llvm::AllocaInst *, 8> Allocas;
  llvm::DenseMap<llvm::AllocaInst *, unsigned> Index;
};

/// Reports (a `cdefer:` error at F) what makes a fault unable to run F's
/// deferred calls although F is emitted here: a frame on SafeStack's unsafe
/// stack, or a result of more than FaultResultSize bytes returned in
/// registers (regcall). Returns true if it reported one.
bool diagnoseUnsupportedFaultFrame(llvm::Function &F);

/// Whether F can have a fault frame: it is emitted in this module and
/// cannot be replaced by another definition (call it after
/// diagnoseUnsupportedFaultFrame, which rules out the rest).
bool canHaveFaultFrame(const llvm::Function &F);

/// Creates a function of \p F's module, internal, with F's code generation
/// attributes (target, frame pointer, optnone) and, unless
/// \p WithoutSanitizers (a function that reads another function's frame, or
/// must keep a fixed call frame), F's sanitizers.
llvm::Function *createHelperFunction(llvm::Function &F, llvm::FunctionType *Ty,
                                     const llvm::Twine &Name,
                                     bool WithoutSanitizers = false);

/// F.cdefer.anchor: localrecover of the anchor from a base.
llvm::Function *createAnchorFunction(llvm::Function &F,
                                     const FrameEscape &Escape,
                                     llvm::AllocaInst *Anchor);

/// F.cdefer.return: returns the value the runtime left in its red zone (for
/// a function returning through sret, the sret pointer stored there), with
/// F's calling convention and return attributes. For a function declared
/// noreturn it ends the process (emitCannotReturn).
llvm::Function *createReturnFunction(llvm::Function &F);

/// Emits, at \p B, the end of a recovered frame of \p F that cannot return
/// because F is declared noreturn: a call of the runtime's fatal error
/// __cdefer_noreturn_recovered(F's name) and `unreachable`.
void emitCannotReturn(llvm::IRBuilder<> &B, llvm::Function &F);

/// Emits the module's table and the constructor and destructor that
/// register it with the runtime.
void emitFaultTable(llvm::Module &M, llvm::ArrayRef<FaultFrame> Frames);

} // namespace cdefer

#endif // CDEFER_PASS_FAULTFRAMES_H
