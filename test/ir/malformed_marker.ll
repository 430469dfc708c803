; A begin marker that does not guard a branch (IR changed before the pass)
; is reported as an error, not a crash.
;
; RUN: not %opt-cdefer -disable-output %s 2>&1 | FileCheck %s
; CHECK: error: {{.*}}cdefer: malformed defer site marker

declare i32 @__cdefer_site_begin(i32, i32)
declare void @__cdefer_site_end(i32, i32)
declare void @use(i32)

define void @f(i32 %x) {
  %c = call i32 @__cdefer_site_begin(i32 0, i32 1)
  call void @use(i32 %x)
  call void @__cdefer_site_end(i32 0, i32 1)
  ret void
}
