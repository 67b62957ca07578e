// Spaced review (/review/): today's due questions, at most 10 at a time, each as its quiz shows it (quiz.js).
// Answers here move questions through the queue (queue.js) and change no score and no done state.
import { fail, need } from "./storage.js";
import { number, question } from "./question.js";
import { due, move } from "./queue.js";

const MAX = 10;

export function init(root) {
  const text = (name) => root.getAttribute("data-ml-text-" + name);
  const list = need(root, ".ml-review__questions");
  const none = need(root, ".ml-review__none");
  none.tabIndex = -1; // focus lands here when nothing is left after "more"
  const more = need(root, ".ml-review__more");
  async function show() {
    const items = await due(root.dataset.mlQuizUrl);
    const batch = items.slice(0, MAX);
    let left = batch.length;
    list.replaceChildren();
    none.hidden = left > 0;
    more.parentElement.hidden = true;
    batch.forEach((item, i) => {
      const el = document.importNode(item.el, true);
      const from = Object.assign(document.createElement("p"), { className: "ml-review__from", textContent: text("from").replace("{quiz}", item.title) });
      list.append(from, el);
      try {
        const q = question(el, text, null, () => {
          move(item.id, q.right());
          // The next ones once this batch is answered.
          if (!--left && items.length > MAX) more.parentElement.hidden = false;
        });
        number(q, text, i + 1, batch.length);
        q.render();
      } catch (error) {
        fail("review question", el, error); // one broken question leaves the others working
      }
    });
    root.setAttribute("data-ml-shown", "");
  }
  more.addEventListener("click", () => {
    root.removeAttribute("data-ml-shown");
    show().then(() => (list.querySelector("input") || none).focus());
  });
  show();
}
