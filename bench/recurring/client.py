"""bench/recurring.sh's client: completes recurring tasks through the API and times how long
until each next task (its id derived as the service derives it, a UUID v5) is readable."""
import http.client
import json
import os
import sys
import time
import uuid

# SeriesContinuation.namespace (Sources/TodoCore/Recurrence/SeriesContinuation.swift).
NAMESPACE = uuid.UUID("6b1f2e5a-93c4-4d0e-a157-3b880cd27e49")
port, completions, database, label = int(sys.argv[1]), int(sys.argv[3]), sys.argv[4], sys.argv[5]
server_pids = [int(pid) for pid in sys.argv[2].split(",")]
connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
token = None


def call(method, path, body=None):
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = "Bearer " + token
    connection.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
    response = connection.getresponse()
    data = response.read()
    return response.status, (json.loads(data) if data else None)


def cpu_seconds():
    total = 0
    for pid in server_pids:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def next_id(task):
    series = task["series_id"] or task["id"]
    return str(uuid.uuid5(NAMESPACE, f"{series}/{task['id']}"))


def create_tasks(count):
    due = time.strftime("%Y-%m-%dT09:30:00Z", time.gmtime(time.time() + 2 * 86400))
    tasks = []
    for index in range(count):
        status, task = call("POST", "/api/v1/tasks", {"title": f"Water plant {index}", "due_at": due, "timezone": "UTC",
                                                      "recurrence": "FREQ=DAILY", "tags": ["home"], "priority": "high"})
        assert status == 201, (status, task)
        tasks.append(task)
    return tasks


status, body = call("POST", "/api/v1/auth/register", {"email": f"bench-{uuid.uuid4().hex[:8]}@example.com",
                                                       "password": "a long benchmark passphrase"})
assert status == 201, (status, body)
token = body["token"]

# Phase 1: one completion at a time, the next task polled for at once.
latencies, polls = [], 0
for task in create_tasks(completions):
    status, completed = call("POST", f"/api/v1/tasks/{task['id']}/complete")
    assert status == 200, (status, completed)
    answered = time.perf_counter()
    target = f"/api/v1/tasks/{next_id(completed)}"
    deadline = answered + 10
    while True:
        polls += 1
        status, _ = call("GET", target)
        if status == 200:
            latencies.append(time.perf_counter() - answered)
            break
        assert status == 404 and time.perf_counter() < deadline, f"next task of {task['id']} not readable in 10 s"
        time.sleep(0.0005)  # a poll every half millisecond: the client must not take the servers' CPU
latencies.sort()


def percentile(p):
    return latencies[min(len(latencies) - 1, int(len(latencies) * p))] * 1000


# Phase 2: completions back to back, then every next task awaited.
tasks = create_tasks(completions)
cpu_before, started = cpu_seconds(), time.perf_counter()
completed = []
for task in tasks:
    status, body = call("POST", f"/api/v1/tasks/{task['id']}/complete")
    assert status == 200, (status, body)
    completed.append(body)
waited = 0
for body in completed:
    target = f"/api/v1/tasks/{next_id(body)}"
    deadline = time.perf_counter() + 10
    while call("GET", target)[0] != 200:
        waited += 1
        assert time.perf_counter() < deadline, "next task not readable in 10 s"
        time.sleep(0.001)
elapsed, cpu = time.perf_counter() - started, cpu_seconds() - cpu_before
load = open("/proc/loadavg").read().split()[:3]

kind = "PostgreSQL" if database.startswith("postgres") else "SQLite"
print(f"| {label}, {kind}, {completions} completions | {percentile(0.5):.2f} ms | {percentile(0.99):.2f} ms | {latencies[-1] * 1000:.2f} ms "
      f"| {completions / elapsed:,.0f} /s | {cpu / completions * 1e6:,.0f} µs | {' '.join(load)} |")
print(f"  (phase 1: {polls / completions:.1f} GETs per completion; phase 2: {waited} extra polls; server CPU includes "
      f"phase 2's {completions} completions and {completions + waited} GETs)", file=sys.stderr)
