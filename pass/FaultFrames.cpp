//===- FaultFrames.cpp - What a fault needs to run a frame's defers -------===//
//
// See FaultFrames.h. Invariants:
//  * The anchor is escaped first (index 0): the runtime finds a frame's
//    base by asking F.cdefer.anchor where index 0 would be.
//  * F.cdefer.return has exactly F's return type, return attributes and
//    calling convention, so that F's caller receives the value as if F had
//    returned it.
//
//===----------------------------------------------------------------------===//

#include "FaultFrames.h"

#include "llvm/IR/DiagnosticInfo.h"
#include "llvm/IR/Intrinsics.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/xxhash.h"
#include "llvm/Transforms/Utils/ModuleUtils.h"

using namespace llvm;
using namespace cdefer;

void FrameEscape::add(AllocaInst *A) {
  if (Index.try_emplace(A, Allocas.size()).second)
    Allocas.push_back(A);
}

void FrameEscape::emit() {
  BasicBlock &Entry = F.getEntryBlock();
  IRBuilder<> B(&Entry, Entry.getFirstNonPHIOrDbgOrAlloca());
  SmallVector<Value *, 8> Args(Allocas.begin(), Allocas.end());
  B.CreateIntrinsic(Intrinsic::localescape, {}, Args);
}

Value *FrameEscape::recover(IRBuilder<> &B, Value *Base, AllocaInst *A) const {
  auto It = Index.find(A);
  assert(It != Index.end() && "alloca was not escaped");
  return B.CreateIntrinsic(Intrinsic::localrecover, {},
                           {&F, Base, B.getInt32(It->second)}, nullptr,
                           A->getName() + ".recovered");
}

uint64_t cdefer::anchorCookie(const Function &F) {
  std::string Key = F.getParent()->getModuleIdentifier();
  Key += '\0';
  Key += F.getName();
  uint64_t Hash = xxh3_64bits(StringRef(Key));
  // 23 bits: the sign-extended 32-bit immediate of a store is the cookie.
  return ((Hash & 0x7fffff) | 1) << 8;
}

bool cdefer::canHaveFaultFrame(const Function &F) {
  // The runner reads this module's copy of F's frame; the table names F by
  // its symbol. Both must be the same function: F is emitted here and no
  // other definition can take its place at link time.
  // (A result too large for the runtime's buffer is an error,
  // diagnoseUnsupportedFaultFrame.)
  return !(F.hasAvailableExternallyLinkage() || F.hasLinkOnceLinkage() ||
           F.hasWeakLinkage() || F.hasComdat() || F.isInterposable());
}

bool cdefer::diagnoseUnsupportedFaultFrame(Function &F) {
  const DataLayout &DL = F.getParent()->getDataLayout();
  DiagnosticLocation Loc(F.getSubprogram());
  auto Report = [&](const Twine &Message) {
    F.getContext().diagnose(DiagnosticInfoUnsupported(
        F,
        "cdefer: " + Message +
            "; compile without fault support (-mllvm -cdefer-fault-frames=0) "
            "if faults need not run its deferred calls",
        Loc));
    return true;
  };
  // SafeStack moves the escaped slots (anchor, mask, arguments, result)
  // to the unsafe stack, which no register of the frame addresses.
  if (F.hasFnAttribute(Attribute::SafeStack))
    return Report("a function with defer statements cannot be compiled with "
                  "-fsanitize=safe-stack: a fault could not find its pending "
                  "deferred calls");
  Type *RetTy = F.getReturnType();
  if (!RetTy->isVoidTy() && RetTy->isSized() &&
      DL.getTypeAllocSize(RetTy) > FaultResultSize)
    return Report("a function with defer statements cannot return more than " +
                  Twine(FaultResultSize) +
                  " bytes by value (this one returns " +
                  Twine(DL.getTypeAllocSize(RetTy).getFixedValue()) +
                  "): a fault could not return its result");
  return false;
}

Function *cdefer::createHelperFunction(Function &F, FunctionType *Ty,
                                       const Twine &Name,
                                       bool WithoutSanitizers) {
  Function *Helper =
      Function::Create(Ty, GlobalValue::InternalLinkage, Name, F.getParent());
  // Same code generation and instrumentation choices as the function.
  for (StringRef Kind : {"target-cpu", "target-features", "tune-cpu",
                         "frame-pointer", "stack-protector-buffer-size"})
    if (F.hasFnAttribute(Kind))
      Helper->addFnAttr(F.getFnAttribute(Kind));
  for (Attribute::AttrKind Kind :
       {Attribute::UWTable, Attribute::OptimizeNone, Attribute::NoInline,
        Attribute::StackProtect, Attribute::StackProtectStrong,
        Attribute::StackProtectReq})
    if (F.hasFnAttribute(Kind))
      Helper->addFnAttr(F.getFnAttribute(Kind));
  // A sanitizer would see another function's frame as out of bounds (ASan
  // keeps F's escaped slots in F's real frame, next to its redzones).
  if (!WithoutSanitizers)
    for (Attribute::AttrKind Kind :
         {Attribute::SanitizeAddress, Attribute::SanitizeThread,
          Attribute::SanitizeMemory, Attribute::SanitizeHWAddress})
      if (F.hasFnAttribute(Kind))
        Helper->addFnAttr(F.getFnAttribute(Kind));
  return Helper;
}

