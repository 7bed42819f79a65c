#!/usr/bin/env bash
# Chat benchmark (issue 14): offline-agent turns through POST /api/v1/chat, release build,
# SQLite, on loopback. USERS users, each sending a mix of four messages in turn (an add with a
# date, time and tag; "what's due tomorrow?"; "hello"; "what's overdue?"), each a new
# conversation: every turn reads and writes its conversation, an add also creates a task with
# its outbox event. Phase 1, on a fresh database, with the server confined to one core: RATE
# turns/s by the open-loop client (latency from the scheduled send, so queueing counts).
# Phase 2: the same on both cores, on another fresh database. Phase 3: wrk, 2 threads, 32
# connections, as fast as it goes. Each prints the rate, p50/p99 (the open loops also the p99 of its
# first and last second: the listings grow during the run, and the tail with them), the
# server's CPU time per turn, the machine's load (other work on the machine included) and the
# share of its CPU time the hypervisor gave to other guests meanwhile ("CPU stolen").
# CHAT_MIX=adds makes every message an add (four kinds of add in turn): the heaviest mix, as
# every turn also creates a task whose event the in-process services consume.
#   bench/chat.sh [SECONDS] [USERS] [RATE]      defaults: 10, 100, 2000
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
seconds="${1:-10}"
users="${2:-100}"
rate="${3:-2000}"

bench_prepare
swift build -c release --product todo-bench-open-loop >/dev/null
bench_workdir chat
# A server on a fresh database with USERS registered users (their tokens in $work/tokens) and
# their requests for the open-loop client (a mix of four messages each) in $work/requests.
serve_users() { # database
    start_server "$1"
    rm -f "$work/tokens"
    for n in $(seq 1 "$users"); do
        curl -s -X POST "http://127.0.0.1:$port/api/v1/auth/register" -H 'Content-Type: application/json' \
            -d "{\"email\": \"chat$n@example.com\", \"password\": \"a long passphrase\"}" |
            python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])' >>"$work/tokens"
    done
    CHAT_MIX="${CHAT_MIX:-}" python3 - "$work/tokens" "$work/requests" <<'PY'
import json, os, sys
messages = ["add Buy milk tomorrow at 5pm #home", "what's due tomorrow?", "hello", "what's overdue?"]
if os.environ["CHAT_MIX"] == "adds":
    messages = ["add Buy milk tomorrow at 5pm #home", "add call mom friday 3pm", "add Pay rent every month on the 1st !high", "add water plants"]
with open(sys.argv[2], "w") as out:
    for user, token in enumerate(open(sys.argv[1]).read().split()):
        for message in messages:
            body = json.dumps({"message": message, "timezone": "Europe/Berlin", "now": "2026-03-25T10:00:00+01:00"})
            out.write(f"{user}\tPOST\t/api/v1/chat\t{token}\t{body}\n")
PY
}

# Phase 1: the open loop with the server confined to one core and the client on the other. Machines of this kind were measured up to 2× apart, so a machine at half this one's
# speed is emulated by half its cores: a figure that holds here holds there.
SERVER_CPUS=0 serve_users "sqlite:$work/one-core.db"
before=$(cpu_ticks)
taskset -c 1 "$bin/todo-bench-open-loop" --port "$port" --rate "$rate" --seconds "$seconds" --connections 32 --requests "$work/requests" >"$work/one-core.json"
one_core_ticks=$(( $(cpu_ticks) - before ))
kill "$server_pid"; wait "$server_pid" 2>/dev/null || true

# Phase 2: the open-loop client at RATE turns/s, the server on both cores.
serve_users "sqlite:$work/todo.db"
load_before=$(load_average)
machine_before=$(machine_ticks)
before=$(cpu_ticks)
"$bin/todo-bench-open-loop" --port "$port" --rate "$rate" --seconds "$seconds" --connections 32 --requests "$work/requests" >"$work/open-loop.json"
open_ticks=$(( $(cpu_ticks) - before ))
open_load="$load_before → $(load_average)"
open_steal=$(steal_percent "$machine_before" "$(machine_ticks)")

# Phase 3: wrk, closed loop, as fast as the server answers.
load_before=$(load_average)
machine_before=$(machine_ticks)
before=$(cpu_ticks)
TOKENS="$work/tokens" wrk -t2 -c32 -d"${seconds}s" --latency -s bench/chat/turns.lua "http://127.0.0.1:$port/" >"$work/wrk.txt"
ticks=$(( $(cpu_ticks) - before ))
wrk_load="$load_before → $(load_average)"
wrk_steal=$(steal_percent "$machine_before" "$(machine_ticks)")
cat "$work/open-loop.json" "$work/wrk.txt" >&2

python3 - "$work/open-loop.json" "$open_ticks" "$open_load" "$open_steal" "$work/wrk.txt" "$ticks" "$wrk_load" "$wrk_steal" \
    "$(getconf CLK_TCK)" "$users" "$seconds" "$work/one-core.json" "$one_core_ticks" <<'PY'
import json, os, re, sys
open_loop, open_ticks, open_load, open_steal, wrk_path, wrk_ticks, wrk_load, wrk_steal, hz, users, seconds, one_core, one_core_ticks = sys.argv[1:]
hz = int(hz)
result = json.load(open(open_loop))
print("| load | turns/s | p50 | p99 | p99 of the first → last second | server CPU per turn | turns | errors | load average before → after | CPU stolen |")
print("|---|---|---|---|---|---|---|---|---|---|")
def open_loop_row(label, result, ticks, load, steal):
    sent = int(result["sent"])
    by_second = result.get("p99_by_second_ms") or [0]
    print(f"| {label} {result['rate']:,.0f}/s | {result['achieved']:,.0f} | {result['p50_ms']:.2f} ms | {result['p99_ms']:.2f} ms "
          f"| {by_second[0]:.1f} → {by_second[-1]:.1f} ms "
          f"| {int(ticks) / hz * 1e6 / sent:.0f} µs | {sent:,} | {int(result['errors'])} | {load} | {steal} |")
open_loop_row("open loop at", result, open_ticks, open_load, open_steal)
open_loop_row("server on one core (taskset), open loop at", json.load(open(one_core)), one_core_ticks, "—", "—")
text = open(wrk_path).read()
rate = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
requests = int(re.search(r"(\d+) requests in", text).group(1))
def latency(p):
    m = re.search(rf"\s{p}%\s+([\d.]+)(us|ms|s)", text)
    value, unit = float(m.group(1)), m.group(2)
    return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value
non200 = re.search(r"non-200: (\d+)", text)
print(f"| wrk -t2 -c32 (closed loop) | {rate:,.0f} | {latency(50):.2f} ms | {latency(99):.2f} ms | — | {int(wrk_ticks) / hz * 1e6 / requests:.0f} µs "
      f"| {requests:,} | {non200.group(1) if non200 else '?'} | {wrk_load} | {wrk_steal} |")
print(f"\n{users} users, {seconds} s per phase, nproc={os.cpu_count()}")
PY
