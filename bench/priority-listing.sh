#!/usr/bin/env bash
# Listing by priority, before and after ties went by due date (issue 11): the same SQLite
# database with both indexes, pages of 50 through every pending task by keyset cursor, the two
# queries interleaved so that both see the same machine load. Reports CPU and wall time per page.
#   bench/priority-listing.sh [TASKS] [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
tasks=${1:-10000}
rounds=${2:-20}
scripts/setup
swift build -c release --static-swift-stdlib --product todo-bench-store >&2
work=$(mktemp -d /tmp/todo-priority-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
.build/release/todo-bench-store --db "sqlite:$work/todo.db" --tasks "$tasks" --single 0 --queries 1 --local >/dev/null
python3 - "$work/todo.db" "$rounds" <<'PY'
import sqlite3, sys, time
db, rounds = sys.argv[1], int(sys.argv[2])
c = sqlite3.connect(db)
# The index the old sort used (the migration dropped it), so both run on one file.
c.execute("CREATE INDEX IF NOT EXISTS tasks_by_priority ON tasks (user_id, status, priority, number)")
user = c.execute("SELECT user_id FROM tasks LIMIT 1").fetchone()[0]
key = "(t.priority * 562949953421312 + (281474976710656 - t.due_key))"
# Rows as the store reads them (every column), so neither query is served by its index alone.
columns = "t.id, t.title, t.title_key, t.description, t.status, t.tags, t.due_at, t.all_day, t.timezone, t.reminders, t.priority, t.due_key, t.number"
old_first = f"SELECT {columns} FROM tasks t WHERE t.user_id = ? AND t.status = 'pending' ORDER BY t.priority DESC, t.number DESC LIMIT 51"
old_next = (f"SELECT {columns} FROM tasks t WHERE t.user_id = ? AND t.status = 'pending' AND (t.priority, t.number) < (?, ?) "
            "ORDER BY t.priority DESC, t.number DESC LIMIT 51")
new_first = f"SELECT {columns} FROM tasks t WHERE t.user_id = ? AND t.status = 'pending' ORDER BY {key} DESC, t.number ASC LIMIT 51"
new_next = (f"SELECT {columns} FROM tasks t WHERE t.user_id = ? AND t.status = 'pending' AND {key} <= ? AND ({key} < ? OR t.number > ?) "
            f"ORDER BY {key} DESC, t.number ASC LIMIT 51")
def pages(first, following, new):
    rows = c.execute(first, (user,)).fetchall()
    count = 1
    while len(rows) == 51:
        priority, due_key, n = rows[49][-3:]
        if new:
            k = priority * 562949953421312 + (281474976710656 - due_key)
            rows = c.execute(following, (user, k, k, n)).fetchall()
        else:
            rows = c.execute(following, (user, priority, n)).fetchall()
        count += 1
    return count
for name, sql in (("old", old_first), ("new", new_first)):
    plan = " | ".join(r[3] for r in c.execute("EXPLAIN QUERY PLAN " + sql, (user,)))
    print(f"- plan, {name}: {plan}")
totals = {"old": [0.0, 0.0, 0], "new": [0.0, 0.0, 0]}
for _ in range(rounds):
    for name, first, following in (("old", old_first, old_next), ("new", new_first, new_next)):
        cpu, wall = time.process_time(), time.perf_counter()
        n = pages(first, following, name == "new")
        totals[name][0] += time.process_time() - cpu
        totals[name][1] += time.perf_counter() - wall
        totals[name][2] += n
print()
print("| sort | pages of 50 | CPU per page | wall per page | pages/s (wall) |")
print("|---|---|---|---|---|")
for name, label in (("old", "priority, ties by number (before)"), ("new", "priority, then due date, then number (now)")):
    cpu, wall, n = totals[name]
    print(f"| {label} | {n} | {cpu / n * 1e6:.0f} µs | {wall / n * 1e6:.0f} µs | {n / wall:.0f} |")
PY
