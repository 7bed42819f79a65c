#!/usr/bin/env bash
# What a chat turn costs as listings grow (issue 14): 10 users with TASKS tasks each, all due
# "tomorrow" at the client's `now`, then wrk (2 threads, 8 connections, SECONDS) sending
# "what's due tomorrow?" (every turn names all TASKS tasks) and, as the base, "hello" (a turn
# that lists nothing). Prints turns/s, p99 and the server's CPU time per turn for both, and the
# CPU per listed task: the difference over TASKS. bench/chat.sh's data grows during its run
# (each user's listing gains a task every fourth turn), so this cost is what its tail follows.
#   bench/chat-listing.sh [SECONDS] [TASKS]      defaults: 8, 50
#   BIN=DIR bench/chat-listing.sh               the server from DIR/todo (another build, for an A/B)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
seconds="${1:-8}"
tasks="${2:-50}"

bench_prepare
bin="${BIN:-$bin}"
bench_workdir chat-listing
start_server "sqlite:$work/todo.db"

for n in $(seq 1 10); do
    curl -s -X POST "http://127.0.0.1:$port/api/v1/auth/register" -H 'Content-Type: application/json' \
        -d "{\"email\": \"listing$n@example.com\", \"password\": \"a long passphrase\"}" |
        python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])' >>"$work/tokens"
done
python3 - "$port" "$work/tokens" "$tasks" <<'PY'
import json, sys, urllib.request
port, tokens, count = sys.argv[1], open(sys.argv[2]).read().split(), int(sys.argv[3])
for token in tokens:
    for i in range(count):
        body = json.dumps({"title": f"Buy milk number {i + 1}", "due_at": "2026-03-26T17:00:00+01:00", "tags": ["home"]})
        request = urllib.request.Request(f"http://127.0.0.1:{port}/api/v1/tasks", data=body.encode(),
                                         headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
        urllib.request.urlopen(request).read()
PY
sleep 1 # the in-process services catch up with the creates before the timing starts

run() { # name message
    local before requests
    before=$(cpu_ticks)
    MESSAGE="$2" TOKENS="$work/tokens" wrk -t2 -c8 -d"${seconds}s" --latency -s bench/chat/listing.lua \
        "http://127.0.0.1:$port/" >"$work/$1.txt"
    grep -q "non-200: 0" "$work/$1.txt" || { cat "$work/$1.txt" >&2; echo "chat turns failed" >&2; exit 1; }
    requests=$(grep -oE '[0-9]+ requests in' "$work/$1.txt" | grep -oE '^[0-9]+')
    echo "$1 $requests $(( $(cpu_ticks) - before )) $(awk '/Requests\/sec/ {print $2}' "$work/$1.txt") $(awk '/ 99%/ {print $2}' "$work/$1.txt")"
}
{ run listing "what's due tomorrow?"; run hello "hello"; } >"$work/results"

python3 - "$work/results" "$(getconf CLK_TCK)" "$tasks" <<'PY'
import sys
results, hz, tasks = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
cpu = {}
print("| turn | turns/s | p99 | server CPU per turn |")
print("|---|---|---|---|")
for line in open(results):
    name, requests, ticks, rate, p99 = line.split()
    cpu[name] = int(ticks) / hz * 1e6 / int(requests)
    label = f"“what's due tomorrow?”, naming {tasks} tasks" if name == "listing" else "“hello”"
    print(f"| {label} | {float(rate):,.0f} | {p99} | {cpu[name]:.0f} µs |")
print(f"\nCPU per listed task: {(cpu['listing'] - cpu['hello']) / tasks:.1f} µs")
PY
