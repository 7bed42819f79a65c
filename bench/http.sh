#!/usr/bin/env bash
# HTTP benchmark of `todo serve` (issue 4): wrk on loopback, 2 threads, 32 connections, 10 s
# per scenario, release build, SQLite; with the ceiling of a bare libmicrohttpd responder
# measured in the same run, on as many threads as `todo serve` (one per core). Requests come
# from 50 users, each with its own session token. Then each API scenario again at a fixed rate,
# 50% and 80% of wrk's, by an open-loop client (latency from the scheduled send, so queueing
# shows). Prints markdown tables for docs/benchmarks.md.
#   bench/http.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
seconds="${1:-10}"

scripts/setup
command -v wrk >/dev/null || { sudo=""; [[ $(id -u) -ne 0 ]] && sudo=sudo; $sudo apt-get install -y -qq wrk >/dev/null; }

swift build -c release --static-swift-stdlib --product todo >/dev/null
swift build -c release --product mhd-ceiling >/dev/null
swift build -c release --product todo-bench-open-loop >/dev/null
bin="$(swift build -c release --show-bin-path)"

work="$(mktemp -d)"
server_pid=""
cleanup() {
    [[ -n "$server_pid" ]] && kill "$server_pid" 2>/dev/null || true
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

# The server's CPU time over a run (bench/lib.sh's cpu_ticks) divided by its requests gives CPU
# microseconds per request, which moves less between machines than req/s.
run_wrk() { # name url [lua]
    local name="$1" url="$2" script="${3:-}" before machine_before
    machine_before=$(machine_ticks)
    before=$(cpu_ticks)
    wrk -t2 -c32 -d"${seconds}s" --latency ${script:+-s "bench/http/$script"} "$url" >"$work/$name.txt"
    echo "$(( $(cpu_ticks) - before )) $(getconf CLK_TCK)" >"$work/$name.cpu"
    steal_percent "$machine_before" "$(machine_ticks)" >"$work/$name.steal"
    grep -E "Requests/sec|99%" "$work/$name.txt" | tr -s ' ' | sed "s/^/  $name: /" >&2
}

# The server's threads, the same for the ceiling and `todo serve`.
threads="$(nproc)"
users=50
echo "  server threads: $threads; users: $users" >&2

# The ceiling.
"$bin/mhd-ceiling" 18090 "$threads" >/dev/null &
server_pid=$!
sleep 0.3
run_wrk ceiling http://127.0.0.1:18090/
kill "$server_pid"; wait "$server_pid" 2>/dev/null || true

# Requests at a fixed rate, a fraction of what wrk measured for the scenario.
run_open_loop() { # scenario percent
    local name="$1" percent="$2" before max rate
    max=$(awk '/Requests\/sec/ {print $2}' "$work/$name.txt")
    rate=$(python3 -c "print(round($max * $percent / 100))")
    python3 bench/http/workload.py open-loop "$name" "$USERS" "$work/todo.db" "$work/$name.requests"
    before=$(cpu_ticks)
    "$bin/todo-bench-open-loop" --port 18080 --rate "$rate" --seconds "$seconds" --connections 32 \
        --requests "$work/$name.requests" >"$work/$name-open-$percent.json"
    echo "$(( $(cpu_ticks) - before )) $(getconf CLK_TCK)" >"$work/$name-open-$percent.cpu"
    echo "  $name at $percent% ($rate/s): $(cat "$work/$name-open-$percent.json")" >&2
}

# todo serve, access log on (buffered, to a file); sign-ins not limited, to register the users.
TODO_SIGNIN_LIMIT_ADDRESS=1000/1s "$bin/todo" serve --db "sqlite:$work/todo.db" --port 18080 --threads "$threads" \
    >"$work/serve.out" 2>"$work/serve.log" &
server_pid=$!
for _ in $(seq 100); do curl -sf http://127.0.0.1:18080/healthz >/dev/null && break; sleep 0.05; done
export USERS="$work/users"
python3 bench/http/workload.py users 18080 "$users" "$USERS"

run_wrk health http://127.0.0.1:18080/healthz
run_wrk create http://127.0.0.1:18080/ create.lua
export IDS="$work/ids"
python3 bench/http/workload.py ids "$USERS" "$work/todo.db" "$IDS"
run_wrk get http://127.0.0.1:18080/ get.lua
run_wrk list http://127.0.0.1:18080/ list.lua
# Reads first, so the creates at a fixed rate change nothing the reads measured above saw.
for scenario in get list create; do
    for percent in 50 80; do run_open_loop "$scenario" "$percent"; done
done
echo "  log lines written: $(wc -l <"$work/serve.log")" >&2
kill "$server_pid"; wait "$server_pid" 2>/dev/null || true
server_pid=""

echo
python3 bench/http/report.py "$work"
echo
python3 bench/http/startup.py "$bin/todo" "$work" 11
