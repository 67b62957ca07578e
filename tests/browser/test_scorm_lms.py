"""The SCORM 1.2 package in an LMS (site-behaviour.md, LMS delivery), checked from the LMS side.

A minimal LMS page (tests/browser/lms/) runs scorm-again's SCORM 1.2 runtime (the
npm package, pinned in package.json) as ``window.API``, records every call, reads
the package's manifest and opens its launch file in a frame, as an LMS does. The
learner then takes the course inside that frame; the LMS's record is read back
from the runtime. Closing the SCO is the LMS emptying its frame.

scorm-again accepts calls after LMSFinish and suspend_data up to 64,000
characters, so the call order and SCORM 1.2's 4,096 characters are checked here.
"""

from __future__ import annotations

import json
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from browser_support import BRANCHING, POOLS, QUIZ_RUNTIME, REPO_ROOT, LocalServer
from playwright.sync_api import Browser, BrowserContext, Frame, Page, expect

from generator import cli

LMS = Path(__file__).parent / "lms"
SCORM_AGAIN = REPO_ROOT / "node_modules" / "scorm-again" / "dist" / "scorm12.min.js"
LIMIT = 4096


def lms_folder(root: Path, course: Path) -> Path:
    """The LMS page and the course's package, unpacked under package/ (the LMS's own path for it)."""
    root.mkdir(parents=True)
    for name in ("lms.html", "lms.js"):
        shutil.copy(LMS / name, root / name)
    shutil.copy(SCORM_AGAIN, root / "scorm12.min.js")
    assert cli.main(["export", "--scorm", str(root / "course.zip"), "--root", str(course)]) == 0
    with zipfile.ZipFile(root / "course.zip") as archive:
        archive.extractall(root / "package")
    return root


@pytest.fixture(scope="module")
def lms(tmp_path_factory: pytest.TempPathFactory, local_server_factory: Callable[[], LocalServer]) -> str:
    root = lms_folder(tmp_path_factory.mktemp("lms") / "runtime", QUIZ_RUNTIME)
    return local_server_factory().serve(root) + "lms.html"


class Session:
    """One launch of the package in the LMS page, in ``page``."""

    def __init__(self, page: Page, url: str, saved: dict[str, Any] | None = None) -> None:
        self.page = page
        if saved is not None:
            page.add_init_script(f"window.__saved = {json.dumps(saved)};")
        page.goto(url)
        self.course = page.frame_locator("#sco").frame_locator("iframe")
        expect(self.course.locator("h1")).to_be_visible()
        self.ready()

    def ready(self) -> None:
        expect(self.course.locator("[data-ml-module]")).not_to_have_count(0)
        expect(self.course.locator("[data-ml-module]:not([data-ml-ready])")).to_have_count(0)

    @property
    def launch(self) -> Frame:
        return next(f for f in self.page.frames if f.url.endswith("/package/launch.html"))

    def calls(self) -> list[dict[str, Any]]:
        return self.page.evaluate("() => window.__calls")

    def cmi(self) -> dict[str, Any]:
        return self.page.evaluate("() => window.__cmi()")

    def value(self, name: str) -> str:
        """What the LMS holds for ``name`` (set by the course), read from the runtime's record."""
        node: Any = self.cmi()
        for part in name.removeprefix("cmi.").split("."):
            node = node[part]
        return str(node)

    def open(self, title: str, home: str = "Quiz runtime") -> None:
        """Go home (whose heading is ``home``) by the logo, then follow the card's link
        (full page loads inside the frame)."""
        self.course.locator("a.md-header__button.md-logo").click()
        expect(self.course.locator("h1")).to_have_text(home)
        self.course.locator(".ml-card__link").filter(has_text=title).click()
        expect(self.course.locator("h1")).to_have_text(title)
        self.ready()

    def mark_done(self, title: str) -> None:
        self.open(title)
        self.course.get_by_role("button", name="Mark as done").click()
        expect(self.course.get_by_text("You have completed this lesson.")).to_be_visible()

    def answer(self, qid: str, *labels: str) -> None:
        q = self.course.locator(f"[data-ml-question='{qid}']")
        for label in labels:
            q.get_by_label(label, exact=True).check()
        q.get_by_role("button", name="Check answer").click()
        expect(q.get_by_role("status")).not_to_be_empty()

    def close(self) -> None:
        """The LMS closes the SCO: its frame goes elsewhere, the launch page is unloaded."""
        self.page.locator("#sco").evaluate("(frame) => { frame.src = 'about:blank'; }")
        self.page.wait_for_function("() => window.__calls.some((c) => c.name === 'LMSFinish')")


