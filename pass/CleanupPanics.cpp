//===- CleanupPanics.cpp - Panics raised by C cleanups while unwinding ----===//
//
// Clang emits the unwind-path copy of a C cleanup variable's call as an
// invoke whose unwind edge leads to a terminate handler:
//
//   terminate.lpad:
//     %lp = landingpad { ptr, i32 } catch ptr null
//     call void @abort()
//     unreachable
//
// so a cleanup function that panics while a panic is unwinding the frame
// ends the process. Go lets the newer panic take over (its deferred calls
// do; cdefer's deferred calls do too): this file gives each such invoke a
// landing pad of its own that
//
//   * tells the runtime that the exception being unwound is replaced
//     (__cdefer_exception_replaced: an older panic is marked aborted, as Go
//     marks a panic whose deferred call panicked);
//   * stores the new exception in the frame's exception slots (Clang's
//     exn.slot and ehselector.slot, which the cleanup code's final `resume`
//     reads), and
//   * continues where the cleanup call would have returned,
//
// so the frame's remaining cleanups (and, in a function with defers, its
// deferred calls) run for the new exception, which then leaves the frame.
//
// Invariants: only C frames (personality __gcc_personality_v0) are
// changed, and only when the terminate handler has exactly Clang's shape,
// the slots are known and the continuation has no PHI nodes; anything else
// keeps Clang's terminate handler.
//
//===----------------------------------------------------------------------===//

#include "CleanupPanics.h"
#include "DeferSite.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Module.h"
#include "llvm/Transforms/Utils/BasicBlockUtils.h"

using namespace llvm;

/// Whether \p BB is Clang's terminate handler for C: a catch-all landing
/// pad followed by a call of abort() and `unreachable`.
static bool isTerminateHandler(const BasicBlock &BB) {
  const auto *Landing = dyn_cast<LandingPadInst>(BB.getFirstNonPHIIt());
  if (!Landing || Landing->isCleanup() || Landing->getNumClauses() != 1 ||
      !Landing->isCatch(0) || !isa<ConstantPointerNull>(Landing->getClause(0)))
    return false;
  const auto *Call = dyn_cast_or_null<CallInst>(Landing->getNextNode());
  const Function *Callee = Call ? Call->getCalledFunction() : nullptr;
  return Callee && Callee->getName() == "abort" &&
         isa_and_nonnull<UnreachableInst>(Call->getNextNode());
}

bool cdefer::replaceCleanupTerminateHandlers(Function &F) {
  if (!F.hasPersonalityFn() ||
      F.getPersonalityFn()->stripPointerCasts()->getName() !=
          "__gcc_personality_v0")
    return false;
  SmallVector<BasicBlock *, 2> Handlers;
  for (BasicBlock &BB : F)
    if (isTerminateHandler(BB))
      Handlers.push_back(&BB);
  if (Handlers.empty())
    return false;
  SmallVector<BasicBlock *, 32> Blocks;
  for (BasicBlock &BB : F)
    Blocks.push_back(&BB);
  auto [ExnSlot, SelSlot] = findExceptionSlots(Blocks);
  if (!ExnSlot || !SelSlot)
    return false;

  Module &M = *F.getParent();
  LLVMContext &Ctx = F.getContext();
  PointerType *PtrTy = PointerType::getUnqual(Ctx);
  Type *I32 = Type::getInt32Ty(Ctx);
  FunctionCallee Replaced = M.getOrInsertFunction(
      "__cdefer_exception_replaced",
      FunctionType::get(Type::getVoidTy(Ctx), {PtrTy}, false));
  if (auto *Fn = dyn_cast<Function>(Replaced.getCallee()))
    Fn->addFnAttr(Attribute::NoUnwind);
  StructType *LandingTy = StructType::get(PtrTy, I32);

  bool Changed = false;
  for (BasicBlock *Handler : Handlers) {
    SmallVector<InvokeInst *, 4> Invokes;
    for (BasicBlock *Pred : predecessors(Handler))
      if (auto *Invoke = dyn_cast<InvokeInst>(Pred->getTerminator());
          Invoke && Invoke->getUnwindDest() == Handler &&
          !isa<PHINode>(Invoke->getNormalDest()->front()))
        Invokes.push_back(Invoke);
    for (InvokeInst *Invoke : Invokes) {
      BasicBlock *Pad =
          BasicBlock::Create(Ctx, "cdefer.cleanup.panicked", &F, Handler);
      IRBuilder<> B(Pad);
      B.SetCurrentDebugLocation(Invoke->getDebugLoc());
      LandingPadInst *Landing = B.CreateLandingPad(LandingTy, 0);
      Landing->setCleanup(true);
      B.CreateCall(Replaced, {B.CreateLoad(PtrTy, ExnSlot)});
      B.CreateStore(B.CreateExtractValue(Landing, 0), ExnSlot);
      B.CreateStore(B.CreateExtractValue(Landing, 1), SelSlot);
      B.CreateBr(Invoke->getNormalDest());
      Handler->removePredecessor(Invoke->getParent());
      Invoke->setUnwindDest(Pad);
      Changed = true;
    }
    if (pred_empty(Handler))
      DeleteDeadBlock(Handler);
  }
  return Changed;
}
