"""Time from exec to a healthy answer, and resident memory when idle, of `todo serve`.

Usage: startup.py TODO_BINARY DIRECTORY [RUNS]. Each run uses a new SQLite database in DIRECTORY
(the first start creates and migrates it; later ones open it), port 0, and polls /healthz."""
import http.client
import os
import re
import statistics
import subprocess
import sys
import time

binary, directory = sys.argv[1], sys.argv[2]
runs = int(sys.argv[3]) if len(sys.argv) > 3 else 10
database = f"sqlite:{directory}/startup.db"
times, rss = [], []
for run in range(runs):
    started = time.perf_counter()
    process = subprocess.Popen([binary, "serve", "--db", database, "--port", "0", "--quiet"],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                               env={**os.environ, "HOME": directory})
    line = process.stdout.readline()
    port = int(re.search(r":(\d+) ", line).group(1))
    deadline = started + 10
    while time.perf_counter() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                break
        except OSError:
            time.sleep(0.001)
    elapsed = (time.perf_counter() - started) * 1000
    time.sleep(0.5)
    with open(f"/proc/{process.pid}/status") as status:
        kilobytes = int(re.search(r"VmRSS:\s+(\d+)", status.read()).group(1))
    process.terminate()
    process.wait(timeout=10)
    if run > 0:  # the first run also creates the database
        times.append(elapsed)
        rss.append(kilobytes / 1024)
print(f"ready after start: median {statistics.median(times):.0f} ms, max {max(times):.0f} ms over {len(times)} starts")
print(f"idle RSS: median {statistics.median(rss):.1f} MB, max {max(rss):.1f} MB")
