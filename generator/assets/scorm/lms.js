// SCORM 1.2 bridge of the launch page (launch.html): it holds the one LMS session, the course runs in its frame.
// See generator/assets/README.md, "LMS delivery". Saved progress is read and written, and a lesson's
// completion judged, by the course's own storage.js.
import("./js/storage.js").then(({ isDone, read, scope, write }) => {
  const data = JSON.parse(document.getElementById("ml-lms").textContent);
  const frame = document.querySelector("iframe");
  const base = new URL(".", location.href);
  const LIMIT = 4096;

  // The API object: on the parent frames (each step guarded: another origin throws), then the opener's.
  function search(win) {
    for (let i = 0; win && i < 16; i++) {
      try {
        if (win.API) return win.API;
        if (win.parent === win) return null;
        win = win.parent;
      } catch {
        return null;
      }
    }
    return null;
  }
  const api = search(window.parent === window ? null : window.parent) || search(window.opener);
  let live = false;
  try {
    live = !!api && String(api.LMSInitialize("")) === "true";
  } catch {}
  const get = (name) => (live ? String(api.LMSGetValue(name) ?? "") : "");
  const set = (name, value) => live && api.LMSSetValue(name, String(value));

  const digits = (list) => (list || []).map((i) => i.toString(36)).join("");

  // suspend_data, compact: lessons and quizzes by their position in the course (v: the course's
  // outline, so a changed package restores no misplaced progress), best scores, and each checked
  // answer as its question's revision (4 characters), the chosen and the shown order (base-36 digits).
  const lessonIds = Object.keys(data.lessons);
  const quizIds = Object.keys(data.revs);
  const positions = (flags, list) => list.flatMap((id, i) => (flags[id] === true ? [i] : []));

  // A branching scenario's path: its graph's revision (4 characters) and the replies picked, as base-36 digits.
  function answers(quiz, drop) {
    const path = data.paths[quiz];
    if (path) {
      const saved = read("quiz:" + quiz);
      return !drop && saved.rev === path && Array.isArray(saved.path) ? path.slice(0, 4) + " " + digits(saved.path) : "";
    }
    const saved = read("quiz:" + quiz).questions || {};
    const revs = Object.entries(data.revs[quiz]);
    // A question checked before carries "!" after its revision (tried: a later wrong answer is not its first), answered or not.
    const entry = (q, rev) => {
      if (q?.rev !== rev) return "";
      const mark = rev.slice(0, 4) + (q.tried ? "!" : "");
      return q.chosen ? [mark, digits(q.chosen), digits(q.order)].join(" ") : q.tried ? mark : "";
    };
    return drop ? "" : revs.map(([id, rev]) => entry(saved[id], rev)).join("|").replace(/\|+$/, "");
  }

  // A pool's draw: its questions' positions, base 36, dot-separated (a pool may hold more than 36).
  function drawn(quiz) {
    const draw = read("quiz:" + quiz).draw;
    return Array.isArray(draw) ? draw.map((i) => Number(i).toString(36)).join(".") : "";
  }

  // The review queue, if it fits: quiz and question positions, revision (4 characters), box and due day (base 36).
  function queue() {
    return Object.entries(read("review")).flatMap(([id, entry]) => {
      const [quiz, question] = id.split("/");
      const revs = Object.entries(data.revs[quiz] || {});
      const k = Array.isArray(entry) ? revs.findIndex(([qid, rev]) => qid === question && rev === entry[0]) : -1;
      return k < 0 || !Number.isInteger(entry[1]) || !Number.isInteger(entry[2]) ? [] : [[quizIds.indexOf(quiz), k, entry[0].slice(0, 4), entry[1], entry[2]].map((n) => n.toString(36)).join(".")];
    }).join(",");
  }

  function pack(page) {
    const passed = read("passed");
    const best = read("best");
    const state = { v: data.sig, p: page, d: positions(read("done"), lessonIds), a: positions(passed, quizIds), b: quizIds.map((id) => best[id] ?? "").join(","), w: quizIds.map(drawn).join(",").replace(/,+$/, "") };
    // Too long: the review queue goes first, then answers of passed quizzes (their pass is kept), then all answers.
    const review = queue();
    for (const [r, drop] of [[review, (id) => false], ["", (id) => false], ["", (id) => passed[id] === true], ["", () => true]]) {
      state.q = quizIds.map((id) => answers(id, drop(id)));
      state.r = r || undefined;
      const text = JSON.stringify(state);
      if (text.length <= LIMIT) return text;
    }
    delete state.q;
    delete state.w;
    const text = JSON.stringify(state);
    return text.length <= LIMIT ? text : JSON.stringify({ v: data.sig, p: page });
  }

  function unpack(text) {
    let state;
    try {
      state = JSON.parse(text);
    } catch {
      return "";
    }
    if (state?.constructor !== Object) return "";
    if (state.v !== data.sig) return typeof state.p === "string" ? state.p : "";
    const flags = (list, ids) => Object.fromEntries((Array.isArray(list) ? list : []).filter((i) => ids[i]).map((i) => [ids[i], true]));
    write("done", flags(state.d, lessonIds));
    write("passed", flags(state.a, quizIds));
    const best = {};
    String(state.b || "").split(",").forEach((n, i) => n && quizIds[i] && (best[quizIds[i]] = Number(n)));
    write("best", best);
    const indexes = (s) => [...(s || "")].map((c) => parseInt(c, 36));
    const answered = Array.isArray(state.q) ? state.q : [];
    const draws = String(state.w || "").split(",");
    quizIds.forEach((quiz, i) => {
      const text = answered[i];
      const path = data.paths[quiz];
      if (path) {
        const [rev, picked] = String(text).split(" ");
        // A scenario edited since starts afresh, as in the browser.
        if (text && path.startsWith(rev)) write("quiz:" + quiz, { rev: path, path: indexes(picked) });
        return;
      }
      const revs = Object.entries(data.revs[quiz] || {});
      const questions = {};
      String(text || "").split("|").forEach((entry, k) => {
        const [mark, chosen, order] = entry.split(" ");
        const tried = mark.endsWith("!") || undefined;
        // A question changed since: its old answer is dropped, as in the browser.
        if (entry && revs[k]?.[1].startsWith(mark.replace("!", ""))) questions[revs[k][0]] = { rev: revs[k][1], order: order ? indexes(order) : null, chosen: chosen ? indexes(chosen) : null, tried };
      });
      // quiz.js checks a draw it reads back: one naming no question makes a new one.
      const draw = draws[i] ? draws[i].split(".").map((n) => parseInt(n, 36)) : undefined;
      if (Object.keys(questions).length || draw) write("quiz:" + quiz, { draw, questions });
    });
    const review = {};
    for (const entry of String(state.r || "").split(",")) {
      const [quiz, k, rev, box, due] = entry.split(".");
      const quizId = quizIds[parseInt(quiz, 36)];
      const [id, full] = Object.entries(data.revs[quizId] || {})[parseInt(k, 36)] || [];
      if (id && rev && full.startsWith(rev)) review[quizId + "/" + id] = [full, parseInt(box, 36), parseInt(due, 36)];
    }
    write("review", review);
    return typeof state.p === "string" ? state.p : "";
  }

  const started = Date.now();
  let page = "index.html";
  let count = 0;
  let last = "";
  // Blocked or full storage: the course cannot keep what the LMS holds, so the LMS's progress is left as it is.
  let stored = true;
  try {
    localStorage.setItem(scope + "probe", "1");
    localStorage.removeItem(scope + "probe");
  } catch {
    stored = false;
  }
  if (live) {
    // The LMS's record wins over this browser's: what suspend_data holds is cleared, then restored
    // (checklists and the completion record are not sent to the LMS, and stay).
    if (stored) for (const key of Object.keys(localStorage)) if (/^(done|passed|best|review|quiz:.*)$/.test(key.slice(scope.length)) && key.startsWith(scope)) localStorage.removeItem(key);
    page = unpack(get("cmi.suspend_data")) || get("cmi.core.lesson_location") || page;
    count = parseInt(get("cmi.interactions._count"), 10) || 0;
  }
  if (!data.pages.includes(page)) page = "index.html";

  function status() {
    const passed = read("passed");
    const best = read("best");
    const lessons = Object.entries(data.lessons).every(([id, quizzes]) => isDone(id, quizzes.join(" ")));
    const tried = data.assessments.every((id) => passed[id] || id in best);
    if (!lessons || !tried) return "incomplete";
    // A score only with a result: an LMS may set passed or failed itself from the score and the mastery score.
    const scores = data.assessments.map((id) => best[id] || 0);
    if (scores.length) {
      set("cmi.core.score.min", 0);
      set("cmi.core.score.max", 100);
      set("cmi.core.score.raw", Math.round(scores.reduce((a, b) => a + b, 0) / scores.length));
    }
    if (!data.assessments.length) return "completed";
    return data.assessments.every((id) => passed[id]) ? "passed" : "failed";
  }

  // Report what changed, and commit it, so closing the window loses nothing.
  function save(force) {
    if (!live || !stored) return;
    const text = pack(page);
    const now = status();
    if (!force && text + now === last) return;
    last = text + now;
    set("cmi.core.lesson_status", now);
    set("cmi.core.lesson_location", page);
    set("cmi.suspend_data", text);
    api.LMSCommit("");
  }

  const clock = (ms) => {
    const s = Math.floor(ms / 1000);
    return [Math.floor(s / 3600), Math.floor(s / 60) % 60, s % 60].map((n) => String(n).padStart(2, "0")).join(":");
  };

  // One cmi.interactions entry: its id, the fields in the order given, its time; then a commit (a save
  // where storage works, so the progress goes with it).
  function interaction(id, fields) {
    const n = "cmi.interactions." + count++ + ".";
    set(n + "id", id);
    for (const [name, value] of Object.entries(fields)) set(n + name, value);
    set(n + "time", new Date().toTimeString().slice(0, 8));
    if (stored) save(true);
    else if (live) api.LMSCommit("");
  }

  function checked(event) {
    const { quiz, question, type, chosen, answer, correct } = event.detail;
    const tf = type === "true_false";
    const response = (list) => (tf ? (list[0] === 0 ? "t" : "f") : list.map((i) => i.toString(36)).join(","));
    interaction(quiz + "." + question, { type: tf ? "true-false" : "choice", student_response: response(chosen), "correct_responses.0.pattern": response(answer), result: correct ? "correct" : "wrong" });
  }

  // A branching scenario's reply: a choice with no right or wrong, weighted by its points.
  function chose(event) {
    const { quiz, node, choice, points } = event.detail;
    interaction(quiz + "." + node, { type: "choice", student_response: choice.toString(36), weighting: points, result: "neutral" });
  }

  frame.addEventListener("load", () => {
    let doc;
    try {
      doc = frame.contentDocument;
      page = decodeURI(frame.contentWindow.location.pathname.slice(base.pathname.length)) || "index.html";
    } catch {
      return;
    }
    if (!data.pages.includes(page)) page = "index.html";
    doc.addEventListener("ml:checked", checked);
    doc.addEventListener("ml:chose", chose);
    doc.addEventListener("ml:passed", () => save());
    doc.addEventListener("ml:progress", () => save());
    save();
  });
  frame.src = page;

  let finished = false;
  addEventListener("pagehide", () => {
    if (!live || finished) return;
    finished = true;
    save(true);
    set("cmi.core.exit", status() === "incomplete" ? "suspend" : "");
    set("cmi.core.session_time", clock(Date.now() - started));
    api.LMSCommit("");
    api.LMSFinish("");
    live = false;
  });
});
