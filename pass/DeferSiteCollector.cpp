//===- DeferSiteCollector.cpp - Read the defer sites of a function --------===//
//
// Turns the marker form of each defer statement (see DeferSite.h) into a
// DeferSite:
//  * a deferred block is outlined with CodeExtractor; the call to the
//    outlined function then stands for the block, so from here on every site
//    is a deferred call;
//  * the deferred call is detached from the code; its non-constant operands
//    (evaluated at the defer statement) are recorded as CapturedOperands and
//    the code that evaluated them stays where it was;
//  * the markers are removed and the guarding branch made unconditional.
//
// On return the function has no marker left and no deferred call in line;
// DeferLowering decides where the calls are made.
//
//===----------------------------------------------------------------------===//

#include "DeferSite.h"
#include "RecoverFrames.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/IR/DiagnosticInfo.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"
#include "llvm/Transforms/Utils/BasicBlockUtils.h"
#include "llvm/Transforms/Utils/CodeExtractor.h"
#include "llvm/Transforms/Utils/Local.h"

using namespace llvm;
using namespace cdefer;

static bool fail(Function &F, const Twine &Message, const DebugLoc &Loc) {
  F.getContext().diagnose(
      DiagnosticInfoUnsupported(F, "cdefer: " + Message, Loc));
  return false;
}

static CallInst *asMarkerCall(Instruction &I, StringRef Name) {
  auto *Call = dyn_cast<CallInst>(&I);
  if (!Call)
    return nullptr;
  Function *Callee = Call->getCalledFunction();
  return Callee && Callee->getName() == Name ? Call : nullptr;
}

static unsigned markerArg(CallInst *Marker, unsigned N) {
  auto *C = dyn_cast<ConstantInt>(Marker->getArgOperand(N));
  return C ? unsigned(C->getZExtValue()) : ~0u;
}

/// The conditional branch that guards a site: begin -> icmp ne 0 -> br.
static BranchInst *getGuard(CallInst *Begin) {
  if (!Begin->hasOneUse())
    return nullptr;
  auto *Cmp = dyn_cast<ICmpInst>(Begin->user_back());
  if (!Cmp || !Cmp->hasOneUse() || Cmp->getPredicate() != ICmpInst::ICMP_NE)
    return nullptr;
  auto *Br = dyn_cast<BranchInst>(Cmp->user_back());
  if (!Br || !Br->isConditional() || Br->getParent() != Begin->getParent())
    return nullptr;
  return Br;
}

/// The normal successors of \p BB: for an invoke, its normal destination.
static SmallVector<BasicBlock *, 2> normalSuccessors(BasicBlock *BB) {
  if (auto *Invoke = dyn_cast<InvokeInst>(BB->getTerminator()))
    return {Invoke->getNormalDest()};
  return SmallVector<BasicBlock *, 2>(successors(BB));
}

/// The blocks of a site's statement: everything reachable from the guard's
/// true successor along normal edges without entering the join block. Unwind
/// edges lead to the cleanups of the scopes around the statement, which are
/// not part of it.
static SmallVector<BasicBlock *, 8> getRegion(BasicBlock *Then,
                                              BasicBlock *Join) {
  SmallSetVector<BasicBlock *, 8> Region;
  SmallVector<BasicBlock *, 8> Work{Then};
  while (!Work.empty()) {
    BasicBlock *BB = Work.pop_back_val();
    if (BB == Join || !Region.insert(BB))
      continue;
    append_range(Work, normalSuccessors(BB));
  }
  return SmallVector<BasicBlock *, 8>(Region.begin(), Region.end());
}

static bool isIgnorableCall(const CallBase &Call) {
  if (isa<DbgInfoIntrinsic>(Call))
    return true;
  if (const auto *II = dyn_cast<IntrinsicInst>(&Call))
    return II->isLifetimeStartOrEnd() || II->isAssumeLikeIntrinsic();
  return false;
}

/// The last call in \p BB that is neither a marker nor an intrinsic that
/// Clang adds around a call (lifetime, debug).
static CallBase *getLastCall(BasicBlock &BB) {
  for (Instruction &I : reverse(BB))
    if (auto *Call = dyn_cast<CallBase>(&I))
      if (!isIgnorableCall(*Call))
        return Call;
  return nullptr;
}

