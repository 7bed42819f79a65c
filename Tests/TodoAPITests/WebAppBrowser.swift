import Foundation
import TodoTestSupport

/// One scenario of the web app in a real browser: Debian's chromium driven by Playwright
/// against a `todo serve` of its own. The scenario is Python that defines `scenario(page, app)`;
/// `app` holds the helpers below (signing up through the page, calling the API as another
/// client). The browser's clock is fixed at `now` and its zone is `timezone`, so no scenario
/// depends on the day it runs. Uncaught page errors and CSP violations fail every scenario.
struct WebAppBrowser {
    static let prelude = #"""
import json, re, sys, time, urllib.request, urllib.error
from playwright.sync_api import sync_playwright, expect

base, options = sys.argv[1], json.loads(sys.argv[2])
expect.set_options(timeout=5000)

def check(condition, message):
    if not condition:
        raise AssertionError(message)

def eventually(condition, message, seconds=5):
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(message)
        time.sleep(0.05)

class App:
    def __init__(self, page, context, browser):
        self.page, self.context, self.browser = page, context, browser

    def call(self, method, path, body=None, token=None):
        """The API as another client would call it: (status, JSON or None)."""
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(base + "/api/v1" + path, data=data, method=method)
        if data is not None: request.add_header("Content-Type", "application/json")
        if token: request.add_header("Authorization", "Bearer " + token)
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                raw = response.read()
                return response.status, json.loads(raw) if raw else None
        except urllib.error.HTTPError as error:
            raw = error.read()
            return error.code, json.loads(raw) if raw else None

    @property
    def token(self):
        return self.page.evaluate("localStorage.getItem('todo.token')")

    def sign_up(self, email="ada@example.com", password="correct horse battery", page=None):
        page = page or self.page
        page.goto(base + "/")
        expect(page.locator("#signin-view")).to_be_visible()
        page.get_by_role("button", name="Create an account").click()
        page.get_by_label("Email").fill(email)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Create account").click()
        expect(page.locator("#app-view")).to_be_visible()
        expect(page.locator("#live-state")).to_have_text("Live")

    def quick_add(self, text):
        self.page.get_by_label("Add a task").fill(text)
        self.page.get_by_label("Add a task").press("Enter")
        expect(self.page.get_by_label("Add a task")).to_have_value("")

    def row(self, title):
        return self.page.locator("#task-list li.task").filter(has=self.page.locator(".title", has_text=re.compile("^" + re.escape(title) + "$")))

    def tasks(self, query="status=all"):
        status, body = self.call("GET", "/tasks?" + query, token=self.token)
        check(status == 200, "listing failed: %s %s" % (status, body))
        return body["tasks"]

    def task(self, title):
        found = [t for t in self.tasks() if t["title"] == title]
        check(len(found) == 1, "expected one task %r, found %s" % (title, found))
        return found[0]

    def new_page(self):
        page = self.context.new_page()
        watch(page)
        return page

def chat_reply(page):
    """The assistant answers at once with the same words (so that a long conversation is quick)."""
    page.route(re.compile(r"/api/v1/chat$"), lambda route: route.fulfill(status=200, content_type="application/json",
        body=json.dumps({"conversation_id": "01JTESTCONVERSATION0000000", "reply": "Noted.", "actions": []})))

def long_conversation(page, messages=14):
    log = page.locator("#chat-log")
    before = log.locator(".message.assistant").count()
    for n in range(messages):
        page.get_by_label("Message to the assistant").fill("message number %d" % n)
        page.get_by_label("Message to the assistant").press("Enter")
        expect(log.locator(".message.assistant")).to_have_count(before + n + 1)

problems = []
def watch(page):
    page.on("pageerror", lambda error: problems.append("page error: %s" % error))
    page.on("console", lambda message: problems.append("console: " + message.text)
            if "Content Security Policy" in message.text or "Refused to" in message.text else None)
"""#

    static let epilogue = #"""

with sync_playwright() as playwright:
    browser = playwright.chromium.launch(executable_path=options["chromium"], args=["--no-sandbox"])
    try:
        context = browser.new_context(timezone_id=options["timezone"], locale="en-US",
                                      viewport={"width": options["width"], "height": 800})
        page = context.new_page()
        watch(page)
        page.clock.set_fixed_time(options["now"])
        scenario(page, App(page, context, browser))
        check(problems == [], "the page reported: %s" % problems)
    finally:
        browser.close()
print("passed")
"""#

    /// Runs `scenario` against a fresh server; throws with the script's error when it fails.
    static func run(_ scenario: String, now: String = "2026-03-10T09:00:00+01:00", timezone: String = "Europe/Berlin",
                    width: Int = 1280, timeout: Duration = .seconds(90)) throws {
        let server = try ServerProcess(database: try TestDatabase(.sqlite), arguments: ["--quiet"])
        defer { server.stop() }
        let options: [String: Any] = ["now": now, "timezone": timezone, "width": width, "chromium": TestComponent.chromium]
        let encoded = String(decoding: try JSONSerialization.data(withJSONObject: options), as: UTF8.self)
        let output = try PythonScript.run(prelude + "\n" + scenario + "\n" + epilogue, arguments: ["http://127.0.0.1:\(server.port)", encoded], timeout: timeout)
        guard output.split(separator: "\n").last == "passed" else {
            throw TestClientError("the scenario did not finish: \(output)\nserver: \(server.stderr.suffix(2000))")
        }
    }
}
