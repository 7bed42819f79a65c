#!/usr/bin/env bash
# Storage benchmark on SQLite and PostgreSQL, with the ceilings measured in the same run.
#   bench/store.sh [SIZES...]     default sizes: 10000 1000000
#   BENCH_STORES=sqlite bench/store.sh 1000000    one store only (sqlite or postgres; default both)
# Each database is filled to the size first; every measurement, creates included, is taken at it.
# Prints Markdown tables (paste into docs/benchmarks.md). Release build; a throwaway
# PostgreSQL cluster is started on a free loopback port and removed afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("${@:-10000 1000000}")
stores="${BENCH_STORES:-sqlite postgres}"
read -r -a sizes <<<"${sizes[*]}"
scripts/setup --test
swift build -c release --static-swift-stdlib --product todo-bench-store >&2
bench=.build/release/todo-bench-store
work=$(mktemp -d /tmp/todo-bench.XXXXXX)
chmod 755 "$work" # the PostgreSQL server runs as the postgres user
cluster="$work/pg"
trap 'scripts/postgres-test-cluster stop "$cluster" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
pg_url=$(scripts/postgres-test-cluster start "$cluster")

echo "## Ceilings (same machine, same run)"
echo
python3 - "$work/ceiling.db" <<'PY'
import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.executescript("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT);")
n = 20000
t = time.perf_counter()
for i in range(n):
    c.execute("BEGIN IMMEDIATE"); c.execute("INSERT INTO t(v) VALUES (?)", ("x" * 400,)); c.execute("COMMIT")
print(f"- SQLite, one-row transactions into a one-table database (Python sqlite3, same file system): {n / (time.perf_counter() - t):.0f} /s")
# A create changes ~11 B-tree pages; the same count of pages per transaction, with no other work:
# a table and 10 indexes, half of them on increasing keys, half on random ones.
import random
c.executescript("CREATE TABLE w(id INTEGER PRIMARY KEY, v TEXT" + "".join(f", c{i} INTEGER" for i in range(10)) + ");"
                + "".join(f"CREATE INDEX w{i} ON w(c{i});" for i in range(10)))
insert = "INSERT INTO w VALUES (NULL, ?" + ", ?" * 10 + ")"
t = time.perf_counter()
for i in range(n):
    c.execute("BEGIN IMMEDIATE"); c.execute(insert, ["x" * 400] + [i if k % 2 else random.randrange(1 << 30) for k in range(10)]); c.execute("COMMIT")
print(f"- SQLite, one-row transactions into a table with 10 indexes (11 B-trees, as a create changes): {n / (time.perf_counter() - t):.0f} /s")
PY
/usr/lib/postgresql/15/bin/psql -q "$pg_url" -c "CREATE TABLE ceiling (id BIGSERIAL PRIMARY KEY, v TEXT)"
echo "INSERT INTO ceiling (v) VALUES (repeat('x', 400));" >"$work/insert.sql"
tps=$(/usr/lib/postgresql/15/bin/pgbench -n -c 1 -T 10 -f "$work/insert.sql" "$pg_url" 2>/dev/null | awk '/^tps/ {print int($3)}')
echo "- PostgreSQL, one-row INSERT transactions, 1 client (pgbench, 10 s): $tps /s"
echo

for size in "${sizes[@]}"; do
    echo "## $size tasks"
    echo
    single=$((size < 20000 ? size : 20000))
    if [[ " $stores " == *" sqlite "* ]]; then
        "$bench" --db "sqlite:$work/bench-$size.db" --tasks "$size" --single "$single" --label SQLite
        echo
    fi
    if [[ " $stores " == *" postgres "* ]]; then
        schema="bench_$size"
        /usr/lib/postgresql/15/bin/psql -q "$pg_url" -c "CREATE SCHEMA $schema"
        pg_single=$((size < 5000 ? size : 5000))
        "$bench" --db "$pg_url?options=-csearch_path%3D$schema" --tasks "$size" --single "$pg_single" --label PostgreSQL
        echo
    fi
done