/// Finds the deferred call of a call site: the last call of the region's
/// exiting block, or, when the callee does not return, of the one block that
/// ends in `unreachable`. Straight-line blocks without calls between the call
/// and that block (an invoke's normal destination) are walked back over.
static CallBase *findDeferredCall(ArrayRef<BasicBlock *> Region,
                                  BasicBlock *Join, bool &Ambiguous) {
  SmallVector<BasicBlock *, 2> Exiting, Dead;
  for (BasicBlock *BB : Region) {
    if (is_contained(normalSuccessors(BB), Join))
      Exiting.push_back(BB);
    else if (isa<UnreachableInst>(BB->getTerminator()))
      Dead.push_back(BB);
  }
  Ambiguous = Exiting.size() > 1 || (Exiting.empty() && Dead.size() > 1);
  if (Ambiguous)
    return nullptr;
  BasicBlock *BB = !Exiting.empty() ? Exiting.front()
                   : !Dead.empty()  ? Dead.front()
                                    : nullptr;
  while (BB && is_contained(Region, BB)) {
    if (CallBase *Call = getLastCall(*BB))
      return Call;
    BasicBlock *Pred = BB->getSinglePredecessor();
    if (!Pred || normalSuccessors(Pred).size() != 1)
      break;
    BB = Pred;
  }
  return nullptr;
}

/// Deferred code runs at the function's exit, outside the scopes around the
/// defer statement, so the unwind edges from it to the cleanups of those
/// scopes do not apply to it: such an invoke becomes a call.
static CallBase *dropUnwindEdge(CallBase *Call) {
  if (auto *Invoke = dyn_cast<InvokeInst>(Call))
    return changeToCall(Invoke);
  return Call;
}

static bool isBoundaryCall(const Instruction &I) {
  const auto *Call = dyn_cast<CallBase>(&I);
  const Function *Callee = Call ? Call->getCalledFunction() : nullptr;
  return Callee && Callee->getName() == BlockBoundaryName;
}

std::pair<Value *, Value *>
cdefer::findExceptionSlots(ArrayRef<BasicBlock *> Blocks) {
  Value *Exn = nullptr, *Sel = nullptr;
  for (BasicBlock *BB : Blocks) {
    auto *Landing = dyn_cast<LandingPadInst>(BB->getFirstNonPHIIt());
    if (!Landing)
      continue;
    for (User *U : Landing->users()) {
      auto *Extract = dyn_cast<ExtractValueInst>(U);
      if (!Extract || Extract->getNumIndices() != 1 || !Extract->hasOneUse())
        return {nullptr, nullptr};
      auto *Store = dyn_cast<StoreInst>(Extract->user_back());
      if (!Store || Store->getValueOperand() != Extract)
        return {nullptr, nullptr};
      Value *&Slot = Extract->getIndices()[0] == 0 ? Exn : Sel;
      if (Slot && Slot != Store->getPointerOperand())
        return {nullptr, nullptr};
      Slot = Store->getPointerOperand();
    }
  }
  return {Exn, Sel};
}

