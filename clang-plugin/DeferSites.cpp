//===- DeferSites.cpp - Checking and marking defer sites ------------------===//
//
// Owns the rules that a function body with defer statements must follow and
// the rewrite of each defer statement into the marked form the pass lowers.
//
// Invariants kept for the pass:
//  * A deferred block is single-entry, single-exit: no return, goto, break or
//    continue leaves it, and no goto (or computed goto through &&label, or
//    case label of a switch outside it) enters it. So its code is a
//    single-entry, single-exit region in the IR.
//  * No defer statement is nested in another one, so the regions of a
//    function never overlap.
//  * Every defer statement of a body is marked or rejected, none is left as
//    a plain statement: those inside OpenMP regions and captured statements
//    (which the walk enters although Clang does not list their bodies as
//    children) and those in interrupt handlers are errors.
//  * A body with any error is left untouched (no markers are emitted).
//
//===----------------------------------------------------------------------===//

#include "DeferSites.h"

#include "clang/AST/Attr.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/AST/Stmt.h"
#include "clang/AST/StmtOpenMP.h"
#include "clang/Basic/Diagnostic.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Frontend/OpenMP/OMP.h"

using namespace clang;
using namespace cdefer;

const Stmt *cdefer::getDeferredStmt(const Stmt *S) {
  const auto *Attributed = dyn_cast_or_null<AttributedStmt>(S);
  if (!Attributed)
    return nullptr;
  for (const Attr *A : Attributed->getAttrs())
    if (const auto *Annotate = dyn_cast<AnnotateAttr>(A))
      if (Annotate->getAnnotation() == DeferAnnotation)
        return Attributed->getSubStmt();
  return nullptr;
}

const CallExpr *cdefer::getDeferredCall(const Stmt *S) {
  const auto *E = dyn_cast_or_null<Expr>(S);
  if (!E)
    return nullptr;
  // Look through what Clang wraps around a full expression (ExprWithCleanups
  // when an argument materializes a temporary, as in f(g().field);
  // ConstantExpr) and through parentheses and implicit casts, as Clang
  // itself does when it looks for the expression a statement computes.
  E = E->IgnoreParenImpCasts();
  if (const auto *Cast = dyn_cast<CStyleCastExpr>(E))
    if (Cast->getCastKind() == CK_ToVoid)
      E = Cast->getSubExpr()->IgnoreParenImpCasts();
  return dyn_cast<CallExpr>(E);
}

namespace {

/// One defer statement found in a body, and the child slot that holds it.
struct FoundSite {
  AttributedStmt *Site;
  Stmt **Slot;
};

/// Walks one body: collects the defer statements and reports every misuse.
class BodyChecker {
public:
  BodyChecker(ASTContext &Ctx, DiagnosticsEngine &Diags, QualType ReturnType,
              const FunctionDecl *Fn)
      : Ctx(Ctx), Diags(Diags), ReturnType(ReturnType),
        Interrupt(getInterruptAttr(Fn)) {}

  void check(Stmt *Body) {
    collectLabels(Body, nullptr);
    walk(Body, Context());
    // Deferred calls run after the returned call, so it cannot be a tail
    // call.
    if (!Sites.empty())
      for (const AttributedStmt *Return : MustTailReturns)
        error(Return->getBeginLoc(),
              "'musttail' return in a function with defer statements: the "
              "deferred calls must run after the call returns");
    if (Sites.empty())
      for (const Expr *Use : ResultUses)
        error(Use->getBeginLoc(),
              "cdefer_result() used in a function without defer statements");
  }

  SmallVector<FoundSite, 8> Sites;
  SmallVector<const AttributedStmt *, 1> MustTailReturns;
  SmallVector<ReturnStmt *, 4> Returns;
  SmallVector<const Expr *, 2> ResultUses;
  SmallVector<Stmt *, 2> NestedBodies; // bodies of block literals
  unsigned Errors = 0;

private:
  /// Where the walk is: the deferred block it is in (if any) and how many
  /// loops and switches inside that block enclose it; the innermost OpenMP
  /// directive or captured statement around it, if any.
  struct Context {
    const AttributedStmt *Block = nullptr;
    const AttributedStmt *Site = nullptr;
    unsigned Loops = 0;
    unsigned Breakables = 0;
    const Stmt *Region = nullptr;
  };

