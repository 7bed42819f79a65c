#!/usr/bin/env bash
# One user's full-text search alone and among many users with the same tasks (issue 11 §4.6).
#   bench/search-users.sh [USERS] [PG_USERS]    default: 1000 users on SQLite, 100 on PostgreSQL
# Each user has 1 000 tasks. Prints Markdown tables (paste into docs/benchmarks.md). Release
# build; a throwaway PostgreSQL cluster is started on a free loopback port and removed afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
users=${1:-1000}
pg_users=${2:-100}
scripts/setup --test
swift build -c release --static-swift-stdlib --product todo-bench-store >&2
bench=.build/release/todo-bench-store
work=$(mktemp -d /tmp/todo-bench.XXXXXX)
chmod 755 "$work" # the PostgreSQL server runs as the postgres user
cluster="$work/pg"
trap 'scripts/postgres-test-cluster stop "$cluster" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

"$bench" --db "sqlite:$work/search-crowd.db" --alone-db "sqlite:$work/search-alone.db" --tasks 1000 --users "$users" \
    --queries 2000 --label SQLite
echo
if [ "$pg_users" -gt 0 ]; then
    pg_url=$(scripts/postgres-test-cluster start "$cluster")
    for schema in search_crowd search_alone; do /usr/lib/postgresql/15/bin/psql -q "$pg_url" -c "CREATE SCHEMA $schema"; done
    "$bench" --db "$pg_url?options=-csearch_path%3Dsearch_crowd" --alone-db "$pg_url?options=-csearch_path%3Dsearch_alone" \
        --tasks 1000 --users "$pg_users" --queries 500 --label PostgreSQL
    echo
fi
