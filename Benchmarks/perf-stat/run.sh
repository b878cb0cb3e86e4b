#!/usr/bin/env bash
# Do ProcBench's counts agree with perf stat's? A fork loop of a known count
# (fork, child _exit(0), waitpid), counted two ways on the same pinned CPU:
#   - procbench run fork --events page-faults,context-switches (its counting pass);
#   - perf stat -e page-faults,context-switches on the plain C loop of
#     Benchmarks/harness-overhead, per operation = total / (N + its 200 warm-up forks).
# perf stat's totals include the loop program's own start-up and exit (a few
# dozen faults), which is why N is large. Passes when both per-operation
# figures agree within 5 %.
#
# usage: Benchmarks/perf-stat/run.sh [N] [CPU]
set -euo pipefail
n=${1:-20000}; cpu=${2:-1}
here=$(cd "$(dirname "$0")" && pwd); root=$(cd "$here/../.." && pwd)
out=$here/out; mkdir -p "$out"
command -v perf >/dev/null || { echo "perf not found: apt-get install linux-perf" >&2; exit 1; }
gcc -O2 -o "$out/plain-fork-loop" "$root/Benchmarks/harness-overhead/plain-fork-loop.c"
swift build -c release --package-path "$root" >/dev/null
"$root/.build/release/procbench" run fork --cpu "$cpu" --samples "$n" --time 60 \
  --events page-faults,context-switches --out "$out/procbench" >/dev/null 2>&1
perf stat -x, -e page-faults,context-switches -o "$out/perf-stat.csv" "$out/plain-fork-loop" "$n" "$cpu" >/dev/null

python3 - "$out" "$n" <<'PY'
import csv, sys
out, n = sys.argv[1], int(sys.argv[2])
row = next(csv.DictReader(open(f"{out}/procbench/summary.csv", newline="")))
perf = {}
for line in open(f"{out}/perf-stat.csv"):
    fields = line.strip().split(",")
    if len(fields) > 2 and fields[0].replace(".", "").isdigit():
        perf[fields[2]] = float(fields[0]) / (n + 200)
worst = 0.0
print(f"fork loop, {row['counted_ops']} operations counted by procbench, {n} + 200 by perf stat")
print(f"{'event':18} {'procbench/op':>13} {'perf stat/op':>13} {'ratio':>7}")
for event in ["page-faults", "context-switches"]:
    ours, theirs = float(row[event]), perf[event]
    ratio = ours / theirs
    worst = max(worst, abs(ratio - 1))
    print(f"{event:18} {ours:13.3f} {theirs:13.3f} {ratio:7.4f}")
print("PASS: within 5 %" if worst <= 0.05 else "FAIL: outside 5 %")
sys.exit(0 if worst <= 0.05 else 1)
PY
