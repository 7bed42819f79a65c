"""Sends login attempts at a fixed rate (open loop: the schedule does not wait for answers),
over keep-alive connections opened as needed, and counts the answers by status.
    python3 flood.py PORT RATE SECONDS OUT.json
Every attempt is a wrong password for one registered email, the shape of a guessing attack."""
import asyncio
import collections
import json
import sys
import time

port, rate, seconds, out = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
body = json.dumps({"email": "bench@example.com", "password": "a wrong guess"}).encode()
request = (f"POST /api/v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n"
           f"Content-Length: {len(body)}\r\n\r\n").encode() + body
MAX_CONNECTIONS = 256

statuses = collections.Counter()
latencies = []
idle = []
open_connections = 0
skipped = 0


async def attempt():
    global open_connections
    if idle:
        reader, writer = idle.pop()
    else:
        open_connections += 1
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
    started = time.monotonic()
    try:
        writer.write(request)
        head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 30)
        status = int(head.split(b" ", 2)[1])
        length = 0
        for line in head.split(b"\r\n"):
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        await reader.readexactly(length)
        statuses[status] += 1
        latencies.append(time.monotonic() - started)
        if b"connection: close" in head.lower():
            writer.close()
            open_connections -= 1
        else:
            idle.append((reader, writer))
    except Exception as error:  # a refused or reset connection counts, and is not reused
        statuses[type(error).__name__] += 1
        writer.close()
        open_connections -= 1


async def main():
    global skipped
    start = time.monotonic()
    tasks = set()
    sent = 0
    while (now := time.monotonic() - start) < seconds:
        due = int(now * rate) + 1
        while sent < due:
            sent += 1
            if not idle and open_connections >= MAX_CONNECTIONS:
                skipped += 1
                continue
            task = asyncio.ensure_future(attempt())
            tasks.add(task)
            task.add_done_callback(tasks.discard)
        await asyncio.sleep(0.002)
    if tasks:
        await asyncio.wait(tasks, timeout=30)
    latencies.sort()
    p = lambda q: round(latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000, 2) if latencies else None
    json.dump({"sent": sent, "skipped": skipped, "answered": len(latencies), "rate": round(len(latencies) / seconds, 1),
               "statuses": {str(k): v for k, v in sorted(statuses.items(), key=str)}, "p50_ms": p(0.5), "p99_ms": p(0.99)},
              open(out, "w"))

asyncio.run(main())
