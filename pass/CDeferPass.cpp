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

#include "CleanupPanics.h"
#include "DeferLowering.h"
#include "DeferSite.h"
#include "RecoverFrames.h"

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
    // What the pass changes or creates is verified at the end (only that:
    // Clang itself may emit IR the verifier rejects elsewhere, such as an
    // x86 interrupt handler's byval parameter of an incomplete type).
    SmallPtrSet<Function *, 16> Changed;
    bool AttributesChanged = cdefer::keepRecoverCallersFrames(M);
    // While the landing pads are still Clang's, before deferred blocks are
    // outlined (their own cleanups' pads go with them).
    for (Function &F : M)
      if (cdefer::replaceCleanupTerminateHandlers(F))
        Changed.insert(&F);
    Function *Begin = M.getFunction(cdefer::SiteBeginName);
    if (!Begin) {
      AttributesChanged |= cdefer::passCallerToRecover(M);
      verifyChanged(Changed);
      return AttributesChanged || !Changed.empty() ? PreservedAnalyses::none()
                                                   : PreservedAnalyses::all();
    }

    SmallPtrSet<Function *, 32> Existing;
    for (Function &F : M)
      Existing.insert(&F);
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
    cdefer::passCallerToRecover(M);
    reportResultOutsideDeferringFunctions(M);
    Changed.insert(HasSites.begin(), HasSites.end());
    for (Function &F : M)
      if (!Existing.count(&F))
        Changed.insert(&F);
    verifyChanged(Changed);
    for (const char *Name : {cdefer::SiteBeginName, cdefer::SiteEndName,
                             cdefer::ResultSlotName, cdefer::BlockBoundaryName})
      if (Function *Marker = M.getFunction(Name))
        if (Marker->use_empty())
          Marker->eraseFromParent();
    return PreservedAnalyses::none();
  }

  /// The functions the pass lowered, rewrote or created must be valid IR
  /// with and without debug info; anything else is a bug of this pass.
  static void verifyChanged(const SmallPtrSetImpl<Function *> &Changed) {
    for (Function *F : Changed)
      if (verifyFunction(*F, &errs()))
        report_fatal_error("cdefer: internal error: the lowering pass "
                           "produced invalid IR in " +
                           F->getName());
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
