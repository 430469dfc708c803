// recover()'s frame rules survive link-time optimisation across units: the
// end-to-end test recover_helper_in_other_translation_unit.c (a helper of
// the other unit returns NULL, tail-call-shaped deferred functions in both
// directions, a deferred function of the other unit recovers), built with
// -flto=thin and -flto=full, where the linker sees both units at once and
// may inline and tail-call across them. Its CHECK lines are the e2e test's.
//
// REQUIRES: lld
// RUN: %cdefer-cc -flto=thin -fuse-ld=lld -O2 %S/../e2e/recover_helper_in_other_translation_unit.c %S/../e2e/Inputs/recover_other_tu.c -o %t.thin && %run %t.thin | FileCheck %S/../e2e/recover_helper_in_other_translation_unit.c
// RUN: %cdefer-cc -flto=thin -fuse-ld=lld -O3 -g %S/../e2e/recover_helper_in_other_translation_unit.c %S/../e2e/Inputs/recover_other_tu.c -o %t.thin3 && %run %t.thin3 | FileCheck %S/../e2e/recover_helper_in_other_translation_unit.c
// RUN: %cdefer-cc -flto=full -fuse-ld=lld -O2 %S/../e2e/recover_helper_in_other_translation_unit.c %S/../e2e/Inputs/recover_other_tu.c -o %t.full && %run %t.full | FileCheck %S/../e2e/recover_helper_in_other_translation_unit.c
// RUN: %cdefer-cc -flto=full -fuse-ld=lld -O0 -g %S/../e2e/recover_helper_in_other_translation_unit.c %S/../e2e/Inputs/recover_other_tu.c -o %t.full0 && %run %t.full0 | FileCheck %S/../e2e/recover_helper_in_other_translation_unit.c
