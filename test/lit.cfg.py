# lit configuration for cdefer.
#
# Substitutions:
#   %cdefer-cc   the build tree's cdefer-cc, plus the variant's CFLAGS
#   %cdefer-cc-path  the build tree's cdefer-cc alone
#   %run         the variant's run prefix (empty, or valgrind ...)
#   %clang-cdefer  clang with both plugins, no runtime (diagnostic tests)
#   %clang-plugin-only  clang with the Clang plugin but not the pass
#   %opt-cdefer  opt with the pass plugin loaded, running cdefer-lower
#   %llvmbin     LLVM's bin directory
#   %clang       plain clang-22, no cdefer (for mixed translation units)
#
# Features: gdb (gdb can run a program here), lld (LLVM 22's ld.lld, for
# -flto), go, avx2/avx512f (this machine's vector extensions), sampled (the
# asan, check and valgrind variants: e2e builds with -g are skipped).
import os
import shutil

import lit.formats

config.name = "cdefer-" + config.cdefer_variant
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".c", ".ll", ".test"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.cdefer_obj_root, "test",
                                     config.cdefer_variant)
config.excludes = ["Inputs", "unit", "install", "CMakeLists.txt",
                   "lit.cfg.py", "lit.site.cfg.py.in", "expect-exit.sh"]
if config.cdefer_only_e2e:
    # go/ (the ports of Go's own tests) runs in the default variant only, to
    # keep the asan, check and valgrind runs short.
    config.excludes += ["ir", "diag", "tools", "difftest", "modes", "go"]
    # The variants run the end-to-end tests' builds without -g only (RUN
    # lines wrapped in `%if !sampled %{ ... %}`): debug information changes
    # nothing that a sanitizer, valgrind or the checking mode looks at, and
    # the default variant runs them all.
    config.available_features.add("sampled")

llvm_bin = config.llvm_tools_dir
lib = os.path.join(config.cdefer_obj_root, "lib")
include = os.path.join(config.cdefer_obj_root, "include")
plugin = os.path.join(lib, "CDeferPlugin.so")
pass_plugin = os.path.join(lib, "CDeferPass.so")
clang = os.path.join(llvm_bin, "clang")

config.environment["PATH"] = os.pathsep.join(
    [llvm_bin, os.path.join(config.cdefer_obj_root, "bin"),
     config.environment.get("PATH", os.environ.get("PATH", ""))])
for var in ["ASAN_OPTIONS", "UBSAN_OPTIONS", "TSAN_OPTIONS", "HOME"]:
    if var in os.environ:
        config.environment[var] = os.environ[var]

cdefer_cc = os.path.join(config.cdefer_obj_root, "bin", "cdefer-cc")
# Longer names first: lit substitutes in order.
config.substitutions.append(("%cdefer-cc-path", cdefer_cc))
config.substitutions.append(
    ("%cdefer-cc", (cdefer_cc + " " + config.cdefer_cflags).strip()))
config.substitutions.append(("%run", config.cdefer_run_prefix))
config.substitutions.append(
    ("%clang-cdefer", "%s -fplugin=%s -fpass-plugin=%s -I%s" %
     (clang, plugin, pass_plugin, include)))
config.substitutions.append(
    ("%clang-plugin-only", "%s -fplugin=%s -I%s" % (clang, plugin, include)))
config.substitutions.append(
    ("%opt-cdefer", "%s -load-pass-plugin=%s -passes=cdefer-lower" %
     (os.path.join(llvm_bin, "opt"), pass_plugin)))
config.substitutions.append(("%llvmbin", llvm_bin))
config.substitutions.append(("%clang", clang))

config.available_features.add("variant-" + config.cdefer_variant)
if config.cdefer_variant == "check":
    config.environment["CDEFER_CHECK"] = "1"
    config.available_features.add("check")
# gdb must be able to start a program (ptrace may be forbidden in a
# container).
gdb = shutil.which("gdb")
if gdb:
    import subprocess
    try:
        probe = subprocess.run(
            [gdb, "-q", "-batch", "-nx", "-ex", "run", "--args", "/bin/true"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=60)
        if probe.returncode == 0 and b"exited normally" in probe.stdout:
            config.available_features.add("gdb")
    except (OSError, subprocess.TimeoutExpired):
        pass
if os.path.exists(os.path.join(llvm_bin, "ld.lld")):
    config.available_features.add("lld")
if shutil.which("go"):
    config.available_features.add("go")
# Vector extensions of the machine the tests run on.
try:
    with open("/proc/cpuinfo") as cpuinfo:
        cpu_flags = set(cpuinfo.read().split())
    for flag in ("avx2", "avx512f"):
        if flag in cpu_flags:
            config.available_features.add(flag)
except OSError:
    pass
if "-fsanitize=address" in config.cdefer_cflags:
    config.available_features.add("asan")
if "valgrind" in config.cdefer_run_prefix:
    config.available_features.add("valgrind")
