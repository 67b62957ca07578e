// A lesson's done block: its state, Mark as done, the header's mark (../README.md).
import { flag, isDone, need } from "./storage.js";

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
    root.dispatchEvent(new Event("ml:progress", { bubbles: true }));
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
