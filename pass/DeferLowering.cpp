//===- DeferLowering.cpp - Lower the defer sites of a function ------------===//
//
// Owns the strategies (docs/design.md, "Lowering"):
//
//  * open-coded: a bit per site in the frame's mask plus one stack slot per
//    captured operand; the exit block tests the bits newest site first,
//    clears each bit before making its call, and makes the call in place;
//  * chained: a record per execution, pushed on the task's defer chain
//    (__cdefer_push) — an alloca in the entry block for a site outside any
//    cycle, a pooled record (__cdefer_alloc_record) for a site in a cycle;
//    the exit block calls __cdefer_run_frame with the frame's identity.
//
// Every function with defers also gets an anchor (an i64 in its frame that
// holds the function's cookie, FaultFrames.h): the low byte of the
// anchor is the open-coded mask (up to 8 sites), and the anchor's address is
// the chained frame's identity. Its pending calls can then be made from
// outside the frame by its fault runner, F.cdefer.fault.
//
// Invariants:
//  * A function uses one mechanism for all its sites, so LIFO order holds
//    across sites without comparing mechanisms.
//  * Every return goes through the single exit block, after its value has
//    been stored in the result slot; the exit block runs pending deferred
//    calls, then returns the slot's value.
//  * A chained record's header layout is the runtime's struct
//    __cdefer_record (runtime/internal.h); the offsets below must match it.
//  * The anchor's cookie (a constant of the function's own) is stored at
//    entry after any separate mask is cleared, so a frame whose cookie is
//    in place has a meaningful mask.
//  * Until a return stores it, the result slot reads as the zero value:
//    it is zeroed at entry, or (open-coded, with fault support, fewer than
//    8 sites) the mask's top bit says the frame has not returned yet and a
//    panic zeroes the slot before it makes the frame's deferred calls.
//
//===----------------------------------------------------------------------===//

#include "DeferLowering.h"

#include "llvm/ADT/PostOrderIterator.h"
#include "llvm/ADT/SCCIterator.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/Analysis/ValueTracking.h"
#include "llvm/IR/CFG.h"
#include "llvm/IR/DiagnosticInfo.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InlineAsm.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/Verifier.h"
#include "llvm/Transforms/Utils/BasicBlockUtils.h"
#include "llvm/Transforms/Utils/Local.h"

#include <algorithm>
#include <functional>

using namespace llvm;
using namespace cdefer;

namespace {

// struct __cdefer_record, as laid out by the runtime.
constexpr uint64_t RecordFrameOffset = 8;
constexpr uint64_t RecordRunOffset = 16;
constexpr uint64_t RecordFlagsOffset = 24;
constexpr uint64_t RecordPayloadOffset = 32;
const Align RecordAlign(16);

/// The open-coded mask held in the anchor's low byte: up to this many bits.
constexpr unsigned AnchorMaskBits = 8;

/// Produces the value of a captured operand where the call is made.
using OperandSource = std::function<Value *(IRBuilder<> &, unsigned Index)>;
/// The address of one of the frame's allocas in the function being emitted:
/// the alloca itself in the function, localrecover in its fault runner.
using FrameAddr = function_ref<Value *(IRBuilder<> &, AllocaInst *)>;

static Value *sameFrame(IRBuilder<> &, AllocaInst *A) { return A; }

/// The number of the sret parameter of \p F, which has one: the first
/// parameter or, where the ABI puts another before it, the second.
static unsigned sretArgNo(const Function &F) {
  return F.getArg(0)->hasStructRetAttr() ? 0 : 1;
}

class FunctionLowering {
public:
  FunctionLowering(Function &F, MutableArrayRef<DeferSite> Sites,
                   AllocaInst *Result)
      : F(F), M(*F.getParent()), Ctx(F.getContext()),
        DL(F.getParent()->getDataLayout()), Sites(Sites),
        PtrTy(PointerType::getUnqual(Ctx)), Result(Result), Escape(F) {}

  bool run(const LoweringOptions &Options, SmallVectorImpl<FaultFrame> &Out);

private:
  void sortSitesInProgramOrder();
  bool isInCycle(const DeferSite &Site) const {
    return CyclicBlocks.count(Site.CapturePoint->getParent());
  }
  void findCyclicBlocks();

  AllocaInst *createEntryAlloca(Type *Ty, Align A, const Twine &Name);
  void storeAtEntry(Value *V, Value *Ptr);
  void createAnchor();
  void zeroResultAtEntry();
  void storeCaptured(IRBuilder<> &B, const CapturedOperand &Op, Value *Src,
                     Value *Dst, Align DstAlign);
  CallBase *emitCall(IRBuilder<> &B, const DeferSite &Site,
                     const OperandSource &Source, bool KeepDebugLoc);
  Align paramAlign(const DeferSite &Site, const CapturedOperand &Op) const;

  void lowerOpenCoded();
  bool lowerChained(bool ForcePooled);
  Function *createThunk(const DeferSite &Site, StructType *PayloadTy);
  StructType *payloadType(const DeferSite &Site) const;
  BasicBlock *createExitBlock();
  void addUnwindPath();
  void keepReturnReachable();
  void keepCapturedStoresInOrder(bool WithResult);
  void keepLocalsAlive();
  FaultFrame createFaultFrame();

