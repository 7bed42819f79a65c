"""Turns wrk outputs (files named SCENARIO.txt in a directory) into the table of docs/benchmarks.md."""
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
print("| scenario | req/s | p50 | p99 | vs ceiling | target | non-2xx |")
print("|---|---|---|---|---|---|---|")
for name in ["ceiling", "health", "create", "get", "list"]:
    path = directory / f"{name}.txt"
    if not path.exists():
        continue
    rate, p50, p99, errors, socket = parse(path.read_text())
    if name == "ceiling":
        target = "—"
    elif name == "health":
        target = f"≥ 70% of ceiling ({0.7 * ceiling:,.0f}/s): {'met' if rate >= 0.7 * ceiling else 'NOT met'}"
    else:
        goal = targets[name]
        target = f"≥ {goal:,}/s, p99 ≤ 10 ms: {'met' if rate >= goal and p99 <= 10 else 'NOT met'}"
    print(f"| {name} | {rate:,.0f} | {p50:.2f} ms | {p99:.2f} ms | {rate / ceiling:.0%} | {target} | {errors}{' ' + socket if socket else ''} |")