  /// The interrupt attribute of \p Fn (any target's), or null.
  static const Attr *getInterruptAttr(const FunctionDecl *Fn) {
    if (!Fn)
      return nullptr;
    for (const Attr *A : Fn->attrs())
      if (isa<AnyX86InterruptAttr, ARMInterruptAttr, AVRInterruptAttr,
              M68kInterruptAttr, MSP430InterruptAttr, MipsInterruptAttr,
              RISCVInterruptAttr>(A))
        return A;
    return nullptr;
  }

  /// The statement a CapturedStmt outlines, when it is not one of its
  /// children (Clang lists only the captured variables' initializers).
  static Stmt *getCapturedBody(Stmt *S) {
    auto *Captured = dyn_cast<CapturedStmt>(S);
    if (!Captured ||
        llvm::is_contained(S->children(), Captured->getCapturedStmt()))
      return nullptr;
    return Captured->getCapturedStmt();
  }

  /// Records, for each label and each case or default label, the deferred
  /// block that contains it.
  void collectLabels(Stmt *S, const AttributedStmt *Block) {
    if (!S || isa<BlockExpr>(S))
      return;
    if (getDeferredStmt(S) && isa<CompoundStmt>(getDeferredStmt(S)))
      Block = cast<AttributedStmt>(S);
    if (auto *Label = dyn_cast<LabelStmt>(S))
      LabelOwner[Label->getDecl()] = Block;
    if (auto *Case = dyn_cast<SwitchCase>(S))
      CaseOwner[Case] = Block;
    for (Stmt *Child : S->children())
      collectLabels(Child, Block);
    collectLabels(getCapturedBody(S), Block);
  }

  const AttributedStmt *ownerOf(const LabelDecl *Label) const {
    return LabelOwner.lookup(Label);
  }

  template <unsigned N>
  void error(SourceLocation Loc, const char (&Message)[N],
             const AttributedStmt *Block = nullptr) {
    ++Errors;
    Diags.Report(Loc, Diags.getCustomDiagID(DiagnosticsEngine::Error, Message));
    if (Block)
      Diags.Report(Block->getBeginLoc(),
                   Diags.getCustomDiagID(DiagnosticsEngine::Note,
                                         "deferred block starts here"));
  }

  void checkJumpTo(const LabelDecl *Label, SourceLocation Loc,
                   const Context &Ctx) {
    const AttributedStmt *Owner = ownerOf(Label);
    if (Owner == Ctx.Block)
      return;
    if (Ctx.Block)
      error(Loc, "'goto' cannot leave a deferred block", Ctx.Block);
    else
      error(Loc, "'goto' cannot jump into a deferred block", Owner);
  }