  Function &F;
  Module &M;
  LLVMContext &Ctx;
  const DataLayout &DL;
  MutableArrayRef<DeferSite> Sites;
  PointerType *PtrTy;
  SmallPtrSet<const BasicBlock *, 16> CyclicBlocks;
  /// Emits, at the builder's position, the calls still pending in this
  /// frame; set by the chosen strategy.
  std::function<void(IRBuilder<> &)> EmitRunPending;
  /// Emits the same for a landing pad or the fault runner: each call is
  /// made through the runtime with the exception held in the Unwinding slot
  /// (unwinding to Lpad, if not null), and clears the slot if it recovered
  /// the panic. The frame's allocas are reached through Addr.
  std::function<void(IRBuilder<> &, FrameAddr Addr, AllocaInst *Unwinding,
                     BasicBlock *Lpad)>
      EmitRunPendingUnwinding;
  /// The function's result slot (prepareResultSlot), or null.
  AllocaInst *Result;
  /// The frame's anchor (FaultFrames.h) and what its fault runner reaches.
  AllocaInst *Anchor = nullptr;
  FrameEscape Escape;
  bool WithFaultFrames = false;
  /// The landing pad's return after a recovery (addUnwindPath).
  BasicBlock *RecoveredReturn = nullptr;
  /// The open-coded mask's bit that is set until the exit block starts
  /// making deferred calls (0 if there is none; then the result slot is
  /// zeroed at entry instead).
  uint8_t NotReturnedBit = 0;
};

/// Emits, at the builder's position: if \p Bit is set in the mask at
/// \p Mask, clear the bits \p Clear (before anything else runs) and emit
/// \p Emit. The builder is left where both paths meet again.
static void emitIfMaskBitSet(IRBuilder<> &B, Value *Mask, const APInt &Bit,
                             const APInt &Clear, const Twine &Name,
                             function_ref<void(IRBuilder<> &)> Emit) {
  LLVMContext &Ctx = B.getContext();
  Function *Fn = B.GetInsertBlock()->getParent();
  IntegerType *MaskTy = IntegerType::get(Ctx, Bit.getBitWidth());
  Value *Current = B.CreateLoad(MaskTy, Mask);
  Value *IsSet =
      B.CreateICmpNE(B.CreateAnd(Current, Bit), ConstantInt::get(MaskTy, 0));
  BasicBlock *Run = BasicBlock::Create(Ctx, Name + ".run", Fn);
  BasicBlock *Next = BasicBlock::Create(Ctx, Name + ".next", Fn);
  B.CreateCondBr(IsSet, Run, Next);
  B.SetInsertPoint(Run);
  B.CreateStore(B.CreateAnd(Current, ~Clear), Mask);
  Emit(B);
  B.CreateBr(Next);
  B.SetInsertPoint(Next);
}

/// Makes a landing-pad call of the runtime (\p Callee returns whether the
/// panic was recovered), as an invoke unwinding to \p Lpad if there is one,
/// and clears the Unwinding slot when it did.
static void emitUnwindingCall(IRBuilder<> &B, FunctionCallee Callee,
                              ArrayRef<Value *> Args, AllocaInst *Unwinding,
                              BasicBlock *Lpad) {
  Value *Recovered;
  if (Lpad) {
    Function *F = B.GetInsertBlock()->getParent();
    BasicBlock *Cont =
        BasicBlock::Create(B.getContext(), "cdefer.unwind.cont", F);
    Recovered = B.CreateInvoke(Callee, Cont, Lpad, Args);
    B.SetInsertPoint(Cont);
  } else {
    Recovered = B.CreateCall(Callee, Args);
  }
  Value *Exc = B.CreateLoad(B.getPtrTy(), Unwinding);
  B.CreateStore(
      B.CreateSelect(Recovered, ConstantPointerNull::get(B.getPtrTy()), Exc),
      Unwinding);
}

} // namespace

void FunctionLowering::sortSitesInProgramOrder() {
  // For sites outside cycles, RPO order is execution order: if one site can
  // reach another, it comes first in reverse post-order.
  DenseMap<const BasicBlock *, unsigned> Order;
  unsigned N = 0;
  for (BasicBlock *BB : ReversePostOrderTraversal<Function *>(&F))
    Order[BB] = N++;
  auto Key = [&](const DeferSite &S) {
    auto It = Order.find(S.CapturePoint->getParent());
    return It == Order.end() ? N : It->second;
  };
  // Keys are distinct: each site's capture point is its own instruction.
  llvm::sort(Sites, [&](const DeferSite &A, const DeferSite &B) {
    unsigned KA = Key(A), KB = Key(B);
    if (KA != KB)
      return KA < KB;
    return A.CapturePoint->comesBefore(B.CapturePoint);
  });
}

void FunctionLowering::findCyclicBlocks() {
  for (scc_iterator<Function *> I = scc_begin(&F); !I.isAtEnd(); ++I)
    if (I.hasCycle())
      CyclicBlocks.insert(I->begin(), I->end());
}

AllocaInst *FunctionLowering::createEntryAlloca(Type *Ty, Align A,
                                                const Twine &Name) {
  BasicBlock &Entry = F.getEntryBlock();
  auto *Slot = new AllocaInst(Ty, DL.getAllocaAddrSpace(), nullptr, A, Name,
                              Entry.begin());
  return Slot;
}

void FunctionLowering::storeAtEntry(Value *V, Value *Ptr) {
  BasicBlock &Entry = F.getEntryBlock();
  IRBuilder<> B(&Entry, Entry.getFirstNonPHIOrDbgOrAlloca());
  B.CreateStore(V, Ptr);
}

