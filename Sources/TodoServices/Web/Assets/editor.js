// Editing one task in a dialog: only the fields the user changed are sent, with If-Match, so
// a change made elsewhere meanwhile is not overwritten unseen (412).
import { api, clientTime, isoWithOffset } from "./api.js";
import { announce, byId, el } from "./dom.js";
import { dateInput, describeRecurrence, describeReminder, timeInput } from "./dates.js";

/** A reminder as the API takes it (and as two are compared). */
const reminderKey = (reminder) => JSON.stringify(reminder.minutes_before !== undefined
  ? { minutes_before: reminder.minutes_before } : { at: new Date(reminder.at).toISOString().replace(/\.\d{3}Z$/, "Z") });

export class TaskEditor {
  constructor({ onChanged }) {
    this.onChanged = onChanged;
    this.dialog = byId("edit-dialog");
    this.task = null;
    this.opener = null;
    byId("edit-form").addEventListener("submit", (event) => {
      event.preventDefault();
      this.save();
    });
    byId("edit-cancel").addEventListener("click", () => this.close());
    byId("edit-clear-due").addEventListener("click", () => {
      byId("edit-date").value = "";
      byId("edit-time").value = "";
      this.dueChanged();
      byId("edit-date").focus();
    });
    for (const id of ["edit-date", "edit-time"]) byId(id).addEventListener("input", () => this.dueChanged());
    byId("edit-reminder-add-before").addEventListener("click", () => this.addBefore());
    byId("edit-reminder-add-at").addEventListener("click", () => this.addAt());
    byId("edit-delete").addEventListener("click", () => this.remove());
    this.dialog.addEventListener("close", () => {
      if (this.opener && this.opener.isConnected) this.opener.focus();
    });
  }

  open(task) {
    this.opener = document.activeElement;
    this.fill(task);
    byId("edit-error").textContent = "";
    this.dialog.showModal();
    byId("edit-title").focus();
  }

  /** The form shows `task`, and the values it started from are kept to see what changed. */
  fill(task) {
    this.task = task;
    const due = task.due_at ? new Date(task.due_at) : null;
    this.initial = {
      title: task.title,
      description: task.description || "",
      date: due ? dateInput(due, task.all_day ? task.timezone : undefined) : "",
      time: due && !task.all_day ? timeInput(due) : "",
      priority: task.priority,
      tags: task.tags.join(", "),
      recurrence: task.recurrence || "",
    };
    for (const [name, value] of Object.entries(this.initial)) byId("edit-" + name).value = value;
    byId("edit-recurrence-now").textContent = task.recurrence ? `Now: ${describeRecurrence(task.recurrence, task.timezone)}. ` : "";
    this.initialReminders = (task.reminders || []).map(reminderKey).join(",");
    this.reminders = (task.reminders || []).map((reminder) => JSON.parse(reminderKey(reminder)));
    byId("edit-reminder-day").value = "";
    this.renderReminders();
    this.dueChanged();
  }

  /** The reminders the dialog holds now, each with its Remove button. */
  renderReminders() {
    byId("edit-reminders").replaceChildren(...this.reminders.map((reminder, index) => {
      const words = describeReminder(reminder);
      return el("li", {},
        el("span", { text: words[0].toUpperCase() + words.slice(1) }),
        el("button", { type: "button", class: "link", "aria-label": "Remove reminder " + words, text: "Remove",
          onclick: () => this.removeReminder(index, words) }));
    }));
    byId("edit-reminders-empty").hidden = this.reminders.length > 0;
  }

  /** A reminder counted back from the due date can only be added while there is one. */
  dueChanged() {
    const due = Boolean(byId("edit-date").value);
    for (const id of ["edit-reminder-amount", "edit-reminder-unit", "edit-reminder-add-before"]) byId(id).disabled = !due;
    byId("edit-reminder-before-hint").hidden = due;
  }

  removeReminder(index, words) {
    this.reminders.splice(index, 1);
    this.renderReminders();
    announce(`Reminder ${words} removed`);
    // The button went with its reminder: the focus goes to the next one, or to adding one.
    const next = byId("edit-reminders").querySelectorAll("button");
    const amount = byId("edit-reminder-amount");
    (next[Math.min(index, next.length - 1)] || (amount.disabled ? byId("edit-reminder-day") : amount)).focus();
  }

  add(reminder) {
    const error = byId("edit-error");
    error.textContent = "";
    if (this.reminders.some((other) => reminderKey(other) === reminderKey(reminder))) {
      error.textContent = `There is already a reminder ${describeReminder(reminder)}.`;
      return;
    }
    this.reminders.push(reminder);
    this.renderReminders();
    announce(`Reminder ${describeReminder(reminder)} added`);
  }

  addBefore() {
    const amount = Number(byId("edit-reminder-amount").value);
    if (!Number.isInteger(amount) || amount < 1) {
      byId("edit-error").textContent = "Enter a whole number of minutes, hours or days.";
      byId("edit-reminder-amount").focus();
      return;
    }
    this.add({ minutes_before: amount * Number(byId("edit-reminder-unit").value) });
  }

