#!/usr/bin/env bash
# Time and language benchmarks (issues 5 and 11): quick-add sentences parsed and recurrence
# occurrences generated per second on one core; occurrences
# wall-clock times and as instants in Europe/Berlin (best of 5). Prints a markdown table.
#   bench/time.sh              everything
#   bench/time.sh quick-add    quick-add alone (add a round count, e.g. 1000, for callgrind)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup
swift build -c release --product todo-bench-time >/dev/null
"$(swift build -c release --show-bin-path)/todo-bench-time" "$@"