void FunctionLowering::createAnchor() {
  Type *I64 = Type::getInt64Ty(Ctx);
  Anchor = createEntryAlloca(I64, Align(8), "cdefer.anchor");
  Escape.add(Anchor);
  BasicBlock &Entry = F.getEntryBlock();
  IRBuilder<> B(&Entry, Entry.getFirstNonPHIOrDbgOrAlloca());
  // Without fault support nothing looks for the cookie: a plain zero keeps
  // an open-coded mask promotable to a register. The mask starts with only
  // the not-returned bit, if the frame has one.
  B.CreateAlignedStore(
      ConstantInt::get(I64, (WithFaultFrames ? anchorCookie(F) : 0) |
                                NotReturnedBit),
      Anchor, Align(8));
}

void FunctionLowering::zeroResultAtEntry() {
  if (Result) {
    storeAtEntry(Constant::getNullValue(Result->getAllocatedType()), Result);
  } else if (F.hasStructRetAttr()) {
    // The caller's result memory, likewise.
    BasicBlock &Entry = F.getEntryBlock();
    IRBuilder<> B(&Entry, Entry.getFirstNonPHIOrDbgOrAlloca());
    unsigned ArgNo = sretArgNo(F);
    Type *Ty = F.getParamStructRetType(ArgNo);
    B.CreateMemSet(F.getArg(ArgNo), B.getInt8(0), DL.getTypeAllocSize(Ty),
                   F.getParamAlign(ArgNo).valueOrOne());
  }
}

Align FunctionLowering::paramAlign(const DeferSite &Site,
                                   const CapturedOperand &Op) const {
  MaybeAlign A = Site.Call->getParamAlign(Op.OperandNo);
  return A ? *A : DL.getABITypeAlign(Op.StorageType);
}

void FunctionLowering::storeCaptured(IRBuilder<> &B, const CapturedOperand &Op,
                                     Value *Src, Value *Dst, Align DstAlign) {
  if (Op.IsByVal)
    B.CreateMemCpy(Dst, DstAlign, Src, Align(1),
                   DL.getTypeAllocSize(Op.StorageType));
  else
    B.CreateAlignedStore(Src, Dst, DstAlign);
}

CallBase *FunctionLowering::emitCall(IRBuilder<> &B, const DeferSite &Site,
                                     const OperandSource &Source,
                                     bool KeepDebugLoc) {
  auto *Call = cast<CallBase>(Site.Call->clone());
  for (unsigned I = 0, E = Site.Captured.size(); I != E; ++I)
    Call->setOperand(Site.Captured[I].OperandNo, Source(B, I));
  Function *Caller = B.GetInsertBlock()->getParent();
  for (unsigned ArgNo : Site.SRetOperands) {
    Type *Ty = Site.Call->getParamStructRetType(ArgNo);
    BasicBlock &Entry = Caller->getEntryBlock();
    auto *Temp =
        new AllocaInst(Ty, DL.getAllocaAddrSpace(), nullptr,
                       DL.getPrefTypeAlign(Ty), "cdefer.sret", Entry.begin());
    Call->setArgOperand(ArgNo, Temp);
  }
  if (!KeepDebugLoc)
    Call->setDebugLoc(DebugLoc());
  B.Insert(Call);
  return Call;
}

StructType *FunctionLowering::payloadType(const DeferSite &Site) const {
  SmallVector<Type *, 4> Fields;
  for (const CapturedOperand &Op : Site.Captured)
    Fields.push_back(Op.StorageType);
  return StructType::get(Ctx, Fields);
}

