#!/usr/bin/env bash
# Audit-log service benchmark: a backlog of task events consumed by the service (events/s) and
# a long chain verified (seconds), with CPU time per operation.
#   bench/audit.sh [EVENTS] [CHAIN] [POSTGRES_URL]     defaults: 200000 1000000 (SQLite only)
# Prints Markdown table rows (paste into docs/benchmarks.md), the load average on stderr. Release build, a new SQLite
# database in /tmp; with a PostgreSQL URL (an empty database), that one too.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup
swift build -c release --product todo-bench-audit >&2
work=$(mktemp -d /tmp/todo-bench-audit.XXXXXX)
trap 'rm -rf "$work"' EXIT
bin="$(swift build -c release --show-bin-path)/todo-bench-audit"
echo "| database | run | rate | wall time | CPU |"
echo "|---|---|---|---|---|"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
"$bin" --db "sqlite:$work/audit.db" --events "${1:-200000}" --chain "${2:-1000000}"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
if [[ -n "${3:-}" ]]; then
    "$bin" --db "$3" --events "${1:-200000}" --chain "${2:-1000000}"
    echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
fi
