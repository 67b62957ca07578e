// Saved progress; bad or blocked storage reads as {} (see ../README.md).
export const scope = "microlearn.v1:" + new URL("../../..", import.meta.url).pathname + ":";
// Our last write of each key; read back only where storage failed (other tabs write too).
const memory = {};
const failed = {};

export function read(name) {
  let raw = memory[name];
  try {
    if (!failed[name]) raw = localStorage.getItem(scope + name);
  } catch {}
  try {
    const value = JSON.parse(raw);
    if (value?.constructor === Object) return value;
  } catch {}
  return {};
}

export function write(name, value) {
  memory[name] = JSON.stringify(value);
  try {
    localStorage.setItem(scope + name, memory[name]);
    failed[name] = 0;
  } catch {
    failed[name] = 1;
  }
}

export function flag(name, id, on) {
  const flags = read(name);
  flags[id] = on || undefined;
  write(name, flags);
}

// A lesson is done when marked so, or when it has quizzes and all are passed.
export function isDone(lesson, quizzes = "") {
  const ids = quizzes.split(" ").filter(Boolean);
  const passed = read("passed");
  const done = read("done")[lesson] === true || (ids.length > 0 && ids.every((id) => passed[id] === true));
  // Remembered, so the navigation can mark it on any page.
  if (done && ids.length) flag("done", lesson, true);
  return done;
}

// Widgets find every part first (need) and log one way (fail).
export function need(root, selector) {
  const el = root.querySelector(selector);
  if (el) return el;
  throw new Error("missing " + selector);
}

export const fail = (name, root, error) => console.error(`microlearn: ${name} failed to start`, root, error);

// Today as a day count in the learner's time zone: reviews fall due by the calendar, not by the hour.
export const today = () => ((Date.now() / 6e4 - new Date().getTimezoneOffset()) / 1440) | 0;
