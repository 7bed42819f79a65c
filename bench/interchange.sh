#!/usr/bin/env bash
# Export and import through `todo serve` (SQLite): TASKS todo.txt lines imported into a new
# account, the same file again (every item unchanged), the account's export.ics, and that
# calendar imported into a second account. Each step is one request; reports its wall time, the
# server's CPU time and the rate per task.
#   bench/interchange.sh [TASKS]      (default 10000, the most one import takes)
set -euo pipefail
cd "$(dirname "$0")/.."
tasks=${1:-10000}
source bench/lib.sh
bench_prepare
bench_workdir interchange
start_server "sqlite:$work/todo.db"
base="http://127.0.0.1:$port"

register() {
    curl -sf -X POST "$base/api/v1/auth/register" -H 'Content-Type: application/json' \
        -d "{\"email\":\"$1@example.com\",\"password\":\"correct horse battery\"}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])'
}
first=$(register first)
second=$(register second)
python3 - "$tasks" >"$work/tasks.txt" <<'PY'
import sys
for i in range(int(sys.argv[1])):
    print(f"({'ABC'[i % 3]}) 2026-11-{i % 28 + 1:02d} Task number {i} +project{i % 20} @context{i % 7} due:2027-{i % 12 + 1:02d}-{i % 28 + 1:02d}")
PY

# step NAME TOKEN CURL-ARGS…: one request, timed; prints the answer's counts.
step() {
    local name=$1 token=$2
    shift 2
    local before after start end
    before=$(cpu_ticks)
    start=$(date +%s.%N)
    curl -sf -H "Authorization: Bearer $token" "$@" >"$work/answer"
    end=$(date +%s.%N)
    after=$(cpu_ticks)
    python3 - "$name" "$tasks" "$start" "$end" "$before" "$after" "$(getconf CLK_TCK)" "$work/answer" <<'PY'
import json, sys
name, tasks, start, end, before, after, hz, answer = sys.argv[1:]
wall = float(end) - float(start)
cpu = (int(after) - int(before)) / int(hz)
body = open(answer, 'rb').read()
try:
    counts = {k: v for k, v in json.loads(body).items() if k != 'items'}
except ValueError:
    counts = f"{len(body)} bytes"
print(f"| {name} | {wall:.2f} s | {int(tasks) / wall:,.0f} | {cpu * 1e6 / int(tasks):,.0f} µs | {counts} |")
PY
}

echo "| step ($tasks tasks) | wall | tasks/s | server CPU a task | answer |"
echo "|---|---|---|---|---|"
step "todo.txt, new" "$first" -X POST "$base/api/v1/import?timezone=Europe/Berlin" -H 'Content-Type: text/plain' --data-binary "@$work/tasks.txt"
step "the same file again" "$first" -X POST "$base/api/v1/import?timezone=Europe/Berlin" -H 'Content-Type: text/plain' --data-binary "@$work/tasks.txt"
step "export.ics" "$first" "$base/api/v1/export.ics" -o "$work/tasks.ics"
cp "$work/tasks.ics" "$work/answer.ics"
step "that calendar, into a new account" "$second" -X POST "$base/api/v1/import" -H 'Content-Type: text/calendar' --data-binary "@$work/answer.ics"
echo "export: $(wc -c <"$work/answer.ics") bytes"