def names(calls: list[dict[str, Any]]) -> list[str]:
    return [c["name"] for c in calls]


def sets(calls: list[dict[str, Any]]) -> dict[str, str]:
    """The last value the course set for each element."""
    return {c["args"][0]: c["args"][1] for c in calls if c["name"] == "LMSSetValue"}


def kept(session: Session) -> dict[str, Any]:
    """What an LMS stores after the session and gives the next launch."""
    core = session.cmi()["core"]
    return {
        "core": {k: core[k] for k in ("lesson_location", "lesson_status") if core.get(k)} | {"entry": "resume"},
        "suspend_data": session.value("suspend_data"),
    }


def fresh(browser: Browser) -> tuple[BrowserContext, Page]:
    context = browser.new_context()
    return context, context.new_page()


def test_a_learner_passes_and_the_lms_records_status_score_answers_and_one_session(page: Page, lms: str) -> None:
    s = Session(page, lms)
    assert names(s.calls()).count("LMSInitialize") == 1
    assert s.value("core.lesson_status") == "incomplete"

    s.open("A scored lesson")
    s.answer("first", "Receipt, please.")
    commits = names(s.calls()).count("LMSCommit")
    s.answer("remedies", "A refund", "A replacement")
    assert names(s.calls()).count("LMSCommit") == commits + 1, "a commit after each checked question"
    s.answer("tone", "True")
    s.course.get_by_role("link", name="Next: Every block").click()
    expect(s.course.locator("h1")).to_have_text("Every block")
    s.ready()
    commits = names(s.calls()).count("LMSCommit")
    s.course.get_by_role("button", name="Mark as done").click()
    expect(s.course.get_by_text("You have completed this lesson.")).to_be_visible()
    page.wait_for_function(f"() => window.__calls.filter((c) => c.name === 'LMSCommit').length > {commits}")
    s.open("A shuffled lesson")
    s.answer("pick", "Charlie")
    assert s.value("core.lesson_status") == "incomplete", "the assessment has no result yet"
    s.open("Final check")
    s.answer("one", "True")
    s.answer("two", "False")
    s.answer("three", "Red")
    page.wait_for_function("() => window.__cmi().core.lesson_status === 'passed'")
    assert s.value("core.score.raw") == "100"
    assert s.value("core.lesson_location") == "quizzes/final.html"

    recorded = s.cmi()["interactions"]
    interactions = [recorded[k] for k in sorted(recorded, key=int)]
    got = [(i["id"], i["type"], i["student_response"], i["result"]) for i in interactions]
    assert got == [
        ("scored-check.first", "choice", "1", "wrong"),
        ("scored-check.remedies", "choice", "0,1", "correct"),
        ("scored-check.tone", "true-false", "t", "correct"),
        ("shuffle-check.pick", "choice", "2", "correct"),
        ("final.one", "true-false", "t", "correct"),
        ("final.two", "true-false", "f", "correct"),
        ("final.three", "choice", "0", "correct"),
    ], got
    assert all(i["time"] for i in interactions)
    assert len(s.value("suspend_data")) <= LIMIT

    s.close()
    calls = s.calls()
    order = names(calls)
    assert order[0] == "LMSInitialize" and order.count("LMSInitialize") == 1
    assert order[-1] == "LMSFinish" and order.count("LMSFinish") == 1
    assert all(c["result"] == "true" for c in calls if c["name"] != "LMSGetValue"), [
        c for c in calls if c["result"] != "true"
    ]
    before_finish = order[order.index("LMSFinish") - 1]
    assert before_finish == "LMSCommit"
    assert sets(calls)["cmi.core.exit"] == ""  # complete: nothing to come back to
    assert sets(calls)["cmi.core.session_time"].count(":") == 2


def test_a_learner_resumes_from_the_lms_alone(browser: Browser, lms: str) -> None:
    context, page = fresh(browser)
    s = Session(page, lms)
    s.mark_done("Every block")
    s.open("A scored lesson")
    s.answer("first", "Receipt, please.")
    s.open("A shuffled lesson")
    s.close()
    assert sets(s.calls())["cmi.core.exit"] == "suspend"
    saved = kept(s)
    assert saved["core"]["lesson_location"] == "lessons/shuffled.html"
    context.close()

    # Another machine: empty browser storage, only what the LMS kept.
    context, page = fresh(browser)
    s = Session(page, lms, saved)
    expect(s.course.locator("h1")).to_have_text("A shuffled lesson")
    s.open("A scored lesson")
    first = s.course.locator("[data-ml-question='first']")
    expect(first.get_by_role("status")).to_have_text("Incorrect")
    expect(first.get_by_label("Receipt, please.", exact=True)).to_be_checked()
    s.course.locator("a.md-header__button.md-logo").click()
    expect(s.course.get_by_text("1 of 3 lessons done")).to_be_visible()
    assert s.value("core.lesson_status") == "incomplete"
    context.close()


