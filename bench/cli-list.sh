#!/usr/bin/env bash
# Wall-clock time of `todo list` (a cold process each time) over 10 000 tasks, release build.
#   bench/cli-list.sh [TASKS] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
tasks=${1:-10000}
runs=${2:-30}
scripts/setup
swift build -c release --static-swift-stdlib --product todo >&2
swift build -c release --static-swift-stdlib --product todo-bench-store >&2
work=$(mktemp -d /tmp/todo-cli-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
db="sqlite:$work/todo.db"
pending="sqlite:$work/pending.db"
.build/release/todo-bench-store --db "$db" --tasks "$tasks" --single 0 --queries 1 --local >/dev/null
.build/release/todo-bench-store --db "$pending" --tasks "$tasks" --single 0 --queries 1 --local --pending-only >/dev/null
python3 - "$db" "$runs" "$tasks" "$pending" <<'PY'
import subprocess, sys, time
db, runs, tasks, pending = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
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
PY
