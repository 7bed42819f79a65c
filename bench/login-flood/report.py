"""Turns the outputs of bench/login-flood.sh (a directory) into the table of docs/benchmarks.md."""
import json
import pathlib
import re
import sys

directory, rate = pathlib.Path(sys.argv[1]), sys.argv[2]


def wrk(name):
    text = (directory / f"{name}.txt").read_text()
    requests = int(re.search(r"(\d+) requests in", text).group(1))
    per_second = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))

    def percentile(p):
        m = re.search(rf"^\s+{p}%\s+([\d.]+)(us|ms|s)\s*$", text, re.M)
        value, unit = float(m.group(1)), m.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    return requests, per_second, percentile(50), percentile(99), int(errors.group(1)) if errors else 0


alone = wrk("alone")[1]
print(f"| scenario | creates/s | vs alone | p50 | p99 | server CPU per create | logins answered/s (by status) | target |")
print("|---|---|---|---|---|---|---|---|")
for name in ["alone", "flood-limited", "flood-unlimited", "alone-again"]:
    if not (directory / f"{name}.txt").exists():
        continue
    requests, per_second, p50, p99, errors = wrk(name)
    before, after, seconds = map(float, (directory / f"{name}.cpu").read_text().split())
    cpu_per_create = (after - before) / requests * 1e6
    flood_file = directory / f"{name}.flood.json"
    if flood_file.exists():
        flood = json.loads(flood_file.read_text())
        logins = f"{flood['rate']:.0f}/s of {rate}/s sent: " + ", ".join(f"{k}: {v}" for k, v in flood["statuses"].items())
        met = per_second >= 0.5 * alone and p99 <= 50
        target = f"≥ 50% and p99 ≤ 50 ms: {'met' if met else 'NOT met'}"
    else:
        logins, target = "—", "—"
    bad = f" ({errors} non-2xx)" if errors else ""
    print(f"| {name} | {per_second:,.0f}{bad} | {per_second / alone:.0%} | {p50:.2f} ms | {p99:.2f} ms "
          f"| {cpu_per_create:.0f} µs | {logins} | {target} |")
