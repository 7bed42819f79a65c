// Live updates over the WebSocket at /ws: the token goes in the first message (not the URL,
// which proxies log); after a drop the page reconnects with a growing pause (at most 10 s, and
// at once when the browser is back online or the page is looked at again) and resumes after
// the last message it saw, so nothing is missed.
import { session } from "./api.js";

export class LiveConnection {
  constructor({ onMessage, onState, onResumeLost, onRefused }) {
    this.onMessage = onMessage;
    this.onRefused = onRefused;
    this.onState = onState;
    this.onResumeLost = onResumeLost;
    this.socket = null;
    this.lastSequence = null;
    this.failures = 0;
    this.timer = null;
    this.stopped = true;
    // Back online, or the user is back on the page: try at once rather than at the end of a pause.
    const now = () => this.reconnectNow();
    window.addEventListener("online", now);
    window.addEventListener("focus", now);
    document.addEventListener("visibilitychange", () => { if (document.visibilityState === "visible") now(); });
  }

  /** Connects now when the connection is down and waiting to try again. */
  reconnectNow() {
    if (this.stopped || !this.timer) return;
    clearTimeout(this.timer);
    this.timer = null;
    this.connect();
  }

  start() {
    this.stopped = false;
    this.lastSequence = null;
    this.connect();
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = null;
    if (this.socket) this.socket.close(1000);
    this.socket = null;
    this.onState("off");
  }

  connect() {
    if (this.stopped || !session.token) return;
    const url = (location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/ws";
    const socket = new WebSocket(url);
    this.socket = socket;
    const resuming = this.lastSequence !== null;
    socket.addEventListener("open", () => {
      const first = { token: session.token };
      if (resuming) first.resume_from = this.lastSequence;
      socket.send(JSON.stringify(first));
      this.failures = 0;
      this.onState("live");
      // Reconnected after a drop with no point to resume from: whatever changed is loaded.
      if (!resuming) this.onResumeLost();
    });
    socket.addEventListener("message", (event) => {
      let message;
      try { message = JSON.parse(event.data); } catch { return; }
      if (typeof message.sequence === "number") this.lastSequence = message.sequence;
      this.onMessage(message);
    });
    socket.addEventListener("close", (event) => {
      if (socket !== this.socket || this.stopped) return;
      this.onState("offline");
      // 1008: the resume point was refused (or the session ended, which the API's 401 shows).
      if (event.code === 1008) {
        this.lastSequence = null;
        this.onRefused();
      }
      this.failures += 1;
      const pause = Math.min(10000, 500 * 2 ** Math.min(this.failures, 5)) * (0.75 + Math.random() / 2);
      this.timer = setTimeout(() => {
        this.timer = null;
        this.connect();
      }, pause);
    });
  }
}
