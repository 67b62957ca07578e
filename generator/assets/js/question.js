// One question as quizzes and the review page show it: choose, Check answer, feedback (../README.md).
import { need } from "./storage.js";

// Distinct whole numbers below n: a saved order, answer or draw that is anything else is not used.
export const valid = (list, n) => Array.isArray(list) && list.every((i, k) => Number.isInteger(i) && i >= 0 && i < n && list.indexOf(i) === k);
// Sets one state modifier (or none); other classes stay.
const modify = (el, prefix, states, on) => states.forEach((state) => el.classList.toggle(prefix + state, state === on));

// Never the order just shown: Try again changes it.
export function shuffled(n, last) {
  const order = [...Array(n).keys()];
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return n > 1 && `${order}` === `${last}` ? [...order.slice(1), order[0]] : order;
}

// One question: choose, Check answer, feedback. `after(q)` runs once the checked answer shows
// (the quiz scores it; the review page reschedules it). `entry` is its saved state.
export function question(el, text, entry, after) {
  // Every part first: a question missing one does not start (need).
  const list = need(el, ".ml-options");
  const options = [...list.children];
  const n = options.length;
  if (!n) throw new Error("missing .ml-option");
  const [fieldset, check, status, error] = ["fieldset", ".ml-question__check", ".ml-question__status", ".ml-question__error"].map((s) => need(el, s));
  const inputs = options.map((option) => need(option, "input"));
  const labels = options.map((option) => need(option, "label"));
  const explanation = el.querySelector(".ml-question__explanation");
  const tag = (name, key) => Object.assign(document.createElement("span"), { className: "ml-option__" + name, textContent: text(key) });
  if (entry?.rev !== el.dataset.mlRev) entry = {};
  const ok = (i) => options[i].hasAttribute("data-ml-correct");
  const q = {
    el,
    id: el.dataset.mlQuestion,
    order: el.hasAttribute("data-ml-shuffle") ? (entry.order?.length === n && valid(entry.order, n) ? entry.order : shuffled(n)) : null,
    // A radio question takes exactly one answer.
    chosen: valid(entry.chosen, n) && (el.dataset.mlType === "multiple" ? entry.chosen.length : entry.chosen.length === 1) ? entry.chosen : null,
    // Checked in an earlier attempt: only a first check can send a question to review.
    tried: entry.tried,
    saved: () => ({ rev: el.dataset.mlRev, order: q.order, chosen: q.chosen, tried: q.tried }),
    right: () => options.every((_, i) => ok(i) === q.chosen.includes(i)),
    answer: () => inputs.flatMap((_, i) => (ok(i) ? [i] : [])),
    render() {
      const checked = Boolean(q.chosen);
      if (q.order) list.append(...q.order.map((i) => options[i]));
      fieldset.disabled = check.hidden = checked;
      warn(false);
      options.forEach((option, i) => {
        const chosen = checked && q.chosen.includes(i);
        const state = chosen ? (ok(i) ? "correct" : "incorrect") : checked && ok(i) ? "answer" : "";
        inputs[i].checked = chosen;
        modify(option, "ml-option--", ["correct", "incorrect", "answer"], state);
        option.querySelectorAll(".ml-option__mark, .ml-option__yours").forEach((m) => m.remove());
        const feedback = option.querySelector(".ml-option__feedback");
        if (feedback) feedback.hidden = !state;
        if (state) labels[i].after(...(chosen ? [tag("yours", "your-answer")] : []), tag("mark", state === "answer" ? "correct-answer" : state));
      });
      if (explanation) explanation.hidden = !checked;
      // The verdict's reasons.
      const why = el.querySelectorAll(":is(.ml-option__feedback, .ml-question__explanation):not([hidden])");
      status.setAttribute("aria-describedby", [...why].map((e) => e.id).join(" "));
      const verdict = checked ? (q.right() ? "correct" : "incorrect") : "";
      status.textContent = verdict && text(verdict);
      modify(status, "ml-question__status--", ["correct", "incorrect"], verdict);
    },
  };
  // No "Show answer"; the explanation goes below the status.
  if (explanation) status.after(explanation);
  el.querySelector("details")?.remove();
  status.tabIndex = -1;
  // Never disabled (GOV.UK).
  const described = fieldset.getAttribute("aria-describedby");
  const warn = (on) => {
    error.hidden = !on;
    fieldset.setAttribute("aria-describedby", on ? error.id + " " + described : described);
  };
  el.addEventListener("change", () => warn(false));
  check.addEventListener("click", () => {
    const chosen = inputs.flatMap((input, i) => (input.checked ? [i] : []));
    if (!chosen.length) {
      warn(true);
      return inputs[0].focus();
    }
    q.chosen = chosen;
    q.render();
    status.focus();
    after(q);
  });
  return q;
}

// A shown question's number: "Question 2 of 5" counts the questions drawn (or due), not the pool.
export const number = (q, text, number, total) => (q.el.querySelector(".ml-question__number").textContent = text("number").replace("{number}", number).replace("{total}", total));

