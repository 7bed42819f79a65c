// The task list: filters, paging, completing and reopening. State lives here; the list is
// rendered from it, and reloaded from the server after every change (ours or a live one).
import { api } from "./api.js";
import { announce, byId, debounce, el } from "./dom.js";
import { describeDue, describeRecurrence, describeReminder } from "./dates.js";

const pageSize = 50;
const priorityWords = { high: "High priority", medium: "Medium priority", low: "Low priority" };
const priorityMarks = { high: "!!!", medium: "!!", low: "!" };

export class TaskList {
  constructor({ onEdit }) {
    this.onEdit = onEdit;
    this.filter = { status: "pending", q: "", tag: null, sort: "due" };
    this.tasks = [];
    this.nextCursor = null;
    this.loading = 0;
    this.loadFailed = false;
    // Completions and reopenings on their way to the server, by task id: a redraw meanwhile
    // shows the box as the user left it, not as the last listing had it.
    this.settingDone = new Map();
    // The row drawn for each task, reused while the task is unchanged: a reload that finds
    // nothing new leaves the page as it is (focus, a click under way).
    this.rows = new Map();
    this.scheduleReload = debounce(() => this.reload(), 100);

    const filters = byId("filters");
    filters.addEventListener("submit", (event) => event.preventDefault());
    filters.addEventListener("change", (event) => {
      if (event.target.name === "status") this.filter.status = event.target.value;
      if (event.target.name === "sort") this.filter.sort = event.target.value;
      if (event.target.name !== "q") this.reload({ fromStart: true });
    });
    const search = debounce(() => this.reload({ fromStart: true }), 250);
    byId("filter-q").addEventListener("input", (event) => {
      this.filter.q = event.target.value.trim();
      search();
    });
    byId("load-more").addEventListener("click", () => this.loadMore());
    // "Today", "tomorrow" and "Overdue" change with the clock: each minute (and when the user
    // comes back to the page) the rows whose wording changed are drawn again.
    const reword = () => { if (this.tasks.length) this.render(); };
    setInterval(reword, 60000);
    window.addEventListener("focus", reword);
  }

  query(cursor, limit) {
    const parameters = new URLSearchParams({ status: this.filter.status, sort: this.filter.sort, limit: String(limit) });
    if (this.filter.q) parameters.set("q", this.filter.q);
    if (this.filter.tag) parameters.set("tag", this.filter.tag);
    if (cursor) parameters.set("cursor", cursor);
    return "/tasks?" + parameters.toString();
  }

  /**
   * Loads the list again: after a change, as many tasks as are shown now (at least a page); from
   * the first page when the filter changed.
   */
  async reload({ fromStart = false } = {}) {
    const loading = ++this.loading;
    const limit = fromStart ? pageSize : Math.min(500, Math.max(pageSize, this.tasks.length));
    try {
      const page = await api("GET", this.query(null, limit));
      if (loading !== this.loading) return;
      this.tasks = page.tasks;
      this.nextCursor = page.next_cursor || null;
      // Loaded: a loading error goes; an action's error (a completion that failed) stays.
      if (this.loadFailed) byId("list-error").textContent = "";
      this.loadFailed = false;
      this.render();
    } catch (failure) {
      if (failure.status === 401) return;
      // An action's error in view (a completion that failed) says more than this one.
      if (byId("list-error").textContent && !this.loadFailed) return;
      byId("list-error").textContent = "The tasks could not be loaded: " + failure.message;
      this.loadFailed = true;
    }
  }

  async loadMore() {
    if (!this.nextCursor) return;
    try {
      const page = await api("GET", this.query(this.nextCursor, pageSize));
      const shown = this.tasks.length;
      this.tasks = this.tasks.concat(page.tasks);
      this.nextCursor = page.next_cursor || null;
      this.render();
      // The button went away with the last page: the focus goes to the first task it brought.
      if (!this.nextCursor) {
        const first = byId("task-list").children[shown];
        (first ? first.querySelector(".done-box") : byId("task-list")).focus();
      }
      announce(`${page.tasks.length} more tasks`);
    } catch (failure) {
      byId("list-error").textContent = failure.message;
    }
  }

  clear() {
    this.tasks = [];
    this.nextCursor = null;
    this.filter.tag = null;
    this.rows.clear();
    byId("task-list").replaceChildren();
  }

  async showTag(tag) {
    const inFilter = () => byId("filter-tag").contains(document.activeElement);
    const fromButton = inFilter();
    this.filter.tag = tag;
    announce(tag ? `Showing tasks tagged ${tag}` : "Showing every tag");
    await this.reload({ fromStart: true });
    // "Show all tags" is gone with the filter: the focus goes to the list it changed.
    if (fromButton && (inFilter() || document.activeElement === document.body)) byId("task-list").focus();
  }

