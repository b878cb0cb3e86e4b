#!/usr/bin/env bash
# Does ProcBench's fork slope (µs per GiB of written parent memory) agree with
# a plain C loop's? For parent sizes 0, 64M, 256M and 1G, procbench's
# `fork parent=S` and Benchmarks/plain-fork-loop.c alternate round by round on one
# pinned CPU; each side's slope is fitted on its per-size medians (the
# median over rounds). Passes when the slopes agree within 10 %, procbench's
# R² ≥ 0.98, and vfork's and posix_spawn's slopes (procbench, same run) are
# under 2 % of fork's.
#
# usage: Benchmarks/parent-size/run.sh [ROUNDS] [CPU]
set -euo pipefail
rounds=${1:-3}; cpu=${2:-1}
here=$(cd "$(dirname "$0")" && pwd); root=$(cd "$here/../.." && pwd)
out=$here/out; mkdir -p "$out"; : > "$out/points.txt"
gcc -O2 -o "$out/plain-fork-loop" "$here/../plain-fork-loop.c"
swift build -c release --package-path "$root" >/dev/null
procbench=$root/.build/release/procbench
samples() { case $1 in 0) echo 400;; 64) echo 200;; 256) echo 60;; *) echo 25;; esac; }

for round in $(seq "$rounds"); do
  for mib in 0 64 256 1024; do
    n=$(samples "$mib")
    "$procbench" run "fork parent=${mib}M" --cpu "$cpu" --samples "$n" --warmup 3 --out "$out/pb" >/dev/null 2>&1
    echo "procbench-fork $mib $(awk -F, 'NR==2 {print $9}' "$out/pb/summary.csv")" >> "$out/points.txt"
    echo "plain-fork $mib $("$out/plain-fork-loop" "$mib" "$n" "$cpu")" >> "$out/points.txt"
    for path in vfork posix_spawn; do
      "$procbench" run "$path parent=${mib}M" --cpu "$cpu" --samples 200 --warmup 3 --out "$out/pb" >/dev/null 2>&1
      echo "procbench-$path $mib $(awk -F, 'NR==2 {print $9}' "$out/pb/summary.csv")" >> "$out/points.txt"
    done
  done
done

python3 - "$out/points.txt" <<'PY'
import statistics, sys
points = {}
for line in open(sys.argv[1]):
    who, mib, us = line.split()
    points.setdefault(who, {}).setdefault(int(mib) / 1024, []).append(float(us))
def fit(series):
    xs = sorted(series); ys = [statistics.median(series[x]) for x in xs]
    mx, my = statistics.mean(xs), statistics.mean(ys)
    sxx = sum((x - mx) ** 2 for x in xs); b = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sxx
    a = my - b * mx; sse = sum((y - a - b * x) ** 2 for x, y in zip(xs, ys)); sst = sum((y - my) ** 2 for y in ys)
    return a, b, 1 - sse / sst, ys
fits = {who: fit(series) for who, series in points.items()}
print(f"{'who':22} {'a µs':>9} {'b µs/GiB':>11} {'R²':>7}   medians at 0, 64M, 256M, 1G (µs)")
for who, (a, b, r2, ys) in fits.items():
    print(f"{who:22} {a:9.1f} {b:11.1f} {r2:7.4f}   " + ", ".join(f"{y:.1f}" for y in ys))
fork, plain = fits["procbench-fork"][1], fits["plain-fork"][1]
checks = [
    (f"fork slope procbench/plain = {fork / plain:.4f} (within 10 %)", abs(fork / plain - 1) <= 0.10),
    (f"procbench fork R² = {fits['procbench-fork'][2]:.4f} (≥ 0.98)", fits["procbench-fork"][2] >= 0.98),
]
for path in ["vfork", "posix_spawn"]:
    share = fits[f"procbench-{path}"][1] / fork
    checks.append((f"{path} slope / fork slope = {share * 100:.2f} % (under 2 %)", abs(share) < 0.02))
for text, ok in checks: print(("PASS " if ok else "FAIL ") + text)
sys.exit(0 if all(ok for _, ok in checks) else 1)
PY