  void walk(Stmt *S, Context Ctx) {
    if (!S)
      return;
    if (auto *Block = dyn_cast<BlockExpr>(S)) {
      NestedBodies.push_back(Block->getBody());
      return;
    }
    if (auto *Return = dyn_cast<ReturnStmt>(S))
      Returns.push_back(Return);
    if (auto *Cast = dyn_cast<CStyleCastExpr>(S))
      checkResultAccess(Cast);
    if (auto *Attributed = dyn_cast<AttributedStmt>(S))
      if (llvm::any_of(Attributed->getAttrs(), llvm::IsaPred<MustTailAttr>))
        MustTailReturns.push_back(Attributed);
    if (const Stmt *Deferred = getDeferredStmt(S)) {
      auto *Site = cast<AttributedStmt>(S);
      if (Ctx.Site) {
        error(Site->getBeginLoc(),
              "a defer statement cannot appear inside another deferred "
              "call or block");
        return;
      }
      if (Ctx.Region) {
        reportInRegion(Site, Ctx.Region);
        return;
      }
      if (Interrupt) {
        ++Errors;
        Diags.Report(Site->getBeginLoc(),
                     Diags.getCustomDiagID(
                         DiagnosticsEngine::Error,
                         "cdefer: a defer statement cannot be used in an "
                         "interrupt handler: deferred calls need the cdefer "
                         "runtime and unwinding, which an interrupt handler "
                         "cannot use"));
        Diags.Report(Interrupt->getLocation(),
                     Diags.getCustomDiagID(DiagnosticsEngine::Note,
                                           "interrupt attribute is here"));
        return;
      }
      Ctx.Site = Site;
      if (isa<CompoundStmt>(Deferred))
        Ctx = Context{Site, Site, 0, 0, nullptr};
    } else if (Ctx.Block) {
      checkJump(S, Ctx);
    } else if (auto *Goto = dyn_cast<GotoStmt>(S)) {
      checkJumpTo(Goto->getLabel(), Goto->getGotoLoc(), Ctx);
    }
    if (auto *Asm = dyn_cast<GCCAsmStmt>(S); Asm && Asm->isAsmGoto())
      checkAsmGoto(Asm, Ctx);
    if (auto *AddrLabel = dyn_cast<AddrLabelExpr>(S))
      if (!AsmGotoLabels.count(AddrLabel) && ownerOf(AddrLabel->getLabel()))
        error(AddrLabel->getBeginLoc(),
              "cannot take the address of a label inside a deferred block",
              ownerOf(AddrLabel->getLabel()));

    if (isa<ForStmt, WhileStmt, DoStmt>(S)) {
      ++Ctx.Loops;
      ++Ctx.Breakables;
    } else if (auto *Switch = dyn_cast<SwitchStmt>(S)) {
      ++Ctx.Breakables;
      checkCaseLabels(Switch, Ctx);
    }
    // Clang compiles an OpenMP directive's region as a captured statement
    // (outlined into a function of its own for parallel, task, target...),
    // like #pragma clang __debug captured.
    if (isa<OMPExecutableDirective>(S) || (isa<CapturedStmt>(S) && !Ctx.Region))
      Ctx.Region = S;
    for (Stmt *&Child : S->children()) {
      if (Child && getDeferredStmt(Child) && !Ctx.Site && !Ctx.Region)
        Sites.push_back({cast<AttributedStmt>(Child), &Child});
      walk(Child, Ctx);
    }
    walk(getCapturedBody(S), Ctx);
  }

  /// A defer statement in an OpenMP region or a captured statement would be
  /// emitted into the function Clang outlines for the region (which returns
  /// at the region's end), or inline but without the markers' checks; not
  /// supported.
  void reportInRegion(const AttributedStmt *Site, const Stmt *Region) {
    ++Errors;
    if (const auto *Directive = dyn_cast<OMPExecutableDirective>(Region)) {
      Diags.Report(Site->getBeginLoc(),
                   Diags.getCustomDiagID(
                       DiagnosticsEngine::Error,
                       "cdefer: a defer statement cannot appear inside an "
                       "OpenMP '%0' region: OpenMP regions are captured "
                       "statements, which cdefer does not lower; defer in a "
                       "function that the region calls"))
          << llvm::omp::getOpenMPDirectiveName(Directive->getDirectiveKind(),
                                               llvm::omp::FallbackVersion);
      Diags.Report(Region->getBeginLoc(),
                   Diags.getCustomDiagID(DiagnosticsEngine::Note,
                                         "OpenMP directive is here"));
      return;
    }
    Diags.Report(Site->getBeginLoc(),
                 Diags.getCustomDiagID(
                     DiagnosticsEngine::Error,
                     "cdefer: a defer statement cannot appear inside a "
                     "captured statement, which cdefer does not lower; "
                     "defer in a function that the statement calls"));
  }

  /// A case or default label of a switch outside a deferred block cannot
  /// be inside it: the switch would jump into the block, like a goto.
  void checkCaseLabels(const SwitchStmt *Switch, const Context &Ctx) {
    SmallVector<const SwitchCase *, 16> Cases; // listed last to first
    for (const SwitchCase *Case = Switch->getSwitchCaseList(); Case;
         Case = Case->getNextSwitchCase())
      Cases.push_back(Case);
    for (const SwitchCase *Case : llvm::reverse(Cases)) {
      const AttributedStmt *Owner = CaseOwner.lookup(Case);
      if (Owner == Ctx.Block)
        continue;
      ++Errors;
      Diags.Report(Case->getKeywordLoc(),
                   Diags.getCustomDiagID(
                       DiagnosticsEngine::Error,
                       "cdefer: '%select{case|default}0' label of a switch "
                       "outside the deferred block cannot be inside it: the "
                       "switch would jump into the block"))
          << isa<DefaultStmt>(Case);
      if (Owner)
        Diags.Report(Owner->getBeginLoc(),
                     Diags.getCustomDiagID(DiagnosticsEngine::Note,
                                           "deferred block starts here"));
    }
  }