def test_without_an_lms_the_package_works_as_the_site_does(page: Page, lms: str) -> None:
    page.goto(lms.replace("lms.html", "package/launch.html"))
    course = page.frame_locator("iframe")
    expect(course.locator("h1")).to_have_text("Quiz runtime")
    course.get_by_role("link", name="Every block", exact=True).first.click()
    course.get_by_role("button", name="Mark as done").click()
    expect(course.get_by_text("You have completed this lesson.")).to_be_visible()


def synthetic_course(root: Path, lessons: int, questions: int) -> Path:
    """A course of ``lessons`` lessons, each with a shuffled quiz; ``questions`` questions in all,
    with ids as long as editors write them."""
    (root / "content" / "lessons").mkdir(parents=True)
    (root / "quizzes").mkdir()
    per = questions // lessons
    for n in range(lessons):
        lid = f"handling-difficult-conversations-{n:02d}"
        quiz = {
            "title": f"Check {n}",
            "shuffle": True,
            "questions": [
                {
                    "id": f"recognising-the-real-need-{k:02d}",
                    "type": "multiple",
                    "prompt": f"Question {k} of lesson {n}?",
                    "options": [{"text": f"Option {o}", "correct": o % 2 == 0} for o in range(6)],
                }
                for k in range(per)
            ],
        }
        (root / "quizzes" / f"{lid}-check.yml").write_text(yaml.safe_dump(quiz), encoding="utf-8")
        lesson = {
            "title": f"Lesson {n}",
            "summary": "A lesson.",
            "objectives": ["Know it"],
            "blocks": [{"type": "text", "body": "Text."}, {"type": "quiz", "quiz": f"{lid}-check"}],
        }
        (root / "content" / "lessons" / f"{lid}.yml").write_text(yaml.safe_dump(lesson), encoding="utf-8")
    course = {
        "title": "Synthetic",
        "description": "Many questions.",
        "modules": [{"title": "All", "lessons": [f"handling-difficult-conversations-{n:02d}" for n in range(lessons)]}],
    }
    (root / "content" / "course.yml").write_text(yaml.safe_dump(course), encoding="utf-8")
    (root / "mkdocs.yml").write_text(
        "site_name: Synthetic\ndocs_dir: content\ntheme:\n  name: material\n  font: false\nplugins:\n  - search\n  - microlearn\n",
        encoding="utf-8",
    )
    return root


FILL = """(data) => {
  // Every question of every quiz answered with every option chosen, in a shuffled order: the most
  // a learner's answers can take. Written as the course's storage.js writes them.
  const scope = "microlearn.v1:" + new URL(".", location.href).pathname + ":";
  const passed = {}, best = {}, done = {};
  for (const [quiz, revs] of Object.entries(data.revs)) {
    const questions = {};
    for (const [id, rev] of Object.entries(revs)) questions[id] = { rev, order: [5, 4, 3, 2, 1, 0], chosen: [0, 1, 2, 3, 4, 5] };
    localStorage.setItem(scope + "quiz:" + quiz, JSON.stringify({ questions }));
    best[quiz] = 100;
  }
  for (const id of Object.keys(data.lessons)) done[id] = true;
  localStorage.setItem(scope + "best", JSON.stringify(best));
  localStorage.setItem(scope + "done", JSON.stringify(done));
  localStorage.setItem(scope + "passed", JSON.stringify(passed));
}"""


