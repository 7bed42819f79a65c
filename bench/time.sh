#!/usr/bin/env bash
# Time and language benchmarks (issue 5): quick-add sentences parsed and recurrence
# occurrences generated per second on one core; occurrences
# wall-clock times and as instants in Europe/Berlin (best of 5). Prints a markdown table.
#   bench/time.sh
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup
swift build -c release --product todo-bench-time >/dev/null
"$(swift build -c release --show-bin-path)/todo-bench-time"
