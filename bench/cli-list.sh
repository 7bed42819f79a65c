#!/usr/bin/env bash
# Wall-clock time of `todo list` (a cold process each time) over 10 000 tasks, release build;
# then 10 000 cold `todo add` runs into a new database, with the largest WAL seen and the
# time of `todo list` and `todo add` on the result (the WAL must stay a few MB: issue 11).
#   bench/cli-list.sh [TASKS] [RUNS] [ADDS]
set -euo pipefail
cd "$(dirname "$0")/.."
tasks=${1:-10000}
runs=${2:-30}
adds=${3:-10000}
scripts/setup
swift build -c release --static-swift-stdlib --product todo >&2
swift build -c release --static-swift-stdlib --product todo-bench-store >&2
work=$(mktemp -d /tmp/todo-cli-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
db="sqlite:$work/todo.db"
pending="sqlite:$work/pending.db"
.build/release/todo-bench-store --db "$db" --tasks "$tasks" --single 0 --queries 1 --local >/dev/null
.build/release/todo-bench-store --db "$pending" --tasks "$tasks" --single 0 --queries 1 --local --pending-only >/dev/null
python3 - "$db" "$runs" "$tasks" "$pending" "$adds" "$work/cold.db" <<'PY'
import os, subprocess, sys, time
db, runs, tasks, pending, adds, cold = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], int(sys.argv[5]), sys.argv[6]
def timed(args):
    t = time.perf_counter()
    out = subprocess.run([".build/release/todo"] + args, stdout=subprocess.PIPE, check=True).stdout
    return (time.perf_counter() - t) * 1000, out
timed(["--db", db, "list"])  # page cache warm, as after any earlier use
timed(["--db", pending, "list"])
for name, args in [("todo list, all 10k pending", ["--db", pending, "list"]),
                   ("todo list, half pending", ["--db", db, "list"]),
                   ("todo list --status all", ["--db", db, "list", "--status", "all"]),
                   ("todo list --json, half pending", ["--db", db, "list", "--json"]),
                   ("todo version (start-up only)", ["version"])]:
    samples = []
    lines = 0
    for _ in range(runs):
        ms, out = timed(args)
        samples.append(ms)
        lines = out.count(b"\n")
    samples.sort()
    print(f"| {name} | {tasks} | {lines} lines | median {samples[len(samples)//2]:.1f} ms, max {samples[-1]:.1f} ms |")

# Cold adds: each `todo add` a new process, as a shell loop or a script makes them.
largest_wal, add_ms = 0, []
for index in range(adds):
    ms, _ = timed(["--db", "sqlite:" + cold, "add", f"Task {index} #bench"])
    add_ms.append(ms)
    try:
        largest_wal = max(largest_wal, os.path.getsize(cold + "-wal"))
    except FileNotFoundError:
        pass
add_ms.sort()
print(f"| {adds} cold `todo add` runs | 0 → {adds} | largest WAL {largest_wal / 1e6:.1f} MB | median {add_ms[len(add_ms)//2]:.1f} ms, p99 {add_ms[len(add_ms) * 99 // 100]:.1f} ms a run |")
for name, args in [(f"todo list after {adds} cold adds", ["--db", "sqlite:" + cold, "list"]),
                   (f"todo add after {adds} cold adds", ["--db", "sqlite:" + cold, "add", "One more"])]:
    samples = sorted(timed(args)[0] for _ in range(runs))
    print(f"| {name} | {adds} | | median {samples[len(samples)//2]:.1f} ms, max {samples[-1]:.1f} ms |")
PY
