# Shared by the HTTP benchmarks that drive one `todo serve` with wrk (source it from bench/):
#   bench_prepare            scripts/setup, wrk installed, `todo` built (release, static Swift
#                            runtime); sets $bin
#   bench_workdir NAME       a fresh directory in $work, removed at exit with the server
#   start_server DB [ARG…]   `todo serve --db DB --port 0 --quiet ARG…` (on the CPUs of $SERVER_CPUS
#                            when set, by taskset; sign-in limit lifted
#                            for the benchmark's registrations); sets $server_pid and $port
#   cpu_ticks                the server's user + system CPU time so far, in clock ticks
#   load_average             the 1, 5 and 15 minute load averages
#   machine_ticks            the machine's CPU time so far, all cores, in clock ticks: "TOTAL STEAL"
#   steal_percent BEFORE AFTER
#                            of the machine's CPU time between two machine_ticks, the share the
#                            hypervisor gave to other guests (on a shared virtual machine, one
#                            reason latencies move from one run to the next)
# and by the callgrind benchmarks (instructions per request, which the machine's load does not move):
#   callgrind_todo [BINARY]  BINARY, or the release build (built now); sets $todo
#   start_callgrind_server PORT [ARG…]
#                            `$todo serve` under callgrind, one event thread and one worker,
#                            SQLite in $work, ARG… appended; waits for /healthz; sets $server_pid
#   callgrind_dump NAME      dumps the counts since `callgrind_control --zero`; prints the file
#                            (and copies it to $KEEP_DUMPS/callgrind.NAME when KEEP_DUMPS is set)

bench_prepare() {
    scripts/setup
    command -v wrk >/dev/null || { local sudo=""; [[ $(id -u) -ne 0 ]] && sudo=sudo; $sudo apt-get install -y -qq wrk >/dev/null; }
    swift build -c release --static-swift-stdlib --product todo >/dev/null
    bin="$(swift build -c release --show-bin-path)"
}

server_pid=""
bench_cleanup() {
    [[ -n "$server_pid" ]] && kill "$server_pid" 2>/dev/null || true
    wait 2>/dev/null || true
    rm -rf "$work"
}

bench_workdir() {
    work="$(mktemp -d "/tmp/todo-bench-$1.XXXXXX")"
    trap bench_cleanup EXIT
}

start_server() {
    local database="$1"
    shift
    TODO_SIGNIN_LIMIT_ADDRESS=100000/1s ${SERVER_CPUS:+taskset -c "$SERVER_CPUS"} "$bin/todo" serve --db "$database" --port 0 --quiet "$@" >"$work/out" 2>"$work/err" &
    server_pid=$!
    port=""
    for _ in $(seq 1 300); do
        port=$(grep -oE 'listening on http://127\.0\.0\.1:[0-9]+' "$work/out" | grep -oE '[0-9]+$' || true)
        [[ -n "$port" ]] && return 0
        sleep 0.05
    done
    cat "$work/err" >&2
    echo "todo serve did not start" >&2
    exit 1
}

cpu_ticks() { awk '{print $14 + $15}' "/proc/$server_pid/stat"; }

load_average() { cut -d' ' -f1-3 /proc/loadavg; }

# /proc/stat's first line: user nice system idle iowait irq softirq steal (guest time is inside user).
machine_ticks() { awk '/^cpu / { print $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9, $9 }' /proc/stat; }

steal_percent() {
    awk -v before="$1" -v after="$2" 'BEGIN { split(before, b, " "); split(after, a, " ");
        total = a[1] - b[1]; printf "%.1f%%", (total > 0 ? 100 * (a[2] - b[2]) / total : 0) }'
}

callgrind_todo() {
    todo="${1:-}"
    if [[ -z "$todo" ]]; then
        swift build -c release --product todo >/dev/null
        todo="$(swift build -c release --show-bin-path)/todo"
    fi
}

start_callgrind_server() {
    local port="$1"
    shift
    valgrind --tool=callgrind --callgrind-out-file="$work/callgrind.%p" \
        "$todo" serve --db "sqlite:$work/todo.db" --port "$port" --threads 1 --workers 1 "$@" \
        >"$work/serve.out" 2>"$work/serve.log" &
    server_pid=$!
    for _ in $(seq 600); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && return 0; sleep 0.1; done
    cat "$work/serve.log" >&2
    echo "todo serve did not start under callgrind" >&2
    exit 1
}

callgrind_dump() {
    local dump
    callgrind_control --dump="$1" "$server_pid" >/dev/null 2>&1
    dump=$(grep -l "^desc: Trigger: dump $1\$" "$work"/callgrind.* | tail -1)
    if [[ -n "${KEEP_DUMPS:-}" ]]; then cp "$dump" "$KEEP_DUMPS/callgrind.$1"; fi
    echo "$dump"
}
