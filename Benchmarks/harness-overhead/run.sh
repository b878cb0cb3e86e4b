#!/usr/bin/env bash
# Does the instrument add anything? fork+_exit+waitpid as measured by
# `procbench run fork` against the plain C loop (Benchmarks/plain-fork-loop.c), the two
# interleaved in short rounds on the same pinned CPU. This VM's fork time
# drifts between rounds by up to 50 %, so each round is a pair run back to
# back and the figure is the median of the per-round ratios. Passes when it
# is within ±2 %.
#
# usage: Benchmarks/harness-overhead/run.sh [ROUNDS] [SAMPLES] [CPU]
set -euo pipefail
rounds=${1:-30}; samples=${2:-1000}; cpu=${3:-1}
here=$(cd "$(dirname "$0")" && pwd); root=$(cd "$here/../.." && pwd)
out=$here/out; mkdir -p "$out"
gcc -O2 -o "$out/plain-fork-loop" "$here/../plain-fork-loop.c"
swift build -c release --package-path "$root" >/dev/null
procbench=$root/.build/release/procbench

median() { sort -n | awk '{v[NR]=$1} END {print (NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2)}'; }
: > "$out/rounds.txt"
for round in $(seq "$rounds"); do
  # Alternate which goes first, so neither always follows the other.
  if (( round % 2 )); then order="procbench plain"; else order="plain procbench"; fi
  for who in $order; do
    if [[ $who == plain ]]; then
      plain=$("$out/plain-fork-loop" 0 "$samples" "$cpu" 200)
    else
      "$procbench" run fork --cpu "$cpu" --samples "$samples" --warmup 200 --out "$out/round" >/dev/null 2>&1
      pb=$(awk -F, 'NR==2 {print $9}' "$out/round/summary.csv")
    fi
  done
  echo "$round $pb $plain" >> "$out/rounds.txt"
done
pb_median=$(awk '{print $2}' "$out/rounds.txt" | median)
plain_median=$(awk '{print $3}' "$out/rounds.txt" | median)
ratio=$(awk '{printf "%.4f\n", $2 / $3}' "$out/rounds.txt" | median)
echo "procbench fork: median of round medians ${pb_median} µs; plain C loop: ${plain_median} µs"
echo "median per-round ratio procbench/plain: ${ratio} (${rounds} rounds × ${samples} samples, CPU ${cpu})"
awk -v r="$ratio" 'BEGIN {exit !(r >= 0.98 && r <= 1.02)}' && echo "PASS: within ±2 %" || { echo "FAIL: outside ±2 %"; exit 1; }
