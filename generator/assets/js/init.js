// Starts each widget once per page, also after instant navigation (../README.md).
import * as checklist from "./checklist.js";
import * as lesson from "./lesson.js";
import * as quiz from "./quiz.js";
import { fail } from "./storage.js";

const widgets = { quiz: quiz.init, checklist: checklist.init, "lesson-done": lesson.init, home: lesson.home };
const tried = new WeakSet();

export function mountAll(scope) {
  for (const root of scope.querySelectorAll("[data-ml-module]:not([data-ml-ready])")) {
    const init = widgets[root.dataset.mlModule];
    if (!init || tried.has(root)) continue;
    tried.add(root);
    try {
      init(root);
      root.setAttribute("data-ml-ready", "");
    } catch (error) {
      fail(root.dataset.mlModule + " widget", root, error);
    }
  }
}

const mount = () => {
  mountAll(document);
  lesson.marks();
};
document.addEventListener("ml:passed", lesson.marks);
if (window.document$) document$.subscribe(mount);
else if (document.readyState === "loading") addEventListener("DOMContentLoaded", mount);
else mount();