void FunctionLowering::lowerOpenCoded() {
  unsigned Bits =
      std::max<unsigned>(AnchorMaskBits, PowerOf2Ceil(Sites.size()));
  IntegerType *MaskTy = IntegerType::get(Ctx, Bits);
  // Up to 8 sites the mask is the anchor's low byte (cleared by its cookie);
  // more (only with -cdefer-max-open-coded) get a mask of their own, cleared
  // before the cookie is stored.
  AllocaInst *Mask = Anchor;
  if (Bits != AnchorMaskBits) {
    Mask = createEntryAlloca(MaskTy, Align(1), "cdefer.mask");
    storeAtEntry(ConstantInt::get(MaskTy, 0), Mask);
    Escape.add(Mask);
  }

  // One slot per captured operand; byval aggregates keep their alignment so
  // the slot itself can be passed.
  std::vector<SmallVector<AllocaInst *, 4>> Slots(Sites.size());
  for (unsigned S = 0; S != Sites.size(); ++S) {
    DeferSite &Site = Sites[S];
    IRBuilder<> B(Site.CapturePoint);
    B.SetCurrentDebugLocation(Site.Loc);
    for (const CapturedOperand &Op : Site.Captured) {
      Align A =
          std::max(paramAlign(Site, Op), DL.getPrefTypeAlign(Op.StorageType));
      AllocaInst *Slot = createEntryAlloca(Op.StorageType, A, "cdefer.arg");
      storeCaptured(B, Op, Op.Value, Slot, A);
      Slots[S].push_back(Slot);
      Escape.add(Slot);
    }
    Value *Old = B.CreateLoad(MaskTy, Mask);
    B.CreateStore(B.CreateOr(Old, APInt::getOneBitSet(Bits, S)), Mask);
    // A fault is not a call: nothing would stop the compiler from sinking
    // these stores past a faulting instruction (or deleting them, when the
    // exit block overwrites the mask). A compiler barrier keeps the site's
    // state in memory before the code that follows it; it emits no
    // instruction.
    if (WithFaultFrames)
      B.CreateCall(InlineAsm::get(FunctionType::get(B.getVoidTy(), false), "",
                                  "", /*hasSideEffects=*/true))
          ->setOnlyReadsMemory();
  }

  // Tests each site's bit, newest site first, and for a set bit clears it
  // (so the call is made once, even if it panics) and emits the call. The
  // same store clears the not-returned bit: the result slot holds what the
  // function returns from the first deferred call on.
  APInt NotReturned(Bits, NotReturnedBit);
  auto ForEachPending = [this, Bits, NotReturned](
                            IRBuilder<> &B, Value *Mask, StringRef Name,
                            function_ref<void(IRBuilder<> &, unsigned)> Emit) {
    for (unsigned S = Sites.size(); S-- != 0;) {
      APInt Bit = APInt::getOneBitSet(Bits, S);
      emitIfMaskBitSet(B, Mask, Bit, Bit | NotReturned, Name,
                       [&](IRBuilder<> &B) { Emit(B, S); });
    }
  };

  EmitRunPending = [this, ForEachPending, Mask, Slots](IRBuilder<> &B) {
    ForEachPending(B, Mask, "cdefer", [&](IRBuilder<> &B, unsigned S) {
      const DeferSite &Site = Sites[S];
      emitCall(
          B, Site,
          [&](IRBuilder<> &B, unsigned I) -> Value * {
            const CapturedOperand &Op = Site.Captured[I];
            AllocaInst *Slot = Slots[S][I];
            if (Op.IsByVal)
              return Slot;
            return B.CreateLoad(Op.StorageType, Slot);
          },
          /*KeepDebugLoc=*/true);
    });
  };

  // On the unwind path each call goes through its thunk and the runtime, so
  // that recover() can tell it was made for the panic.
  // Each call's payload is a copy of its slots, in an alloca of the
  // function that makes the call.
  std::vector<std::pair<Function *, StructType *>> Thunks;
  for (DeferSite &Site : Sites) {
    StructType *PayloadTy = payloadType(Site);
    Thunks.emplace_back(createThunk(Site, PayloadTy), PayloadTy);
  }
  FunctionCallee CallDeferred = M.getOrInsertFunction(
      "__cdefer_call_deferred",
      FunctionType::get(Type::getInt1Ty(Ctx), {PtrTy, PtrTy, PtrTy}, false));
  EmitRunPendingUnwinding = [this, ForEachPending, Mask, Slots, Thunks,
                             CallDeferred, NotReturned](
                                IRBuilder<> &B, FrameAddr Addr,
                                AllocaInst *Unwinding, BasicBlock *Lpad) {
    Value *MaskPtr = Addr(B, Mask);
    // A panic that stops the frame before it returned finds the result slot
    // as it was at entry; it holds the zero value from here on.
    if (NotReturnedBit)
      emitIfMaskBitSet(B, MaskPtr, NotReturned, NotReturned, "cdefer.result",
                       [&](IRBuilder<> &B) {
                         B.CreateStore(
                             Constant::getNullValue(Result->getAllocatedType()),
                             Addr(B, Result));
                       });
    ForEachPending(
        B, MaskPtr, "cdefer.unwind", [&](IRBuilder<> &B, unsigned S) {
          const DeferSite &Site = Sites[S];
          auto [Thunk, PayloadTy] = Thunks[S];
          Function *Fn = B.GetInsertBlock()->getParent();
          auto *Payload = new AllocaInst(PayloadTy, DL.getAllocaAddrSpace(),
                                         nullptr, RecordAlign, "cdefer.payload",
                                         Fn->getEntryBlock().begin());
          const StructLayout *Layout = DL.getStructLayout(PayloadTy);
          for (unsigned I = 0, E = Site.Captured.size(); I != E; ++I) {
            const CapturedOperand &Op = Site.Captured[I];
            Align FieldAlign =
                commonAlignment(RecordAlign, Layout->getElementOffset(I));
            Value *Field = B.CreateStructGEP(PayloadTy, Payload, I);
            Value *Slot = Addr(B, Slots[S][I]);
            Value *V = Op.IsByVal ? Slot : B.CreateLoad(Op.StorageType, Slot);
            storeCaptured(B, Op, V, Field, FieldAlign);
          }
          Value *Exc = B.CreateLoad(PtrTy, Unwinding);
          emitUnwindingCall(B, CallDeferred, {Thunk, Payload, Exc}, Unwinding,
                            Lpad);
        });
  };
}

