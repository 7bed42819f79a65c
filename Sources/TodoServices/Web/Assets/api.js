// The one way the page talks to the server: JSON over fetch with the session's bearer token.
// A 401 for the page's token ends the session on the page (the sign-in form comes back).
// Each page keeps the token it signed in with and sends only that one: localStorage (shared by
// the tabs) only says which session a new page starts with, so a tab never acts for an
// account other than the one it shows.

export const tokenKey = "todo.token";

/** What a call says when the server cannot be reached (cleared once the connection is back). */
export const unreachable = "The server cannot be reached. Check your connection and try again.";

export class APIError extends Error {
  constructor(status, code, message, details) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details || {};
  }
}

let pageToken = localStorage.getItem(tokenKey);

export const session = {
  /** The token this page signed in with (null when signed out). */
  get token() { return pageToken; },
  /** Signs the page in (and new pages with it) or out; signing out leaves another tab's newer session stored. */
  set token(value) {
    if (value) localStorage.setItem(tokenKey, value);
    else if (localStorage.getItem(tokenKey) === pageToken) localStorage.removeItem(tokenKey);
    pageToken = value || null;
  },
  /** Takes up the session another tab stored, without storing anything. */
  adopt(value) { pageToken = value || null; },
};

let onUnauthorized = () => {};
/** What to do when the server says the session is over. */
export function whenUnauthorized(handler) { onUnauthorized = handler; }

/** `await api("POST", "/tasks", {text})`: the answer's JSON (null for 204); throws APIError. */
export async function api(method, path, body, { ifMatch, anonymous = false, token = session.token } = {}) {
  const headers = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (!anonymous && token) headers.Authorization = "Bearer " + token;
  if (ifMatch !== undefined) headers["If-Match"] = `"${ifMatch}"`;
  let response;
  try {
    response = await fetch("/api/v1" + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new APIError(0, "network", unreachable);
  }
  if (response.status === 204) return null;
  let data = null;
  try { data = await response.json(); } catch { data = null; }
  if (!response.ok) {
    const error = data && data.error ? data.error : {};
    const failure = new APIError(response.status, error.code || "http_" + response.status,
      sentence(error.message) || `The server answered ${response.status}.`, error.details);
    // Only while the session it was sent with is still the page's (not after signing out).
    if (response.status === 401 && !anonymous && token && token === session.token) onUnauthorized(failure);
    throw failure;
  }
  return data;
}

/** An API message as the page shows it: "task not found" → "Task not found". */
function sentence(message) {
  return typeof message === "string" && message ? message[0].toUpperCase() + message.slice(1) : message;
}

/** Where and when the user is, for sentences with dates (DESIGN §6: `timezone`, `now`). */
export function clientTime() {
  return { timezone: Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC", now: isoWithOffset(new Date()) };
}

/** RFC 3339 with the local offset, e.g. 2026-03-10T10:00:00+01:00. */
export function isoWithOffset(date) {
  const pad = (n) => String(Math.abs(n)).padStart(2, "0");
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? "+" : "-";
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}:` +
    `${pad(date.getSeconds())}${sign}${pad(Math.trunc(offset / 60))}:${pad(offset % 60)}`;
}
