// The one way the page talks to the server: JSON over fetch with the session's bearer token.
// A 401 anywhere ends the session on the page (the sign-in form comes back).

const tokenKey = "todo.token";

export class APIError extends Error {
  constructor(status, code, message, details) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details || {};
  }
}

export const session = {
  get token() { return localStorage.getItem(tokenKey); },
  set token(value) {
    if (value) localStorage.setItem(tokenKey, value);
    else localStorage.removeItem(tokenKey);
  },
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
    throw new APIError(0, "network", "The server cannot be reached. Check your connection and try again.");
  }
  if (response.status === 204) return null;
  let data = null;
  try { data = await response.json(); } catch { data = null; }
  if (!response.ok) {
    const error = data && data.error ? data.error : {};
    const failure = new APIError(response.status, error.code || "http_" + response.status,
      error.message || `The server answered ${response.status}.`, error.details);
    // Only while the session it was sent with is still the page's (not after signing out).
    if (response.status === 401 && !anonymous && token && token === session.token) onUnauthorized(failure);
    throw failure;
  }
  return data;
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
