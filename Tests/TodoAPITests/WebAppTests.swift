import Foundation
import Testing
import TodoTestSupport

/// The web app in a real browser (WebAppBrowser): what a user does, checked on the page and
/// through the API. The browser's clock is fixed (Tuesday 2026-03-10 09:00 in Berlin) unless a
/// scenario says otherwise. One browser at a time: the machine is small.
@Suite(.serialized, .enabled(if: TestComponent.browser.runsTests, "needs chromium, playwright and axe-playwright-python: run scripts/test"))
struct WebAppTests {
    init() throws { try TestComponent.browser.require() }

    @Test func registeringSignsInAndAWrongPasswordShowsTheAPIsErrorAndStaysSignedOut() throws {
        try WebAppBrowser.run(#"""
def scenario(page, app):
    app.sign_up("ada@example.com")
    expect(page.locator("#user-name")).to_have_text("ada@example.com")
    check(app.token, "the session token is kept")
    page.reload()
    expect(page.locator("#app-view")).to_be_visible()  # still signed in after a reload

    page.get_by_role("button", name="Sign out").click()
    expect(page.locator("#signin-view")).to_be_visible()
    check(app.token is None, "signing out forgets the token")

    page.get_by_label("Email").fill("ada@example.com")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    status, body = app.call("POST", "/auth/login", {"email": "ada@example.com", "password": "still not it"})
    check(status == 401, "the API refuses a wrong password: %s" % status)
    message = body["error"]["message"]
    expect(page.get_by_role("alert")).to_have_text(message[:1].upper() + message[1:])  # as a sentence
    expect(page.locator("#app-view")).to_be_hidden()
    check(app.token is None, "no token after a refused sign-in")

    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("#app-view")).to_be_visible()
    check(app.call("GET", "/me", token=app.token)[0] == 200, "the new session works")

    # Registering an address that has an account shows the API's reason.
    page.get_by_role("button", name="Sign out").click()
    page.get_by_role("button", name="Create an account").click()
    page.get_by_label("Email").fill("ada@example.com")
    page.get_by_label("Password").fill("another long password")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("alert")).not_to_be_empty()
    expect(page.locator("#app-view")).to_be_hidden()
"""#)
    }

    @Test func signingOutEndsTheSessionAndASessionEndedElsewhereReturnsToSignIn() throws {
        try WebAppBrowser.run(#"""
def scenario(page, app):
    app.sign_up()
    first = app.token
    page.get_by_role("button", name="Sign out").click()
    expect(page.locator("#signin-view")).to_be_visible()
    eventually(lambda: app.call("GET", "/me", token=first)[0] == 401, "sign out ended the session on the server")

