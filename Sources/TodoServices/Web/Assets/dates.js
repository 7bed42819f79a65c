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
  const time = allDay ? "" : new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" }).format(due);
  const text = time ? `${relative} ${time}` : relative;
  const full = new Intl.DateTimeFormat(undefined, allDay ? { dateStyle: "full", timeZone: zone } : { dateStyle: "full", timeStyle: "short" }).format(due);
  return { text, relative, overdue, title: full };
}

/** A recurrence rule in a few words ("every week", "every 2 months"). */
export function describeRecurrence(rule) {
  if (!rule) return "";
  const fields = Object.fromEntries(rule.split(";").map((part) => part.split("=")));
  const unit = { DAILY: "day", WEEKLY: "week", MONTHLY: "month", YEARLY: "year", HOURLY: "hour", MINUTELY: "minute" }[fields.FREQ] || "time";
  const interval = Number(fields.INTERVAL || 1);
  let text = interval === 1 ? `every ${unit}` : `every ${interval} ${unit}s`;
  if (fields.BYDAY) text += ` on ${fields.BYDAY}`;
  if (fields.BYMONTHDAY) text += ` on day ${fields.BYMONTHDAY}`;
  return text;
}
