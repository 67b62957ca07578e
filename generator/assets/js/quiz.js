// A quiz: check, feedback, score, try again (../README.md).
import { fail, flag, need, read, remember, write } from "./storage.js";

const ATTRS = "quiz pass-mark text-correct text-incorrect text-correct-answer text-your-answer text-result text-passed text-not-passed text-pass-mark";
const valid = (list, n) => Array.isArray(list) && list.every((i, k) => Number.isInteger(i) && i >= 0 && i < n && list.indexOf(i) === k);
// Sets one state modifier (or none); other classes stay.
const modify = (el, prefix, states, on) => states.forEach((state) => el.classList.toggle(prefix + state, state === on));

// Never the order just shown: Try again changes it.
function shuffled(n, last) {
  const order = [...Array(n).keys()];
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return n > 1 && `${order}` === `${last}` ? [...order.slice(1), order[0]] : order;
}

function parts(el) {
  const list = need(el, ".ml-options");
  const options = [...list.children];
  if (!options.length) throw new Error("missing .ml-option");
  const [fieldset, check, status, error] = ["fieldset", ".ml-question__check", ".ml-question__status", ".ml-question__error"].map((s) => need(el, s));
  const inputs = options.map((option) => need(option, "input"));
  const labels = options.map((option) => need(option, "label"));
  return { el, list, options, inputs, labels, fieldset, check, status, error, explanation: el.querySelector(".ml-question__explanation") };
}

// One question: choose, Check answer, feedback. `after(q)` runs once the checked answer shows
// (the quiz scores it; the review page reschedules it). `entry` is its saved state.
export function question(el, text, entry, after) {
  const { list, options, inputs, labels, fieldset, check, status, error, explanation } = parts(el);
  const n = options.length;
  const tag = (name, key) => Object.assign(document.createElement("span"), { className: "ml-option__" + name, textContent: text(key) });
  if (entry?.rev !== el.dataset.mlRev) entry = {};
  const ok = (i) => options[i].hasAttribute("data-ml-correct");
  const q = {
    el,
    id: el.dataset.mlQuestion,
    order: el.hasAttribute("data-ml-shuffle") ? (entry.order?.length === n && valid(entry.order, n) ? entry.order : shuffled(n)) : null,
    // A radio question takes exactly one answer.
    chosen: valid(entry.chosen, n) && (el.dataset.mlType === "multiple" ? entry.chosen.length : entry.chosen.length === 1) ? entry.chosen : null,
    saved: () => ({ rev: el.dataset.mlRev, order: q.order, chosen: q.chosen }),
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
export const number = (q, text, number, total) => (need(q.el, ".ml-question__number").textContent = text("number").replace("{number}", number).replace("{total}", total));

export function init(root) {
  for (const name of ATTRS.split(" ")) if (!root.hasAttribute("data-ml-" + name)) throw new Error("missing data-ml-" + name);
  const score = need(root, ".ml-quiz__score");
  const retry = need(root, ".ml-quiz__retry");
  const quiz = root.dataset.mlQuiz;
  const key = "quiz:" + quiz;
  const text = (name) => root.getAttribute("data-ml-text-" + name);
  const stored = read(key);
  const saved = stored.questions || {};
  // A broken question keeps its markup and saved entry, unscored.
  const kept = {};
  const questions = [];
  for (const el of root.querySelectorAll("[data-ml-question]")) {
    try {
      questions.push(question(el, text, saved[el.dataset.mlQuestion], checked));
    } catch (error) {
      fail("quiz question", el, error);
      kept[el.dataset.mlQuestion] = saved[el.dataset.mlQuestion];
    }
  }
  if (!questions.length) throw new Error("no question started");
  // A pool (data-ml-draw): this attempt's questions, by id; shown in the pool's order.
  const ids = questions.map((q) => q.id);
  const size = Math.min(root.dataset.mlDraw, ids.length);
  let drawn = size && Array.isArray(stored.draw) && stored.draw.length === size && stored.draw.every((id, k) => ids.includes(id) && stored.draw.indexOf(id) === k) ? stored.draw : draw([]);
  // A new draw: questions not in the last one first.
  function draw(last) {
    if (!size) return null;
    const mixed = shuffled(ids.length).map((i) => ids[i]);
    return [...mixed.filter((id) => !last.includes(id)), ...mixed.filter((id) => last.includes(id))].slice(0, size);
  }
  const shown = () => questions.filter((q) => !q.el.hidden);
  function deal() {
    if (!drawn) return;
    for (const q of questions) q.el.hidden = !drawn.includes(q.id);
    shown().forEach((q, i) => number(q, text, i + 1, size));
  }
  const save = () => write(key, { draw: drawn || undefined, questions: { ...kept, ...Object.fromEntries(questions.map((q) => [q.id, q.saved()])) } });

  function checked(q) {
    const { el, id } = q;
    save();
    showResult();
    // Wrong: the question comes back for review (storage.js).
    if (!q.right()) remember(quiz + "/" + id, el.dataset.mlRev);
    // For an LMS (SCORM launch page): one event per checked answer, once its result is saved.
    el.dispatchEvent(new CustomEvent("ml:checked", { bubbles: true, detail: { quiz, question: id, type: el.dataset.mlType, chosen: q.chosen, answer: q.answer(), correct: q.right() } }));
  }

  function showResult() {
    const list = shown();
    const done = list.every((q) => q.chosen);
    retry.parentElement.hidden = !done;
    score.replaceChildren();
    if (!done) return;
    const total = list.length;
    const count = list.filter((q) => q.right()).length;
    // Unrounded: 2 of 3 (66.7%) passes at 66, not at 67.
    const passed = count * 100 >= root.dataset.mlPassMark * total;
    const values = { correct: count, total, percent: Math.round((count * 100) / total) };
    const verdict = document.createElement("strong");
    verdict.classList.add("ml-quiz__verdict--" + (passed ? "passed" : "failed"));
    verdict.textContent = text(passed ? "passed" : "not-passed");
    score.append(text("result").replace(/{(\w+)}/g, (match, name) => values[name] ?? match), " ", verdict, " ", text("pass-mark"));
    const best = read("best");
    if (!(best[quiz] >= values.percent)) flag("best", quiz, values.percent);
    if (passed) {
      flag("passed", quiz, true);
      root.dispatchEvent(new Event("ml:passed", { bubbles: true }));
    }
  }

  retry.addEventListener("click", () => {
    drawn = draw(drawn || []);
    deal();
    for (const q of questions) {
      q.chosen = null;
      if (q.order) q.order = shuffled(q.order.length, q.order);
      q.render();
    }
    save();
    showResult();
    shown()[0].el.querySelector("input").focus();
  });

  // Restored out of the page: silent (README).
  // A learner who tabbed into the quiz before it started keeps the focus.
  const focused = root.contains(document.activeElement) && document.activeElement;
  const spot = new Comment();
  root.replaceWith(spot);
  queueMicrotask(() => {
    deal();
    questions.forEach((q) => q.render());
    score.parentElement.hidden = false;
    save();
    showResult();
    spot.replaceWith(root);
    if (focused) focused.focus();
  });
}