  /// `asm goto` jumps like `goto` to each of its labels: not out of a
  /// deferred block, not into one. (Its labels are AddrLabelExprs, which
  /// are not address-taken labels.)
  void checkAsmGoto(GCCAsmStmt *Asm, const Context &Ctx) {
    for (unsigned I = 0, E = Asm->getNumLabels(); I != E; ++I) {
      AddrLabelExpr *Label = Asm->getLabelExpr(I);
      AsmGotoLabels.insert(Label);
      const AttributedStmt *Owner = ownerOf(Label->getLabel());
      if (Owner == Ctx.Block)
        continue;
      if (Ctx.Block)
        error(Label->getBeginLoc(), "'asm goto' cannot leave a deferred block",
              Ctx.Block);
      else
        error(Label->getBeginLoc(),
              "'asm goto' cannot jump into a deferred block", Owner);
    }
  }

  /// Checks a statement inside a deferred block for a jump out of it.
  void checkJump(Stmt *S, const Context &Ctx) {
    if (isa<ReturnStmt>(S)) {
      error(S->getBeginLoc(), "'return' cannot leave a deferred block",
            Ctx.Block);
    } else if (auto *Goto = dyn_cast<GotoStmt>(S)) {
      checkJumpTo(Goto->getLabel(), Goto->getGotoLoc(), Ctx);
    } else if (isa<IndirectGotoStmt>(S)) {
      error(S->getBeginLoc(),
            "computed 'goto' cannot be used inside a deferred block",
            Ctx.Block);
    } else if (auto *Break = dyn_cast<BreakStmt>(S)) {
      if (Break->hasLabelTarget() ? ownerOf(Break->getLabelDecl()) != Ctx.Block
                                  : Ctx.Breakables == 0)
        error(S->getBeginLoc(), "'break' cannot leave a deferred block",
              Ctx.Block);
    } else if (auto *Continue = dyn_cast<ContinueStmt>(S)) {
      if (Continue->hasLabelTarget()
              ? ownerOf(Continue->getLabelDecl()) != Ctx.Block
              : Ctx.Loops == 0)
        error(S->getBeginLoc(), "'continue' cannot leave a deferred block",
              Ctx.Block);
    }
  }

  /// cdefer_result(T) expands to `*(T *)__cdefer_result_slot()`: T must be
  /// the function's return type.
  void checkResultAccess(const CStyleCastExpr *Cast) {
    const auto *Call =
        dyn_cast<CallExpr>(Cast->getSubExpr()->IgnoreParenImpCasts());
    const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
    if (!Callee || !Callee->getIdentifier() ||
        Callee->getName() != "__cdefer_result_slot")
      return;
    ResultUses.push_back(Cast);
    if (ReturnType.isNull())
      return;
    QualType Named = Cast->getType()->getPointeeType();
    if (ReturnType->isVoidType()) {
      ++Errors;
      Diags.Report(Cast->getBeginLoc(),
                   Diags.getCustomDiagID(DiagnosticsEngine::Error,
                                         "cdefer_result() in a function that "
                                         "returns void"));
    } else if (!Ctx.hasSameUnqualifiedType(Named, ReturnType)) {
      ++Errors;
      Diags.Report(Cast->getBeginLoc(),
                   Diags.getCustomDiagID(DiagnosticsEngine::Error,
                                         "cdefer_result(%0) does not name the "
                                         "function's return type %1"))
          << Named << ReturnType;
    }
  }

