//===- DeferAttr.cpp - The defer statement attribute ----------------------===//
//
// Registers `__attribute__((defer))` (also `[[cdefer::defer]]`) with Clang.
//
// The attribute is statement-only and takes no arguments. It is accepted on a
// call statement (a call, possibly in parentheses or cast to void) and on a
// compound statement, in C (not C++) outside Objective-C methods; everywhere
// else it is an error at the attribute. The accepted statement gets an
// AnnotateAttr (DeferAnnotation), which the AST consumer (DeferSites.cpp)
// turns into the IR site markers.
//
//===----------------------------------------------------------------------===//

#include "DeferSites.h"

#include "clang/AST/Attr.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/Basic/Builtins.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include "clang/Sema/ParsedAttr.h"
#include "clang/Sema/Sema.h"

using namespace clang;

namespace {

class DeferAttrInfo : public ParsedAttrInfo {
public:
  DeferAttrInfo() {
    NumArgs = 0;
    OptArgs = 0;
    IsStmt = 1;
    // With <stddefer.h> (C's defer TS), `defer` is a macro for `_Defer`:
    // `[[cdefer::defer]]` then reaches Clang as `[[cdefer::_Defer]]`, which
    // must not be dropped as an unknown attribute. `__defer__` is never a
    // macro (Clang strips the underscores of GNU spellings itself).
    static constexpr Spelling DeferSpellings[] = {
        {ParsedAttr::AS_GNU, "defer"},
        {ParsedAttr::AS_C23, "cdefer::defer"},
        {ParsedAttr::AS_C23, "cdefer::_Defer"},
        {ParsedAttr::AS_C23, "cdefer::__defer__"},
        {ParsedAttr::AS_CXX11, "cdefer::defer"},
        {ParsedAttr::AS_CXX11, "cdefer::_Defer"},
        {ParsedAttr::AS_CXX11, "cdefer::__defer__"}};
    Spellings = DeferSpellings;
  }

  bool diagAppertainsToDecl(Sema &S, const ParsedAttr &Attr,
                            const Decl *D) const override {
    if (isa<LabelDecl>(D)) {
      // `L: __attribute__((defer)) f();` attaches GNU attributes to the label.
      unsigned Id = S.getDiagnostics().getCustomDiagID(
          DiagnosticsEngine::Error,
          "'defer' attribute after a label applies to the label; write "
          "'%0: ;' before the defer statement or put it in braces");
      S.Diag(Attr.getLoc(), Id) << cast<LabelDecl>(D)->getName();
      return false;
    }
    unsigned Id = S.getDiagnostics().getCustomDiagID(
        DiagnosticsEngine::Error,
        "'defer' attribute applies to a call statement or a compound "
        "statement, not to a declaration");
    S.Diag(Attr.getLoc(), Id);
    return false;
  }

  bool diagAppertainsToStmt(Sema &S, const ParsedAttr &Attr,
                            const Stmt *St) const override {
    if (isa<CompoundStmt>(St) || cdefer::getDeferredCall(St))
      return true;
    unsigned Id = S.getDiagnostics().getCustomDiagID(
        DiagnosticsEngine::Error,
        "'defer' attribute applies to a call statement or a compound "
        "statement, not to %0");
    S.Diag(Attr.getLoc(), Id) << describe(St);
    return false;
  }