    page.get_by_label("Email").fill("ada@example.com")
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("#app-view")).to_be_visible()
    expect(page.locator("#live-state")).to_have_text("Live")
    # Another device ends this session. The server ends a live connection whose session is
    # over when it next has a message for it: another session of the same user adds a task
    # (the page may also find out sooner, from a request of its own answered 401). Either
    # way the page asks to sign in again.
    check(app.call("POST", "/auth/logout", token=app.token)[0] == 204, "logout elsewhere")
    status, body = app.call("POST", "/auth/login", {"email": "ada@example.com", "password": "correct horse battery"})
    check(status == 200, "another session %s" % status)
    check(app.call("POST", "/tasks", {"title": "From elsewhere"}, token=body["token"])[0] == 201, "a change elsewhere")
    expect(page.locator("#signin-view")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("session has ended")
    check(app.token is None, "the dead token is forgotten")

    # Ended elsewhere with nothing changing: looking at the page again finds it out.
    page.get_by_label("Email").fill("ada@example.com")
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("#app-view")).to_be_visible()
    expect(page.locator("#live-state")).to_have_text("Live")
    eventually(lambda: app.token is not None, "signed in again")
    check(app.call("POST", "/auth/logout", token=app.token)[0] == 204, "logout elsewhere, again")
    page.evaluate("window.dispatchEvent(new Event('focus'))")  # the user comes back to the tab
    expect(page.locator("#signin-view")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("session has ended")
"""#)
    }

    @Test func quickAddPreviewsTheSentenceAndCreatesTheTaskInTheUsersZone() throws {
        try WebAppBrowser.run(#"""
def scenario(page, app):
    app.sign_up()
    box = page.get_by_label("Add a task")
    box.fill("Pay rent tomorrow at 5pm #home !high remind me 30 minutes before")
    preview = page.locator("#quickadd-preview")
    expect(preview.locator(".title")).to_have_text("Title: Pay rent")
    expect(preview.locator(".due")).to_have_text("Due: tomorrow 5:00 PM")
    expect(preview.locator(".priority")).to_have_text("Priority: high")
    expect(preview.locator(".tags")).to_have_text("Tags: #home")
    expect(preview.locator(".reminder")).to_have_text("Reminder: 30 min before")
    check(app.tasks() == [], "the preview creates nothing")
    box.press("Enter")
    expect(box).to_have_value("")
    expect(preview).to_be_empty()

    row = app.row("Pay rent")
    expect(row).to_have_count(1)
    expect(row.locator(".due")).to_have_text("Due tomorrow 5:00 PM")
    expect(row.locator(".priority")).to_contain_text("High priority")
    expect(row.locator(".tag")).to_have_text(["#home"])
    task = app.task("Pay rent")
    # Tomorrow in Berlin at 17:00 (+01:00), whatever the day the test runs.
    check(task["due_at"] == "2026-03-11T17:00:00+01:00", "due_at %s" % task["due_at"])
    check(task["timezone"] == "Europe/Berlin" and task["all_day"] is False, "zone %s" % task)
    check(task["tags"] == ["home"] and task["priority"] == "high", "fields %s" % task)
    check(task["reminders"] == [{"minutes_before": 30}], "reminders %s" % task["reminders"])

    box.fill("Water the garden every month on the 1st")
    expect(preview.locator(".recurrence")).to_have_text("Repeats: every month on the 1st")
    box.press("Enter")
    expect(app.row("Water the garden").locator(".recurrence")).to_contain_text("Repeats every month")
    garden = app.task("Water the garden")
    check(garden["recurrence"] == "FREQ=MONTHLY;BYMONTHDAY=1", "rule %s" % garden["recurrence"])
    check(garden["due_at"] == "2026-04-01T00:00:00+02:00" and garden["all_day"], "first occurrence %s" % garden["due_at"])

    # A task due yesterday reads as overdue in words, not only in colour.
    app.call("POST", "/tasks", {"title": "File taxes", "due_at": "2026-03-09", "timezone": "Europe/Berlin"}, token=app.token)
    page.get_by_label("Search").fill("taxes")
    expect(app.row("File taxes").locator(".due")).to_have_text("Overdue: yesterday")
    expect(page.locator("#task-list li.task")).to_have_count(1)

    box.fill("Call Bob tomorrow at 9am remind me 1 hour before")
    expect(preview.locator(".reminder")).to_have_text("Reminder: 1 hour before")
    expect(preview.locator(".due")).to_have_text("Due: tomorrow 9:00 AM")

    # A title over 500 characters is refused by the API with its message.
    box.fill("A" * 600)
    box.press("Enter")
    expect(page.locator("#quickadd-error")).not_to_be_empty()
"""#)
    }

    @Test func completingAndReopeningMoveATaskBetweenTheListsAndARepeatingOneComesBack() throws {
        try WebAppBrowser.run(#"""
def scenario(page, app):
    # A row leaves the list once its task is done, so its box is clicked, not check()ed
    # (Playwright's check() looks at the box again afterwards and would wait for it).
    app.sign_up()
    app.quick_add("Water plants")
    app.row("Water plants").get_by_role("checkbox").click()
    expect(app.row("Water plants")).to_have_count(0)  # the pending list no longer shows it
    check(app.task("Water plants")["status"] == "completed", "completed on the server")

    page.get_by_label("Completed").check()
    done = app.row("Water plants")
    expect(done.get_by_role("checkbox")).to_be_checked()
    done.get_by_role("checkbox", name="Reopen #1 Water plants").click()
    expect(app.row("Water plants")).to_have_count(0)
    check(app.task("Water plants")["status"] == "pending", "reopened on the server")
    page.get_by_label("Pending").check()
    expect(app.row("Water plants")).to_have_count(1)

    app.quick_add("Stand-up every weekday at 9:30")
    first = app.task("Stand-up")
    app.row("Stand-up").get_by_role("checkbox").click()
    # The recurring service makes the next one; it appears by itself.
    expect(app.row("Stand-up")).to_have_count(1)
    expect(app.row("Stand-up").locator(".number")).not_to_have_text("#%d" % first["number"])
    # (Its date comes from the server's clock, which is not the page's fixed one.)
    following = [t for t in app.tasks("status=pending") if t["title"] == "Stand-up"]
    check(len(following) == 1 and following[0]["series_id"] == first["id"], "the next one: %s" % following)
    expect(app.row("Stand-up").locator(".recurrence")).to_have_text("↻ Repeats every weekday")
"""#)
    }

    @Test func filtersSearchTagsSortAndPagingShowTheRightTasks() throws {
        try WebAppBrowser.run(#"""
def scenario(page, app):
    app.sign_up()
    token = app.token
    for n in range(1, 56):
        body = {"title": "Task %02d" % n, "priority": "high" if n == 7 else "none"}
        if n <= 3: body["tags"] = ["home"]
        if n == 42: body["description"] = "call the plumber"
        check(app.call("POST", "/tasks", body, token=token)[0] == 201, "created")
    rows = page.locator("#task-list li.task")
    more = page.get_by_role("button", name="Load more")
    expect(rows).to_have_count(50)
    more.click()
    expect(rows).to_have_count(55)
    expect(more).to_be_hidden()
    expect(rows.nth(50).get_by_role("checkbox")).to_be_focused()  # not lost with the button

    sort = page.get_by_label("Sort by")
    sort.select_option("title")
    expect(rows).to_have_count(50)  # a new order starts from the first page
    expect(rows.first.locator(".title")).to_have_text("Task 01")
    sort.select_option("priority")
    expect(rows.first.locator(".title")).to_have_text("Task 07")
    expect(rows.first.locator(".priority")).to_contain_text("High priority")

    page.get_by_label("Search").fill("plumber")
    expect(rows).to_have_count(1)
    expect(rows.first.locator(".title")).to_have_text("Task 42")
    page.get_by_label("Search").fill("")
    expect(rows).to_have_count(50)

    app.row("Task 02").get_by_role("button", name="Show tag home").click()
    expect(rows).to_have_count(3)
    expect(page.locator("#filter-tag")).to_contain_text("Showing tag #home")
    expect(more).to_be_hidden()
    page.get_by_role("button", name="Show all tags").click()
    expect(rows).to_have_count(50)
    expect(page.locator("#task-list")).to_be_focused()

    app.row("Task 07").get_by_role("checkbox").click()
    expect(app.row("Task 07")).to_have_count(0)
    expect(rows).to_have_count(50)
    page.get_by_label("All", exact=True).check()
    expect(app.row("Task 07")).to_have_count(1)
    page.get_by_label("Completed", exact=True).check()
    expect(rows).to_have_count(1)
    expect(rows.first.locator(".title")).to_have_text("Task 07")
"""#)
    }

    @Test func editingChangesOnlyWhatWasEditedAndAConflictIsExplained() throws {
        try WebAppBrowser.run(#"""
def scenario(page, app):
    app.sign_up()
    status, created = app.call("POST", "/tasks", {"title": "Write report", "description": "Q1 numbers", "due_at": "2026-03-12T14:00:00+01:00",
        "timezone": "Europe/Berlin", "priority": "medium", "tags": ["work", "q1"], "recurrence": "FREQ=WEEKLY;BYDAY=TH",
        "reminders": [{"minutes_before": 15}]}, token=app.token)
    check(status == 201, "created %s" % created)
    row = app.row("Write report")
    row.get_by_role("button", name="Edit #1 Write report").click()
    dialog = page.get_by_role("dialog", name="Edit task")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_label("Date")).to_have_value("2026-03-12")
    expect(dialog.get_by_label("Time")).to_have_value("14:00")
    expect(dialog.get_by_label("Tags (separated by commas)")).to_have_value("work, q1")
    expect(dialog.get_by_label("Repeats")).to_have_value("FREQ=WEEKLY;BYDAY=TH")
    expect(dialog.locator("#edit-recurrence-now")).to_contain_text("Now: every week on Thu.")
    dialog.get_by_label("Title").fill("Write the Q1 report")
    dialog.get_by_role("button", name="Save").click()
    expect(dialog).to_be_hidden()
    expect(app.row("Write the Q1 report")).to_have_count(1)
    task = app.task("Write the Q1 report")
    for field in ["description", "due_at", "timezone", "priority", "tags", "recurrence", "reminders", "all_day"]:
        check(task[field] == created[field], "%s changed: %r -> %r" % (field, created[field], task[field]))

    # Moving the time, a tag and the repetition.
    app.row("Write the Q1 report").get_by_role("button", name=re.compile("^Edit")).click()
    dialog.get_by_label("Time").fill("16:30")
    dialog.get_by_label("Tags (separated by commas)").fill("work")
    dialog.get_by_label("Repeats").fill("every monday")
    dialog.get_by_label("Priority").select_option("high")
    dialog.get_by_role("button", name="Save").click()
    expect(dialog).to_be_hidden()
    task = app.task("Write the Q1 report")
    check(task["due_at"] == "2026-03-12T16:30:00+01:00", "due %s" % task["due_at"])
    check(task["tags"] == ["work"] and task["priority"] == "high", "fields %s" % task)
    check(task["recurrence"] == "FREQ=WEEKLY;BYDAY=MO", "rule %s" % task["recurrence"])
    check(task["description"] == "Q1 numbers", "description kept")

    # Cleared due date.
    app.row("Write the Q1 report").get_by_role("button", name=re.compile("^Edit")).click()
    dialog.get_by_label("Repeats").fill("")
    dialog.get_by_role("button", name="No due date").click()
    dialog.get_by_role("button", name="Save").click()
    expect(dialog).to_be_hidden()
    task = app.task("Write the Q1 report")
    check(task["due_at"] is None and task["recurrence"] is None, "cleared %s" % task)
    check(task["reminders"] == [], "the reminder counted from the due date went with it: %s" % task["reminders"])
    check(task["description"] == "Q1 numbers" and task["tags"] == ["work"], "the rest kept: %s" % task)

    # Changed elsewhere while the dialog is open: nothing is overwritten unseen.
    app.row("Write the Q1 report").get_by_role("button", name=re.compile("^Edit")).click()
    dialog.get_by_label("Description").fill("mine")
    check(app.call("PATCH", "/tasks/%s" % task["id"], {"priority": "low"}, token=app.token)[0] == 200, "the other change")
    dialog.get_by_role("button", name="Save").click()
    expect(dialog.get_by_role("alert")).to_contain_text("changed elsewhere")
    check(app.task("Write the Q1 report")["description"] == "Q1 numbers", "the 412 saved nothing")
    expect(dialog.get_by_label("Description")).to_have_value("mine")
    dialog.get_by_role("button", name="Save").click()
    expect(dialog).to_be_hidden()
    task = app.task("Write the Q1 report")
    check(task["description"] == "mine" and task["priority"] == "low", "saved over the latest: %s" % task)
