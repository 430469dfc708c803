#!/bin/sh
# expect-exit.sh STATUS COMMAND [ARG...]
#
# Runs COMMAND with its arguments, passing its stdin, stdout and stderr
# through, and succeeds only if it exits with exactly STATUS. Lit's `not`
# accepts any failure (a crash included); panic tests must see the runtime's
# status 2 and nothing else.
if [ $# -lt 2 ]; then
  echo "usage: expect-exit.sh STATUS COMMAND [ARG...]" >&2
  exit 64
fi
want=$1
shift
"$@"
got=$?
if [ "$got" -ne "$want" ]; then
  echo "expect-exit.sh: '$*' exited with status $got, expected $want" >&2
  exit 1
fi
exit 0