  AttrHandling handleStmtAttribute(Sema &S, Stmt *St, const ParsedAttr &Attr,
                                   class Attr *&Result) const override {
    if (!checkLanguage(S, Attr))
      return AttributeNotApplied;
    if (hasArgumentList(S, Attr)) {
      unsigned Id = S.getDiagnostics().getCustomDiagID(
          DiagnosticsEngine::Error, "'defer' attribute takes no arguments");
      S.Diag(Attr.getLoc(), Id);
      return AttributeNotApplied;
    }
    if (const CallExpr *Call = cdefer::getDeferredCall(St))
      if (!checkCallee(S, Call))
        return AttributeNotApplied;
    Result = AnnotateAttr::Create(S.Context, cdefer::DeferAnnotation, nullptr,
                                  0, Attr.getRange());
    return AttributeApplied;
  }

private:
  /// Whether the attribute was written with an argument list. Clang gives a
  /// plugin's GNU-style attribute its arguments, but drops those of the
  /// [[cdefer::defer(...)]] spelling, so the token after the name is looked
  /// at too (an empty list `defer()` counts: the attribute takes none).
  static bool hasArgumentList(Sema &S, const ParsedAttr &Attr) {
    if (Attr.getNumArgs() != 0)
      return true;
    const SourceManager &SM = S.getSourceManager();
    // The range of a scoped attribute starts at its scope: its end is the
    // name (or the closing parenthesis of arguments Clang kept).
    SourceLocation Name = Attr.getRange().getEnd();
    if (Name.isMacroID()) {
      // Written inside a macro definition: look there, unless the macro is
      // a system header's (<stddefer.h> defines `defer` as `_Defer`).
      Name = SM.getSpellingLoc(Name);
      if (SM.isInSystemHeader(Name))
        return false;
    }
    if (Name.isInvalid())
      return false;
    std::optional<Token> Next = Lexer::findNextToken(Name, SM, S.getLangOpts());
    return Next && Next->is(tok::l_paren);
  }

  /// Defer statements are lowered for C functions and block literals only:
  /// C++ (its own call and cleanup semantics, mangled marker names) and
  /// Objective-C methods (whose bodies the plugin does not mark) get an
  /// error rather than a call made at once or a link error.
  static bool checkLanguage(Sema &S, const ParsedAttr &Attr) {
    if (S.getLangOpts().CPlusPlus) {
      unsigned Id = S.getDiagnostics().getCustomDiagID(
          DiagnosticsEngine::Error,
          "cdefer: defer statements are for C; they are not supported in "
          "%select{C++|Objective-C++}0");
      S.Diag(Attr.getLoc(), Id) << (S.getLangOpts().ObjC ? 1 : 0);
      return false;
    }
    if (S.getCurMethodDecl()) {
      unsigned Id = S.getDiagnostics().getCustomDiagID(
          DiagnosticsEngine::Error,
          "cdefer: defer statements are not supported in Objective-C "
          "methods (C functions and their block literals support them)");
      S.Diag(Attr.getLoc(), Id);
      return false;
    }
    return true;
  }

  /// A builtin that is not also a library function has no function to call
  /// later: Clang expands it inline (an atomic instruction, an intrinsic, a
  /// constant), so there is no call to defer.
  static bool checkCallee(Sema &S, const CallExpr *Call) {
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (!Callee)
      return true;
    unsigned BuiltinId = Callee->getBuiltinID();
    const Builtin::Context &Builtins = S.Context.BuiltinInfo;
    if (!BuiltinId || Builtins.isLibFunction(BuiltinId) ||
        Builtins.isPredefinedLibFunction(BuiltinId) ||
        Builtins.isHeaderDependentFunction(BuiltinId))
      return true;
    unsigned Id = S.getDiagnostics().getCustomDiagID(
        DiagnosticsEngine::Error,
        "cannot defer a call to the builtin %0: it is expanded in place and "
        "has no function to call later; wrap it in a function or a deferred "
        "block");
    S.Diag(Call->getBeginLoc(), Id) << Callee;
    return false;
  }

  static const char *describe(const Stmt *St) {
    if (isa<NullStmt>(St))
      return "an empty statement";
    if (isa<DeclStmt>(St))
      return "a declaration";
    if (isa<AtomicExpr>(St))
      return "an atomic builtin, which is not a function call (wrap it in a "
             "deferred block)";
    if (isa<Expr>(St))
      return "an expression statement that is not a call";
    if (isa<ReturnStmt>(St))
      return "a return statement";
    if (isa<IfStmt, SwitchStmt>(St))
      return "a selection statement";
    if (isa<ForStmt, WhileStmt, DoStmt>(St))
      return "a loop";
    if (isa<GotoStmt, IndirectGotoStmt, BreakStmt, ContinueStmt>(St))
      return "a jump statement";
    return "this statement";
  }
};

} // namespace

static ParsedAttrInfoRegistry::Add<DeferAttrInfo>
    RegisterDeferAttr("defer", "Go-style deferred call or block");