"""#)
    }

    @Test func theEditDialogShowsRemovesAndAddsRemindersAndSendsThemOnlyWhenChanged() throws {
        try WebAppBrowser.run(#"""
from axe_playwright_python.sync_playwright import Axe

def scenario(page, app):
    app.sign_up()
    # Due in 2099: a reminder past by the server's own clock would fire during the test (its
    # announcement taking the place of the one checked below).
    status, created = app.call("POST", "/tasks", {"title": "Call Bob", "due_at": "2099-03-11T09:00:00+01:00", "timezone": "Europe/Berlin",
        "reminders": [{"minutes_before": 30}, {"at": "2099-03-11T07:00:00Z"}]}, token=app.token)
    check(status == 201, "created %s" % created)
    patches = []
    page.on("request", lambda request: patches.append(json.loads(request.post_data)) if request.method == "PATCH" else None)
    row = app.row("Call Bob")
    expect(row.locator(".reminder")).to_have_text("Reminder 30 min before and 1 more")
    row.get_by_role("button", name=re.compile("^Edit")).click()
    dialog = page.get_by_role("dialog", name="Edit task")
    words = dialog.locator("#edit-reminders li span")
    # In words, an instant in the browser's zone (Berlin, +01:00).
    expect(words).to_have_text(["30 minutes before", "At Wed 11 Mar 2099 8:00 AM"])
    results = Axe().run(page)
    found = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    check(found == [], "axe on the dialog with reminders: %s" % found)

    # A change elsewhere than the reminders does not send them.
    dialog.get_by_label("Title").fill("Call Bob back")
    dialog.get_by_role("button", name="Save").click()
    expect(dialog).to_be_hidden()
    check(patches == [{"title": "Call Bob back"}], "sent %s" % patches)

    app.row("Call Bob back").get_by_role("button", name=re.compile("^Edit")).click()
    expect(words).to_have_count(2)
    dialog.get_by_role("button", name="Remove reminder 30 minutes before").click()
    dialog.get_by_role("button", name="Remove reminder at Wed 11 Mar 2099 8:00 AM").click()
    expect(words).to_have_count(0)
    expect(dialog.get_by_text("No reminders.")).to_be_visible()
    dialog.get_by_label("Remind me", exact=True).fill("2")
    dialog.get_by_label("Unit").select_option("hours")
    dialog.get_by_role("button", name="Add reminder before").click()
    expect(words).to_have_text(["2 hours before"])
    dialog.get_by_role("button", name="Save").click()
    expect(dialog).to_be_hidden()
    check(app.task("Call Bob back")["reminders"] == [{"minutes_before": 120}], "reminders %s" % app.task("Call Bob back")["reminders"])
    expect(app.row("Call Bob back").locator(".reminder")).to_have_text("Reminder 2 hours before")

    # One at a day and time; "before" needs a due date.
    app.row("Call Bob back").get_by_role("button", name=re.compile("^Edit")).click()
    dialog.get_by_label("Or remind me on").fill("2099-03-12")
    dialog.get_by_label("at", exact=True).fill("10:30")
    dialog.get_by_role("button", name="Add reminder at").click()
    expect(words).to_have_text(["2 hours before", "At Thu 12 Mar 2099 10:30 AM"])
    dialog.get_by_role("button", name="No due date").click()
    expect(dialog.get_by_role("button", name="Add reminder before")).to_be_disabled()
    dialog.get_by_role("button", name="Save").click()
    expect(dialog).to_be_hidden()
    expect(page.locator("#announcer")).to_contain_text("reminders before the due date were removed")
    task = app.task("Call Bob back")
    check(task["due_at"] is None and len(task["reminders"]) == 1, "only the one at an instant stays: %s" % task)
    at = task["reminders"][0]["at"]
    check(at in ("2099-03-12T09:30:00Z", "2099-03-12T10:30:00+01:00"), "at %s" % at)
