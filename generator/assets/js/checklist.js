// A checklist: keeps choices and write-ins in the browser; prints filled in or blank.

import { need, read, write } from "./storage.js";

const BLANK = "ml-checklist--blank";
const map = (value) => (value && typeof value === "object" ? value : {});

export function init(root) {
  if (!(root instanceof HTMLFormElement)) throw new Error("root is not a form");
  const actions = need(root, ".ml-checklist__actions");
  const undo = need(actions, "[data-ml-action=undo]");
  const status = need(actions, "[role=status]");
  const key = "checklist:" + root.dataset.mlChecklist;
  const items = root.querySelectorAll("[data-ml-item]");
  const fields = root.querySelectorAll("[data-ml-field]");

  // {items: {key: [rev, value]}, fields: {name: text}}: a new rev drops a stale choice.
  const data = read(key);
  const chosen = map(data.items);
  const typed = map(data.fields);
  for (const item of items) {
    const saved = chosen[item.dataset.mlItem];
    const value = Array.isArray(saved) && saved[0] === item.dataset.mlRev ? saved[1] : null;
    for (const input of item.querySelectorAll("input")) input.checked = input.value === value;
  }
  for (const field of fields) {
    const value = typed[field.dataset.mlField];
    field.value = typeof value === "string" ? value : "";
  }

  const store = () => {
    const state = { items: {}, fields: {} };
    for (const item of items) {
      const input = item.querySelector("input:checked");
      if (input) state.items[item.dataset.mlItem] = [item.dataset.mlRev, input.value];
    }
    for (const field of fields) if (field.value) state.fields[field.dataset.mlField] = field.value;
    write(key, state);
  };

  let saved = [];
  // Clear can be undone: a snapshot of every choice and write-in, until the next input.
  const say = (cleared) => {
    undo.hidden = !cleared;
    status.textContent = status.dataset[cleared ? "mlCleared" : "mlRestored"];
  };

  // Radios and tick boxes fire input too; a new answer ends the chance to undo Clear.
  root.addEventListener("input", () => {
    undo.hidden = true;
    store();
  });
  // Enter in a write-in field must not reload the page.
  root.addEventListener("submit", (event) => event.preventDefault());
  root.addEventListener("click", (event) => {
    const action = event.target.closest("[data-ml-action]")?.dataset.mlAction;
    if (action === "clear") {
      saved = [...root.elements].map((el) => [el, el.checked, el.value]);
      root.reset();
      write(key, {});
      say(true);
    } else if (action === "undo") {
      for (const [el, checked, value] of saved) Object.assign(el, { checked, value });
      store();
      say(false);
      undo.previousElementSibling.focus(); // Clear: the Undo button just went away
    } else if (action) {
      // Print blank hides the marks and write-ins for this one print.
      const blank = action === "print-blank";
      root.classList.toggle(BLANK, blank);
      if (blank) window.addEventListener("afterprint", () => root.classList.remove(BLANK), { once: true });
      window.print();
    }
  });
  actions.hidden = false;
}
