//===- DeferSites.h - Checking and marking defer sites ----------*- C++ -*-===//
//
// Shared between the attribute handler and the AST consumer of the cdefer
// Clang plugin.
//
// The attribute handler accepts `__attribute__((defer))` on a call statement
// or a compound statement and records it as an AttributedStmt carrying an
// AnnotateAttr whose annotation is DeferAnnotation. DeferSiteMarker later
// finds those statements in each function body, checks the control-flow rules
// of SPEC.md section 5, and rewrites each one in place into
//
//   { if (__cdefer_site_begin(KIND, ID)) STMT; __cdefer_site_end(KIND, ID); }
//
// which is the IR marker format that the lowering pass consumes (see
// docs/design.md, "IR marker format").
//
//===----------------------------------------------------------------------===//

#ifndef CDEFER_CLANG_PLUGIN_DEFERSITES_H
#define CDEFER_CLANG_PLUGIN_DEFERSITES_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Stmt.h"
#include "llvm/ADT/StringRef.h"

namespace clang {
class DiagnosticsEngine;
class FunctionDecl;
} // namespace clang

namespace cdefer {

/// The annotation that marks an AttributedStmt as a defer statement.
inline constexpr llvm::StringLiteral DeferAnnotation = "cdefer.defer";

/// Site kinds, as passed in the first marker argument.
enum class SiteKind : unsigned { Call = 0, Block = 1 };

/// Returns the deferred statement if \p S is an AttributedStmt made by the
/// defer attribute, otherwise null.
const clang::Stmt *getDeferredStmt(const clang::Stmt *S);

/// Returns the call of a deferred call statement: \p S itself, under
/// parentheses, implicit full-expression wrappers (ExprWithCleanups,
/// ConstantExpr) or a cast to void. Null if \p S is not a call statement.
const clang::CallExpr *getDeferredCall(const clang::Stmt *S);

/// Checks and rewrites the defer statements of function bodies.
class DeferSiteMarker {
public:
  DeferSiteMarker(clang::ASTContext &Ctx, clang::DiagnosticsEngine &Diags);

  /// Checks every defer statement in \p Body (a function or block body) and,
  /// if no error was found, rewrites each into its marked form. Returns the
  /// number of defer statements found. \p ReturnType is the function's, for
  /// checking cdefer_result(T); null to skip that check.
  unsigned markBody(clang::Stmt *Body, clang::QualType ReturnType,
                    clang::DeclContext *Function);

  /// The location of the first defer statement seen, if any.
  clang::SourceLocation firstSiteLoc() const { return FirstSiteLoc; }

private:
  clang::FunctionDecl *getMarkerDecl(llvm::StringRef Name,
                                     clang::QualType ResultType);
  clang::FunctionDecl *getRuntimeDecl(llvm::StringRef Name,
                                      clang::QualType ResultType,
                                      llvm::ArrayRef<clang::QualType> Params);
  clang::Stmt *addUnwindBoundary(clang::CompoundStmt *Block);
  clang::Expr *buildMarkerCall(clang::FunctionDecl *Marker, SiteKind Kind,
                               unsigned Id, clang::SourceLocation Loc);
  void disableNamedReturnValue(llvm::ArrayRef<clang::ReturnStmt *> Returns);
  clang::Stmt *buildMarkedSite(clang::AttributedStmt *Site);

  clang::ASTContext &Ctx;
  clang::DiagnosticsEngine &Diags;
  clang::FunctionDecl *BeginDecl = nullptr;
  clang::FunctionDecl *EndDecl = nullptr;
  clang::FunctionDecl *BoundaryDecl = nullptr;
  clang::DeclContext *CurrentFunction = nullptr;
  unsigned NextSiteId = 1;
  clang::SourceLocation FirstSiteLoc;
};

} // namespace cdefer

#endif // CDEFER_CLANG_PLUGIN_DEFERSITES_H
