#!/usr/bin/env bash
# Usage: compare-with-go.sh C_BINARY GO_BINARY [ARGS...]
# Runs both programs with ARGS and compares stdout, the exit status and the
# panic-chain lines of stderr (the lines before the first blank line: Go's
# goroutine trace and cdefer's backtrace differ by design; so does the pc in
# a fault's signal line).
set -u
c_bin=$1 go_bin=$2
shift 2
chain() { sed '/^$/q' | sed '/^$/d' | sed 's/ pc=0x[0-9a-f]*]$/ pc=PC]/'; }
c_out=$("$c_bin" "$@" 2>"$c_bin.stderr"); c_rc=$?
go_out=$("$go_bin" "$@" 2>"$go_bin.stderr"); go_rc=$?
status=0
if [ "$c_out" != "$go_out" ]; then
  echo "stdout differs:"; diff <(echo "$go_out") <(echo "$c_out"); status=1
fi
if [ "$c_rc" != "$go_rc" ]; then
  echo "exit status differs: go $go_rc, cdefer $c_rc"; status=1
fi
if [ "$(chain < "$c_bin.stderr")" != "$(chain < "$go_bin.stderr")" ]; then
  echo "panic chain differs:"
  diff <(chain < "$go_bin.stderr") <(chain < "$c_bin.stderr"); status=1
fi
[ $status = 0 ] && echo "same as Go: exit $c_rc, $(chain < "$c_bin.stderr" | wc -l) panic line(s)"
exit $status
