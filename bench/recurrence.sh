#!/usr/bin/env bash
# Recurrence engine benchmark (issue 5): occurrences generated per second on one core, as
# wall-clock times and as instants in Europe/Berlin (best of 5). Prints a markdown table.
#   bench/recurrence.sh
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup
swift build -c release --product todo-bench-recurrence >/dev/null
"$(swift build -c release --show-bin-path)/todo-bench-recurrence"
