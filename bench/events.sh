#!/usr/bin/env bash
# Event backbone benchmark on the embedded bus (SQLite): relay drain rate and create → handler latency.
#   bench/events.sh [BACKLOG] [RATE] [SECONDS]     defaults: 50000 1000 5
# Prints a Markdown table (paste into docs/benchmarks.md). Release build, a new database in /tmp.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup
swift build -c release --product todo-bench-events >&2
work=$(mktemp -d /tmp/todo-bench-events.XXXXXX)
trap 'rm -rf "$work"' EXIT
"$(swift build -c release --show-bin-path)/todo-bench-events" --db "sqlite:$work/events.db" \
    --backlog "${1:-50000}" --rate "${2:-1000}" --seconds "${3:-5}"
