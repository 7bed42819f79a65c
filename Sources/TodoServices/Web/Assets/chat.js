// The assistant: a conversation (POST /chat), earlier ones reopened from the list.
import { api, clientTime } from "./api.js";
import { byId, el } from "./dom.js";
import { describeInstant } from "./dates.js";

export class ChatPanel {
  constructor({ onActions }) {
    this.onActions = onActions;
    this.conversationID = null;
    this.sending = false;
    byId("chat-form").addEventListener("submit", (event) => {
      event.preventDefault();
      this.send();
    });
    byId("chat-conversation").addEventListener("change", (event) => this.open(event.target.value || null));
    byId("chat-toggle").addEventListener("click", () => {
      const panel = byId("chat-panel");
      panel.hidden = !panel.hidden;
      byId("chat-toggle").setAttribute("aria-expanded", String(!panel.hidden));
      if (!panel.hidden) byId("chat-input").focus();
    });
  }

  reset() {
    this.conversationID = null;
    byId("chat-log").replaceChildren();
    byId("chat-conversation").replaceChildren(el("option", { value: "", text: "New conversation" }));
  }

  async loadConversations() {
    try {
      const answer = await api("GET", "/conversations");
      const options = [el("option", { value: "", text: "New conversation" })];
      for (const conversation of answer.conversations || []) {
        const when = conversation.updated_at || conversation.created_at;
        const title = conversation.title || (when ? describeInstant(when) : conversation.id);
        options.push(el("option", { value: conversation.id, text: title }));
      }
      const select = byId("chat-conversation");
      select.replaceChildren(...options);
      select.value = this.conversationID || "";
    } catch {
      // The list is a convenience: the panel works without it.
    }
  }

  async open(id) {
    this.conversationID = id;
    const log = byId("chat-log");
    log.replaceChildren();
    byId("chat-error").textContent = "";
    if (!id) return;
    try {
      const answer = await api("GET", `/conversations/${encodeURIComponent(id)}/messages`);
      for (const message of answer.messages || []) {
        this.append(message.role === "user" ? "user" : "assistant", message.content || message.text || "", message.actions || []);
      }
    } catch (failure) {
      byId("chat-error").textContent = failure.message;
    }
  }

  append(role, text, actions = []) {
    const item = el("div", { class: "message " + role },
      el("span", { class: "visually-hidden", text: role === "user" ? "You: " : "Assistant: " }),
      el("p", { class: "message-text", text }));
    if (actions.length) {
      item.append(el("ul", { class: "chat-actions", "aria-label": "What the assistant did" },
        actions.map((action) => el("li", { text: describeAction(action) }))));
    }
    byId("chat-log").append(item);
    item.scrollIntoView({ block: "end" });
    return item;
  }

  async send() {
    const input = byId("chat-input");
    const message = input.value.trim();
    if (!message || this.sending) return;
    this.sending = true;
    byId("chat-error").textContent = "";
    // A message that failed before is in the input again: it is sent now, not shown twice.
    for (const failed of byId("chat-log").querySelectorAll(".message.failed")) failed.remove();
    const bubble = this.append("user", message);
    input.value = "";
    try {
      const body = { message, ...clientTime() };
      if (this.conversationID) body.conversation_id = this.conversationID;
      const answer = await api("POST", "/chat", body);
      const isNew = this.conversationID !== answer.conversation_id;
      this.conversationID = answer.conversation_id;
      this.append("assistant", answer.reply, answer.actions || []);
      if ((answer.actions || []).length) this.onActions();
      if (isNew) this.loadConversations();
    } catch (failure) {
      byId("chat-error").textContent = failure.message;
      bubble.classList.add("failed");
      bubble.append(el("small", { class: "not-sent", text: "Not sent" }));
      input.value = message;
    } finally {
      this.sending = false;
    }
  }
}

/** "add_task: created #4 Buy milk". */
function describeAction(action) {
  const result = action.result || {};
  const what = [result.status, result.number !== undefined ? "#" + result.number : null, result.title].filter(Boolean).join(" ");
  return what ? `${action.tool}: ${what}` : action.tool;
}
