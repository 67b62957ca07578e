// The spaced-review queue (site-behaviour.md, Spaced review): what is due, checked against the quiz pages
// the questions come from. Entries are written by quiz.js (remember) and moved on here.
import { read, today, write } from "./storage.js";

// Days until the next review, by box: right moves a question one box on, wrong back to the first.
export const INTERVALS = [1, 3, 7, 16, 35];

// Well-formed entries only: broken storage is an empty queue, never an error.
const entries = () => Object.entries(read("review")).filter(([id, e]) => /^[\w-]+\/[\w-]+$/.test(id) && Array.isArray(e) && typeof e[0] === "string" && Number.isInteger(e[1]) && INTERVALS[e[1]] && Number.isInteger(e[2]));

// Any due today, without asking the server: home loads this module only then.
export const anyDue = () => entries().some(([, e]) => e[2] <= today());

// The questions due today, longest due first, each with its markup from its quiz page (address: url, @ for the quiz id).
// A question whose revision changed or that is gone leaves the queue; a page that cannot be reached just shows nothing now.
export async function due(url) {
  const now = today();
  const list = entries().filter(([, e]) => e[2] <= now).sort((a, b) => a[1][2] - b[1][2]);
  const pages = {};
  for (const [id] of list) {
    const quiz = id.split("/")[0];
    const address = new URL(url.replace("@", quiz), location.href);
    // Our own quiz page, parsed into an inert document: its question markup is taken as it is.
    pages[quiz] ??= fetch(address)
      .then((r) => (r.ok ? r.text() : r.status === 404 ? "" : null))
      .then((html) => html !== null && { address, doc: new DOMParser().parseFromString(html, "text/html") })
      .catch(() => null);
  }
  const out = [];
  const stale = [];
  for (const [id, [rev]] of list) {
    const [quiz, question] = id.split("/");
    const page = await pages[quiz];
    if (!page) continue;
    const root = page.doc.querySelector(`[data-ml-quiz="${quiz}"]`);
    const el = root?.querySelector(`[data-ml-question="${question}"]`);
    if (el?.dataset.mlRev !== rev) {
      stale.push(id);
      continue;
    }
    // Links and images as written for the quiz page, from wherever the question is shown.
    for (const [attr, sel] of [["src", "[src]"], ["href", "[href]:not([href^='#'])"]]) for (const a of el.querySelectorAll(sel)) a.setAttribute(attr, new URL(a.getAttribute(attr), page.address).href);
    out.push({ id, el, title: root.querySelector(".ml-quiz__title")?.textContent || quiz });
  }
  // The stale entries leave in one write.
  if (stale.length) {
    const queue = read("review");
    for (const id of stale) delete queue[id];
    write("review", queue);
  }
  return out;
}

// A reviewed question moves on (right) or starts again at 1 day (wrong); right at the last interval, it leaves.
export function move(id, right) {
  const queue = read("review");
  const entry = queue[id];
  if (!Array.isArray(entry)) return;
  const box = right ? entry[1] + 1 : 0;
  if (INTERVALS[box]) queue[id] = [entry[0], box, today() + INTERVALS[box]];
  else delete queue[id];
  write("review", queue);
}
