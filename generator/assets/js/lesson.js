// Lesson done, home progress and navigation marks (../README.md).
import { flag, need, read } from "./storage.js";

function isDone(lesson, quizzes = "") {
  const ids = quizzes.split(" ").filter(Boolean);
  const passed = read("passed");
  const done = read("done")[lesson] === true || (ids.length > 0 && ids.every((id) => passed[id] === true));
  // Remembered, so the navigation can mark it on any page.
  if (done && ids.length) flag("done", lesson, true);
  return done;
}

export function init(root) {
  const { mlLesson: lesson, mlQuizzes: quizzes } = root.dataset;
  const article = root.parentElement;
  const text = need(root, ".ml-done__text");
  const mark = need(article, ".ml-done-mark");
  const hint = root.querySelector(".ml-done__hint");
  // Mark as done: lessons without a quiz.
  const toggle = quizzes ? null : need(root, ".ml-done__toggle");
  const show = () => {
    const done = isDone(lesson, quizzes);
    text.hidden = mark.hidden = !done;
    if (hint) hint.hidden = done;
    toggle?.setAttribute("aria-pressed", done);
    marks();
  };
  if (toggle) {
    toggle.hidden = false;
    toggle.addEventListener("click", () => {
      flag("done", lesson, toggle.getAttribute("aria-pressed") !== "true");
      show();
    });
  }
  article.addEventListener("ml:passed", show);
  show();
}

export function home(root) {
  const cards = [...root.querySelectorAll("[data-ml-lesson-card]")];
  const marks = cards.map((card) => need(card, ".ml-done-mark"));
  const count = need(root, ".ml-progress__count");
  const go = need(root, ".ml-progress__go");
  const done = cards.map((card, i) => !(marks[i].hidden = !isDone(card.dataset.mlLessonCard, card.dataset.mlQuizzes)));
  const next = done.indexOf(false);
  count.textContent = count.dataset.mlText.replace("{done}", done.filter(Boolean).length);
  count.hidden = false;
  if (done.includes(true) && next >= 0) {
    go.href = cards[next].querySelector("a").href;
    go.textContent = go.dataset.mlText;
  }
  const passed = read("passed");
  const best = read("best");
  for (const state of root.querySelectorAll("[data-ml-quiz-state]")) {
    const id = state.dataset.mlQuizState;
    const d = state.dataset;
    state.textContent = passed[id] ? d.mlTextPassed : id in best ? d.mlTextBest.replace("{percent}", best[id]) : d.mlTextNone;
    state.classList.toggle("ml-quiz-state--passed", !!passed[id]);
    state.hidden = false;
  }
}

// Navigation: a mark on the link of each done lesson and passed quiz (on every page, see init.js).
export function marks() {
  const label = document.querySelector("[data-ml-text-done]")?.dataset.mlTextDone;
  const flags = { lessons: read("done"), quizzes: read("passed") };
  for (const link of document.querySelectorAll("a.md-nav__link:not([href*='#'])")) {
    const [, kind, id] = link.pathname.match(/\/(lessons|quizzes)\/([^/]+?)(\.html|\/)$/) || [];
    const mark = link.querySelector(".ml-nav-mark");
    if (!kind || !label || !flags[kind][id] === !mark) continue;
    if (mark) mark.remove();
    else {
      const span = document.createElement("span");
      span.className = "ml-nav-mark";
      span.textContent = label;
      link.append(" ", span);
    }
  }
}