  addAt() {
    const day = byId("edit-reminder-day").value;
    const clock = byId("edit-reminder-clock").value || "09:00";
    if (!day) {
      byId("edit-error").textContent = "Choose the day of the reminder.";
      byId("edit-reminder-day").focus();
      return;
    }
    this.add(JSON.parse(reminderKey({ at: new Date(`${day}T${clock}`) })));
  }

  close() { this.dialog.close(); }

  /** The session ended: both dialogs close, and the focus is left to the sign-in form. */
  abandon() {
    this.opener = null;
    for (const dialog of [byId("confirm-dialog"), this.dialog]) if (dialog.open) dialog.close();
  }

  values() {
    const values = {};
    for (const name of Object.keys(this.initial)) values[name] = byId("edit-" + name).value;
    return values;
  }

  /** The PATCH body: the fields whose inputs changed. */
  async changes() {
    const now = this.values();
    const body = {};
    if (now.title.trim() !== this.initial.title) body.title = now.title.trim();
    if (now.description !== this.initial.description) body.description = now.description;
    if (now.priority !== this.initial.priority) body.priority = now.priority;
    if (now.tags !== this.initial.tags) body.tags = now.tags.split(",").map((t) => t.trim().replace(/^#/, "")).filter(Boolean);
    if (now.date !== this.initial.date || now.time !== this.initial.time) {
      if (!now.date && now.time) throw new Error("Choose a date for the time, or clear the time.");
      body.due_at = !now.date ? null : now.time ? isoWithOffset(new Date(`${now.date}T${now.time}`)) : now.date;
    }
    // Reminders counted back from the due date cannot outlive it; those at an instant stay.
    let reminders = this.reminders;
    this.dropped = false;
    if (!now.date && reminders.some((reminder) => reminder.minutes_before !== undefined)) {
      reminders = reminders.filter((reminder) => reminder.minutes_before === undefined);
      this.dropped = true;
    }
    if (reminders.map(reminderKey).join(",") !== this.initialReminders) body.reminders = reminders;
    if (now.recurrence.trim() !== this.initial.recurrence) body.recurrence = await this.rule(now.recurrence.trim());
    return body;
  }

  /** An RRULE as typed, or the rule a phrase such as "every monday" means. */
  async rule(text) {
    if (!text) return null;
    if (/FREQ=/i.test(text)) return text.replace(/^RRULE:/i, "").toUpperCase();
    const parsed = await api("POST", "/tasks/parse", { text: "x " + text, ...clientTime() });
    if (!parsed.recurrence) throw new Error(`“${text}” is not a repetition I understand; try “every monday” or “every month on the 1st”.`);
    return parsed.recurrence;
  }

  async save() {
    const error = byId("edit-error");
    error.textContent = "";
    let body;
    try {
      body = await this.changes();
    } catch (failure) {
      error.textContent = failure.message;
      return;
    }
    if (!body.title && body.title !== undefined) {
      error.textContent = "A task needs a title.";
      byId("edit-title").focus();
      return;
    }
    if (Object.keys(body).length === 0) {
      this.close();
      return;
    }
    try {
      const task = await api("PATCH", `/tasks/${this.task.id}`, body, { ifMatch: this.task.version });
      this.close();
      const dropped = this.dropped ? " Its reminders before the due date were removed with it." : "";
      announce(`Saved #${task.number} ${task.title}.${dropped}`);
      this.onChanged();
    } catch (failure) {
      if (failure.status === 412) {
        await this.conflict();
      } else if (failure.status === 404) {
        error.textContent = "This task was deleted elsewhere.";
        this.onChanged();
      } else {
        error.textContent = failure.message;
      }
    }
  }

  /** The task changed elsewhere: show its new version with the user's edits on top, and say so. */
  async conflict() {
    const typed = this.values();
    const edited = Object.keys(typed).filter((name) => typed[name] !== this.initial[name]);
    const reminders = this.reminders.map(reminderKey).join(",") !== this.initialReminders ? this.reminders : null;
    try {
      const latest = await api("GET", `/tasks/${this.task.id}`);
      this.fill(latest);
      for (const name of edited) byId("edit-" + name).value = typed[name];
      if (reminders) {
        this.reminders = reminders;
        this.renderReminders();
      }
      this.dueChanged();
      byId("edit-error").textContent = "This task was changed elsewhere while you were editing it, so nothing was saved. " +
        "Your edits are still in the form: Save again to apply them to the latest version, or Cancel.";
    } catch (failure) {
      byId("edit-error").textContent = failure.status === 404 ? "This task was deleted elsewhere." : failure.message;
      if (failure.status === 404) this.onChanged();
    }
  }

  async remove() {
    const task = this.task;
    const confirm = byId("confirm-dialog");
    byId("confirm-text").textContent = `Delete #${task.number} “${task.title}”? This cannot be undone.`;
    confirm.returnValue = "";
    confirm.showModal();
    byId("confirm-ok").focus();
    await new Promise((resolve) => confirm.addEventListener("close", resolve, { once: true }));
    if (confirm.returnValue !== "ok") return;
    try {
      await api("DELETE", `/tasks/${task.id}`);
      this.close();
      announce(`Deleted #${task.number} ${task.title}`);
      this.onChanged();
    } catch (failure) {
      byId("edit-error").textContent = failure.message;
    }
  }
}
