// Lesson done: marked so, or all its quizzes ever passed (../README.md).
import { flag, read } from "./storage.js";

function isDone(lesson, quizzes) {
  const ids = quizzes.split(" ").filter(Boolean);
  const passed = read("passed");
  return read("done")[lesson] === true || (ids.length > 0 && ids.every((id) => passed[id] === true));
}

export function init(root) {
  const { mlLesson: lesson, mlQuizzes: quizzes } = root.dataset;
  const article = root.parentElement;
  const toggle = root.querySelector("button");
  const show = () => {
    const done = isDone(lesson, quizzes);
    root.querySelector(".ml-done__text").hidden = article.querySelector(".ml-done-mark").hidden = !done;
    toggle?.setAttribute("aria-pressed", done);
  };
  if (toggle) {
    toggle.hidden = false;
    toggle.onclick = () => {
      flag("done", lesson, toggle.getAttribute("aria-pressed") !== "true");
      show();
    };
  }
  article.addEventListener("ml:passed", show);
  show();
}

export function home(root) {
  for (const card of root.querySelectorAll("[data-ml-lesson-card]")) {
    card.querySelector(".ml-done-mark").hidden = !isDone(card.dataset.mlLessonCard, card.dataset.mlQuizzes);
  }
}
