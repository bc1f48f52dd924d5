#!/bin/bash
# Alternate two builds of the bench project on `quick-conv` and print the minimum per pass and side:
#   OLD=/tmp/art-old NEW=artifacts tools/ab_quick_conv.sh ROUNDS [--threads T] [--reps R] SPEC...
# (OLD/NEW: PIX2PIX_ARTIFACTS folders of two builds, e.g. of a `git worktree add --detach` of the old commit.)
set -euo pipefail
OLD=${OLD:?set OLD to the old build\'s artifacts folder}
NEW=${NEW:?set NEW to the new build\'s artifacts folder}
rounds=$1; shift
for r in $(seq "$rounds"); do
  for side in old new; do
    art=$OLD; [ $side = new ] && art=$NEW
    dotnet "$art/bin/Pix2Pix.Benchmarks/release/Pix2Pix.Benchmarks.dll" quick-conv "$@" | grep '^| [a-z]' | sed "s/^/$side /"
  done
done | awk -F'|' '{split($1, a, " "); key = $2 "|" a[1]; v = $3 + 0; if (!(key in m) || v < m[key]) m[key] = v; if (!(key in seen)) { seen[key] = 1; order[++n] = key } }
  END { for (i = 1; i <= n; i++) print order[i] "| " m[order[i]] " ms" }' | sort -s -t'|' -k1,1
