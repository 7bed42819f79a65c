"""The users and requests of bench/http.sh.

  workload.py users PORT COUNT OUT          registers COUNT users on todo serve at 127.0.0.1:PORT;
                                            writes one "USER_ID<TAB>TOKEN" line per user
  workload.py ids USERS DATABASE OUT        for get.lua: "TOKEN<TAB>TASK_ID" lines, up to 400 random
                                            tasks of each user (from the SQLite DATABASE)
  workload.py open-loop SCENARIO USERS DATABASE OUT
                                            for todo-bench-open-loop: "USER<TAB>METHOD<TAB>PATH<TAB>TOKEN[<TAB>BODY]"
                                            lines for SCENARIO (create, get or list), each user's own tasks
"""
import http.client
import json
import random
import sqlite3
import sys

LIST_PATH = "/api/v1/tasks?status=pending&sort=due&limit=50"
PRIORITIES = ["none", "low", "medium", "high"]


def create_body(counter):
    """The body create.lua sends: a typical task (title, description, priority, 2 tags, due date, zone)."""
    return json.dumps({
        "title": f"Benchmark task {counter}", "description": "created by the benchmark",
        "priority": PRIORITIES[counter % 4], "tags": ["bench", f"t{counter % 8}"],
        "due_at": f"2026-12-{1 + counter % 28:02d}T09:00:00Z", "timezone": "Europe/Berlin"}, separators=(",", ":"))


def register(port, count, out):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    with open(out, "w") as lines:
        for index in range(count):
            body = json.dumps({"email": f"bench-{index}@example.com", "password": "benchmark password"})
            connection.request("POST", "/api/v1/auth/register", body, {"Content-Type": "application/json"})
            response = connection.getresponse()
            answer = json.loads(response.read())
            if response.status not in (200, 201):
                sys.exit(f"workload.py: registering user {index}: {response.status} {answer}")
            lines.write(f"{answer['user']['id']}\t{answer['token']}\n")


def read_users(path):
    return [line.rstrip("\n").split("\t") for line in open(path) if line.strip()]


def tasks_by_user(database, users, per_user=400):
    rows = sqlite3.connect(database).execute("SELECT user_id, id FROM tasks ORDER BY random()").fetchall()
    ids = {user_id: [] for user_id, _ in users}
    for user_id, task_id in rows:
        if user_id in ids and len(ids[user_id]) < per_user:
            ids[user_id].append(task_id)
    return ids


def write_ids(users_path, database, out):
    users = read_users(users_path)
    ids = tasks_by_user(database, users)
    lines = [f"{token}\t{task_id}\n" for user_id, token in users for task_id in ids[user_id]]
    if not lines:
        sys.exit("workload.py: no tasks in the database")
    random.shuffle(lines)
    open(out, "w").write("".join(lines))
    print(f"  tasks of {len(users)} users: {sqlite3.connect(database).execute('SELECT count(*) FROM tasks').fetchone()[0]}"
          f" (get picks among {len(lines)})", file=sys.stderr)


def write_open_loop(scenario, users_path, database, out):
    users = read_users(users_path)
    with open(out, "w") as lines:
        if scenario == "get":
            ids = tasks_by_user(database, users, per_user=200)
            for index, (user_id, token) in enumerate(users):
                for task_id in ids[user_id]:
                    lines.write(f"{index}\tGET\t/api/v1/tasks/{task_id}\t{token}\n")
        elif scenario == "list":
            for index, (_, token) in enumerate(users):
                lines.write(f"{index}\tGET\t{LIST_PATH}\t{token}\n")
        elif scenario == "create":
            for index, (_, token) in enumerate(users):
                for counter in range(100):
                    lines.write(f"{index}\tPOST\t/api/v1/tasks\t{token}\t{create_body(index * 100 + counter)}\n")
        else:
            sys.exit(f"workload.py: unknown scenario {scenario}")


if __name__ == "__main__":
    command, arguments = sys.argv[1], sys.argv[2:]
    if command == "users":
        register(int(arguments[0]), int(arguments[1]), arguments[2])
    elif command == "ids":
        write_ids(*arguments)
    elif command == "open-loop":
        write_open_loop(*arguments)
    else:
        sys.exit(__doc__)