Function *cdefer::createAnchorFunction(Function &F, const FrameEscape &Escape,
                                       AllocaInst *Anchor) {
  PointerType *PtrTy = PointerType::getUnqual(F.getContext());
  Function *Fn = createHelperFunction(
      F, FunctionType::get(PtrTy, {PtrTy}, false),
      F.getName() + ".cdefer.anchor", /*WithoutSanitizers=*/true);
  Fn->addFnAttr(Attribute::NoUnwind);
  IRBuilder<> B(BasicBlock::Create(F.getContext(), "entry", Fn));
  B.CreateRet(Escape.recover(B, Fn->getArg(0), Anchor));
  return Fn;
}

Function *cdefer::createReturnFunction(Function &F) {
  LLVMContext &Ctx = F.getContext();
  PointerType *PtrTy = PointerType::getUnqual(Ctx);
  Type *RetTy = F.getReturnType();
  // A function returning through sret returns its result pointer.
  bool SRet = RetTy->isVoidTy() && F.hasStructRetAttr();
  Type *Returned = SRet ? PtrTy : RetTy;
  // No parameters: where the first one is passed depends on the calling
  // convention (rdi, rcx for ms_abi and vectorcall, rax for regcall). The
  // runtime enters the stub with the result in its red zone, at its entry
  // stack pointer - 128, which is 8 modulo 16: the load is unaligned.
  // Not instrumented: a sanitizer's check of the load would make the stub
  // call out and save registers in a frame that overlaps the result (and
  // the red zone is no object of the program's).
  Function *Fn = createHelperFunction(F, FunctionType::get(Returned, false),
                                      F.getName() + ".cdefer.return",
                                      /*WithoutSanitizers=*/true);
  Fn->addFnAttr(Attribute::NoUnwind);
  Fn->setCallingConv(F.getCallingConv());
  if (!SRet)
    Fn->setAttributes(Fn->getAttributes().addRetAttributes(
        Ctx, AttrBuilder(Ctx, F.getAttributes().getRetAttrs())));
  IRBuilder<> B(BasicBlock::Create(Ctx, "entry", Fn));
  if (F.doesNotReturn()) {
    emitCannotReturn(B, F);
    return Fn;
  }
  if (Returned->isVoidTy()) {
    B.CreateRetVoid();
    return Fn;
  }
  Value *EntrySP =
      B.CreateIntrinsic(Intrinsic::addressofreturnaddress, {PtrTy}, {});
  Value *Buffer = B.CreateConstGEP1_64(B.getInt8Ty(), EntrySP,
                                       -int64_t(FaultResultRedZoneOffset));
  B.CreateRet(B.CreateAlignedLoad(Returned, Buffer, Align(1)));
  return Fn;
}

void cdefer::emitCannotReturn(IRBuilder<> &B, Function &F) {
  Module &M = *F.getParent();
  FunctionCallee Fatal = M.getOrInsertFunction(
      "__cdefer_noreturn_recovered",
      FunctionType::get(B.getVoidTy(), {B.getPtrTy()}, false));
  if (auto *Fn = dyn_cast<Function>(Fatal.getCallee())) {
    Fn->setDoesNotReturn();
    Fn->setDoesNotThrow();
  }
  Value *Name = B.CreateGlobalString(F.getName(), F.getName() + ".cdefer.name");
  B.CreateCall(Fatal, {Name})->setDoesNotReturn();
  B.CreateUnreachable();
}

void cdefer::emitFaultTable(Module &M, ArrayRef<FaultFrame> Frames) {
  if (Frames.empty())
    return;
  LLVMContext &Ctx = M.getContext();
  PointerType *PtrTy = PointerType::getUnqual(Ctx);
  Type *I64 = Type::getInt64Ty(Ctx);
  StructType *EntryTy = StructType::get(Ctx, {PtrTy, PtrTy, PtrTy, PtrTy, I64});
  SmallVector<Constant *, 16> Entries;
  for (const FaultFrame &Frame : Frames)
    Entries.push_back(ConstantStruct::get(
        EntryTy, {Frame.Function, Frame.Anchor, Frame.Runner, Frame.Return,
                  ConstantInt::get(I64, Frame.Cookie)}));
  ArrayType *ArrayTy = ArrayType::get(EntryTy, Entries.size());
  auto *Array = new GlobalVariable(
      M, ArrayTy, /*isConstant=*/true, GlobalValue::PrivateLinkage,
      ConstantArray::get(ArrayTy, Entries), "cdefer.fault.frames");
  // struct __cdefer_fault_table: the runtime links it into its list.
  StructType *TableTy = StructType::get(Ctx, {PtrTy, PtrTy, I64});
  auto *Table = new GlobalVariable(
      M, TableTy, /*isConstant=*/false, GlobalValue::PrivateLinkage,
      ConstantStruct::get(TableTy, {ConstantPointerNull::get(PtrTy), Array,
                                    ConstantInt::get(I64, Entries.size())}),
      "cdefer.fault.table");
  Table->setAlignment(Align(8));

  auto MakeCaller = [&](StringRef Name, StringRef Callee) {
    FunctionCallee Runtime = M.getOrInsertFunction(
        Callee, FunctionType::get(Type::getVoidTy(Ctx), {PtrTy}, false));
    Function *Fn =
        Function::Create(FunctionType::get(Type::getVoidTy(Ctx), false),
                         GlobalValue::InternalLinkage, Name, M);
    Fn->addFnAttr(Attribute::NoUnwind);
    IRBuilder<> B(BasicBlock::Create(Ctx, "entry", Fn));
    B.CreateCall(Runtime, {Table});
    B.CreateRetVoid();
    return Fn;
  };
  // Early, so that faults in other constructors find the table.
  appendToGlobalCtors(
      M, MakeCaller("cdefer.register.faults", "__cdefer_register_fault_table"),
      101);
  appendToGlobalDtors(
      M,
      MakeCaller("cdefer.unregister.faults", "__cdefer_unregister_fault_table"),
      101);
}
