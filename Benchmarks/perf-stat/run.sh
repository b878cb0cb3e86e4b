#!/usr/bin/env bash
# Do ProcBench's counts agree with perf stat's? One fork loop (fork, child
# _exit(0), waitpid) of N operations on one pinned CPU, counted two ways at
# once: by the measuring process's own counting pass (the counters ProcBench
# opens: libpfm4's encoding, inherit=1), and by perf stat around that same
# process. perf stat's total also holds the process's start-up and exit, a
# few dozen faults, so N is large. Both in one process, because a fork's
# fault count moves by one between processes with the stack's random
# placement (a call chain that does or does not cross a page).
# Passes when both per-operation figures agree within 5 %.
#
# usage: Benchmarks/perf-stat/run.sh [N] [CPU]
set -euo pipefail
n=${1:-20000}; cpu=${2:-1}
here=$(cd "$(dirname "$0")" && pwd); root=$(cd "$here/../.." && pwd)
out=$here/out; mkdir -p "$out"
command -v perf >/dev/null || { echo "perf not found: apt-get install linux-perf" >&2; exit 1; }
swift build -c release --package-path "$root" >/dev/null
# A short procbench run for the measuring program's path and the events' encoding.
"$root/.build/release/procbench" run fork --cpu "$cpu" --samples 100 \
  --events page-faults,context-switches --out "$out/procbench" >/dev/null 2>&1
read -r measure arguments < <(python3 -c '
import json, sys
meta = json.load(open(sys.argv[1]))
print(meta["measuring_program"], " ".join(e["argument"] for e in meta["events"]))' "$out/procbench/meta.json")
# shellcheck disable=SC2086
printf 'count %d\nquit\n' "$n" | perf stat -x, -e page-faults,context-switches -o "$out/perf-stat.csv" \
  "$measure" path=0 cpu="$cpu" $arguments > "$out/counting.txt"

python3 - "$out" "$n" <<'PY'
import sys
out, n = sys.argv[1], int(sys.argv[2])
names = ["page-faults", "context-switches"]
ours = {}
for line in open(f"{out}/counting.txt"):
    fields = line.split()
    if fields and fields[0] == "c":  # c INDEX VALUE ENABLED RUNNING
        value, enabled, running = map(int, fields[2:5])
        ours[names[int(fields[1])]] = value * enabled / running / n
perf = {}
for line in open(f"{out}/perf-stat.csv"):
    fields = line.strip().split(",")
    if len(fields) > 2 and fields[0].replace(".", "").isdigit():
        perf[fields[2]] = float(fields[0]) / n
worst = 0.0
print(f"fork loop of {n} operations, pinned to one CPU, counted by ProcBench's counting pass and by perf stat")
print(f"{'event':18} {'procbench/op':>13} {'perf stat/op':>13} {'ratio':>7}")
for event in names:
    ratio = ours[event] / perf[event]
    worst = max(worst, abs(ratio - 1))
    print(f"{event:18} {ours[event]:13.3f} {perf[event]:13.3f} {ratio:7.4f}")
print("PASS: within 5 %" if worst <= 0.05 else "FAIL: outside 5 %")
sys.exit(0 if worst <= 0.05 else 1)
PY
