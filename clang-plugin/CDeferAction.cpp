//===- CDeferAction.cpp - The cdefer Clang plugin action ------------------===//
//
// The plugin's entry point: a PluginASTAction that runs before code
// generation. It
//  * turns on LangOpts.Exceptions, so C functions are not marked nounwind and
//    the unwind edges the lowering pass relies on survive optimisation;
//  * hands every function body (and the body of each block literal in a
//    file-scope initializer) to DeferSiteMarker before CodeGen sees it;
//  * refuses to compile code that uses the attribute when the lowering pass
//    is not loaded, because the marked sites would otherwise never run, or
//    with code generation options under which a fault could not run a
//    function's deferred calls (functions split into several sections).
//
//===----------------------------------------------------------------------===//

#include "DeferSites.h"

#include "clang/AST/ASTConsumer.h"
#include "clang/AST/Decl.h"
#include "clang/AST/DeclGroup.h"
#include "clang/AST/Expr.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendPluginRegistry.h"
#include "llvm/Support/CommandLine.h"

#include <dlfcn.h>

using namespace clang;

namespace {

/// The symbol every build of the cdefer pass plugin exports.
constexpr const char *PassMarkerSymbol = "cdefer_pass_plugin_abi";

/// True if one of the -fpass-plugin libraries is the cdefer pass.
bool isLoweringPassLoaded(const CodeGenOptions &CodeGenOpts) {
  for (const std::string &Path : CodeGenOpts.PassPlugins) {
    void *Handle = dlopen(Path.c_str(), RTLD_LAZY | RTLD_NOLOAD);
    if (!Handle)
      Handle = dlopen(Path.c_str(), RTLD_LAZY | RTLD_LOCAL);
    if (Handle && dlsym(Handle, PassMarkerSymbol))
      return true;
  }
  return false;
}

bool generatesCode(frontend::ActionKind Action) {
  switch (Action) {
  case frontend::EmitAssembly:
  case frontend::EmitBC:
  case frontend::EmitLLVM:
  case frontend::EmitLLVMOnly:
  case frontend::EmitCodeGenOnly:
  case frontend::EmitObj:
    return true;
  default:
    return false;
  }
}

class DeferConsumer : public ASTConsumer {
public:
  explicit DeferConsumer(CompilerInstance &CI)
      : CI(CI), Marker(CI.getASTContext(), CI.getDiagnostics()) {}

  bool HandleTopLevelDecl(DeclGroupRef Group) override {
    for (Decl *D : Group) {
      if (auto *Fn = dyn_cast<FunctionDecl>(D)) {
        if (Fn->doesThisDeclarationHaveABody())
          markBody(Fn->getBody(), Fn->getReturnType(), Fn);
      } else if (auto *Var = dyn_cast<VarDecl>(D)) {
        // A block literal in a file-scope initializer is a function too.
        markBlocksIn(Var->getInit());
      }
    }
    return true;
  }

private:
  void markBlocksIn(Stmt *S) {
    if (!S)
      return;
    if (auto *Block = dyn_cast<BlockExpr>(S)) {
      markBody(Block->getBody(), QualType(), nullptr);
      return;
    }
    for (Stmt *Child : S->children())
      markBlocksIn(Child);
  }

  void markBody(Stmt *Body, QualType ReturnType, FunctionDecl *Fn) {
    if (!Body || Marker.markBody(Body, ReturnType, Fn) == 0 || CheckedPass)
      return;
    CheckedPass = true;
    if (!generatesCode(CI.getFrontendOpts().ProgramAction))
      return;
    DiagnosticsEngine &Diags = CI.getDiagnostics();
    if (!isLoweringPassLoaded(CI.getCodeGenOpts())) {
      Diags.Report(Marker.firstSiteLoc(),
                   Diags.getCustomDiagID(
                       DiagnosticsEngine::Error,
                       "'defer' is used but the cdefer lowering pass is not "
                       "loaded: add -fpass-plugin=<libdir>/CDeferPass.so "
                       "(cdefer-cc adds it)"));
      return;
    }
    if (const char *Option = codeSplittingOption(CI.getCodeGenOpts());
        Option && faultFramesEnabled())
      Diags.Report(
          Marker.firstSiteLoc(),
          Diags.getCustomDiagID(
              DiagnosticsEngine::Error,
              "cdefer: %0 puts parts of a function in sections of their own, "
              "where a fault could not run the function's deferred calls; "
              "drop it, or turn fault support off with -mllvm "
              "-cdefer-fault-frames=0"))
          << Option;
  }

  /// The code generation option that places parts of a function in other
  /// sections, with unwind entries that do not name the function, if any:
  /// basic block sections (but `labels`), or function splitting with a
  /// profile to split by.
  static const char *codeSplittingOption(const CodeGenOptions &Opts) {
    if (Opts.BBSections == "all")
      return "-fbasic-block-sections=all";
    if (llvm::StringRef(Opts.BBSections).starts_with("list="))
      return "-fbasic-block-sections=list";
    if (Opts.SplitMachineFunctions && (!Opts.ProfileInstrumentUsePath.empty() ||
                                       !Opts.SampleProfileFile.empty()))
      return "-fsplit-machine-functions with a profile";
    return nullptr;
  }

  /// Whether the lowering pass emits fault support (its option
  /// -cdefer-fault-frames, registered when the pass plugin was loaded).
  static bool faultFramesEnabled() {
    auto &Opts = llvm::cl::getRegisteredOptions();
    auto It = Opts.find("cdefer-fault-frames");
    return It == Opts.end() ||
           static_cast<llvm::cl::opt<bool> *>(It->second)->getValue();
  }

  CompilerInstance &CI;
  cdefer::DeferSiteMarker Marker;
  bool CheckedPass = false;
};

class DeferAction : public PluginASTAction {
protected:
  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &CI,
                                                 llvm::StringRef) override {
    CI.getLangOpts().Exceptions = 1;
    return std::make_unique<DeferConsumer>(CI);
  }

  bool ParseArgs(const CompilerInstance &,
                 const std::vector<std::string> &) override {
    return true;
  }

  ActionType getActionType() override { return AddBeforeMainAction; }
};

} // namespace

static FrontendPluginRegistry::Add<DeferAction>
    RegisterDeferAction("cdefer", "lower Go-style defer statements");
