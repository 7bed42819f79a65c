#!/usr/bin/env bash
# Login flood (issue 11 §4.1): API creates (wrk, 2 threads, 32 connections, release build,
# SQLite) alone, then while bench/login-flood/flood.py sends 200 wrong-password logins/s
# (open loop) from another client: once with the default sign-in limits (the flood comes from
# one address, so nearly all of it is a 429), once with the limits lifted (as from many
# addresses: every attempt reaches the password-hashing pool). Target: creates keep ≥ 50% of
# their rate alone with p99 ≤ 50 ms. Prints a markdown table for docs/benchmarks.md.
#   bench/login-flood.sh [SECONDS] [LOGINS_PER_SECOND]
# SCENARIOS="alone flood-unlimited" runs only those.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
seconds="${1:-10}"
rate="${2:-200}"

bench_prepare
bench_workdir login-flood

cpu_seconds() { # pid: user + system CPU time of the process so far
    awk -v hz="$(getconf CLK_TCK)" '{ print ($14 + $15) / hz }' "/proc/$1/stat"
}

scenario() { # name flood(yes|no) [environment…]
    local name="$1" flood="$2"
    shift 2
    env "$@" "$bin/todo" serve --db "sqlite:$work/$name.db" --port 18081 >"$work/$name.out" 2>"$work/$name.log" &
    server_pid=$!
    for _ in $(seq 100); do curl -sf http://127.0.0.1:18081/healthz >/dev/null && break; sleep 0.05; done
    # bench/http/create.lua sends as the users of the USERS file ("USER_ID<TAB>TOKEN" lines).
    local token
    token="$(curl -sf -X POST http://127.0.0.1:18081/api/v1/auth/register -H 'Content-Type: application/json' \
        -d '{"email":"bench@example.com","password":"benchmark password"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')"
    printf 'bench\t%s\n' "$token" >"$work/$name.users"
    export USERS="$work/$name.users"
    local flood_pid=""
    if [[ "$flood" == yes ]]; then
        python3 bench/login-flood/flood.py 18081 "$rate" "$((seconds + 1))" "$work/$name.flood.json" &
        flood_pid=$!
        sleep 0.5
    fi
    local before after
    before="$(cpu_seconds "$server_pid")"
    wrk -t2 -c32 -d"${seconds}s" --latency -s bench/http/create.lua http://127.0.0.1:18081/api/v1/tasks >"$work/$name.txt"
    after="$(cpu_seconds "$server_pid")"
    echo "$before $after $seconds" >"$work/$name.cpu"
    [[ -n "$flood_pid" ]] && wait "$flood_pid"
    grep -E "Requests/sec|99%" "$work/$name.txt" | tr -s ' ' | sed "s/^/  $name: /" >&2
    kill "$server_pid"; wait "$server_pid" 2>/dev/null || true
    server_pid=""
}

scenarios=" ${SCENARIOS:-alone flood-limited flood-unlimited alone-again} "
[[ "$scenarios" == *" alone "* ]] && scenario alone no
[[ "$scenarios" == *" flood-limited "* ]] && scenario flood-limited yes
[[ "$scenarios" == *" flood-unlimited "* ]] && scenario flood-unlimited yes TODO_SIGNIN_LIMIT_ADDRESS=1000000/1s TODO_SIGNIN_LIMIT_EMAIL=1000000/1s
[[ "$scenarios" == *" alone-again "* ]] && scenario alone-again no

echo
python3 bench/login-flood/report.py "$work" "$rate"