/// Gives a deferred block its own unwind path. Clang emitted the block's
/// code inside the scopes around the defer statement, so its unwind edges
/// lead through the block's own cleanups (C cleanup variables declared in
/// it) into the cleanups of those scopes, which have ended by the time the
/// deferred code runs. When the block declares cleanup variables, the plugin
/// put a no-op boundary cleanup outermost in it: the unwind path is taken
/// into the region up to the boundary call and continues from there with
/// `resume`, out of the outlined function. Unwind edges that leave the
/// region anywhere else are dropped (the calls become plain calls).
static void addBlockUnwindPath(SmallVectorImpl<BasicBlock *> &Region) {
  SmallPtrSet<BasicBlock *, 16> InRegion(Region.begin(), Region.end());
  SmallVector<BasicBlock *, 8> Unwind, Work;
  SmallVector<Instruction *, 2> Cuts; // boundary calls on the unwind path
  SmallPtrSet<BasicBlock *, 16> Seen;
  for (BasicBlock *BB : Region)
    if (auto *Invoke = dyn_cast<InvokeInst>(BB->getTerminator()))
      Work.push_back(Invoke->getUnwindDest());
  // Without cleanup variables there is no boundary (the plugin adds none)
  // and nothing of the block's own on the unwind path.
  bool HasBoundary =
      Region.front()->getModule()->getFunction(BlockBoundaryName) != nullptr;
  while (HasBoundary && !Work.empty()) {
    BasicBlock *BB = Work.pop_back_val();
    if (InRegion.count(BB) || !Seen.insert(BB).second)
      continue;
    Unwind.push_back(BB);
    auto Boundary = find_if(*BB, isBoundaryCall);
    if (Boundary != BB->end()) {
      Cuts.push_back(&*Boundary);
      continue;
    }
    // A cleanup that panics while unwinding has a landing pad of its own
    // (CleanupPanics.h) that continues with the block's next cleanup. A
    // terminate handler that was left as Clang made it is shared with the
    // outer scopes: it is entered from outside, so the block keeps no unwind
    // path of its own (below).
    append_range(Work, successors(BB));
  }

  // The unwind path belongs to the block only if nothing outside enters it.
  for (BasicBlock *BB : Unwind)
    for (BasicBlock *Pred : predecessors(BB))
      if (!InRegion.count(Pred) && !Seen.count(Pred))
        Cuts.clear(), Unwind.clear();
  auto [ExnSlot, SelSlot] = findExceptionSlots(Unwind);
  if (Cuts.empty() || !ExnSlot || !SelSlot)
    Unwind.clear();

  if (!Unwind.empty()) {
    Function *F = Region.front()->getParent();
    LLVMContext &Ctx = F->getContext();
    Type *LandingTy =
        StructType::get(PointerType::getUnqual(Ctx), Type::getInt32Ty(Ctx));
    for (Instruction *Boundary : Cuts) {
      // boundary(); <rest> becomes: resume the exception being unwound.
      BasicBlock *BB = Boundary->getParent();
      BasicBlock *Rest = BB->splitBasicBlock(Boundary->getNextNode());
      BB->getTerminator()->eraseFromParent();
      IRBuilder<> B(BB);
      Value *Exn = B.CreateLoad(PointerType::getUnqual(Ctx), ExnSlot);
      Value *Sel = B.CreateLoad(Type::getInt32Ty(Ctx), SelSlot);
      Value *Pair = B.CreateInsertValue(PoisonValue::get(LandingTy), Exn, 0);
      B.CreateResume(B.CreateInsertValue(Pair, Sel, 1));
      if (pred_empty(Rest))
        DeleteDeadBlock(Rest);
    }
    append_range(Region, Unwind);
    InRegion.insert(Unwind.begin(), Unwind.end());
  }
  for (BasicBlock *BB : Region) {
    for (Instruction &I : make_early_inc_range(*BB))
      if (isBoundaryCall(I) && isa<CallInst>(I))
        I.eraseFromParent();
    if (auto *Invoke = dyn_cast<InvokeInst>(BB->getTerminator()))
      if (!InRegion.count(Invoke->getUnwindDest()))
        dropUnwindEdge(Invoke);
  }
}

/// Outlines a deferred block; returns the call that replaced it.
static CallInst *outlineBlock(Function &F, DeferSite &Site,
                              ArrayRef<BasicBlock *> Region) {
  CodeExtractor Extractor(Region, /*DT=*/nullptr, /*AggregateArgs=*/false,
                          nullptr, nullptr, nullptr, /*AllowVarArgs=*/false,
                          /*AllowAlloca=*/true, /*AllocationBlock=*/nullptr,
                          "cdefer.block." + std::to_string(Site.Id));
  if (!Extractor.isEligible())
    return nullptr;
  CodeExtractorAnalysisCache Cache(F);
  Function *Outlined = Extractor.extractCodeRegion(Cache);
  if (!Outlined || !Outlined->hasOneUse())
    return nullptr;
  auto *Call = dyn_cast<CallInst>(Outlined->user_back());
  if (!Call)
    return nullptr;
  // The block may end in a call that does not return; the code after the
  // defer statement must still be reached.
  Instruction *After = Call->getParent()->getTerminator();
  if (!isa<BranchInst>(After) || After->getNumSuccessors() != 1 ||
      After->getSuccessor(0) != Site.Join) {
    BranchInst::Create(Site.Join, After->getIterator());
    After->eraseFromParent();
  }
  if (!Call->getDebugLoc())
    Call->setDebugLoc(Site.Loc);
  return Call;
}

/// `defer recover()` makes recover() a call of the deferring function F
/// itself (Go's recover1.go, test6): it recovers when F returns normally
/// while a panic is running F as its deferred function, not when it is made
/// for a panic passing F. As Go does, the caller's identity is taken at the
/// defer statement: the deferred call becomes __cdefer_recover_from(F's
/// frame address, F).
static CallBase *deferRecoverForCaller(CallBase *Call) {
  IRBuilder<> B(Call);
  CallInst *New = createRecoverFrom(B, Call->getType());
  New->setDebugLoc(Call->getDebugLoc());
  if (!Call->use_empty())
    Call->replaceAllUsesWith(New);
  Call->eraseFromParent();
  return New;
}

