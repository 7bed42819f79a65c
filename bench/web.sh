#!/usr/bin/env bash
# The web app (bench/web): what serving its files costs the server, and how it feels in a real
# browser. wrk on the page (200) and on a revalidation of it (304), with the server's CPU time
# per request; then Debian's chromium (Playwright, from the test venv) against a user with TASKS
# tasks: bytes of a first load, cold and warm load until the list is drawn, quick add's preview
# and create (medians of 5). Release build, SQLite, loopback.
#   bench/web.sh [SECONDS] [TASKS]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
seconds="${1:-5}"
tasks="${2:-500}"

bench_prepare
scripts/setup --test >/dev/null
venv="${TODO_TEST_VENV:-$HOME/.cache/todo/test-venv}"
bench_workdir web
start_server "sqlite:$work/todo.db"
echo "  load average before: $(load_average)" >&2

page_etag=$(curl -sfI "http://127.0.0.1:$port/" | awk -F': ' 'tolower($1) == "etag" {print $2}' | tr -d '\r')
scenario() { # file label [header]
    local name="$1" label="$2" header="${3:-}" before requests rate
    before=$(cpu_ticks)
    wrk -t2 -c32 -d"${seconds}s" ${header:+-H "$header"} "http://127.0.0.1:$port/" >"$work/$name.txt"
    requests=$(awk '/requests in/ {print $1}' "$work/$name.txt")
    rate=$(awk '/Requests\/sec/ {print $2}' "$work/$name.txt")
    python3 -c "print(f'| $label | {float($rate):,.0f} | {$(( $(cpu_ticks) - before )) / $(getconf CLK_TCK) / $requests * 1e6:.0f} µs |')"
}
echo "| request | req/s | server CPU / request |"
echo "|---|---|---|"
scenario page "GET / (the page, $(curl -sf "http://127.0.0.1:$port/" | wc -c) bytes)"
scenario revalidated "GET / revalidated (304)" "If-None-Match: $page_etag"

echo
"$venv/bin/python" bench/web/browser.py "$port" "$tasks" 5
