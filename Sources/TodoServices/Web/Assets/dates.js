// Due dates in the user's words: local time, and "today", "tomorrow", "overdue".

const dayMs = 86400000;

/** The calendar date (y, m, d) of `date` in `timeZone` (the browser's when undefined). */
function calendarDay(date, timeZone) {
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).formatToParts(date);
  const get = (type) => Number(parts.find((p) => p.type === type).value);
  return Date.UTC(get("year"), get("month") - 1, get("day"));
}

/** "YYYY-MM-DD" of `date` in `timeZone`. */
export function dateInput(date, timeZone) {
  return new Date(calendarDay(date, timeZone)).toISOString().slice(0, 10);
}

/** "HH:MM" of `date` in the browser's zone. */
export function timeInput(date) {
  return new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(date);
}

/**
 * How a due date reads: `{text, relative, overdue, title}`. An all-day date is the task's own
 * calendar date; a time is shown in the browser's zone.
 */
export function describeDue(dueAt, allDay, taskZone, now = new Date()) {
  const due = new Date(dueAt);
  const zone = allDay ? taskZone : undefined;
  const days = Math.round((calendarDay(due, zone) - calendarDay(now, undefined)) / dayMs);
  const overdue = allDay ? days < 0 : due.getTime() < now.getTime();
  let relative;
  if (days === 0) relative = "today";
  else if (days === 1) relative = "tomorrow";
  else if (days === -1) relative = "yesterday";
  else if (days > 1 && days < 7) relative = new Intl.DateTimeFormat(undefined, { weekday: "long", timeZone: zone }).format(due);
  else relative = new Intl.DateTimeFormat(undefined, { day: "numeric", month: "short", year: days > 300 || days < -300 ? "numeric" : undefined, timeZone: zone }).format(due);
  const time = allDay ? "" : new Intl.DateTimeFormat(undefined, { hour: "numeric", minute: "2-digit" }).format(due);
  const text = time ? `${relative} ${time}` : relative;
  const full = new Intl.DateTimeFormat(undefined, allDay ? { dateStyle: "full", timeZone: zone } : { dateStyle: "full", timeStyle: "short" }).format(due);
  return { text, relative, overdue, title: full };
}

/** An instant in the browser's zone, the one way the page shows one: "Mar 10, 2026, 5:00 PM". */
export function describeInstant(instant) {
  return new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" }).format(new Date(instant));
}

const dayNames = { MO: "Mon", TU: "Tue", WE: "Wed", TH: "Thu", FR: "Fri", SA: "Sat", SU: "Sun" };
const monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "20270302T045959Z" → the date of that instant in `timeZone`; a plain "20270301" as written. */
function untilDate(until, timeZone) {
  const match = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z)?)?$/.exec(until);
  if (!match) return until;
  const [, y, m, d, hh, mm, ss, utc] = match;
  if (!hh || !utc) return `${y}-${m}-${d}`;
  return dateInput(new Date(Date.UTC(Number(y), Number(m) - 1, Number(d), Number(hh), Number(mm), Number(ss))), timeZone);
}

/** 1 → "1st", 22 → "22nd", -1 → "last day". */
function ordinal(n) {
  if (n === -1) return "last day";
  if (n < 0) return `${-n}th-last day`;
  const tens = n % 100, ones = n % 10;
  const suffix = tens >= 11 && tens <= 13 ? "th" : ones === 1 ? "st" : ones === 2 ? "nd" : ones === 3 ? "rd" : "th";
  return n + suffix;
}

/** "MO" → "Mon", "-1FR" → "last Fri", "2TU" → "2nd Tue". */
function weekday(code) {
  const match = /^([+-]?\d+)?([A-Z]{2})$/.exec(code);
  if (!match) return code;
  const name = dayNames[match[2]] || match[2];
  if (!match[1]) return name;
  const n = Number(match[1]);
  return "the " + (n === -1 ? "last" : ordinal(n)) + " " + name;
}

/**
 * A recurrence rule (RFC 5545 RRULE) in a few words: "every weekday", "every month on the 1st".
 * An UNTIL instant (UTC) is shown as its date in `timeZone`, the task's (the browser's when undefined).
 */
export function describeRecurrence(rule, timeZone) {
  if (!rule) return "";
  const fields = Object.fromEntries(rule.split(";").map((part) => part.split("=")));
  const unit = { DAILY: "day", WEEKLY: "week", MONTHLY: "month", YEARLY: "year", HOURLY: "hour", MINUTELY: "minute" }[fields.FREQ] || "time";
  const interval = Number(fields.INTERVAL || 1);
  let text = interval === 1 ? `every ${unit}` : `every ${interval} ${unit}s`;
  if (fields.BYDAY === "MO,TU,WE,TH,FR" && interval === 1) text = "every weekday";
  else if (fields.BYDAY === "SA,SU" && interval === 1) text = "every weekend";
  else if (fields.BYDAY) text += " on " + fields.BYDAY.split(",").map(weekday).join(", ");
  if (fields.BYMONTH && fields.BYMONTHDAY) text += " on " + fields.BYMONTH.split(",").map((m) => monthNames[Number(m) - 1]).join(", ") + " " + fields.BYMONTHDAY;
  else if (fields.BYMONTHDAY) text += " on the " + fields.BYMONTHDAY.split(",").map((d) => ordinal(Number(d))).join(", ");
  if (fields.COUNT) text += `, ${fields.COUNT} times`;
  if (fields.UNTIL) text += ", until " + untilDate(fields.UNTIL, timeZone);
  if (fields.FREQ === undefined) text = rule;
  return text;
}

/** 30 → "30 minutes" ("30 min" when `short`), 120 → "2 hours", 1440 → "1 day". */
export function describeDuration(minutes, short = false) {
  const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;
  if (minutes > 0 && minutes % 1440 === 0) return plural(minutes / 1440, "day");
  if (minutes > 0 && minutes % 60 === 0) return plural(minutes / 60, "hour");
  return short ? `${minutes} min` : plural(minutes, "minute");
}

/**
 * A reminder in words: "30 minutes before" (of the due date), or "at Tue 9 Dec 9:00 AM" in the
 * browser's zone (with the year when it is not this year's).
 */
export function describeReminder(reminder, { short = false, now = new Date() } = {}) {
  if (reminder.minutes_before !== undefined) return `${describeDuration(reminder.minutes_before, short)} before`;
  const at = new Date(reminder.at);
  const year = at.getFullYear() !== now.getFullYear() ? "numeric" : undefined;
  const parts = new Intl.DateTimeFormat(undefined, { weekday: "short", day: "numeric", month: "short", year }).formatToParts(at);
  const get = (type) => (parts.find((p) => p.type === type) || {}).value;
  const day = [get("weekday"), get("day"), get("month"), get("year")].filter(Boolean).join(" ");
  return `at ${day} ${new Intl.DateTimeFormat(undefined, { hour: "numeric", minute: "2-digit" }).format(at)}`;
}
