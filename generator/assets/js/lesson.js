// Lesson done: marked so, or all its quizzes ever passed (../README.md).
import { flag, need, read } from "./storage.js";

function isDone(lesson, quizzes = "") {
  const ids = quizzes.split(" ").filter(Boolean);
  const passed = read("passed");
  return read("done")[lesson] === true || (ids.length > 0 && ids.every((id) => passed[id] === true));
}

export function init(root) {
  const { mlLesson: lesson, mlQuizzes: quizzes } = root.dataset;
  const article = root.parentElement;
  const text = need(root, ".ml-done__text");
  const mark = need(article, ".ml-done-mark");
  // Mark as done: lessons without a quiz.
  const toggle = quizzes ? null : need(root, ".ml-done__toggle");
  const show = () => {
    const done = isDone(lesson, quizzes);
    text.hidden = mark.hidden = !done;
    toggle?.setAttribute("aria-pressed", done);
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
  cards.forEach((card, i) => (marks[i].hidden = !isDone(card.dataset.mlLessonCard, card.dataset.mlQuizzes)));
}
