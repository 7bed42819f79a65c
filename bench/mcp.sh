#!/usr/bin/env bash
# MCP benchmark (issue 14): tools/call of add_task over Streamable HTTP (POST /mcp), release
# build, SQLite, on loopback. USERS users each initialize a session; then wrk (2 threads, 32
# connections, closed loop) sends tools/call add_task round-robin across them for SECONDS.
# Prints calls/s, p50/p99, the server's CPU time per call and the machine's load (other work on
# the machine included), and checks that every call made exactly one task.
#   bench/mcp.sh [SECONDS] [USERS]      defaults: 10, 50
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
seconds="${1:-10}"
users="${2:-50}"

bench_prepare
bench_workdir mcp
start_server "sqlite:$work/todo.db"

# Users, their tokens and an MCP session each (initialize answers with the Mcp-Session-Id).
initialize='{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"bench","version":"1"}}}'
for n in $(seq 1 "$users"); do
    token=$(curl -s -X POST "http://127.0.0.1:$port/api/v1/auth/register" -H 'Content-Type: application/json' \
        -d "{\"email\": \"mcp$n@example.com\", \"password\": \"a long passphrase\"}" |
        python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
    session=$(curl -s -D - -o /dev/null -X POST "http://127.0.0.1:$port/mcp" -H "Authorization: Bearer $token" \
        -H 'Content-Type: application/json' -H 'Accept: application/json, text/event-stream' -d "$initialize" |
        tr -d '\r' | awk -F': ' 'tolower($1) == "mcp-session-id" {print $2}')
    [[ -n "$session" ]] || { echo "initialize gave no Mcp-Session-Id" >&2; exit 1; }
    echo "$token $session" >>"$work/sessions"
done

load_before=$(load_average)
before=$(cpu_ticks)
SESSIONS="$work/sessions" wrk -t2 -c32 -d"${seconds}s" --latency -s bench/mcp/add-task.lua "http://127.0.0.1:$port/" >"$work/wrk.txt"
ticks=$(( $(cpu_ticks) - before ))
load="$load_before → $(load_average)"
cat "$work/wrk.txt" >&2

python3 - "$work/wrk.txt" "$ticks" "$load" "$(getconf CLK_TCK)" "$users" "$seconds" "$work/todo.db" <<'PY'
import os, re, sqlite3, sys
wrk_path, ticks, load, hz, users, seconds, database = sys.argv[1:]
text = open(wrk_path).read()
rate = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
requests = int(re.search(r"(\d+) requests in", text).group(1))
def latency(p):
    m = re.search(rf"\s{p}%\s+([\d.]+)(us|ms|s)", text)
    value, unit = float(m.group(1)), m.group(2)
    return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value
non200 = re.search(r"non-200: (\d+)", text)
tasks = sqlite3.connect(database).execute("SELECT count(*) FROM tasks").fetchone()[0]
print("| load | calls/s | p50 | p99 | server CPU per call | calls | non-200 | tasks made | load average before → after |")
print("|---|---|---|---|---|---|---|---|---|")
print(f"| wrk -t2 -c32 (closed loop) | {rate:,.0f} | {latency(50):.2f} ms | {latency(99):.2f} ms | {int(ticks) / int(hz) * 1e6 / requests:.0f} µs "
      f"| {requests:,} | {non200.group(1) if non200 else '?'} | {tasks:,} | {load} |")
print(f"\n{users} users, {seconds} s, nproc={os.cpu_count()}")
if tasks < requests:
    sys.exit(f"only {tasks} tasks for {requests} answered calls: some calls failed")
PY
