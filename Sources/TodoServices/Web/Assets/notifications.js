// In-app reminders (GET /notifications, live "notification" messages): a count of unread ones
// in the top bar, and a list that marks them read.
import { api } from "./api.js";
import { announce, byId, el } from "./dom.js";
import { describeInstant } from "./dates.js";

export class NotificationList {
  constructor() {
    this.items = [];
    this.titles = new Map();
    byId("notifications-toggle").addEventListener("click", () => this.show(byId("notifications-panel").hidden));
    byId("notifications-panel").addEventListener("keydown", (event) => {
      if (event.key !== "Escape") return;
      event.preventDefault();
      this.show(false);
      byId("notifications-toggle").focus();
    });
  }

  show(open) {
    const panel = byId("notifications-panel");
    panel.hidden = !open;
    byId("notifications-toggle").setAttribute("aria-expanded", String(open));
    if (open) panel.focus();
  }

  reset() {
    this.items = [];
    this.titles.clear();
    byId("notifications-panel").hidden = true;
    byId("notifications-toggle").setAttribute("aria-expanded", "false");
    this.render();
  }

  async load() {
    try {
      const answer = await api("GET", "/notifications?limit=20");
      this.items = answer.notifications || [];
      await this.lookUpTitles();
      this.render();
    } catch {
      // Reminders are an extra: the page works without them.
    }
  }

  /** A live message: the notification, with its task as it is now. */
  received(message) {
    const notification = message.notification;
    if (!notification) return;
    if (message.task) this.titles.set(notification.task_id, `#${message.task.number} ${message.task.title}`);
    this.items = [notification, ...this.items.filter((item) => item.id !== notification.id)].slice(0, 20);
    this.render();
    announce("Reminder: " + (this.titles.get(notification.task_id) || "a task"));
  }

  async lookUpTitles() {
    const unknown = [...new Set(this.items.map((item) => item.task_id))].filter((id) => id && !this.titles.has(id));
    await Promise.all(unknown.map(async (id) => {
      try {
        const task = await api("GET", `/tasks/${id}`);
        this.titles.set(id, `#${task.number} ${task.title}`);
      } catch {
        this.titles.set(id, "a deleted task");
      }
    }));
  }

  async markRead(item) {
    try {
      await api("POST", `/notifications/${item.id}/read`);
      item.read = true;
      this.render();
      // The button is gone: the focus goes to the next one, or to the panel.
      const next = byId("notifications-list").querySelector("button");
      (next || byId("notifications-panel")).focus();
    } catch (failure) {
      announce(failure.message);
    }
  }

  render() {
    const unread = this.items.filter((item) => !item.read).length;
    const count = byId("notifications-count");
    count.textContent = unread ? String(unread) : "";
    count.hidden = unread === 0;
    byId("notifications-toggle").setAttribute("aria-label", unread ? `Reminders, ${unread} unread` : "Reminders");
    const list = byId("notifications-list");
    list.replaceChildren(...this.items.map((item) => el("li", { class: "notification" + (item.read ? "" : " unread") },
      el("span", { class: "notification-text" }, item.read ? "" : el("strong", { text: "New: " }),
        `Reminder for ${this.titles.get(item.task_id) || "a task"}`,
        item.due_at ? `, due ${describeInstant(item.due_at)}` : "",
        item.late ? " (late)" : ""),
      item.read ? null : el("button", { type: "button", class: "link", text: "Mark read",
        "aria-label": `Mark the reminder for ${this.titles.get(item.task_id) || "a task"} read`, onclick: () => this.markRead(item) }))));
    byId("notifications-empty").hidden = this.items.length > 0;
  }
}
