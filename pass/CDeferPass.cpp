//===- CDeferPass.cpp - The cdefer lowering pass plugin -------------------===//
//
// Registers the module pass "cdefer-lower" with the new pass manager:
//  * at pipeline start, so that clang runs it at every -O level before any
//    optimisation has touched the site markers;
//  * by name, for `opt -load-pass-plugin=CDeferPass.so -passes=cdefer-lower`.
//
// It also exports `cdefer_pass_plugin_abi`, which the Clang plugin looks for
// among the -fpass-plugin libraries to know that the sites will be lowered.
//
//===----------------------------------------------------------------------===//

#include "DeferLowering.h"
#include "DeferSite.h"

#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/IR/DiagnosticInfo.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/PassManager.h"
#include "llvm/IR/Verifier.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Plugins/PassPlugin.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/ErrorHandling.h"

using namespace llvm;

static cl::opt<unsigned> MaxOpenCoded(
    "cdefer-max-open-coded", cl::init(8),
    cl::desc("Most defer sites a function may have and still be open-coded "
             "(0 disables open-coding)"));

static cl::opt<bool>
    ForcePooled("cdefer-force-pooled", cl::init(false),
                cl::desc("Lower every defer site to a pooled record"));

static cl::opt<bool> FaultFrames(
    "cdefer-fault-frames", cl::init(true),
    cl::desc("Let runtime faults run the faulting frame's deferred calls "
             "(keeps the defer state of every frame in memory)"));

namespace {

struct DeferLoweringPass : PassInfoMixin<DeferLoweringPass> {
  PreservedAnalyses run(Module &M, ModuleAnalysisManager &) {
    bool Changed = keepRecoverFramesExact(M);
    Function *Begin = M.getFunction(cdefer::SiteBeginName);
    if (!Begin) {
      Changed |= passCallerFrameToRecover(M);
      return Changed ? PreservedAnalyses::none() : PreservedAnalyses::all();
    }

    // Clang itself may emit IR that the verifier rejects (an x86 interrupt
    // handler's byval parameter of an incomplete type): the lowered module
    // is checked only when its input was valid.
    bool InputValid = !verifyModule(M, nullptr);

    // In module order, so that what the pass emits follows the source.
    SmallPtrSet<Function *, 16> HasSites;
    for (User *U : Begin->users())
      if (auto *Call = dyn_cast<CallInst>(U))
        HasSites.insert(Call->getFunction());
    SmallVector<Function *, 16> WithSites;
    for (Function &F : M)
      if (HasSites.count(&F))
        WithSites.push_back(&F);

    cdefer::LoweringOptions Options;
    Options.MaxOpenCoded = MaxOpenCoded;
    Options.ForcePooled = ForcePooled;
    Options.FaultFrames = FaultFrames;
    SmallVector<cdefer::FaultFrame, 8> Frames;
    for (Function *F : WithSites) {
      SmallVector<cdefer::DeferSite, 8> Sites;
      AllocaInst *ResultSlot;
      if (!cdefer::prepareResultSlot(*F, ResultSlot) ||
          !cdefer::collectDeferSites(*F, Sites) ||
          !cdefer::lowerDeferSites(*F, Sites, ResultSlot, Options, Frames))
        continue; // Reported; the compilation fails.
    }
    cdefer::emitFaultTable(M, Frames);
    passCallerFrameToRecover(M);
    reportResultOutsideDeferringFunctions(M);
    // The lowered functions, their thunks and outlined blocks must be valid
    // IR with and without debug info; anything else is a bug of this pass.
    if (InputValid && verifyModule(M, &errs()))
      report_fatal_error("cdefer: internal error: the lowering pass produced "
                         "invalid IR");
    for (const char *Name : {cdefer::SiteBeginName, cdefer::SiteEndName,
                             cdefer::ResultSlotName, cdefer::BlockBoundaryName})
      if (Function *Marker = M.getFunction(Name))
        if (Marker->use_empty())
          Marker->eraseFromParent();
    return PreservedAnalyses::none();
  }