Function *FunctionLowering::createThunk(const DeferSite &Site,
                                        StructType *PayloadTy) {
  // void thunk(ptr payload, ptr callee): runtime/internal.h.
  // Not instrumented by sanitizers: it only moves arguments, and keeping
  // its call frame fixed (no sanitizer alloca) keeps recover's check fast.
  Function *Thunk = createHelperFunction(
      F, FunctionType::get(Type::getVoidTy(Ctx), {PtrTy, PtrTy}, false),
      F.getName() + ".cdefer.thunk." + Twine(Site.Id),
      /*WithoutSanitizers=*/true);

  Argument *Payload = Thunk->getArg(0);
  Payload->setName("payload");
  Thunk->getArg(1)->setName("callee");
  IRBuilder<> B(BasicBlock::Create(Ctx, "entry", Thunk));
  const StructLayout *Layout = DL.getStructLayout(PayloadTy);
  emitCall(
      B, Site,
      [&](IRBuilder<> &B, unsigned I) -> Value * {
        const CapturedOperand &Op = Site.Captured[I];
        Value *Field = B.CreateStructGEP(PayloadTy, Payload, I);
        Align FieldAlign = commonAlignment(
            RecordAlign, RecordPayloadOffset + Layout->getElementOffset(I));
        if (!Op.IsByVal)
          return B.CreateAlignedLoad(Op.StorageType, Field, FieldAlign);
        Align Want = paramAlign(Site, Op);
        if (FieldAlign >= Want)
          return Field;
        AllocaInst *Copy = B.CreateAlloca(Op.StorageType);
        Copy->setAlignment(Want);
        B.CreateMemCpy(Copy, Want, Field, FieldAlign,
                       DL.getTypeAllocSize(Op.StorageType));
        return Copy;
      },
      /*KeepDebugLoc=*/false);
  // recover() succeeds only in the function this thunk calls
  // (RecoverFrames.h): its stack pointer at the call, the callee's
  // canonical frame address, and the callee are stored for the runtime
  // (struct cdefer_deferred_frame). Keep that frame real: no inlining, no
  // tail call.
  auto *Call = cast<CallBase>(&B.GetInsertBlock()->back());
  {
    IRBuilder<> AtCall(Call);
    Value *SP = AtCall.CreateIntrinsic(
        Intrinsic::read_register, {AtCall.getInt64Ty()},
        {MetadataAsValue::get(Ctx,
                              MDNode::get(Ctx, {MDString::get(Ctx, "rsp")}))});
    Value *Callee = Thunk->getArg(1);
    AtCall.CreateStore(SP, Callee);
    // An intrinsic (va_end) has no address, and does not call recover.
    Value *Fn = Call->getCalledOperand();
    if (isa<IntrinsicInst>(Call))
      Fn = ConstantPointerNull::get(PtrTy);
    AtCall.CreateStore(
        Fn, AtCall.CreateConstInBoundsGEP1_64(AtCall.getInt8Ty(), Callee, 8));
  }
  // A call in a flatten function, or under [[clang::always_inline]], comes
  // with a call-site alwaysinline, which noinline may not join.
  Call->removeFnAttr(Attribute::AlwaysInline);
  Call->addFnAttr(Attribute::NoInline);
  if (auto *CI = dyn_cast<CallInst>(Call))
    CI->setTailCallKind(CallInst::TCK_NoTail);
  B.CreateRetVoid();
  return Thunk;
}

bool FunctionLowering::lowerChained(bool ForcePooled) {
  Type *I32 = Type::getInt32Ty(Ctx), *I64 = Type::getInt64Ty(Ctx);
  FunctionCallee Push = M.getOrInsertFunction(
      "__cdefer_push", FunctionType::get(Type::getVoidTy(Ctx), {PtrTy}, false));
  FunctionCallee Alloc = M.getOrInsertFunction(
      "__cdefer_alloc_record", FunctionType::get(PtrTy, {I64}, false));
  FunctionCallee RunFrame = M.getOrInsertFunction(
      "__cdefer_run_frame",
      FunctionType::get(Type::getVoidTy(Ctx), {PtrTy}, false));
  if (auto *Fn = dyn_cast<Function>(Push.getCallee()))
    Fn->addFnAttr(Attribute::NoUnwind);
  if (auto *Fn = dyn_cast<Function>(Alloc.getCallee()))
    Fn->addFnAttr(Attribute::NoUnwind);

  // The frame's identity in its records is its anchor's address.
  AllocaInst *Frame = Anchor;
  for (DeferSite &Site : Sites) {
    StructType *PayloadTy = payloadType(Site);
    if (DL.getABITypeAlign(PayloadTy) > RecordAlign) {
      F.getContext().diagnose(DiagnosticInfoUnsupported(
          F,
          "cdefer: a deferred call with an argument aligned to more than 16 "
          "bytes can only be open-coded (not in a loop, at most the "
          "open-coding limit of sites)",
          Site.Loc));
      return false;
    }
    Function *Thunk = createThunk(Site, PayloadTy);
    uint64_t PayloadSize = DL.getTypeAllocSize(PayloadTy);

    IRBuilder<> B(Site.CapturePoint);
    B.SetCurrentDebugLocation(Site.Loc);
    Value *Record;
    if (ForcePooled || isInCycle(Site)) {
      Record = B.CreateCall(Alloc, {ConstantInt::get(I64, PayloadSize)},
                            "cdefer.record");
    } else {
      Type *RecordTy = ArrayType::get(Type::getInt8Ty(Ctx),
                                      RecordPayloadOffset + PayloadSize);
      Record = createEntryAlloca(RecordTy, RecordAlign, "cdefer.record");
      B.CreateAlignedStore(ConstantInt::get(I32, 0),
                           B.CreateConstInBoundsGEP1_64(B.getInt8Ty(), Record,
                                                        RecordFlagsOffset),
                           Align(8));
    }
    B.CreateAlignedStore(
        Frame,
        B.CreateConstInBoundsGEP1_64(B.getInt8Ty(), Record, RecordFrameOffset),
        Align(8));
    B.CreateAlignedStore(
        Thunk,
        B.CreateConstInBoundsGEP1_64(B.getInt8Ty(), Record, RecordRunOffset),
        Align(8));
    Value *Payload = B.CreateConstInBoundsGEP1_64(B.getInt8Ty(), Record,
                                                  RecordPayloadOffset);
    const StructLayout *Layout = DL.getStructLayout(PayloadTy);
    for (unsigned I = 0, E = Site.Captured.size(); I != E; ++I) {
      Align FieldAlign = commonAlignment(
          RecordAlign, RecordPayloadOffset + Layout->getElementOffset(I));
      storeCaptured(B, Site.Captured[I], Site.Captured[I].Value,
                    B.CreateStructGEP(PayloadTy, Payload, I), FieldAlign);
    }
    B.CreateCall(Push, {Record});
  }

  EmitRunPending = [RunFrame, Frame](IRBuilder<> &B) {
    B.CreateCall(RunFrame, {Frame});
  };
  FunctionCallee RunFrameUnwinding = M.getOrInsertFunction(
      "__cdefer_run_frame_unwinding",
      FunctionType::get(Type::getInt1Ty(Ctx), {PtrTy, PtrTy}, false));
  EmitRunPendingUnwinding = [this, RunFrameUnwinding,
                             Frame](IRBuilder<> &B, FrameAddr Addr,
                                    AllocaInst *Unwinding, BasicBlock *Lpad) {
    Value *Exc = B.CreateLoad(PtrTy, Unwinding);
    emitUnwindingCall(B, RunFrameUnwinding, {Addr(B, Frame), Exc}, Unwinding,
                      Lpad);
  };
  return true;
}

