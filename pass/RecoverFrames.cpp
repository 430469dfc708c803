//===- RecoverFrames.cpp - What recover() needs of the frames -------------===//
//
// Owns the rewriting of cdefer_recover() calls (RecoverFrames.h). The
// runtime's check (runtime/panic.c) holds when:
//  * the caller of __cdefer_recover_from passes its own canonical frame
//    address and its own address, and its frame is real (never inlined);
//  * the thunk of a deferred call records the callee's frame address (its
//    stack pointer at a `notail` call) and the callee (DeferLowering.cpp).
// A function that the deferred function tail-calls has the deferred
// function's frame address but not its address, so only the functions that
// call recover() give up their tail calls (a chain of tail calls from the
// deferred function back to itself would defeat the check): code without
// defers and without recover() is compiled as plain clang compiles it.
//
//===----------------------------------------------------------------------===//

#include "RecoverFrames.h"

#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Module.h"

using namespace llvm;

bool cdefer::isRecoverCall(const CallBase &Call) {
  const Function *Callee = Call.getCalledFunction();
  return Callee && Callee->getName() == RecoverName && Call.arg_size() == 0;
}

CallInst *cdefer::createRecoverFrom(IRBuilder<> &B, Type *RetTy) {
  Function *F = B.GetInsertBlock()->getParent();
  Module &M = *F->getParent();
  PointerType *PtrTy = B.getPtrTy();
  FunctionCallee RecoverFrom = M.getOrInsertFunction(
      RecoverFromName, FunctionType::get(RetTy, {PtrTy, PtrTy}, false));
  Value *CFA = B.CreateIntrinsic(Intrinsic::eh_dwarf_cfa, {}, {B.getInt32(0)});
  CallInst *Call = B.CreateCall(RecoverFrom, {CFA, F});
  Call->setTailCallKind(CallInst::TCK_NoTail);
  return Call;
}

bool cdefer::keepRecoverCallersFrames(Module &M) {
  Function *Recover = M.getFunction(RecoverName);
  if (!Recover)
    return false;
  SmallPtrSet<Function *, 8> Callers;
  for (User *U : Recover->users())
    if (auto *Call = dyn_cast<CallBase>(U))
      if (isRecoverCall(*Call))
        Callers.insert(Call->getFunction());
  // A recover caller makes no tail call either: if the deferred function
  // F tail-called (possibly through others) a later invocation of F, that
  // one would have F's frame address and address (tail-recursion
  // elimination makes exactly that of `F(0) { F(1); }`).
  for (Function *F : Callers) {
    F->removeFnAttr(Attribute::AlwaysInline);
    F->addFnAttr(Attribute::NoInline);
    F->addFnAttr("disable-tail-calls", "true");
  }
  // A call-site alwaysinline (every call of a flatten function, or
  // [[clang::always_inline]]) would override the callee's noinline.
  for (Function *F : Callers)
    for (User *U : F->users())
      if (auto *Site = dyn_cast<CallBase>(U);
          Site && Site->getCalledFunction() == F)
        Site->removeFnAttr(Attribute::AlwaysInline);
  return !Callers.empty();
}

bool cdefer::passCallerToRecover(Module &M) {
  Function *Recover = M.getFunction(RecoverName);
  if (!Recover)
    return false;
  bool Changed = false;
  for (User *U : make_early_inc_range(Recover->users())) {
    auto *Call = dyn_cast<CallInst>(U);
    if (!Call || Call->getCalledOperand() != Recover || !isRecoverCall(*Call))
      continue;
    IRBuilder<> B(Call);
    CallInst *New = createRecoverFrom(B, Recover->getReturnType());
    New->setDebugLoc(Call->getDebugLoc());
    New->takeName(Call);
    Call->replaceAllUsesWith(New);
    Call->eraseFromParent();
    Changed = true;
  }
  return Changed;
}
