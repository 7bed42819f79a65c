#!/usr/bin/env bash
# Logging benchmark (issue 12, item 9): access-log-shaped lines per second and CPU time per line
# through one LogWriter into /dev/null, from 1, 2, 4 and 8 threads (best of 5). Prints a
# markdown table for docs/benchmarks.md.
#   bench/log.sh [LINES]           the table
#   bench/log.sh LINES THREADS     one run (for callgrind: valgrind --tool=callgrind …/todo-bench-log 100000 1)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup
swift build -c release --product todo-bench-log >/dev/null
"$(swift build -c release --show-bin-path)/todo-bench-log" "$@"
