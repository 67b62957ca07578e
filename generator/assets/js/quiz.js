// A quiz: check, feedback, score, try again, a pool's draw (../README.md).
import { fail, flag, need, read, today, write } from "./storage.js";
import { number, question, shuffled, valid } from "./question.js";

const ATTRS = "quiz pass-mark text-correct text-incorrect text-correct-answer text-your-answer text-result text-passed text-not-passed text-pass-mark";

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
  // A pool (data-ml-draw): this attempt's questions, by position; shown in the pool's order.
  const n = questions.length;
  const size = Math.min(root.dataset.mlDraw, n);
  let drawn = size && stored.draw?.length === size && valid(stored.draw, n) ? stored.draw : draw([]);
  // A new draw: questions not in the last one first.
  function draw(last) {
    if (!size) return null;
    const mixed = shuffled(n);
    return [...mixed.filter((i) => !last.includes(i)), ...mixed.filter((i) => last.includes(i))].slice(0, size);
  }
  const shown = () => questions.filter((q) => !q.el.hidden);
  function deal() {
    if (!drawn) return;
    questions.forEach((q, i) => (q.el.hidden = !drawn.includes(i)));
    shown().forEach((q, i) => number(q, text, i + 1, size));
  }
  const save = () => write(key, { draw: drawn || undefined, questions: { ...kept, ...Object.fromEntries(questions.map((q) => [q.id, q.saved()])) } });

  function checked(q) {
    const { el, id, tried } = q;
    q.tried = true;
    save();
    showResult();
    // Wrong on its first check: the question comes back for review (remember, below).
    if (!tried && !q.right()) remember(quiz + "/" + id, el.dataset.mlRev);
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
    // Written, not flagged: 0% is a result too (an assessment taken), not "not taken".
    if (!(best[quiz] >= values.percent)) write("best", { ...best, [quiz]: values.percent });
    if (passed) {
      flag("passed", quiz, true);
      root.dispatchEvent(new Event("ml:passed", { bubbles: true }));
    }
  }

  retry.addEventListener("click", () => {
    drawn = draw(drawn);
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

// The review queue ("review"): "<quiz>/<question>" → [revision, box, due day]. A question answered wrong on
// its first check enters box 0 (due in 1 day) unless this revision is queued already; queue.js moves it on.
function remember(id, rev) {
  const queue = read("review");
  if (queue[id]?.[0] !== rev) write("review", { ...queue, [id]: [rev, 0, today() + 1] });
}