BasicBlock *FunctionLowering::createExitBlock() {
  SmallVector<ReturnInst *, 4> Returns;
  for (BasicBlock &BB : F)
    if (auto *Ret = dyn_cast<ReturnInst>(BB.getTerminator()))
      Returns.push_back(Ret);
  Type *RetTy = F.getReturnType();
  if (Returns.empty())
    return nullptr;
  BasicBlock *Exit = BasicBlock::Create(Ctx, "cdefer.exit", &F);
  DebugLoc RetLoc = Returns.front()->getDebugLoc();
  for (ReturnInst *Ret : Returns) {
    IRBuilder<> B(Ret);
    if (Result)
      B.CreateStore(Ret->getReturnValue(), Result);
    B.CreateBr(Exit);
    Ret->eraseFromParent();
  }
  IRBuilder<> B(Exit);
  B.SetCurrentDebugLocation(RetLoc);
  EmitRunPending(B);
  if (Result)
    B.CreateRet(B.CreateLoad(RetTy, Result));
  else
    B.CreateRetVoid();
  return Exit;
}

/// Whether a call may unwind into this frame's landing pad.
static bool mayUnwind(const CallInst &Call) {
  if (Call.doesNotThrow() || Call.isMustTailCall() || isa<IntrinsicInst>(Call))
    return false;
  if (const auto *Asm = dyn_cast<InlineAsm>(Call.getCalledOperand()))
    return Asm->canThrow();
  return true;
}

void FunctionLowering::addUnwindPath() {
  SmallVector<CallInst *, 16> Calls;
  SmallVector<ResumeInst *, 2> Resumes;
  for (BasicBlock &BB : F)
    for (Instruction &I : BB) {
      if (auto *Call = dyn_cast<CallInst>(&I); Call && mayUnwind(*Call))
        Calls.push_back(Call);
      else if (auto *Resume = dyn_cast<ResumeInst>(&I))
        Resumes.push_back(Resume);
    }

  // A panic that unwinds into this frame runs its pending deferred calls.
  F.removeFnAttr(Attribute::NoUnwind);
  if (!F.hasPersonalityFn())
    F.setPersonalityFn(cast<Constant>(
        M.getOrInsertFunction("__gcc_personality_v0",
                              FunctionType::get(Type::getInt32Ty(Ctx), true))
            .getCallee()));
  StructType *LandingTy = StructType::get(PtrTy, Type::getInt32Ty(Ctx));
  AllocaInst *Unwinding =
      createEntryAlloca(PtrTy, Align(8), "cdefer.unwinding");

  BasicBlock *Lpad = BasicBlock::Create(Ctx, "cdefer.lpad", &F);
  BasicBlock *Unwind = BasicBlock::Create(Ctx, "cdefer.unwind", &F);
  IRBuilder<> B(Lpad);
  LandingPadInst *Landing = B.CreateLandingPad(LandingTy, 0);
  Landing->setCleanup(true);
  B.CreateBr(Unwind);

  B.SetInsertPoint(Unwind);
  PHINode *Caught = B.CreatePHI(LandingTy, 1 + Resumes.size(), "cdefer.caught");
  Caught->addIncoming(Landing, Lpad);
  B.CreateStore(B.CreateExtractValue(Caught, 0), Unwinding);
  EmitRunPendingUnwinding(B, sameFrame, Unwinding, Lpad);
  Value *Still = B.CreateIsNotNull(B.CreateLoad(PtrTy, Unwinding));
  BasicBlock *Recovered = BasicBlock::Create(Ctx, "cdefer.recovered", &F);
  BasicBlock *Continue = BasicBlock::Create(Ctx, "cdefer.resume", &F);
  B.CreateCondBr(Still, Continue, Recovered);
  // Not recovered: the runtime walks on from this frame (it resumes any
  // other exception with _Unwind_Resume).
  B.SetInsertPoint(Continue);
  FunctionCallee Resume = M.getOrInsertFunction(
      "__cdefer_resume",
      FunctionType::get(Type::getVoidTy(Ctx), {PtrTy}, false));
  if (auto *Fn = dyn_cast<Function>(Resume.getCallee()))
    Fn->setDoesNotReturn();
  B.CreateCall(Resume, {B.CreateExtractValue(Caught, 0)})->setDoesNotReturn();
  B.CreateUnreachable();
  // Recovered: return normally with what the result holds now (Go's rule).
  RecoveredReturn = Recovered;
  B.SetInsertPoint(Recovered);
  if (F.doesNotReturn())
    emitCannotReturn(B, F); // Declared so: a clear error, not a crash.
  else if (Result)
    B.CreateRet(B.CreateLoad(F.getReturnType(), Result));
  else
    B.CreateRetVoid();

  // Clang's own cleanups (C cleanup variables) continue into this frame's
  // deferred calls instead of leaving the frame.
  for (ResumeInst *Resume : Resumes) {
    Caught->addIncoming(Resume->getValue(), Resume->getParent());
    BranchInst::Create(Unwind, Resume->getIterator());
    Resume->eraseFromParent();
  }
  for (CallInst *Call : Calls)
    changeToInvokeAndSplitBasicBlock(Call, Lpad);
}