  ASTContext &Ctx;
  DiagnosticsEngine &Diags;
  QualType ReturnType;
  const Attr *Interrupt;
  llvm::DenseMap<const LabelDecl *, const AttributedStmt *> LabelOwner;
  llvm::DenseMap<const SwitchCase *, const AttributedStmt *> CaseOwner;
  llvm::SmallPtrSet<const AddrLabelExpr *, 4> AsmGotoLabels;
};

} // namespace

DeferSiteMarker::DeferSiteMarker(ASTContext &Ctx, DiagnosticsEngine &Diags)
    : Ctx(Ctx), Diags(Diags) {}

unsigned DeferSiteMarker::markBody(Stmt *Body, QualType ReturnType,
                                   DeclContext *Function) {
  CurrentFunction = Function;
  BodyChecker Checker(Ctx, Diags, ReturnType,
                      dyn_cast_or_null<FunctionDecl>(Function));
  Checker.check(Body);
  unsigned Count = Checker.Sites.size();
  if (Count && FirstSiteLoc.isInvalid())
    FirstSiteLoc = Checker.Sites.front().Site->getBeginLoc();
  if (Checker.Errors == 0 && Count != 0) {
    for (FoundSite &Found : Checker.Sites)
      *Found.Slot = buildMarkedSite(Found.Site);
    disableNamedReturnValue(Checker.Returns);
  }
  for (Stmt *Nested : Checker.NestedBodies)
    Count += markBody(Nested, QualType(), nullptr);
  return Count;
}

/// True if \p S declares a variable with a cleanup attribute (not counting
/// block literals, which are functions of their own).
static bool declaresCleanupVariable(const Stmt *S) {
  if (!S || isa<BlockExpr>(S))
    return false;
  if (const auto *Decls = dyn_cast<DeclStmt>(S))
    for (const Decl *D : Decls->decls())
      if (D->hasAttr<CleanupAttr>())
        return true;
  for (const Stmt *Child : S->children())
    if (declaresCleanupVariable(Child))
      return true;
  return false;
}

/// A deferred block that declares cleanup variables gets, as its first
/// declaration, one more: `__cdefer_eh_boundary`, whose cleanup is a no-op
/// call to __cdefer_block_boundary. Being the block's outermost cleanup, its
/// call marks in the IR where the block's own unwind path ends and the
/// cleanups of the scopes around the defer statement begin; the pass
/// outlines the block with its unwind path up to there (docs/design.md).
Stmt *DeferSiteMarker::addUnwindBoundary(CompoundStmt *Block) {
  if (!CurrentFunction || !declaresCleanupVariable(Block))
    return Block;
  if (!BoundaryDecl)
    BoundaryDecl = getRuntimeDecl("__cdefer_block_boundary", Ctx.VoidTy,
                                  {Ctx.getPointerType(Ctx.CharTy)});
  SourceLocation Loc = Block->getBeginLoc();
  auto *Var = VarDecl::Create(
      Ctx, CurrentFunction, Loc, Loc, &Ctx.Idents.get("__cdefer_eh_boundary"),
      Ctx.CharTy, Ctx.getTrivialTypeSourceInfo(Ctx.CharTy), SC_None);
  Var->setImplicit();
  Var->addAttr(CleanupAttr::CreateImplicit(Ctx, BoundaryDecl));
  SmallVector<Stmt *, 8> Body;
  Body.push_back(new (Ctx) DeclStmt(DeclGroupRef(Var), Loc, Loc));
  append_range(Body, Block->body());
  return CompoundStmt::Create(Ctx, Body, FPOptionsOverride(), Loc,
                              Block->getEndLoc());
}

/// Clang builds a returned local directly in the caller's result memory
/// (named return value optimisation, also done for C structs returned
/// through sret). Deferred code runs after the return value is computed and
/// may change that local: it must be a copy, so the optimisation is off in
/// functions with defers.
void DeferSiteMarker::disableNamedReturnValue(ArrayRef<ReturnStmt *> Returns) {
  for (ReturnStmt *Return : Returns)
    if (const VarDecl *Candidate = Return->getNRVOCandidate()) {
      const_cast<VarDecl *>(Candidate)->setNRVOVariable(false);
      Return->setNRVOCandidate(nullptr);
    }
}

