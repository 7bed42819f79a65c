#!/usr/bin/env bash
# Instructions `todo serve` spends per chat turn (callgrind), a figure the machine's load does
# not move: one user with TASKS tasks due tomorrow, then TURNS turns of "what's due tomorrow?"
# (each names every task), TURNS of "hello" (a turn that lists nothing) and TURNS of an add, each a new
# conversation, counted between `callgrind_control --zero` and `--dump`. One server thread.
#   bench/chat-callgrind.sh [TODO_BINARY] [TURNS] [TASKS]   (default: the release build, 200, 50)
# KEEP_DUMPS=DIR copies each measurement's callgrind file there (callgrind.listing, .hello, .add).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
turns="${2:-200}"
tasks="${3:-50}"
callgrind_todo "${1:-}"
port=18182
bench_workdir chat-callgrind
start_callgrind_server "$port" --quiet

base="http://127.0.0.1:$port/api/v1"
token=$(curl -sf -H 'Content-Type: application/json' -d '{"email":"bench@example.com","password":"correct horse battery"}' \
    "$base/auth/register" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
for i in $(seq "$tasks"); do
    curl -sf -o /dev/null -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
        -d "{\"title\":\"Buy milk number $i\",\"due_at\":\"2026-03-26T17:00:00+01:00\",\"tags\":[\"home\"]}" "$base/tasks"
done
sleep 2 # the in-process services catch up with the creates

measure() { # name message label [settle seconds before the dump: the services' share of an add]
    local name="$1" dump
    echo "{\"message\": \"$2\", \"timezone\": \"Europe/Berlin\", \"now\": \"2026-03-25T10:00:00+01:00\"}" >"$work/$name.json"
    # One request per `next` block: curl joins repeated `data` options into one body otherwise.
    for _ in $(seq "$turns"); do
        printf 'url = "%s/chat"\ndata = "@%s"\noutput = /dev/null\nheader = "Authorization: Bearer %s"\nheader = "Content-Type: application/json"\nnext\n' \
            "$base" "$work/$name.json" "$token"
    done | sed '$d' >"$work/$name.curl"
    curl -sf -K "$work/$name.curl"   # warms the caches
    sleep "${4:-0}"
    callgrind_control --zero "$server_pid" >/dev/null 2>&1
    curl -sf -K "$work/$name.curl"
    sleep "${4:-0}"
    dump=$(callgrind_dump "$name")
    awk -v label="$3" -v n="$turns" '/^summary:/ { printf "| %s | %d |\n", label, $2 / n }' "$dump"
}

echo "| chat turn ($turns turns) | instructions per turn |"
echo "|---|---|"
measure listing "what's due tomorrow?" "“what's due tomorrow?”, naming $tasks tasks"
measure hello "hello" "“hello”"
# Last, so that its tasks (due friday) are in no listing above; counted with what the services
# (relay, audit, live history, search) spend on its event once they caught up.
measure add "add Call Ana friday at 5pm #work" "“add Call Ana friday at 5pm #work”, with the services' work on its event" 5