void FunctionLowering::keepReturnReachable() {
  // A fault that a deferred call recovers returns from the frame although
  // the faulting instruction is not a call (its caller resumes through the
  // return stub, FaultFrames.h). LLVM must not conclude that the function
  // cannot return when no `ret` is left on its normal paths (an endless
  // server loop whose calls it proved nounwind, so that the landing pad is
  // gone): the caller would drop the code after the call. An `asm goto`
  // without instructions, at the end of the entry block, may jump to the
  // recovered return, so that return stays reachable. It costs no
  // instruction, and it comes right after the allocas, so that the entry
  // block's stores (the anchor's cookie) still merge with the code after
  // them.
  BasicBlock *Entry = &F.getEntryBlock();
  BasicBlock *Body = SplitBlock(Entry, Entry->getFirstNonPHIOrDbgOrAlloca(),
                                static_cast<DominatorTree *>(nullptr));
  for (Instruction &I : make_early_inc_range(*Body))
    if (auto *A = dyn_cast<AllocaInst>(&I); A && A->isStaticAlloca())
      A->moveBefore(Entry->getTerminator()->getIterator());
  Entry->getTerminator()->eraseFromParent();
  IRBuilder<> B(Entry);
  auto *AsmTy = FunctionType::get(Type::getVoidTy(Ctx), false);
  B.CreateCallBr(InlineAsm::get(AsmTy, "", "!i", /*hasSideEffects=*/true), Body,
                 {RecoveredReturn});
}

void FunctionLowering::keepCapturedStoresInOrder(bool WithResult) {
  // Deferred code reads the locals whose addresses a defer statement
  // captured (a deferred block's variables, `defer f(&x)`) and the result
  // slot as they are when it runs (Go's rule, recover4.go). After a call
  // they are, since the call may read them; but a fault can stop the frame
  // between calls, where the optimiser may still hold a store in a
  // register (a loop counter promoted by LICM) or have sunk it past the
  // faulting instruction. Stores to them are made volatile: each one
  // reaches memory, in program order with the faulting accesses that
  // follow it. Loads are left alone.
  SmallPtrSet<AllocaInst *, 8> Captured;
  for (const DeferSite &Site : Sites)
    for (const CapturedOperand &Op : Site.Captured)
      if (auto *A = dyn_cast<AllocaInst>(getUnderlyingObject(Op.Value)))
        if (A->getFunction() == &F && !Op.IsByVal && A != Result)
          Captured.insert(A);
  // The result slot is written by the return statements (which make the
  // deferred calls right away) unless the body writes it.
  if (WithResult)
    Captured.insert(Result);
  SmallVector<Value *, 16> Work(Captured.begin(), Captured.end());
  SmallPtrSet<Value *, 16> Seen(Captured.begin(), Captured.end());
  while (!Work.empty()) {
    Value *Ptr = Work.pop_back_val();
    for (User *U : Ptr->users()) {
      if (auto *Store = dyn_cast<StoreInst>(U)) {
        if (Store->getPointerOperand() == Ptr && !Store->isAtomic())
          Store->setVolatile(true);
      } else if (auto *Mem = dyn_cast<MemIntrinsic>(U)) {
        if (Mem->getRawDest() == Ptr)
          Mem->setVolatile(ConstantInt::getTrue(Ctx));
      } else if (isa<GetElementPtrInst, BitCastInst, AddrSpaceCastInst>(U)) {
        if (Seen.insert(U).second)
          Work.push_back(U);
      }
    }
  }
}

void FunctionLowering::keepLocalsAlive() {
  // Deferred code may use a local whose scope ended before the return: keep
  // every slot of the frame live until the function returns. Lifetime
  // markers go. So does a stack restore that ends the scope of a
  // variable-length array, unless a cycle can follow it (then it bounds the
  // stack a loop uses): the function's own return restores the stack.
  SmallPtrSet<const BasicBlock *, 16> ReachesCycle;
  SmallVector<const BasicBlock *, 16> Work(CyclicBlocks.begin(),
                                           CyclicBlocks.end());
  while (!Work.empty()) {
    const BasicBlock *BB = Work.pop_back_val();
    if (ReachesCycle.insert(BB).second)
      append_range(Work, predecessors(BB));
  }
  for (BasicBlock &BB : F)
    for (Instruction &I : make_early_inc_range(BB))
      if (auto *II = dyn_cast<IntrinsicInst>(&I))
        if (II->isLifetimeStartOrEnd() ||
            (II->getIntrinsicID() == Intrinsic::stackrestore &&
             !ReachesCycle.count(&BB)))
          II->eraseFromParent();
}

