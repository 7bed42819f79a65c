#!/usr/bin/env bash
# HTTP benchmark of `todo serve` (issue 4): wrk on loopback, 2 threads, 32 connections, 10 s
# per scenario, release build, SQLite; with the ceiling of a bare libmicrohttpd responder
# measured in the same run. Prints a markdown table for docs/benchmarks.md.
#   bench/http.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-10}"

scripts/setup
command -v wrk >/dev/null || { sudo=""; [[ $(id -u) -ne 0 ]] && sudo=sudo; $sudo apt-get install -y -qq wrk >/dev/null; }

swift build -c release --static-swift-stdlib --product todo >/dev/null
swift build -c release --product mhd-ceiling >/dev/null
bin="$(swift build -c release --show-bin-path)"

work="$(mktemp -d)"
server_pid=""
cleanup() {
    [[ -n "$server_pid" ]] && kill "$server_pid" 2>/dev/null || true
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

# CPU time (user + system, in clock ticks) the server has used so far: divided by the requests
# of a run it gives CPU microseconds per request, which moves less between machines than req/s.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$server_pid/stat"; }

run_wrk() { # name url [lua]
    local name="$1" url="$2" script="${3:-}" before
    before=$(cpu_ticks)
    wrk -t2 -c32 -d"${seconds}s" --latency ${script:+-s "bench/http/$script"} "$url" >"$work/$name.txt"
    echo "$(( $(cpu_ticks) - before )) $(getconf CLK_TCK)" >"$work/$name.cpu"
    grep -E "Requests/sec|99%" "$work/$name.txt" | tr -s ' ' | sed "s/^/  $name: /" >&2
}

# The ceiling.
"$bin/mhd-ceiling" 18090 2 >/dev/null &
server_pid=$!
sleep 0.3
run_wrk ceiling http://127.0.0.1:18090/
kill "$server_pid"; wait "$server_pid" 2>/dev/null || true

# todo serve, access log on (buffered, to a file).
"$bin/todo" serve --db "sqlite:$work/todo.db" --port 18080 >"$work/serve.out" 2>"$work/serve.log" &
server_pid=$!
for _ in $(seq 100); do curl -sf http://127.0.0.1:18080/healthz >/dev/null && break; sleep 0.05; done
export TOKEN
TOKEN="$(curl -sf -X POST http://127.0.0.1:18080/api/v1/auth/register -H 'Content-Type: application/json' \
    -d '{"email":"bench@example.com","password":"benchmark password"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')"

run_wrk health http://127.0.0.1:18080/healthz
run_wrk create http://127.0.0.1:18080/api/v1/tasks create.lua
python3 -c "
import sqlite3, sys
rows = sqlite3.connect('$work/todo.db').execute('SELECT id FROM tasks ORDER BY random() LIMIT 20000').fetchall()
open('$work/ids', 'w').write(''.join(r[0] + '\n' for r in rows))
print(f'  tasks in the database: {sqlite3.connect(\"$work/todo.db\").execute(\"SELECT count(*) FROM tasks\").fetchone()[0]}', file=sys.stderr)
"
export IDS="$work/ids"
run_wrk get http://127.0.0.1:18080/ get.lua
run_wrk list http://127.0.0.1:18080/ list.lua
echo "  log lines written: $(wc -l <"$work/serve.log")" >&2
kill "$server_pid"; wait "$server_pid" 2>/dev/null || true
server_pid=""

echo
python3 bench/http/report.py "$work"
echo
python3 bench/http/startup.py "$bin/todo" "$work" 11