@pytest.mark.parametrize(("course", "fits"), [("example", True), ("synthetic-100", True), ("synthetic-400", False)])
def test_suspend_data_keeps_a_full_course_within_4096_characters(
    browser: Browser, tmp_path: Path, local_server: LocalServer, course: str, fits: bool
) -> None:
    """The largest course the project ships and 100 questions keep every answer; 400 questions
    are more than SCORM 1.2 allows: the answers go, progress and scores stay."""
    if course == "example":
        source = REPO_ROOT
    else:
        questions = int(course.rsplit("-", 1)[1])
        source = synthetic_course(tmp_path / "synthetic", questions // 5, questions)
    url = local_server.serve(lms_folder(tmp_path / "lms", source)) + "lms.html"
    context, page = fresh(browser)
    s = Session(page, url)
    data = s.launch.evaluate("() => JSON.parse(document.getElementById('ml-lms').textContent)")
    total = sum(len(revs) for revs in data["revs"].values())
    assert total >= (10 if course == "example" else int(course.rsplit("-", 1)[1]))
    s.launch.evaluate(FILL, data)
    s.launch.evaluate("() => document.querySelector('iframe').contentWindow.location.reload()")
    # The reloaded page's save: every lesson done (an earlier save may be long too: one entry per quiz).
    page.wait_for_function(
        "(n) => { try { return JSON.parse(window.__cmi().suspend_data).d.length === n; } catch { return false; } }",
        arg=len(data["lessons"]),
    )
    suspend = s.value("suspend_data")
    print(f"{course}: {total} questions, suspend_data {len(suspend)} characters")
    assert len(suspend) <= LIMIT
    state = json.loads(suspend)
    kept_answers = sum(len([a for a in answers.split("|") if a]) for answers in state["q"])
    assert kept_answers == (total if fits else 0)
    assert len(state["d"]) == len(data["lessons"]), "every done lesson is kept"
    assert state["b"].split(",") == ["100"] * len(data["revs"]), "every best score is kept"
    s.close()
    saved = kept(s)
    context.close()

    context, page = fresh(browser)
    s = Session(page, url, saved)
    restored = s.launch.evaluate(
        "() => Object.keys(localStorage).filter((k) => k.includes(':quiz:')).map((k) => "
        "Object.keys(JSON.parse(localStorage.getItem(k)).questions).length).reduce((a, b) => a + b, 0)"
    )
    assert restored == (total if fits else 0)
    done = s.launch.evaluate("() => Object.entries(localStorage).find(([k]) => k.endsWith(':done'))[1]")
    assert len(json.loads(done)) == len(data["lessons"])
    context.close()


def test_a_result_reaches_the_lms_with_the_answer_that_completes_it(page: Page, lms: str) -> None:
    """A failed attempt raises no other event: its best score must go with the last answer's commit."""
    s = Session(page, lms)
    s.open("Final check")
    s.answer("one", "True")
    s.answer("two", "True")
    s.answer("three", "Red")
    expect(s.course.locator(".ml-quiz__score")).to_contain_text("Not passed")
    data = s.launch.evaluate("() => JSON.parse(document.getElementById('ml-lms').textContent)")
    best = json.loads(s.value("suspend_data"))["b"].split(",")
    assert best[list(data["revs"]).index("final")] == "67"
    assert names(s.calls())[-1] == "LMSCommit"


def test_a_relaunch_keeps_what_the_lms_is_not_told(browser: Browser, lms: str) -> None:
    """Checklist answers stay in the browser: a relaunch restores the LMS's progress around them."""
    context, page = fresh(browser)
    s = Session(page, lms)
    s.course.locator(".ml-card__link").filter(has_text="Ticks").click()
    s.ready()
    s.course.get_by_role("checkbox", name="One thing").check()
    s.close()
    saved = kept(s)
    page.goto("about:blank")
    s = Session(page, lms, saved)
    expect(s.course.locator("h1")).to_have_text("Ticks")  # where the learner was
    expect(s.course.get_by_role("checkbox", name="One thing")).to_be_checked()
    context.close()


def test_with_storage_blocked_the_lms_keeps_its_progress(browser: Browser, lms: str) -> None:
    context, page = fresh(browser)
    s = Session(page, lms)
    s.mark_done("Every block")
    s.close()
    saved = kept(s)
    context.close()

    context = browser.new_context()
    context.add_init_script(
        "Storage.prototype.setItem = () => { throw new DOMException('blocked', 'QuotaExceededError'); };"
    )
    page = context.new_page()
    s = Session(page, lms, saved)
    s.open("A scored lesson")
    s.answer("first", "Receipt, please.")
    s.close()
    calls = s.calls()
    assert "cmi.suspend_data" not in sets(calls), "nothing the course could not keep overwrites the LMS's record"
    assert s.value("suspend_data") == saved["suspend_data"]
    assert sets(calls)["cmi.interactions.0.result"] == "wrong"
    assert names(calls)[-1] == "LMSFinish" and names(calls).count("LMSInitialize") == 1
    context.close()


# --- Branching scenarios (tests/courses/branching) -----------------------------------


SCENARIO_HOME = "Conversations at the counter"
"""The branching course's home heading."""


@pytest.fixture(scope="module")
def scenario_lms(tmp_path_factory: pytest.TempPathFactory, local_server_factory: Callable[[], LocalServer]) -> str:
    root = lms_folder(tmp_path_factory.mktemp("lms-branching") / "runtime", BRANCHING)
    return local_server_factory().serve(root) + "lms.html"


def recorded(s: Session) -> list[dict[str, Any]]:
    """The interactions the LMS holds, in order."""
    found = s.cmi()["interactions"]
    return [found[k] for k in sorted(found, key=int)]


def reply(s: Session, text: str) -> None:
    count = s.course.locator(".ml-scenario__log > li").count()
    s.course.get_by_role("button", name=text).click()
    expect(s.course.locator(".ml-scenario__log > li")).not_to_have_count(count)


def test_a_branching_scenario_reports_each_reply_passes_the_assessment_and_resumes(
    browser: Browser, scenario_lms: str
) -> None:
    context, page = fresh(browser)
    s = Session(page, scenario_lms)
    s.open("The late parcel", home=SCENARIO_HOME)
    reply(s, "Ask for the order number and look it up while she waits.")
    interactions = recorded(s)
    assert [(i["id"], i["type"], i["student_response"], i["result"], str(i["weighting"])) for i in interactions] == [
        ("phone-call.call", "choice", "0", "neutral", "3")
    ]
    assert names(s.calls())[-1] == "LMSCommit"
    s.open("The leaking iron", home=SCENARIO_HOME)
    reply(s, "Explain the returns policy.")
    assert recorded(s)[-1]["id"] == "leaking-iron.opening"
    assert s.value("core.lesson_status") == "incomplete"
    data = s.launch.evaluate("() => JSON.parse(document.getElementById('ml-lms').textContent)")
    state = json.loads(s.value("suspend_data"))
    position = list(data["revs"]).index("leaking-iron")
    assert state["q"][position] == data["paths"]["leaking-iron"][:4] + " 1"
    assert state["a"] == [list(data["revs"]).index("phone-call")]
    s.close()
    saved = kept(s)
    context.close()

    # Another machine: the conversation comes back from suspend_data alone.
    context, page = fresh(browser)
    s = Session(page, scenario_lms, saved)
    expect(s.course.locator(".ml-scenario__log > li")).to_have_count(4)
    reply(s, "Apologise and ask what happened.")
    reply(s, "Offer a refund or a same-day swap, and let him choose.")
    expect(s.course.locator(".ml-scenario__log > li").last).to_contain_text("Passed 2 of 4 points")
    s.open("Before you start", home=SCENARIO_HOME)
    s.course.get_by_role("button", name="Mark as done").click()
    expect(s.course.get_by_text("You have completed this lesson.")).to_be_visible()
    assert s.value("core.lesson_status") == "passed"
    assert s.value("core.score.raw") == "100"


def test_a_pools_draw_and_the_review_queue_survive_a_relaunch(
    browser: Browser, tmp_path: Path, local_server: LocalServer
) -> None:
    """tests/courses/pools: the draw of the pooled assessment and a question waiting for review
    travel in suspend_data to another machine."""
    url = local_server.serve(lms_folder(tmp_path / "lms", POOLS)) + "lms.html"
    visible = "(els) => els.filter((e) => !e.hidden).map((e) => e.dataset.mlQuestion)"

    context, page = fresh(browser)
    s = Session(page, url)
    s.open("Greeting", home="Pools and review")
    s.answer("hello", "Next!")
    s.open("Pool", home="Pools and review")
    drawn = s.course.locator("[data-ml-question]").evaluate_all(visible)
    assert len(drawn) == 3
    s.answer(drawn[0], f"Wrong {drawn[0][1:]}")
    s.close()
    saved = kept(s)
    state = json.loads(saved["suspend_data"])
    assert state["w"] and state["r"], state
    context.close()

    context, page = fresh(browser)
    s = Session(page, url, saved)
    expect(s.course.locator("h1")).to_have_text("Pool")
    assert s.course.locator("[data-ml-question]").evaluate_all(visible) == drawn
    expect(s.course.locator(f"[data-ml-question='{drawn[0]}'] .ml-question__status")).to_have_text("Incorrect")
    stored = "(key) => JSON.parse(Object.entries(localStorage).find(([k]) => k.endsWith(':' + key))[1])"
    queue = s.launch.evaluate(stored, "review")
    assert set(queue) == {"basics/hello", f"pool/{drawn[0]}"}
    assert all(entry[1] == 0 for entry in queue.values())
    # Checked before: after Try again, a wrong answer is not a first check and queues nothing anew.
    assert s.launch.evaluate(stored, "quiz:pool")["questions"][drawn[0]]["tried"] is True
    context.close()
