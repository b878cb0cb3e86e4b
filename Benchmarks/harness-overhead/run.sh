#!/usr/bin/env bash
# Does the instrument add anything? fork+_exit+waitpid as measured by
# `procbench run fork` against the plain C loop beside this script, the two
# interleaved round by round on the same pinned CPU. Passes when the median
# of procbench's per-round medians is within ±2 % of the plain loop's.
#
# usage: Benchmarks/harness-overhead/run.sh [ROUNDS] [SAMPLES] [CPU]
set -euo pipefail
rounds=${1:-10}; samples=${2:-5000}; cpu=${3:-1}
here=$(cd "$(dirname "$0")" && pwd); root=$(cd "$here/../.." && pwd)
out=$here/out; mkdir -p "$out"
gcc -O2 -o "$out/plain-fork-loop" "$here/plain-fork-loop.c"
swift build -c release --package-path "$root" >/dev/null
procbench=$root/.build/release/procbench

median() { sort -n | awk '{v[NR]=$1} END {print (NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2)}'; }
: > "$out/rounds.txt"
for round in $(seq "$rounds"); do
  # Alternate which goes first, so neither always follows the other.
  if (( round % 2 )); then order="procbench plain"; else order="plain procbench"; fi
  for who in $order; do
    if [[ $who == plain ]]; then
      plain=$("$out/plain-fork-loop" "$samples" "$cpu")
    else
      "$procbench" run fork --cpu "$cpu" --samples "$samples" --warmup 200 --out "$out/round" >/dev/null 2>&1
      pb=$(awk -F, 'NR==2 {print $9}' "$out/round/summary.csv")
    fi
  done
  echo "$round $pb $plain" | tee -a "$out/rounds.txt"
done
pb_median=$(awk '{print $2}' "$out/rounds.txt" | median)
plain_median=$(awk '{print $3}' "$out/rounds.txt" | median)
ratio=$(awk -v a="$pb_median" -v b="$plain_median" 'BEGIN {printf "%.4f", a / b}')
echo "procbench fork median ${pb_median} µs, plain C loop ${plain_median} µs, ratio ${ratio} (${rounds} rounds × ${samples} samples, CPU ${cpu})"
awk -v r="$ratio" 'BEGIN {exit !(r >= 0.98 && r <= 1.02)}' && echo "PASS: within ±2 %" || { echo "FAIL: outside ±2 %"; exit 1; }