FaultFrame FunctionLowering::createFaultFrame() {
  FaultFrame Frame;
  Frame.Function = &F;
  Frame.Cookie = anchorCookie(F);
  // What a recovered frame returns: its result slot, or for sret the
  // result pointer, kept in a slot of its own.
  AllocaInst *Returned = Result;
  if (!Returned && F.hasStructRetAttr()) {
    Returned = createEntryAlloca(PtrTy, Align(8), "cdefer.sret.ptr");
    storeAtEntry(F.getArg(sretArgNo(F)), Returned);
  }
  if (Returned)
    Escape.add(Returned);
  Escape.emit();

  Frame.Anchor = createAnchorFunction(F, Escape, Anchor);
  Frame.Return = createReturnFunction(F);
  Function *Runner = createHelperFunction(
      F, FunctionType::get(Type::getInt1Ty(Ctx), {PtrTy, PtrTy, PtrTy}, false),
      F.getName() + ".cdefer.fault", /*WithoutSanitizers=*/true);
  Frame.Runner = Runner;
  Value *Base = Runner->getArg(0), *Exc = Runner->getArg(1),
        *ResultBuffer = Runner->getArg(2);
  IRBuilder<> B(BasicBlock::Create(Ctx, "entry", Runner));
  AllocaInst *Unwinding = B.CreateAlloca(PtrTy, nullptr, "cdefer.unwinding");
  B.CreateStore(Exc, Unwinding);
  auto Recover = [&](IRBuilder<> &B, AllocaInst *A) {
    return Escape.recover(B, Base, A);
  };
  EmitRunPendingUnwinding(B, Recover, Unwinding, /*Lpad=*/nullptr);
  Value *Recovered = B.CreateIsNull(B.CreateLoad(PtrTy, Unwinding));
  BasicBlock *Copy = BasicBlock::Create(Ctx, "recovered", Runner);
  BasicBlock *Done = BasicBlock::Create(Ctx, "done", Runner);
  B.CreateCondBr(Recovered, Copy, Done);
  B.SetInsertPoint(Copy);
  if (Returned) {
    Type *Ty = Returned->getAllocatedType();
    B.CreateStore(B.CreateLoad(Ty, Recover(B, Returned)), ResultBuffer);
  }
  B.CreateBr(Done);
  B.SetInsertPoint(Done);
  B.CreateRet(Recovered);
  return Frame;
}

bool FunctionLowering::run(const LoweringOptions &Options,
                           SmallVectorImpl<FaultFrame> &Out) {
  sortSitesInProgramOrder();
  findCyclicBlocks();
  if (Options.FaultFrames && diagnoseUnsupportedFaultFrame(F))
    return false;
  WithFaultFrames = Options.FaultFrames && canHaveFaultFrame(F);
  bool AnyInCycle =
      any_of(Sites, [&](const DeferSite &S) { return isInCycle(S); });
  bool OpenCoded = !Options.ForcePooled && !AnyInCycle &&
                   Sites.size() <= Options.MaxOpenCoded;
  // A fault can stop the frame anywhere, so its result slot must hold the
  // zero value until a return stores it. An open-coded mask with a free bit
  // says instead whether the frame has returned, at no cost: the bit is
  // part of the anchor's initial value and is cleared by the exit block's
  // first bit-clearing store; a panic zeroes the slot if it is still set.
  // (Without fault support the slot is promoted to a register anyway.)
  // The function's own code may store a result before it panics
  // (cdefer_result(T) in the body, Go's named result): then a panic must
  // not zero the slot, so it is zeroed at entry instead.
  bool BodyWritesResult = Result && any_of(Result->users(), [](const User *U) {
                            return !isa<CallBase>(U);
                          });
  if (OpenCoded && WithFaultFrames && Result && !BodyWritesResult &&
      Sites.size() < AnchorMaskBits)
    NotReturnedBit = 1u << (AnchorMaskBits - 1);
  else
    zeroResultAtEntry();
  if (WithFaultFrames)
    keepCapturedStoresInOrder(BodyWritesResult);
  createAnchor();
  if (OpenCoded)
    lowerOpenCoded();
  else if (!lowerChained(Options.ForcePooled))
    return false;
  createExitBlock();
  addUnwindPath();
  if (WithFaultFrames)
    keepReturnReachable();
  keepLocalsAlive();
  if (WithFaultFrames)
    Out.push_back(createFaultFrame());
  return true;
}

bool cdefer::prepareResultSlot(Function &F, AllocaInst *&Slot) {
  Slot = nullptr;
  LLVMContext &Ctx = F.getContext();
  const DataLayout &DL = F.getParent()->getDataLayout();
  BasicBlock &Entry = F.getEntryBlock();
  Type *RetTy = F.getReturnType();
  Value *Storage = nullptr;
  // The slot holds the zero value until a `return` stores it (what the
  // function returns if deferred code recovers before any return ran, as in
  // Go); the lowering decides how (zeroResultAtEntry).
  if (!RetTy->isVoidTy()) {
    Slot = new AllocaInst(RetTy, DL.getAllocaAddrSpace(), nullptr,
                          DL.getPrefTypeAlign(RetTy), "cdefer.result",
                          Entry.begin());
    Storage = Slot;
  } else if (F.hasStructRetAttr()) {
    // The caller's result memory.
    Storage = F.getArg(sretArgNo(F));
  }

  Function *Accessor = F.getParent()->getFunction(ResultSlotName);
  if (!Accessor)
    return true;
  for (User *U : make_early_inc_range(Accessor->users())) {
    auto *Call = dyn_cast<CallInst>(U);
    if (!Call || Call->getFunction() != &F)
      continue;
    if (!Storage) {
      Ctx.diagnose(DiagnosticInfoUnsupported(
          F, "cdefer: cdefer_result() in a function that returns void",
          Call->getDebugLoc()));
      return false;
    }
    Call->replaceAllUsesWith(Storage);
    Call->eraseFromParent();
  }
  return true;
}

bool cdefer::lowerDeferSites(Function &F, MutableArrayRef<DeferSite> Sites,
                             AllocaInst *ResultSlot,
                             const LoweringOptions &Options,
                             SmallVectorImpl<FaultFrame> &FaultFrames) {
  if (Sites.empty())
    return true;
  FunctionLowering Lowering(F, Sites, ResultSlot);
  bool Lowered = Lowering.run(Options, FaultFrames);
  for (DeferSite &Site : Sites) {
    Site.Call->deleteValue();
    Site.Call = nullptr;
  }
  return Lowered;
}