"""#)
    }

    @Test func aServerErrorAtLoadKeepsTheSessionAndTheAppComesBackByItself() throws {
        try WebAppBrowser.run(#"""
def scenario(page, app):
    app.sign_up()
    token = app.token
    me = re.compile(r"/api/v1/me$")
    calls = []
    def failing(route):
        calls.append(route.request.url)
        if len(calls) <= 2:
            route.fulfill(status=500, content_type="application/json", body=json.dumps({"error": {"code": "internal", "message": "internal error"}}))
        else:
            route.continue_()
    page.route(me, failing)
    page.reload()
    expect(page.locator("#unavailable-view")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("The server answered an error (500).")
    expect(page.get_by_role("button", name="Retry")).to_be_visible()
    expect(page.locator("#signin-view")).to_be_hidden()
    check(app.token == token, "the token is kept")
    # Asked again by itself, after 1 s and then 2 s: the third answer is the server's.
    expect(page.locator("#app-view")).to_be_visible(timeout=10000)
    expect(page.locator("#user-name")).to_have_text("ada@example.com")
    expect(page.locator("#unavailable-view")).to_be_hidden()
    check(len(calls) >= 3 and app.token == token, "calls %d, the same session" % len(calls))
    page.unroute(me)

    # Out of reach, then Retry.
    down = []
    def unreachable(route):
        down.append(1)
        if len(down) == 1: route.abort()
        else: route.continue_()
    page.route(me, unreachable)
    page.reload()
    expect(page.get_by_role("alert")).to_contain_text("The server could not be reached.")
    page.get_by_role("button", name="Retry").click()
    expect(page.locator("#app-view")).to_be_visible()
    page.unroute(me)

    # A 401 still asks to sign in.
    page.route(me, lambda route: route.fulfill(status=401, content_type="application/json",
        body=json.dumps({"error": {"code": "unauthorized", "message": "session expired"}})))
    page.reload()
    expect(page.locator("#signin-view")).to_be_visible()
    expect(page.locator("#unavailable-view")).to_be_hidden()
    check(app.token is None, "the refused token is forgotten")
"""#)
    }

    @Test func deletingAsksFirstAndCancelKeepsTheTask() throws {
        try WebAppBrowser.run(#"""
def scenario(page, app):
    app.sign_up()
    app.quick_add("Old errand")
    app.quick_add("Keep me")
    app.row("Old errand").get_by_role("button", name=re.compile("^Edit")).click()
    page.get_by_role("dialog", name="Edit task").get_by_role("button", name="Delete").click()
    confirm = page.locator("#confirm-dialog")
    expect(confirm).to_contain_text("Delete #1 “Old errand”?")
    confirm.get_by_role("button", name="Cancel").click()
    expect(confirm).to_be_hidden()
    check(len(app.tasks()) == 2, "cancel deletes nothing")
    page.get_by_role("dialog", name="Edit task").get_by_role("button", name="Delete").click()
    confirm.get_by_role("button", name="Delete").click()
    expect(page.get_by_role("dialog", name="Edit task")).to_be_hidden()
    expect(app.row("Old errand")).to_have_count(0)
    expect(app.row("Keep me")).to_have_count(1)
    check([t["title"] for t in app.tasks()] == ["Keep me"], "only that task is gone")
"""#)
    }

    @Test func anHTMLLookingTitleShowsAsTextAndRunsNothing() throws {
        try WebAppBrowser.run(#"""
def scenario(page, app):
    app.sign_up()
    hostile = '<img src=x onerror="window.__attacked=1">'
    scripted = '<script>window.__attacked=2</script> & "quotes"'
    app.call("POST", "/tasks", {"title": hostile, "description": "<b>bold?</b>", "tags": ["x"]}, token=app.token)
    app.quick_add(scripted)
    expect(app.row(hostile)).to_have_count(1)
    expect(app.row(scripted)).to_have_count(1)
    expect(app.row(hostile).locator(".description")).to_have_text("<b>bold?</b>")
    check(page.locator("#task-list img, #task-list script, #task-list b").count() == 0, "markup became elements")
    page.get_by_label("Message to the assistant").fill("show my tasks")
    page.get_by_label("Message to the assistant").press("Enter")
    expect(page.locator("#chat-log .message.assistant")).to_have_count(1)
    check(page.locator("#chat-log img, #chat-log script").count() == 0, "markup in the chat became elements")
    page.wait_for_timeout(300)
    check(page.evaluate("window.__attacked") is None, "a title ran script")
"""#)
    }

    @Test func aTaskChangedByAnotherClientAppearsWithoutAReload() throws {
        try WebAppBrowser.run(#"""
def scenario(page, app):
    sockets = []
    page.on("websocket", lambda ws: sockets.append(ws.url))
    app.sign_up()
    check(sockets and all("token" not in url for url in sockets), "the token is not in the WebSocket's URL: %s" % sockets)
    navigations = []
    page.on("framenavigated", lambda frame: navigations.append(frame.url))
    token = app.token
    started = time.monotonic()
    status, task = app.call("POST", "/tasks", {"title": "From the CLI"}, token=token)
    check(status == 201, "created")
    # Within a second on an idle machine; the margin is for a CI machine running other suites.
    expect(app.row("From the CLI")).to_have_count(1, timeout=2500)
    check(time.monotonic() - started < 2.5, "took %.2fs" % (time.monotonic() - started))
    app.call("POST", "/tasks/%s/complete" % task["id"], token=token)
    expect(app.row("From the CLI")).to_have_count(0, timeout=2500)
    app.call("POST", "/tasks/%s/reopen" % task["id"], token=token)
    app.call("PATCH", "/tasks/%s" % task["id"], {"title": "Renamed elsewhere"}, token=token)
    expect(app.row("Renamed elsewhere")).to_have_count(1, timeout=2500)

    # Another tab of the same user sees the first tab's change.
    other = app.new_page()
    other.clock.set_fixed_time("2026-03-10T09:00:00+01:00")
    other.goto(base + "/")
    expect(other.locator("#live-state")).to_have_text("Live")
    app.quick_add("Made in tab one")
    expect(other.locator("#task-list .title", has_text="Made in tab one")).to_have_count(1, timeout=2500)

    check(navigations == [], "the page was reloaded: %s" % navigations)
"""#)
    }

    @Test func aDroppedLiveConnectionResumesAfterTheLastMessageItSaw() throws {
        try WebAppBrowser.run(#"""
connections, firsts = [], []
def relay(socket):
    # The page's WebSocket, passed through to the server, so that the test can drop it.
    server = socket.connect_to_server()
    sent = []
    def from_page(message):
        if not sent:
            firsts.append(json.loads(message))  # each connection's first message
        sent.append(message)
        server.send(message)
    connections.append(socket)
    socket.on_message(from_page)

def scenario(page, app):
    page.route_web_socket(re.compile(r"/ws$"), relay)
    app.sign_up()
    token = app.token
    status, seen = app.call("POST", "/tasks", {"title": "Seen live"}, token=token)
    expect(app.row("Seen live")).to_have_count(1, timeout=2500)
    check(len(connections) == 1 and firsts == [{"token": token}], "the token is the first message: %s" % firsts)

    connections[0].close(code=4000, reason="dropped by the test")
    expect(page.locator("#live-state")).to_have_text("Reconnecting…")
    app.call("POST", "/tasks", {"title": "Made while away"}, token=token)
    app.call("DELETE", "/tasks/%s" % seen["id"], token=token)
    expect(page.locator("#live-state")).to_have_text("Live", timeout=10000)
    check(len(firsts) == 2 and firsts[1].get("token") == token and isinstance(firsts[1].get("resume_from"), int),
          "the second connection resumes: %s" % firsts)
    expect(app.row("Made while away")).to_have_count(1, timeout=2000)
    expect(app.row("Seen live")).to_have_count(0)
"""#)
    }

    @Test func aReminderThatFiresShowsAsAnUnreadReminder() throws {
        try WebAppBrowser.run(#"""
from datetime import datetime, timedelta, timezone

def scenario(page, app):
    app.sign_up()
    toggle = page.get_by_role("button", name=re.compile("^Reminders"))
    expect(toggle).to_have_accessible_name("Reminders")
    # The server's clock fires reminders (not the page's fixed one): one due in two seconds.
    soon = (datetime.now(timezone.utc) + timedelta(seconds=2)).strftime("%Y-%m-%dT%H:%M:%SZ")
    status, task = app.call("POST", "/tasks", {"title": "Ring the bell", "reminders": [{"at": soon}]}, token=app.token)
    check(status == 201, "created %s" % task)
    expect(toggle).to_have_accessible_name("Reminders, 1 unread", timeout=10000)
    expect(page.locator("#notifications-count")).to_have_text("1")
    toggle.click()
    panel = page.get_by_role("region", name="Reminders")
    expect(panel.locator("li")).to_have_count(1)
    expect(panel.locator("li")).to_contain_text("Reminder for #1 Ring the bell")
    panel.get_by_role("button", name="Mark the reminder for #1 Ring the bell read").click()
    expect(toggle).to_have_accessible_name("Reminders")
    expect(page.locator("#notifications-count")).to_be_hidden()
    expect(panel).to_be_focused()  # not lost with the button
    page.keyboard.press("Escape")
    expect(panel).to_be_hidden()
    expect(toggle).to_be_focused()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    status, listed = app.call("GET", "/notifications", token=app.token)
    check([n["read"] for n in listed["notifications"]] == [True], "read on the server: %s" % listed)
    page.reload()
    expect(page.locator("#app-view")).to_be_visible()
    toggle.click()
    expect(page.get_by_role("region", name="Reminders").locator("li")).to_contain_text("Reminder for #1 Ring the bell")
"""#)
    }

    @Test func theAssistantAddsATaskAndTheListShowsIt() throws {
        try WebAppBrowser.run(#"""
def scenario(page, app):
    app.sign_up()
    box = page.get_by_label("Message to the assistant")
    box.fill("add buy milk tomorrow")
    box.press("Enter")
    log = page.get_by_role("log", name="Conversation")
    expect(log.locator(".message.user")).to_have_text(["You: add buy milk tomorrow"])
    expect(log.locator(".message.assistant .message-text")).to_contain_text("milk")
    expect(log.locator(".chat-actions li")).to_have_count(1)
    expect(page.locator("#task-list .title", has_text=re.compile("^[Bb]uy milk$"))).to_have_count(1)
    milk = [t for t in app.tasks() if t["title"].lower() == "buy milk"]
    check(len(milk) == 1, "one task %s" % milk)
    # Tomorrow of the browser's clock and zone, all day.
    check(milk[0]["due_at"] == "2026-03-11T00:00:00+01:00" and milk[0]["all_day"], "due %s" % milk[0])

    # The conversation goes on, and can be reopened after a reload.
    box.fill("complete it")
    box.press("Enter")
    expect(log.locator(".message.assistant")).to_have_count(2)
    expect(page.locator("#task-list .title", has_text=re.compile("^[Bb]uy milk$"))).to_have_count(0)
    page.reload()
    expect(page.locator("#app-view")).to_be_visible()
    conversation = page.get_by_label("Open a conversation")
    expect(conversation.locator("option")).to_have_count(2)
    conversation.select_option(index=1)
    expect(log.locator(".message.user")).to_have_count(2)
    expect(log.locator(".message.user").first).to_have_text("You: add buy milk tomorrow")
"""#)
    }

    @Test func aSessionEndedWhileADialogIsOpenLeavesAUsableSignInForm() throws {
        try WebAppBrowser.run(#"""
def sign_in_again(page):
    expect(page.locator("#signin-view")).to_be_visible()
    check(page.locator("dialog[open]").count() == 0, "a dialog is still open over the sign-in form")
    page.get_by_label("Email").fill("ada@example.com")
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Sign in").click(timeout=3000)
    expect(page.locator("#app-view")).to_be_visible()

def scenario(page, app):
    app.sign_up()
    app.quick_add("Errand")
    # The session ends elsewhere while the Edit dialog is open, then Save.
    app.row("Errand").get_by_role("button", name=re.compile("^Edit")).click()
    dialog = page.get_by_role("dialog", name="Edit task")
    dialog.get_by_label("Title").fill("Changed errand")
    check(app.call("POST", "/auth/logout", token=app.token)[0] == 204, "logout elsewhere")
    dialog.get_by_role("button", name="Save").click()
    sign_in_again(page)
    # And while the Delete confirmation is open.
    app.row("Errand").get_by_role("button", name=re.compile("^Edit")).click()
    dialog.get_by_role("button", name="Delete").click()
    expect(page.locator("#confirm-dialog")).to_be_visible()
    check(app.call("POST", "/auth/logout", token=app.token)[0] == 204, "logout elsewhere")
    # The page learns it from the live connection, at the next change to the user's tasks.
    status, other = app.call("POST", "/auth/login", {"email": "ada@example.com", "password": "correct horse battery"})
    check(app.call("POST", "/tasks", {"title": "From elsewhere"}, token=other["token"])[0] == 201, "created elsewhere")
    sign_in_again(page)
    expect(app.row("Errand")).to_have_count(1)
    app.quick_add("Typed after signing in again")
    expect(app.row("Typed after signing in again")).to_have_count(1)
"""#)
    }

    @Test func twoTabsFollowEachOthersSignOutAndSignInAndNeverMixAccounts() throws {
        try WebAppBrowser.run(#"""
def scenario(page, app):
    app.sign_up("ada@example.com")
    other = app.new_page()
    other.clock.set_fixed_time("2026-03-10T09:00:00+01:00")
    other.goto(base + "/")
    expect(other.locator("#live-state")).to_have_text("Live")
    expect(other.locator("#user-name")).to_have_text("ada@example.com")

    # Signing out in one tab signs the other out too.
    page.get_by_role("button", name="Sign out").click()
    expect(other.locator("#signin-view")).to_be_visible()
    expect(other.get_by_role("alert")).to_contain_text("signed out in another tab")

    # Signing in as someone else in one tab: the other follows that account.
    page.get_by_role("button", name="Create an account").click()
    page.get_by_label("Email").fill("bob@example.com")
    page.get_by_label("Password").fill("another long password")
    page.get_by_role("button", name="Create account").click()
    expect(page.locator("#user-name")).to_have_text("bob@example.com")
    expect(other.locator("#user-name")).to_have_text("bob@example.com")
    bob = app.token
    other.get_by_label("Add a task").fill("Made in tab two")
    other.get_by_label("Add a task").press("Enter")
    expect(page.locator("#task-list .title", has_text="Made in tab two")).to_have_count(1)
    status, ada = app.call("POST", "/auth/login", {"email": "ada@example.com", "password": "correct horse battery"})
    check(status == 200, "ada signs in: %s" % status)
    check(app.call("GET", "/tasks?status=all", token=ada["token"])[1]["tasks"] == [], "nothing landed in ada's account")
    check([t["title"] for t in app.call("GET", "/tasks?status=all", token=bob)[1]["tasks"]] == ["Made in tab two"], "bob's task")

    # Another session stored while a tab is signed in: that tab starts afresh in it.
    status, carol = app.call("POST", "/auth/register", {"email": "carol@example.com", "password": "a third long password"})
    check(status == 201, "carol registers: %s %s" % (status, carol))
    page.evaluate("token => localStorage.setItem('todo.token', token)", carol["token"])
    expect(other.locator("#user-name")).to_have_text("carol@example.com")
    expect(other.locator("#live-state")).to_have_text("Live")
    # The first tab still acts as the account it shows (bob).
    expect(page.locator("#user-name")).to_have_text("bob@example.com")
    app.quick_add("Bob again")
    check(sorted(t["title"] for t in app.call("GET", "/tasks?status=all", token=bob)[1]["tasks"]) == ["Bob again", "Made in tab two"], "in bob's")
    check(app.call("GET", "/tasks?status=all", token=carol["token"])[1]["tasks"] == [], "nothing in carol's")
    # Bob's session ends: the first tab's next call (401) brings it back to sign-in; carol's tab
    # is left alone.
    check(app.call("POST", "/auth/logout", token=bob)[0] == 204, "logout elsewhere")
    try:
        page.get_by_label("Add a task").fill("After the end", timeout=2000)
        page.get_by_label("Add a task").press("Enter", timeout=2000)
    except Exception:
        pass  # the live connection brought the sign-in form back first
    expect(page.locator("#signin-view")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("session has ended")
    check(app.token == carol["token"], "carol's session stays stored")
    other.wait_for_timeout(300)
    expect(other.locator("#app-view")).to_be_visible()
"""#)
    }

    @Test func enterTwiceInQuickAddCreatesOneTask() throws {
        try WebAppBrowser.run(#"""
def scenario(page, app):
    app.sign_up()
    held = []
    def hold(route):
        if route.request.method == "POST": held.append(route)
        else: route.continue_()
    page.route(lambda url: url.endswith("/api/v1/tasks"), hold)
    box = page.get_by_label("Add a task")
    box.fill("Buy bread")
    box.press("Enter")
    box.press("Enter")
    page.wait_for_timeout(400)
    sent = len(held)
    for route in held: route.continue_()
    expect(box).to_have_value("")
    expect(app.row("Buy bread")).to_have_count(1)
    check([t["title"] for t in app.tasks()] == ["Buy bread"], "created once: %s" % app.tasks())
    check(sent == 1, "%d creations were sent" % sent)
"""#)
    }

    @Test func aLongConversationKeepsItsBubblesWholeAndScrolls() throws {
        try WebAppBrowser.run(#"""
def scenario(page, app):
    app.sign_up()
    chat_reply(page)
    log = page.locator("#chat-log")
    long_conversation(page)
    check(log.evaluate("e => e.scrollHeight > e.clientHeight"), "the log scrolls")
    heights = log.locator(".message").evaluate_all("nodes => nodes.map(n => n.getBoundingClientRect().height)")
    check(min(heights) >= 30, "bubbles were squeezed: %s" % heights)
    # The log can be scrolled with the keyboard.
    log.focus()
    expect(log).to_be_focused()
"""#)
    }

    @Test func aFailedCompletionLeavesTheBoxAsItWasAndSaysWhy() throws {
        try WebAppBrowser.run(#"""
def scenario(page, app):
    app.sign_up()
    app.quick_add("Water plants")
    page.route(re.compile(r"/api/v1/tasks/[^/]+/complete$"), lambda route: route.abort())
    box = app.row("Water plants").get_by_role("checkbox")
    box.click()
    expect(page.locator("#list-error")).to_contain_text("could not be completed: The server cannot be reached")
    expect(box).not_to_be_checked()
    check(app.task("Water plants")["status"] == "pending", "still pending")
"""#)
    }

    @Test func savingATaskDeletedElsewhereSaysSo() throws {
        try WebAppBrowser.run(#"""
def scenario(page, app):
    app.sign_up()
    app.quick_add("Gone soon")
    task = app.task("Gone soon")
    app.row("Gone soon").get_by_role("button", name=re.compile("^Edit")).click()
    dialog = page.get_by_role("dialog", name="Edit task")
    check(app.call("DELETE", "/tasks/%s" % task["id"], token=app.token)[0] == 204, "deleted elsewhere")
    dialog.get_by_label("Title").fill("Too late")
    dialog.get_by_role("button", name="Save").click()
    expect(dialog.get_by_role("alert")).to_have_text("This task was deleted elsewhere.")
    expect(app.row("Gone soon")).to_have_count(0)
"""#)
    }

    @Test func aChatMessageThatFailedIsSentAgainOnceAndTheListTakesTheWidthWithoutTheAssistant() throws {
        try WebAppBrowser.run(#"""
def scenario(page, app):
    app.sign_up()
    offline = re.compile(r"/api/v1/chat$")
    page.route(offline, lambda route: route.abort())
    box = page.get_by_label("Message to the assistant")
    log = page.locator("#chat-log")
    box.fill("hello there")
    box.press("Enter")
    expect(page.locator("#chat-error")).to_contain_text("cannot be reached")
    expect(box).to_have_value("hello there")
    expect(log.locator(".message.user")).to_have_count(1)
    page.unroute(offline)
    chat_reply(page)
    box.press("Enter")
    expect(log.locator(".message.assistant")).to_have_count(1)
    expect(log.locator(".message.user")).to_have_text(["You: hello there"])

    main = page.locator("#tasks-main")
    check(main.bounding_box()["width"] < 1000, "beside the assistant: %s" % main.bounding_box())
    page.get_by_role("button", name="Assistant").click()
    expect(page.locator("#chat-panel")).to_be_hidden()
    check(main.bounding_box()["width"] > 1200, "the whole width: %s" % main.bounding_box())
"""#)
    }

    @Test func dueWordsFollowTheClock() throws {
        try WebAppBrowser.run(#"""
def scenario(page, app):
    app.sign_up()
    app.call("POST", "/tasks", {"title": "Call the bank", "due_at": "2026-03-10T09:30:00+01:00", "timezone": "Europe/Berlin"}, token=app.token)
    due = app.row("Call the bank").locator(".due")
    expect(due).to_have_text("Due today 9:30 AM")
    page.clock.set_fixed_time("2026-03-10T09:31:00+01:00")
    page.evaluate("window.dispatchEvent(new Event('focus'))")  # as the minute's timer does
    expect(due).to_have_text("Overdue: today 9:30 AM")
"""#)
    }

    @Test func anEndDateOfARepetitionIsTheUsersDateWestOfUTC() throws {
        try WebAppBrowser.run(#"""
def scenario(page, app):
    app.sign_up()
    box = page.get_by_label("Add a task")
    box.fill("Standup every monday until march 1")
    expect(page.locator("#quickadd-preview .recurrence")).to_contain_text("until 2027-03-01")
    box.press("Enter")
    expect(app.row("Standup").locator(".recurrence")).to_contain_text("until 2027-03-01")
    check("UNTIL=" in app.task("Standup")["recurrence"], "the rule: %s" % app.task("Standup")["recurrence"])
"""#, now: "2026-03-10T09:00:00-04:00", timezone: "America/New_York")
    }

    @Test func connectionErrorsGoAwayWhenTheConnectionIsBack() throws {
        try WebAppBrowser.run(#"""
connections = []
def relay(socket):
    socket.connect_to_server()
    connections.append(socket)

def scenario(page, app):
    page.route_web_socket(re.compile(r"/ws$"), relay)
    app.sign_up()
    page.route(re.compile(r"/api/v1/tasks$"), lambda route: route.abort() if route.request.method == "POST" else route.continue_())
    page.get_by_label("Add a task").fill("Offline errand")
    page.get_by_label("Add a task").press("Enter")
    error = page.locator("#quickadd-error")
    expect(error).to_contain_text("cannot be reached")
    connections[-1].close(code=4000, reason="dropped by the test")
    expect(page.locator("#live-state")).to_have_text("Reconnecting…")
    page.evaluate("window.dispatchEvent(new Event('online'))")  # back online: at once
    expect(page.locator("#live-state")).to_have_text("Live")
    expect(error).to_have_text("")
"""#)
    }

    @Test func axeFindsNoSeriousViolationsOnTheSignInAndTaskPages() throws {
        try WebAppBrowser.run(#"""
from axe_playwright_python.sync_playwright import Axe
axe = Axe()

def serious(page, where):
    results = axe.run(page)
    found = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in results.response["violations"]
             if v["impact"] in ("serious", "critical")]
    check(found == [], "%s: %s" % (where, found))
    check(results.response["passes"], "axe ran no rule on %s" % where)

def scenario(page, app):
    page.goto(base + "/")
    expect(page.locator("#signin-view")).to_be_visible()
    serious(page, "sign-in")
    page.get_by_label("Password").fill("short")
    page.get_by_label("Email").fill("ada@example.com")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).not_to_be_empty()
    serious(page, "sign-in with an error")
    app.sign_up()
    app.quick_add("Pay rent tomorrow at 5pm #home !high")
    app.quick_add("Call mum every sunday #family")
    app.call("POST", "/tasks", {"title": "Overdue thing", "due_at": "2026-03-01", "priority": "low"}, token=app.token)
    app.row("Call mum").get_by_role("checkbox").click()
    expect(page.locator("#task-list li.task")).to_have_count(3)
    page.get_by_label("Add a task").fill("Dentist friday 10am")
    expect(page.locator("#quickadd-preview .due")).to_be_visible()
    page.get_by_label("Message to the assistant").fill("what's due this week?")
    page.get_by_label("Message to the assistant").press("Enter")
    expect(page.locator("#chat-log .message.assistant")).to_have_count(1)
    serious(page, "tasks")
    page.get_by_role("button", name=re.compile("^Reminders")).click()
    expect(page.get_by_role("region", name="Reminders")).to_be_visible()
    serious(page, "tasks with the reminders open")
    app.row("Pay rent").get_by_role("button", name=re.compile("^Edit")).click()
    serious(page, "edit dialog")
    page.emulate_media(color_scheme="dark")
    serious(page, "edit dialog, dark")
    page.keyboard.press("Escape")
    serious(page, "tasks, dark")
    chat_reply(page)
    long_conversation(page)
    check(page.locator("#chat-log").evaluate("e => e.scrollHeight > e.clientHeight"), "the log scrolls")
    serious(page, "tasks with a long conversation")
