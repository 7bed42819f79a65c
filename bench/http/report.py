"""Turns wrk outputs (files named SCENARIO.txt in a directory) and todo-bench-open-loop outputs
(SCENARIO-open-PERCENT.json) into the tables of docs/benchmarks.md."""
import json
import pathlib
import re
import sys

def parse(text):
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
    def percentile(p):
        m = re.search(rf"^\s+{p}%\s+([\d.]+)(us|ms|s)\s*$", text, re.M)
        value, unit = float(m.group(1)), m.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    socket = re.search(r"Socket errors: (.*)", text)
    return rate, percentile(50), percentile(99), int(errors.group(1)) if errors else 0, socket.group(1) if socket else ""

directory = pathlib.Path(sys.argv[1])
ceiling = parse((directory / "ceiling.txt").read_text())[0]
targets = {"health": None, "create": 10_000, "get": 30_000, "list": 8_000}
def cpu_per_request(name, rate, text):
    """Server CPU microseconds per request: its CPU time over the run / the requests wrk counted."""
    path = directory / f"{name}.cpu"
    if not path.exists():
        return "—"
    ticks, per_second = (int(x) for x in path.read_text().split())
    requests = int(re.search(r"(\d+) requests in", text).group(1))
    return f"{ticks / per_second * 1e6 / requests:.0f} µs"

def stolen(name):
    """The share of the machine's CPU time the hypervisor gave to other guests during the run."""
    path = directory / f"{name}.steal"
    return path.read_text().strip() if path.exists() else "—"

print("| scenario | req/s | p50 | p99 | server CPU / request | vs ceiling | target | non-2xx | CPU stolen |")
print("|---|---|---|---|---|---|---|---|---|")
for name in ["ceiling", "health", "create", "get", "list"]:
    path = directory / f"{name}.txt"
    if not path.exists():
        continue
    text = path.read_text()
    rate, p50, p99, errors, socket = parse(text)
    cpu = cpu_per_request(name, rate, text)
    if name == "ceiling":
        target = "—"
    elif name == "health":
        target = f"≥ 70% of ceiling ({0.7 * ceiling:,.0f}/s): {'met' if rate >= 0.7 * ceiling else 'NOT met'}"
    else:
        goal = targets[name]
        target = f"≥ {goal:,}/s, p99 ≤ 10 ms: {'met' if rate >= goal and p99 <= 10 else 'NOT met'}"
    print(f"| {name} | {rate:,.0f} | {p50:.2f} ms | {p99:.2f} ms | {cpu} | {rate / ceiling:.0%} | {target} | {errors}{' ' + socket if socket else ''} | {stolen(name)} |")

# The open-loop runs (todo-bench-open-loop): latency from each request's scheduled send, at a
# fixed fraction of the rate wrk reached, beside wrk's closed-loop p99 at that maximum.
rows = []
for name in ["get", "list", "create"]:
    for percent in [50, 80]:
        path = directory / f"{name}-open-{percent}.json"
        if not path.exists():
            continue
        result = json.loads(path.read_text())
        ticks, per_second = (int(x) for x in (directory / f"{name}-open-{percent}.cpu").read_text().split())
        cpu = f"{ticks / per_second * 1e6 / result['sent']:.0f} µs" if result["sent"] else "—"
        closed_p99 = parse((directory / f"{name}.txt").read_text())[2]
        errors, unsent = int(result["errors"]), int(result["unsent"])
        problems = f"{errors} errors, {unsent} unsent" if errors or unsent else "0"
        rows.append(f"| {name} | {percent}% ({result['rate']:,.0f}/s) | {result['achieved']:,.0f} | {result['p50_ms']:.2f} ms "
                    f"| {result['p99_ms']:.2f} ms | {result['max_ms']:.1f} ms | {closed_p99:.2f} ms | {cpu} | {problems} |")
if rows:
    print()
    print("| open loop | rate asked (of wrk's max) | sent/s | p50 | p99 | max | wrk p99 at max | server CPU / request | errors |")
    print("|---|---|---|---|---|---|---|---|---|")
    print("\n".join(rows))