FunctionDecl *DeferSiteMarker::getMarkerDecl(StringRef Name,
                                             QualType ResultType) {
  QualType ParamTypes[] = {Ctx.UnsignedIntTy, Ctx.UnsignedIntTy};
  return getRuntimeDecl(Name, ResultType, ParamTypes);
}

FunctionDecl *DeferSiteMarker::getRuntimeDecl(StringRef Name,
                                              QualType ResultType,
                                              ArrayRef<QualType> ParamTypes) {
  QualType FnType = Ctx.getFunctionType(ResultType, ParamTypes,
                                        FunctionProtoType::ExtProtoInfo());
  auto *Marker =
      FunctionDecl::Create(Ctx, Ctx.getTranslationUnitDecl(), SourceLocation(),
                           SourceLocation(), &Ctx.Idents.get(Name), FnType,
                           Ctx.getTrivialTypeSourceInfo(FnType), SC_Extern);
  SmallVector<ParmVarDecl *, 2> Params;
  for (QualType T : ParamTypes)
    Params.push_back(ParmVarDecl::Create(
        Ctx, Marker, SourceLocation(), SourceLocation(), nullptr, T,
        Ctx.getTrivialTypeSourceInfo(T), SC_None, nullptr));
  Marker->setParams(Params);
  Marker->setImplicit();
  // A marker never unwinds: keep it a plain call even under -fexceptions.
  Marker->addAttr(NoThrowAttr::CreateImplicit(Ctx));
  return Marker;
}

Expr *DeferSiteMarker::buildMarkerCall(FunctionDecl *Marker, SiteKind Kind,
                                       unsigned Id, SourceLocation Loc) {
  ExprValueKind FnValueKind =
      Ctx.getLangOpts().CPlusPlus ? VK_LValue : VK_PRValue;
  auto *Ref =
      DeclRefExpr::Create(Ctx, NestedNameSpecifierLoc(), SourceLocation(),
                          Marker, false, Loc, Marker->getType(), FnValueKind);
  auto *Callee = ImplicitCastExpr::Create(
      Ctx, Ctx.getPointerType(Marker->getType()), CK_FunctionToPointerDecay,
      Ref, nullptr, VK_PRValue, FPOptionsOverride());
  unsigned Width = Ctx.getIntWidth(Ctx.UnsignedIntTy);
  Expr *Args[] = {IntegerLiteral::Create(Ctx,
                                         llvm::APInt(Width, unsigned(Kind)),
                                         Ctx.UnsignedIntTy, Loc),
                  IntegerLiteral::Create(Ctx, llvm::APInt(Width, Id),
                                         Ctx.UnsignedIntTy, Loc)};
  return CallExpr::Create(Ctx, Callee, Args, Marker->getReturnType(),
                          VK_PRValue, Loc, FPOptionsOverride());
}

Stmt *DeferSiteMarker::buildMarkedSite(AttributedStmt *Site) {
  if (!BeginDecl) {
    BeginDecl = getMarkerDecl("__cdefer_site_begin", Ctx.IntTy);
    EndDecl = getMarkerDecl("__cdefer_site_end", Ctx.VoidTy);
  }
  Stmt *Deferred = Site->getSubStmt();
  SiteKind Kind =
      isa<CompoundStmt>(Deferred) ? SiteKind::Block : SiteKind::Call;
  if (Kind == SiteKind::Block)
    Deferred = addUnwindBoundary(cast<CompoundStmt>(Deferred));
  unsigned Id = NextSiteId++;
  SourceLocation Begin = Site->getBeginLoc(), End = Site->getEndLoc();
  // `if (begin(...)) STMT;`: the false edge keeps the code after the site
  // reachable even when STMT does not return.
  Stmt *Guarded = IfStmt::Create(
      Ctx, Begin, IfStatementKind::Ordinary, nullptr, nullptr,
      buildMarkerCall(BeginDecl, Kind, Id, Begin), Begin, Begin, Deferred);
  Stmt *Parts[] = {Guarded, buildMarkerCall(EndDecl, Kind, Id, End)};
  return CompoundStmt::Create(Ctx, Parts, FPOptionsOverride(), Begin, End);
}