  async setDone(task, done) {
    byId("list-error").textContent = "";
    this.settingDone.set(task.id, done);
    let failed = null;
    try {
      const changed = await api("POST", `/tasks/${task.id}/${done ? "complete" : "reopen"}`);
      announce(`${done ? "Completed" : "Reopened"} #${changed.number} ${changed.title}`);
    } catch (failure) {
      failed = failure;
    }
    this.settingDone.delete(task.id);
    if (!failed) return this.reload();
    if (failed.status === 401) return;
    // Nothing changed: the box shows the task as it is, and the completion's error stays in view
    // (the reload's own error, if any, does not replace it).
    const box = byId("task-list").querySelector(`[data-focus-key="${CSS.escape(task.id + ":done")}"]`);
    if (box) box.checked = task.status === "completed";
    byId("list-error").textContent = `#${task.number} could not be ${done ? "completed" : "reopened"}: ${failed.message}`;
    this.reload();
  }

  render() {
    const list = byId("task-list");
    // Keep the focus on the same control of the same task across a redraw.
    const focused = document.activeElement && list.contains(document.activeElement) ? document.activeElement.dataset.focusKey : null;
    const wanted = this.tasks.map((task) => this.rowFor(task));
    const kept = new Set(wanted);
    for (const child of [...list.children]) if (!kept.has(child)) child.remove();
    wanted.forEach((node, index) => {
      if (list.children[index] !== node) list.insertBefore(node, list.children[index] || null);
    });
    const shown = new Set(this.tasks.map((task) => task.id));
    for (const id of this.rows.keys()) if (!shown.has(id)) this.rows.delete(id);
    if (focused && !list.contains(document.activeElement)) {
      const again = list.querySelector(`[data-focus-key="${CSS.escape(focused)}"]`);
      if (again) again.focus();
      else list.focus();
    }
    byId("list-empty").hidden = this.tasks.length > 0;
    byId("load-more").hidden = !this.nextCursor;
    const tag = byId("filter-tag");
    tag.hidden = !this.filter.tag;
    if (this.filter.tag) {
      tag.replaceChildren(`Showing tag #${this.filter.tag} `,
        el("button", { type: "button", class: "link", onclick: () => this.showTag(null), text: "Show all tags" }));
    }
  }

  /** The task's row: the one drawn before when nothing it shows has changed. */
  rowFor(task) {
    // Relative dates ("tomorrow", "Overdue") change with the clock, so their wording is part of
    // what is shown. A box the user just ticked keeps its row: the click already shows on it.
    const due = task.due_at ? describeDue(task.due_at, task.all_day, task.timezone) : null;
    const signature = [task.version, task.status, due ? `${due.text} ${due.overdue}` : ""].join("|");
    const drawn = this.rows.get(task.id);
    if (drawn && drawn.signature === signature) return drawn.node;
    const node = this.row(task);
    this.rows.set(task.id, { signature, node });
    return node;
  }

  row(task) {
    const done = task.status === "completed";
    const label = `#${task.number} ${task.title}`;
    const meta = [];
    let overdue = false;
    if (task.due_at) {
      const due = describeDue(task.due_at, task.all_day, task.timezone);
      overdue = due.overdue && !done;
      meta.push(el("span", { class: "due" + (overdue ? " overdue" : ""), title: due.title },
        overdue ? el("strong", { text: "Overdue: " }) : el("span", { class: "visually-hidden", text: "Due " }), due.text));
    }
    if (priorityWords[task.priority]) {
      meta.push(el("span", { class: "priority priority-" + task.priority },
        el("span", { "aria-hidden": "true", text: priorityMarks[task.priority] + " " }), priorityWords[task.priority]));
    }
    if (task.recurrence) {
      meta.push(el("span", { class: "recurrence", title: task.recurrence },
        el("span", { "aria-hidden": "true", text: "↻ " }), "Repeats " + describeRecurrence(task.recurrence, task.timezone)));
    }
    const reminders = task.reminders || [];
    if (reminders.length) {
      const more = reminders.length > 1 ? ` and ${reminders.length - 1} more` : "";
      meta.push(el("span", { class: "reminder" }, `Reminder ${describeReminder(reminders[0], { short: true })}${more}`));
    }
    for (const tag of task.tags) {
      meta.push(el("button", { type: "button", class: "tag", "aria-label": `Show tag ${tag}`, onclick: () => this.showTag(tag), text: "#" + tag }));
    }
    return el("li", { class: "task" + (done ? " done" : "") + (overdue ? " is-overdue" : ""), dataset: { id: task.id, number: String(task.number) } },
      el("input", { type: "checkbox", class: "done-box", checked: this.settingDone.get(task.id) ?? done, "aria-label": (done ? "Reopen " : "Complete ") + label,
        dataset: { focusKey: task.id + ":done" }, onchange: (event) => this.setDone(task, event.target.checked) }),
      el("div", { class: "task-body" },
        el("p", { class: "task-title" }, el("span", { class: "number", text: `#${task.number}` }), " ", el("span", { class: "title", text: task.title })),
        task.description ? el("p", { class: "description", text: task.description }) : null,
        meta.length ? el("p", { class: "meta" }, meta) : null),
      el("button", { type: "button", class: "secondary edit", "aria-label": "Edit " + label, dataset: { focusKey: task.id + ":edit" },
        onclick: () => this.onEdit(task), text: "Edit" }));
  }
}
