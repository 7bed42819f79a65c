#!/usr/bin/env bash
# PostgreSQL single creates (one task per transaction, with its outbox event), taken in rounds
# that alternate between builds of todo-bench-store, so that other load on the machine falls on
# each build alike.
#   bench/create-postgres.sh [ROUNDS]                   this checkout's build, 5 rounds by default
#   BENCH_BINARIES="a b" bench/create-postgres.sh 7     prebuilt todo-bench-store binaries compared
#   BENCH_PG_OPTIONS=-csynchronous_commit%3Doff ...     without waiting for the WAL flush: what is
#                                                       left is statements and round trips
# Each round gives every binary a new schema filled with 1 000 tasks (batches), then 3 000 single
# creates (the rate reported) and 1 600 by 8 concurrent writers. Prints each round and, per
# binary, the medians of the single-create rate, the client's CPU per single create and the
# server's CPU per create of the run (every process of the cluster, over all 5 600 creates), and
# the best rate (the round least disturbed by other work on a shared machine). A throwaway
# PostgreSQL cluster is started on a free loopback port and removed afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-5}"
scripts/setup --test
if [[ -z "${BENCH_BINARIES:-}" ]]; then
    swift build -c release --static-swift-stdlib --product todo-bench-store >&2
    BENCH_BINARIES=.build/release/todo-bench-store
fi
read -r -a binaries <<<"$BENCH_BINARIES"
work=$(mktemp -d /tmp/todo-bench.XXXXXX)
chmod 755 "$work" # the PostgreSQL server runs as the postgres user
cluster="$work/pg"
trap 'scripts/postgres-test-cluster stop "$cluster" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
pg_url=$(scripts/postgres-test-cluster start "$cluster")
creates=5600

# CPU seconds × 100 of the cluster: the postmaster, its live children, and its exited children
# (the benchmark's backends, reaped by the postmaster).
server_ticks() {
    local postmaster total=0 pid
    postmaster=$(head -1 "$cluster/data/postmaster.pid")
    read -r -a stat < <(sed 's/.*) //' "/proc/$postmaster/stat")
    total=$((stat[11] + stat[12] + stat[13] + stat[14]))
    for pid in $(cat "/proc/$postmaster/task/"*/children 2>/dev/null); do
        read -r -a stat < <(sed 's/.*) //' "/proc/$pid/stat" 2>/dev/null) || continue
        total=$((total + stat[11] + stat[12]))
    done
    echo "$total"
}

for round in $(seq "$rounds"); do
    for index in "${!binaries[@]}"; do
        schema="round_${round}_$index"
        /usr/lib/postgresql/15/bin/psql -q "$pg_url" -c "CREATE SCHEMA $schema"
        before=$(server_ticks)
        line=$("${binaries[$index]}" --db "$pg_url?options=-csearch_path%3D$schema${BENCH_PG_OPTIONS:+%20$BENCH_PG_OPTIONS}" --tasks 1000 --single 3000 --queries 1 \
            --label "$index" | grep '| create (1 per transaction')
        sleep 0.2 # the backends' exit, reaped by the postmaster
        server=$(( ($(server_ticks) - before) * 10000 / creates ))
        # "| 0 | 1000 | create (…) | 2298 /s, 45 µs CPU per create |" → "2298 45"
        read -r rate cpu < <(sed -E 's/.*\| ([0-9]+) \/s, ([0-9]+) µs CPU.*/\1 \2/' <<<"$line")
        echo "round $round, ${binaries[$index]}: $rate creates/s, $cpu µs client CPU per create, $server µs server CPU per create"
        echo "$rate $cpu $server" >>"$work/results-$index"
    done
done
echo
echo "| build | single creates, median of $rounds rounds | best round | client CPU per single create | server CPU per create |"
echo "|---|---|---|---|---|"
for index in "${!binaries[@]}"; do
    rate=$(cut -d' ' -f1 "$work/results-$index" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
    cpu=$(cut -d' ' -f2 "$work/results-$index" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
    server=$(cut -d' ' -f3 "$work/results-$index" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
    best=$(cut -d' ' -f1 "$work/results-$index" | sort -n | tail -1)
    echo "| ${binaries[$index]} | $rate /s | $best /s | $cpu µs | $server µs |"
done
