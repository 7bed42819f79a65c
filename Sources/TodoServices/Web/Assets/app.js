// The web app's entry point: which view shows (sign-in or tasks), and the wiring between the
// parts. Each part keeps its own state; a change anywhere reloads the list from the server.
import { api, session, tokenKey, unreachable, whenUnauthorized } from "./api.js";
import { announce, byId } from "./dom.js";
import { setUpSignIn } from "./auth.js";
import { setUpQuickAdd } from "./quickadd.js";
import { TaskList } from "./tasks.js";
import { TaskEditor } from "./editor.js";
import { ChatPanel } from "./chat.js";
import { LiveConnection } from "./live.js";
import { NotificationList } from "./notifications.js";

const liveWords = { live: "Live", offline: "Reconnecting…", off: "" };

const editor = new TaskEditor({ onChanged: () => list.reload() });
const list = new TaskList({ onEdit: (task) => editor.open(task) });
const chat = new ChatPanel({ onActions: () => list.reload() });
const notifications = new NotificationList();
const live = new LiveConnection({
  onMessage: (message) => {
    if (typeof message.type === "string" && message.type.startsWith("task.")) list.scheduleReload();
    if (message.type === "notification") notifications.received(message);
  },
  onState: (state) => {
    const badge = byId("live-state");
    badge.textContent = liveWords[state] || "";
    badge.dataset.state = state;
    // Connected again: "cannot be reached" from before is no longer true.
    if (state === "live") {
      for (const id of ["quickadd-error", "chat-error", "list-error"]) {
        if (byId(id).textContent.includes(unreachable)) byId(id).textContent = "";
      }
    }
  },
  onResumeLost: () => list.scheduleReload(),
  // Refused: a resume point too old, or a session that ended; asking the API tells which
  // (its 401 brings the sign-in form back).
  onRefused: () => api("GET", "/me").catch(() => {}),
});
const signIn = setUpSignIn((user) => showApp(user));
setUpQuickAdd(() => list.reload());

function showSignIn(message) {
  stopRetrying();
  // A dialog left open would stay modal over the (hidden) app and block the sign-in form.
  editor.abandon();
  if (!byId("signin-view").hidden) {
    // Already there: the user may be typing, so the focus stays where it is.
    if (message) byId("signin-error").textContent = message;
    return;
  }
  live.stop();
  list.clear();
  chat.reset();
  notifications.reset();
  byId("app-view").hidden = true;
  byId("signin-view").hidden = false;
  signIn.reset();
  if (message) byId("signin-error").textContent = message;
  byId("signin-email").focus();
}

function showApp(user) {
  stopRetrying();
  byId("signin-view").hidden = true;
  byId("app-view").hidden = false;
  byId("user-name").textContent = user.name || user.email;
  list.reload();
  chat.loadConversations();
  notifications.load();
  live.start();
  byId("quickadd-input").focus();
}

// A session ended elsewhere (signed out on another device, a password changed) shows when the
// page is looked at again, not only at its next request: the API's 401 brings back sign-in.
let checkingSession = false;
function checkSession() {
  if (byId("app-view").hidden || checkingSession) return;
  checkingSession = true;
  api("GET", "/me").catch(() => {}).finally(() => { checkingSession = false; });
}
window.addEventListener("focus", checkSession);
document.addEventListener("visibilitychange", () => { if (document.visibilityState === "visible") checkSession(); });

whenUnauthorized(() => {
  session.token = null;
  showSignIn("Your session has ended. Please sign in again.");
});

// Another tab signed out or in: this one follows, so a page never shows one account and acts
// for another (it sends only the token it holds).
window.addEventListener("storage", (event) => {
  if (event.key !== tokenKey && event.key !== null) return;
  const stored = localStorage.getItem(tokenKey);
  if (stored === session.token) return;
  if (!stored) {
    session.adopt(null);
    showSignIn("You were signed out in another tab.");
  } else if (!session.token) {
    session.adopt(stored);
    start();
  } else {
    // Signed in again elsewhere (perhaps as someone else): start afresh with that session.
    location.reload();
  }
});

byId("signout").addEventListener("click", async () => {
  // The page forgets the session first, so nothing still under way can act on it.
  const token = session.token;
  session.token = null;
  showSignIn();
  announce("Signed out");
  try {
    await api("POST", "/auth/logout", undefined, { token });
  } catch {
    // Signed out on this page either way; the session ends by itself after 7 days.
  }
});

// The server failing or out of reach at load says nothing about the session: the token is
// kept, the page says what happened and asks again by itself, less often each time (up to
// every 30 s), or at once with Retry. Only a 401 asks to sign in again.
const retryDelays = [1000, 2000, 4000, 8000, 15000, 30000];
let retryTimer = null;
let retries = 0;
let starting = false;

function stopRetrying() {
  clearTimeout(retryTimer);
  retryTimer = null;
  retries = 0;
  byId("unavailable-view").hidden = true;
}

function showUnavailable(failure) {
  const delay = retryDelays[Math.min(retries, retryDelays.length - 1)];
  retries += 1;
  const view = byId("unavailable-view");
  const first = view.hidden;
  byId("signin-view").hidden = true;
  byId("app-view").hidden = true;
  view.hidden = false;
  byId("unavailable-text").textContent = (failure.status === 0 ? "The server could not be reached." : `The server answered an error (${failure.status}).`) +
    " You are still signed in.";
  byId("unavailable-next").textContent = `Trying again in ${Math.round(delay / 1000)} s, or now with Retry.`;
  if (first) byId("unavailable-retry").focus();
  clearTimeout(retryTimer);
  retryTimer = setTimeout(start, delay);
}
byId("unavailable-retry").addEventListener("click", () => start());

async function start() {
  clearTimeout(retryTimer);
  if (!session.token) return showSignIn();
  if (starting) return;
  starting = true;
  const token = session.token;
  try {
    const me = await api("GET", "/me");
    if (token === session.token) showApp(me.user || me);
  } catch (failure) {
    // A 401 has brought back the sign-in form already.
    if (failure.status !== 401 && token === session.token) showUnavailable(failure);
  } finally {
    starting = false;
  }
}

start();
