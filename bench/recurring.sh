#!/usr/bin/env bash
# Recurring-task service benchmark (issue 13 item 1): completion of a recurring task → its next
# task readable through the API, on the embedded bus, all services in one `todo serve` (release).
#   bench/recurring.sh [COMPLETIONS] [DATABASE_URL]     defaults: 500, a new SQLite file in /tmp
# Phase 1 completes COMPLETIONS tasks one at a time and polls GET /api/v1/tasks/{derived id}
# after each answer: p50/p99/max latency. Phase 2 completes COMPLETIONS more back to back and
# waits for every next task: the rate, and the server's CPU time per completion (the completion
# request, the relay, the service's transaction with its own created event). Prints Markdown.
set -euo pipefail
cd "$(dirname "$0")/.."
completions="${1:-500}"
scripts/setup
swift build -c release --static-swift-stdlib --product todo >&2
bin="$(swift build -c release --show-bin-path)"

work="$(mktemp -d /tmp/todo-bench-recurring.XXXXXX)"
server_pid=""
cleanup() {
    [[ -n "$server_pid" ]] && kill "$server_pid" 2>/dev/null || true
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
db="${2:-sqlite:$work/todo.db}"

"$bin/todo" serve --db "$db" --port 0 --quiet >"$work/serve.out" 2>"$work/serve.err" &
server_pid=$!
port=""
for _ in $(seq 1 300); do
    port=$(grep -oE 'listening on http://127\.0\.0\.1:[0-9]+' "$work/serve.out" | grep -oE '[0-9]+$' || true)
    [[ -n "$port" ]] && break
    sleep 0.05
done
[[ -n "$port" ]] || { cat "$work/serve.err" >&2; echo "todo serve did not start" >&2; exit 1; }

python3 bench/recurring/client.py "$port" "$server_pid" "$completions" "$db"