"""#)
    }

    @Test func thePageWorksAtPhoneWidth() throws {
        try WebAppBrowser.run(#"""
def scenario(page, app):
    app.sign_up()
    app.quick_add("A rather long task title that has to wrap on a narrow phone screen without scrolling sideways #errands !high")
    app.quick_add("Short one tomorrow")
    expect(page.locator("#task-list li.task")).to_have_count(2)
    width = page.evaluate("document.documentElement.scrollWidth")
    check(width <= 375, "the page scrolls sideways: %s px" % width)
    page.wait_for_timeout(300)  # the list settles (a live message redraws it)
    for control in [page.get_by_label("Add a task"), page.get_by_role("button", name="Sign out"),
                    page.get_by_label("Message to the assistant"), app.row("Short one").get_by_role("checkbox")]:
        expect(control).to_be_visible()
        box = control.bounding_box()
        check(box and box["x"] >= 0 and box["x"] + box["width"] <= 375, "off screen: %s" % box)
    app.row("Short one").get_by_role("checkbox").click()
    expect(app.row("Short one")).to_have_count(0)
    edit = app.row("A rather long task title that has to wrap on a narrow phone screen without scrolling sideways").get_by_role("button", name=re.compile("^Edit"))
    edit.click()
    dialog = page.get_by_role("dialog", name="Edit task")
    box = dialog.bounding_box()
    check(box["x"] >= 0 and box["x"] + box["width"] <= 375, "the dialog fits: %s" % box)
    dialog.get_by_role("button", name="Cancel").click()
    expect(dialog).to_be_hidden()
    expect(edit).to_be_focused()  # back where the user was
    # Keyboard only: the quick-add box is reachable and Enter adds.
    page.get_by_label("Add a task").focus()
    page.keyboard.type("Typed with the keyboard")
    page.keyboard.press("Enter")
    expect(app.row("Typed with the keyboard")).to_have_count(1)
"""#, width: 375)
    }
}
