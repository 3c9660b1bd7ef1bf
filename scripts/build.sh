#!/usr/bin/env bash
# Builds quietly: one progress line on a terminal (none in a log), the compiler's warnings
# and errors as they come, and the whole build log kept in BUILD/build.log. On failure the
# end of the log is printed, so the cause is never hidden.
#
#   scripts/build.sh BUILD_DIR [cmake --build options, e.g. -j 2 --target drsim]
set -uo pipefail

build=$1
shift
log="$build/build.log"
what="drsim, its tests and benchmarks"
prev=""
for arg in "$@"; do
  [ "$prev" = "--target" ] && what=$arg
  prev=$arg
done
terminal=0
[ -t 1 ] && terminal=1
start=$SECONDS

cmake --build "$build" "$@" 2>&1 | tee "$log" | while IFS= read -r line; do
  case "$line" in
    \[*%\]*)
      if [ $terminal = 1 ]; then
        percent=${line#\[}
        percent=${percent%%\]*}
        printf '\r  building %s %s' "$what" "$percent"
      fi
      ;;
    *warning:*|*error:*)
      [ $terminal = 1 ] && printf '\r\033[K'
      printf '%s\n' "$line"
      ;;
  esac
done
status=${PIPESTATUS[0]}
[ $terminal = 1 ] && printf '\r\033[K'
if [ "$status" -ne 0 ]; then
  echo "build failed (exit $status); the end of $log:" >&2
  tail -n 40 "$log" >&2
  exit "$status"
fi
echo "built $what in $((SECONDS - start)) s (log: $log)"
