// Quick add: one sentence, previewed as the user types (POST /tasks/parse), created on Enter.
import { api, clientTime } from "./api.js";
import { announce, byId, debounce, el } from "./dom.js";
import { describeDue, describeDuration, describeInstant, describeRecurrence } from "./dates.js";

/** Wires the quick-add form; `onCreated(task)` runs after a task was created. */
export function setUpQuickAdd(onCreated) {
  const input = byId("quickadd-input");
  const preview = byId("quickadd-preview");
  const error = byId("quickadd-error");
  let asked = 0;
  // One creation at a time: a second Enter while the first is on its way does nothing.
  let adding = false;

  const showPreview = debounce(async () => {
    const text = input.value.trim();
    const question = ++asked;
    if (!text) {
      preview.replaceChildren();
      return;
    }
    try {
      const parsed = await api("POST", "/tasks/parse", { text, ...clientTime() });
      if (question === asked) render(parsed);
    } catch {
      if (question === asked) preview.replaceChildren();
    }
  }, 200);

  function item(label, value, className) {
    return el("span", { class: "preview-item " + (className || "") }, el("span", { class: "preview-label", text: label + ": " }), value);
  }

  function render(parsed) {
    const parts = [item("Title", parsed.title || "(none)", "title")];
    if (parsed.due_at) {
      const due = describeDue(parsed.due_at, parsed.all_day, parsed.timezone || clientTime().timezone);
      parts.push(item("Due", due.text, "due"));
    }
    if (parsed.recurrence) parts.push(item("Repeats", describeRecurrence(parsed.recurrence, parsed.timezone || clientTime().timezone), "recurrence"));
    if (parsed.priority && parsed.priority !== "none") parts.push(item("Priority", parsed.priority, "priority"));
    if (parsed.tags && parsed.tags.length) parts.push(item("Tags", parsed.tags.map((t) => "#" + t).join(" "), "tags"));
    for (const reminder of parsed.reminders || []) {
      const when = reminder.minutes_before !== undefined ? `${describeDuration(reminder.minutes_before, true)} before` : describeInstant(reminder.at);
      parts.push(item("Reminder", when, "reminder"));
    }
    preview.replaceChildren(el("span", { class: "visually-hidden", text: "Will create: " }), ...parts);
  }

  input.addEventListener("input", () => {
    error.textContent = "";
    showPreview();
  });

  byId("quickadd-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text || adding) return;
    adding = true;
    byId("quickadd-form").setAttribute("aria-busy", "true");
    try {
      const task = await api("POST", "/tasks", { text, ...clientTime() });
      input.value = "";
      asked++;
      preview.replaceChildren();
      announce(`Added #${task.number} ${task.title}`);
      onCreated(task);
    } catch (failure) {
      error.textContent = failure.message;
    } finally {
      adding = false;
      byId("quickadd-form").removeAttribute("aria-busy");
    }
  });
}
