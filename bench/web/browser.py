"""The web app in Debian's chromium, driven by Playwright (bench/web.sh): a cold page load of a
user with TASKS tasks until the first page of the list is drawn, a warm load (files revalidated,
304s), and quick add: from a typed sentence to its preview, and from Enter to the new row.
Prints one JSON object; times are medians of RUNS in milliseconds.
    python browser.py PORT TASKS RUNS"""
import json, statistics, sys, time, urllib.request

from playwright.sync_api import sync_playwright

port, tasks, runs = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
base = f"http://127.0.0.1:{port}"


def call(method, path, body=None, token=None):
    request = urllib.request.Request(base + path, method=method, data=None if body is None else json.dumps(body).encode())
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", "Bearer " + token)
    with urllib.request.urlopen(request, timeout=10) as answer:
        return json.loads(answer.read() or b"null")


token = call("POST", "/api/v1/auth/register", {"email": "bench@example.com", "password": "correct horse battery"})["token"]
for number in range(tasks):
    call("POST", "/api/v1/tasks", {"title": f"Task {number} of the benchmark", "priority": "medium",
                                   "tags": ["bench"], "due_at": f"2030-01-{1 + number % 28:02d}T09:00:00Z"}, token)

result = {"tasks": tasks, "runs": runs}
with sync_playwright() as playwright:
    browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
    context = browser.new_context(timezone_id="Europe/Berlin")
    context.add_init_script(f"localStorage.setItem('todo.token', {json.dumps(token)})")
    bytes_loaded = []
    context.on("response", lambda response: bytes_loaded.append(len(response.body())) if response.url.startswith(base + "/app/") or response.url == base + "/" else None)

    def load(page):
        started = time.perf_counter()
        page.goto(base + "/")
        page.wait_for_selector("#task-list li", timeout=30000)
        return (time.perf_counter() - started) * 1000

    cold, warm = [], []
    for _ in range(runs):
        fresh = browser.new_context(timezone_id="Europe/Berlin")
        fresh.add_init_script(f"localStorage.setItem('todo.token', {json.dumps(token)})")
        page = fresh.new_page()
        cold.append(load(page))
        warm.append(load(page))
        fresh.close()
    page = context.new_page()
    load(page)
    result["first_load_bytes"] = sum(bytes_loaded)
    result["cold_load_ms"] = round(statistics.median(cold), 1)
    result["warm_load_ms"] = round(statistics.median(warm), 1)
    result["rows_drawn"] = page.locator("#task-list li").count()

    preview, created = [], []
    for run in range(runs):
        field = page.locator("#quickadd-input")
        field.fill("")
        started = time.perf_counter()
        field.fill(f"Pay rent {run} every month on the 1st #home !high")
        page.locator("#quickadd-preview", has_text="home").wait_for(timeout=10000)
        preview.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        field.press("Enter")
        page.locator("#task-list li", has_text=f"Pay rent {run} ").first.wait_for(timeout=10000)
        created.append((time.perf_counter() - started) * 1000)
    result["quickadd_preview_ms"] = round(statistics.median(preview), 1)
    result["quickadd_create_ms"] = round(statistics.median(created), 1)
    browser.close()
print(json.dumps(result))
