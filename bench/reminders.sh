#!/usr/bin/env bash
# Reminder firing on the embedded default (SQLite, one `todo serve`): COUNT reminders due within
# WINDOW seconds, each on its own task; reports lateness (fired_at − due instant) p50/p99/max,
# how many fired (exactly once?) and the server's CPU time per reminder over the window
# (scheduler, relay, delivery consumer: everything the process did).
#   bench/reminders.sh [COUNT] [WINDOW]     defaults: 10000 60
# Prints a Markdown table row (paste into docs/benchmarks.md). Release build, a new database in /tmp.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup
swift build -c release --product todo >&2
bin="$(swift build -c release --show-bin-path)/todo"
work=$(mktemp -d /tmp/todo-bench-reminders.XXXXXX)
"$bin" serve --db "sqlite:$work/todo.db" --port 0 --quiet >"$work/out" 2>"$work/err" &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -rf "$work"' EXIT
python3 - "$work" "$server" "${1:-10000}" "${2:-60}" <<'PYTHON'
import datetime, http.client, json, os, re, sqlite3, sys, time

work, pid, count, window = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
for _ in range(300):
    match = re.search(r"listening on http://127\.0\.0\.1:(\d+)", open(f"{work}/out").read())
    if match: break
    time.sleep(0.05)
else:
    sys.exit("todo serve did not start: " + open(f"{work}/err").read())
connection = http.client.HTTPConnection("127.0.0.1", int(match.group(1)), timeout=30)

def call(method, path, body, token=None):
    headers = {"Content-Type": "application/json"}
    if token: headers["Authorization"] = "Bearer " + token
    connection.request(method, path, json.dumps(body), headers)
    response = connection.getresponse()
    data = response.read()
    if response.status >= 300: sys.exit(f"{method} {path}: {response.status} {data[:300]}")
    return json.loads(data)

def stamp(seconds):
    return datetime.datetime.fromtimestamp(seconds, datetime.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")

def cpu_seconds():
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

token = call("POST", "/api/v1/auth/register", {"email": "bench@example.com", "password": "correct horse battery"})["token"]
# Every task is created before the first reminder is due (at 500 creates/s at least).
first = time.time() + max(10.0, count / 500)
for i in range(count):
    due = first + window * i / count
    call("POST", "/api/v1/tasks", {"title": f"reminder {i}", "due_at": stamp(due + 3600), "reminders": [{"at": stamp(due)}]}, token)
created_by = time.time()
if created_by > first: sys.exit(f"creating {count} tasks took too long ({created_by - first:.1f} s past the first reminder)")
time.sleep(max(0, first - time.time() - 0.5))
cpu_before, load_before = cpu_seconds(), os.getloadavg()[0]
database = sqlite3.connect(f"{work}/todo.db", timeout=30)
deadline = first + window + 30
while time.time() < deadline:
    fired = database.execute("SELECT count(*) FROM notifications").fetchone()[0]
    if fired >= count: break
    time.sleep(0.2)
time.sleep(2)  # anything fired twice would show now
cpu = cpu_seconds() - cpu_before
late = sorted(row[0] for row in database.execute("SELECT fired_at - due_at FROM notifications"))
distinct = database.execute("SELECT count(*) FROM (SELECT DISTINCT task_id, due_at FROM notifications)").fetchone()[0]
firings = database.execute("SELECT count(*) FROM reminder_firings").fetchone()[0]
events = database.execute("SELECT count(*) FROM event_log WHERE topic = 'reminders'").fetchone()[0]
pct = lambda p: late[min(len(late) - 1, int(p * len(late)))] if late else float("nan")
print("| reminders | window | fired (distinct / firings / due events) | lateness p50 | p99 | max | late > 1 s | server CPU per reminder | load |")
print("|---|---|---|---|---|---|---|---|---|")
print(f"| {count} | {window:.0f} s | {len(late)} ({distinct} / {firings} / {events}) | {pct(0.5)} ms | {pct(0.99)} ms | {late[-1] if late else 'nan'} ms "
      f"| {sum(1 for value in late if value > 1000)} | {cpu / max(1, len(late)) * 1e6:.0f} µs | {load_before:.2f} |")
PYTHON