  /// recover() succeeds only when its caller is the deferred function
  /// itself, which the runtime checks by counting frames. So a function that
  /// calls it keeps its own frame (it is never inlined), and no call that may
  /// reach such a function is a tail call: a deferred function that
  /// tail-called a recovering helper would vanish from the stack and the
  /// helper would look like the deferred function. Calls that may reach one
  /// are calls to recover callers of this module, to functions of other
  /// files, and indirect calls.
  static bool keepRecoverFramesExact(Module &M) {
    SmallPtrSet<const Function *, 8> Callers;
    if (Function *Recover = M.getFunction("cdefer_recover"))
      for (User *U : Recover->users())
        if (auto *Call = dyn_cast<CallBase>(U))
          Callers.insert(Call->getFunction());
    bool Changed = false;
    for (const Function *Caller : Callers) {
      auto *F = const_cast<Function *>(Caller);
      F->removeFnAttr(Attribute::AlwaysInline);
      F->addFnAttr(Attribute::NoInline);
      Changed = true;
    }
    for (Function &F : M)
      for (BasicBlock &BB : F)
        for (Instruction &I : BB) {
          // A call-site alwaysinline (every call of a flatten function, or
          // [[clang::always_inline]]) would override the callee's noinline.
          if (auto *Site = dyn_cast<CallBase>(&I))
            if (Callers.count(Site->getCalledFunction()) &&
                Site->hasFnAttr(Attribute::AlwaysInline)) {
              Site->removeFnAttr(Attribute::AlwaysInline);
              Changed = true;
            }
          auto *Call = dyn_cast<CallInst>(&I);
          if (!Call || Call->isMustTailCall() || Call->isInlineAsm() ||
              isa<IntrinsicInst>(Call))
            continue;
          const Function *Callee = Call->getCalledFunction();
          if (Callee && !Callee->isDeclaration() && !Callers.count(Callee))
            continue;
          Call->setTailCallKind(CallInst::TCK_NoTail);
          Changed = true;
        }
    return Changed;
  }

  /// recover() succeeds only when called by the deferred function itself,
  /// which the runtime checks by comparing the caller's canonical frame
  /// address with the one its thunk recorded. Every call the pass sees gets
  /// that address from the caller itself (after deferred blocks have been
  /// outlined, so a block's recover names the block's function).
  static bool passCallerFrameToRecover(Module &M) {
    Function *Recover = M.getFunction("cdefer_recover");
    if (!Recover)
      return false;
    bool Changed = false;
    LLVMContext &Ctx = M.getContext();
    PointerType *PtrTy = PointerType::getUnqual(Ctx);
    FunctionCallee RecoverFrom = M.getOrInsertFunction(
        "__cdefer_recover_from",
        FunctionType::get(Recover->getReturnType(), {PtrTy}, false));
    for (User *U : make_early_inc_range(Recover->users())) {
      auto *Call = dyn_cast<CallInst>(U);
      if (!Call || Call->getCalledOperand() != Recover || Call->arg_size() != 0)
        continue;
      IRBuilder<> B(Call);
      Value *CFA =
          B.CreateIntrinsic(Intrinsic::eh_dwarf_cfa, {}, {B.getInt32(0)});
      CallInst *New = B.CreateCall(RecoverFrom, {CFA});
      New->setTailCallKind(CallInst::TCK_NoTail);
      New->setDebugLoc(Call->getDebugLoc());
      New->takeName(Call);
      Call->replaceAllUsesWith(New);
      Call->eraseFromParent();
      Changed = true;
    }
    return Changed;
  }

  /// cdefer_result() names the result slot of a function with defers; in
  /// any other function it is an error.
  static void reportResultOutsideDeferringFunctions(Module &M) {
    Function *Accessor = M.getFunction(cdefer::ResultSlotName);
    if (!Accessor)
      return;
    for (User *U : Accessor->users())
      if (auto *Call = dyn_cast<CallInst>(U))
        M.getContext().diagnose(DiagnosticInfoUnsupported(
            *Call->getFunction(),
            "cdefer: cdefer_result() in a function without defer statements",
            Call->getDebugLoc()));
  }

  // Runs on optnone functions too: -O0 code has defers as well.
  static bool isRequired() { return true; }
};

} // namespace

extern "C" LLVM_ATTRIBUTE_VISIBILITY_DEFAULT const unsigned
    cdefer_pass_plugin_abi = 1;

extern "C" LLVM_ATTRIBUTE_WEAK PassPluginLibraryInfo llvmGetPassPluginInfo() {
  return {LLVM_PLUGIN_API_VERSION, "CDeferPass", "0.1", [](PassBuilder &PB) {
            PB.registerPipelineStartEPCallback(
                [](ModulePassManager &MPM, OptimizationLevel) {
                  MPM.addPass(DeferLoweringPass());
                });
            PB.registerPipelineParsingCallback(
                [](StringRef Name, ModulePassManager &MPM,
                   ArrayRef<PassBuilder::PipelineElement>) {
                  if (Name != "cdefer-lower")
                    return false;
                  MPM.addPass(DeferLoweringPass());
                  return true;
                });
          }};
}
