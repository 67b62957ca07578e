// A branching scenario played as a conversation: replies, feedback, the ending, Restart (../README.md).
import { flag, need, read, write } from "./storage.js";

const ATTRS = "quiz start best rev text-you text-points text-passed text-not-passed";

function make(tag, name, ...children) {
  const el = document.createElement(tag);
  el.className = name;
  el.append(...children);
  return el;
}

// The markup of a no-JS part, copied (inline Markdown stays as the server rendered it).
const copy = (node, selector) => [...(node.querySelector(selector)?.cloneNode(true).childNodes || [])];

export function init(root) {
  for (const name of ATTRS.split(" ")) if (!root.hasAttribute("data-ml-" + name)) throw new Error("missing data-ml-" + name);
  const [nodes, log, list, actions, live] = [".ml-scenario__nodes", ".ml-scenario__log", ".ml-scenario__choices", ".ml-scenario__actions", ".ml-scenario__live"].map((s) => need(root, s));
  const restart = need(actions, "button");
  const d = root.dataset;
  const byId = {};
  for (const node of nodes.querySelectorAll("[data-ml-node]")) byId[node.dataset.mlNode] ??= node;
  if (!byId[d.mlStart]) throw new Error("missing start node " + d.mlStart);
  const key = "quiz:" + d.mlQuiz;
  const text = (name) => root.getAttribute("data-ml-text-" + name);
  const choices = (node) => [...node.querySelectorAll(".ml-choice")];
  let path = [];

  // The nodes a path visits, or null when it does not fit this scenario (edited since: start afresh).
  function visits(steps) {
    const seen = [byId[d.mlStart]];
    for (const i of steps) {
      const choice = Number.isInteger(i) && !seen.at(-1).dataset.mlEnding && choices(seen.at(-1))[i];
      const next = choice && byId[choice.dataset.mlNext];
      if (!next) return null;
      seen.push(next);
    }
    return seen;
  }

  // One line of the conversation; the newest takes focus.
  function turn(kind, ...children) {
    const li = make("li", "ml-turn ml-turn--" + kind, ...children);
    li.tabIndex = -1;
    log.append(li);
    return li;
  }

  function line(node) {
    if (node.dataset.mlEnding) return ending(node);
    const context = node.querySelector(".ml-node__context");
    if (context) turn("context", ...copy(node, ".ml-node__context"));
    return turn("them", make("span", "ml-turn__speaker", ...copy(node, ".ml-node__speaker")), " ", make("span", "ml-turn__text", ...copy(node, ".ml-node__says")));
  }

  function reply(node, i) {
    const choice = choices(node)[i];
    const li = turn("you", make("span", "ml-turn__speaker", text("you")), " ", make("span", "ml-turn__text", ...copy(choice, ".ml-choice__link")));
    if (choice.querySelector(".ml-choice__feedback")) li.append(make("span", "ml-turn__feedback", ...copy(choice, ".ml-choice__feedback")));
    return li;
  }

  function ending(node) {
    const pass = node.dataset.mlEnding === "pass";
    const seen = visits(path);
    const points = path.reduce((sum, i, k) => sum + Number(choices(seen[k])[i].dataset.mlPoints), 0);
    const best = Number(d.mlBest);
    const verdict = make("strong", "ml-quiz__verdict--" + (pass ? "passed" : "failed"), text(pass ? "passed" : "not-passed"));
    const score = text("points").replace("{points}", points).replace("{best}", best);
    const li = turn("end", make("p", "ml-turn__verdict", verdict, " ", score));
    const title = node.querySelector(".ml-node__title");
    if (title) li.prepend(make("p", "ml-turn__title", ...copy(node, ".ml-node__title")));
    li.append(make("div", "ml-turn__summary", ...copy(node, ".ml-node__summary")));
    // A reached ending counts like a finished quiz attempt; Restart never undoes it.
    // A scenario whose passing paths earn no points scores 100% on a pass, 0% on a fail; 0% is a result too.
    const percent = best ? Math.min(100, Math.round((points * 100) / best)) : pass ? 100 : 0;
    const scores = read("best");
    if (!(scores[d.mlQuiz] >= percent)) write("best", { ...scores, [d.mlQuiz]: percent });
    if (pass) {
      flag("passed", d.mlQuiz, true);
      root.dispatchEvent(new Event("ml:passed", { bubbles: true }));
    }
    return li;
  }

  // The choices of the node the conversation is at, as buttons; none at an ending.
  function offer(node) {
    list.replaceChildren();
    const end = Boolean(node.dataset.mlEnding);
    list.hidden = end;
    actions.hidden = !end;
    if (end) return;
    choices(node).forEach((choice, i) => {
      const button = make("button", "md-button ml-scenario__choice", ...copy(choice, ".ml-choice__link"));
      button.type = "button";
      button.addEventListener("click", () => pick(node, i));
      list.append(make("li", "ml-scenario__option", button));
    });
  }

  const save = () => write(key, { rev: d.mlRev, path });

  function pick(node, i) {
    path.push(i);
    save();
    const you = reply(node, i);
    const next = byId[choices(node)[i].dataset.mlNext];
    const newest = line(next);
    offer(next);
    newest.focus();
    live.textContent = [you, newest].map((li) => li.textContent.replace(/\s+/g, " ").trim()).join(" ");
    // For an LMS (SCORM launch page): each reply, once its result is saved.
    root.dispatchEvent(new CustomEvent("ml:chose", { bubbles: true, detail: { quiz: d.mlQuiz, node: node.dataset.mlNode, choice: i, points: Number(choices(node)[i].dataset.mlPoints) } }));
  }

  // The conversation so far, shown silently (nothing is written to the live region).
  function show() {
    log.replaceChildren();
    live.textContent = "";
    const seen = visits(path);
    seen.forEach((node, k) => {
      if (k) reply(seen[k - 1], path[k - 1]);
      line(node);
    });
    offer(seen.at(-1));
  }

  restart.addEventListener("click", () => {
    path = [];
    save();
    show();
    log.firstElementChild.focus();
  });

  const saved = read(key);
  path = saved.rev === d.mlRev && Array.isArray(saved.path) && visits(saved.path) ? saved.path : [];
  nodes.hidden = true;
  log.hidden = false;
  show();
  save();
}
