// Starts each widget once per page, also after instant navigation, and marks done pages in the navigation (../README.md).
import { fail, isDone, read } from "./storage.js";

// A data-ml-module value is the name of the module that starts it (./<name>.js, preloaded by the page).
const widgets = ["quiz", "branching", "checklist", "lesson-done", "home", "review"];
const tried = new WeakSet();

export function mountAll(scope) {
  for (const root of scope.querySelectorAll("[data-ml-module]:not([data-ml-ready])")) {
    const name = root.dataset.mlModule;
    if (!widgets.includes(name) || tried.has(root)) continue;
    tried.add(root);
    import(`./${name}.js`)
      .then((widget) => {
        widget.init(root);
        root.setAttribute("data-ml-ready", "");
      })
      .catch((error) => fail(name + " widget", root, error));
  }
}

// A mark on the navigation link of each done lesson and passed quiz.
export function marks() {
  // A quiz page names the lessons it completes: one passed there is done before the learner opens it.
  for (const el of document.querySelectorAll("[data-ml-lesson][data-ml-quizzes]")) isDone(el.dataset.mlLesson, el.dataset.mlQuizzes);
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

const mount = () => {
  mountAll(document);
  marks();
};
// Widgets announce progress they saved: a passed quiz, a lesson marked done.
document.addEventListener("ml:passed", marks);
document.addEventListener("ml:progress", marks);
if (window.document$) document$.subscribe(mount);
else if (document.readyState === "loading") addEventListener("DOMContentLoaded", mount);
else mount();