/// Records the operands of \p Call that are evaluated at the defer statement.
static bool captureOperands(Function &F, DeferSite &Site, CallBase *Call) {
  for (unsigned I = 0, E = Call->arg_size(); I != E; ++I) {
    if (Call->paramHasAttr(I, Attribute::InAlloca) ||
        Call->paramHasAttr(I, Attribute::Preallocated))
      return fail(F, "a deferred call cannot take inalloca arguments",
                  Site.Loc);
    if (Call->paramHasAttr(I, Attribute::StructRet)) {
      Site.SRetOperands.push_back(I);
      continue;
    }
    Value *Arg = Call->getArgOperand(I);
    if (isa<Constant>(Arg))
      continue;
    if (Type *ByVal = Call->getParamByValType(I))
      Site.Captured.push_back({I, Arg, ByVal, true});
    else
      Site.Captured.push_back({I, Arg, Arg->getType(), false});
  }
  Value *Callee = Call->getCalledOperand();
  if (isa<InlineAsm>(Callee))
    return fail(F, "inline assembly cannot be deferred", Site.Loc);
  if (!isa<Constant>(Callee))
    Site.Captured.push_back({Call->getCalledOperandUse().getOperandNo(), Callee,
                             Callee->getType(), false});
  return true;
}

/// Takes the deferred call out of the code, keeping it as a template.
static void detachCall(DeferSite &Site, CallBase *Call) {
  Instruction *Next = Call->getNextNode();
  if (isa<UnreachableInst>(Next)) {
    // The callee does not return: the code after the defer statement
    // continues where the call used to be.
    BranchInst::Create(Site.Join, Next->getIterator());
    Next->eraseFromParent();
    Next = Call->getNextNode();
  }
  Site.CapturePoint = Next;
  if (!Call->use_empty())
    Call->replaceAllUsesWith(PoisonValue::get(Call->getType()));
  Call->removeFromParent();
  Site.Call = Call;
}

/// Removes a site's markers and makes its guard unconditional.
static void removeMarkers(DeferSite &Site, BranchInst *Guard, CallInst *End) {
  BasicBlock *Then = Guard->getSuccessor(0);
  auto *Cmp = cast<Instruction>(Guard->getCondition());
  Guard->getSuccessor(1)->removePredecessor(Guard->getParent());
  BranchInst::Create(Then, Guard->getIterator());
  Guard->eraseFromParent();
  Cmp->eraseFromParent();
  Site.Begin->eraseFromParent();
  Site.Begin = nullptr;
  if (End)
    End->eraseFromParent();
}

bool cdefer::collectDeferSites(Function &F, SmallVectorImpl<DeferSite> &Sites) {
  DenseMap<unsigned, CallInst *> Ends;
  SmallVector<CallInst *, 8> Begins;
  for (BasicBlock &BB : F)
    for (Instruction &I : BB) {
      if (CallInst *Begin = asMarkerCall(I, SiteBeginName))
        Begins.push_back(Begin);
      else if (CallInst *End = asMarkerCall(I, SiteEndName))
        Ends[markerArg(End, 1)] = End;
    }

  for (CallInst *Begin : Begins) {
    DeferSite Site;
    Site.Kind = SiteKind(markerArg(Begin, 0));
    Site.Id = markerArg(Begin, 1);
    Site.Begin = Begin;
    Site.Loc = Begin->getDebugLoc();
    BranchInst *Guard = getGuard(Begin);
    if (!Guard || (Site.Kind != SiteKind::Call && Site.Kind != SiteKind::Block))
      return fail(F,
                  "malformed defer site marker (was the IR changed "
                  "before the cdefer pass ran?)",
                  Site.Loc);
    Site.Join = Guard->getSuccessor(1);
    CallInst *End = Ends.lookup(Site.Id);
    SmallVector<BasicBlock *, 8> Region =
        getRegion(Guard->getSuccessor(0), Site.Join);
    if (Site.Kind == SiteKind::Block)
      addBlockUnwindPath(Region);

    CallBase *Call = nullptr;
    if (Site.Kind == SiteKind::Block) {
      Call = outlineBlock(F, Site, Region);
      if (!Call)
        return fail(F, "this deferred block cannot be outlined", Site.Loc);
      Guard = getGuard(Begin); // The extractor rewrote the guard's target.
    } else {
      bool Ambiguous = false;
      Call = findDeferredCall(Region, Site.Join, Ambiguous);
      if (Ambiguous)
        return fail(F, "cannot find the call of this deferred call statement",
                    Site.Loc);
      if (Call)
        Call = dropUnwindEdge(Call);
      if (Call && isRecoverCall(*Call))
        Call = deferRecoverForCaller(Call);
    }
    if (Call) {
      if (!captureOperands(F, Site, Call))
        return false;
      detachCall(Site, Call);
    }
    // A call that Clang folded away (a builtin with constant arguments)
    // leaves nothing to defer: the site is dropped.
    removeMarkers(Site, Guard, End);
    if (Site.Call)
      Sites.push_back(std::move(Site));
  }
  return true;
}
