// Building the page from data. Text always goes in as text (textContent, attribute values):
// nothing here parses a string as HTML, so a task titled "<img onerror=…>" shows as written.

/** An element: `el("li", {class: "task", dataset: {id}}, child, "text", …)`. */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === "class") node.className = value;
    else if (name === "text") node.textContent = value;
    else if (name === "dataset") Object.assign(node.dataset, value);
    else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else if (value === true) node.setAttribute(name, "");
    else node.setAttribute(name, String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export const byId = (id) => document.getElementById(id);

/** Says `message` to screen readers (the page's polite live region). */
export function announce(message) {
  const region = byId("announcer");
  region.textContent = "";
  // A new text node after a tick, so the same message twice is read twice.
  setTimeout(() => { region.textContent = message; }, 30);
}

/** Calls `action` `delay` ms after the last call. */
export function debounce(action, delay) {
  let timer;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => action(...args), delay);
  };
}
