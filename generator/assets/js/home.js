// Home: lessons done, Start / Continue, assessment states, the record of completion (../README.md).
import { fail, isDone, need, read, write } from "./storage.js";
import { anyDue, due } from "./queue.js";

export function init(root) {
  const cards = [...root.querySelectorAll("[data-ml-lesson-card]")];
  const marks = cards.map((card) => need(card, ".ml-done-mark"));
  const states = [...root.querySelectorAll("[data-ml-quiz-state]")];
  const count = need(root, ".ml-progress__count");
  const go = root.querySelector(".ml-progress__go");
  const record = need(root, ".ml-record");
  const name = need(record, "input");
  const date = need(record, ".ml-record__date");
  const print = need(record, ".ml-record__print");
  const passed = read("passed");
  const best = read("best");
  review(root).catch((error) => fail("review count", root, error));
  const done = cards.map((card, i) => !(marks[i].hidden = !isDone(card.dataset.mlLessonCard, card.dataset.mlQuizzes)));
  count.textContent = count.dataset.mlText.replace("{done}", done.filter(Boolean).length);
  count.hidden = false;
  for (const state of states) {
    const d = state.dataset;
    const id = d.mlQuizState;
    state.textContent = passed[id] ? d.mlTextPassed : id in best ? d.mlTextBest.replace("{percent}", best[id]) : d.mlTextNone;
    state.classList.toggle("ml-quiz-state--passed", !!passed[id]);
    state.hidden = false;
  }
  // What is left: lessons not done, then assessments not passed; Continue and the footer's Next lead to the first.
  const todo = [...cards.filter((card, i) => !done[i]), ...states.filter((s) => !passed[s.dataset.mlQuizState])];
  const next = todo[0]?.closest("li").querySelector("a");
  if (next && (done.includes(true) || states.some((s) => s.dataset.mlQuizState in best))) {
    if (go) {
      go.href = next.href;
      go.textContent = go.dataset.mlText;
    }
    const footer = document.querySelector(".md-footer__link--next");
    const title = footer?.querySelector(".md-ellipsis");
    if (title) {
      footer.href = next.href;
      title.textContent = next.textContent;
      footer.setAttribute("aria-label", footer.querySelector(".md-footer__direction").textContent.trim() + ": " + next.textContent);
    }
  }
  if (todo.length || !(cards.length + states.length)) return;
  // Complete: the record, with the date it was first seen complete and the name the learner types.
  const saved = read("record");
  // Anything but a time and a text (bad storage) starts afresh.
  if (!(Number.isFinite(saved.date) && saved.date > 0)) saved.date = Date.now();
  if (typeof saved.name !== "string") saved.name = "";
  write("record", saved);
  name.value = saved.name;
  name.addEventListener("input", () => write("record", { ...read("record"), name: name.value }));
  date.textContent = date.dataset.mlText.replace("{date}", new Date(saved.date).toLocaleDateString(document.documentElement.lang, { dateStyle: "long" }));
  for (const cell of record.querySelectorAll("[data-ml-record-quiz]")) {
    const score = best[cell.dataset.mlRecordQuiz];
    cell.textContent = score ? cell.dataset.mlText.replace("{percent}", score) : cell.dataset.mlTextPassed;
  }
  print.addEventListener("click", () => window.print());
  if (go) go.parentElement.hidden = true;
  record.hidden = false;
  root.classList.add("ml-home--complete");
}

// "4 questions to review": the due questions are checked against their quiz pages (an edited or removed one is not counted).
async function review(root) {
  const link = root.querySelector(".ml-progress__review-link");
  if (!link || !anyDue()) return;
  const count = (await due(link.dataset.mlQuizUrl)).length;
  link.textContent = count === 1 ? link.dataset.mlTextOne : link.dataset.mlText.replace("{count}", count);
  link.parentElement.hidden = !count;
}
