"""A synthetic course of any size, written to the content format, for the benchmarks.

Every lesson uses every block type and has a five-question quiz (single,
multiple and true/false questions); every module of ten lessons has a
checklist and a branching conversation (an assessment). Text is varied by lesson number, so no two pages are alike, and it
uses the Markdown the format allows (emphasis, links, tables, footnotes).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

LESSONS_PER_MODULE = 10
IMAGE = """<svg xmlns="http://www.w3.org/2000/svg" width="120" height="60" viewBox="0 0 120 60">
<rect width="120" height="60" fill="#ddd"/><circle cx="30" cy="30" r="20" fill="#888"/></svg>
"""


def write_course(root: Path, lessons: int, config_template: Path, *, scenarios: bool = True) -> Path:
    """Write a course of ``lessons`` lessons under ``root`` (replaced); returns its mkdocs.yml.

    ``config_template`` is the example course's mkdocs.yml, used as it is but for
    ``custom_dir`` (the plugin brings its own page templates). ``scenarios=False``
    leaves out the branching conversations, for code from before they existed.
    """
    if root.exists():
        shutil.rmtree(root)
    for folder in ("content/lessons", "content/checklists", "content/assets", "quizzes"):
        (root / folder).mkdir(parents=True)
    (root / "content/assets/figure.svg").write_text(IMAGE, encoding="utf-8")
    modules = []
    for m in range(0, lessons, LESSONS_PER_MODULE):
        ids = [f"lesson-{n:04d}" for n in range(m + 1, min(m + LESSONS_PER_MODULE, lessons) + 1)]
        number = m // LESSONS_PER_MODULE + 1
        checklist = f"module-{number:03d}-review"
        modules.append((number, ids, checklist))
        (root / f"content/checklists/{checklist}.yml").write_text(_checklist(number), encoding="utf-8")
        if scenarios:
            (root / f"quizzes/{_scenario_id(number)}.yml").write_text(_scenario(number), encoding="utf-8")
        for lesson_id in ids:
            n = int(lesson_id.rsplit("-", 1)[1])
            (root / f"content/lessons/{lesson_id}.yml").write_text(_lesson(n, checklist), encoding="utf-8")
            (root / f"quizzes/{lesson_id}-check.yml").write_text(_quiz(n), encoding="utf-8")
    (root / "content/course.yml").write_text(_course(lessons, modules, scenarios), encoding="utf-8")
    config = root / "mkdocs.yml"
    text = config_template.read_text(encoding="utf-8")
    config.write_text(re.sub(r"(?m)^\s*custom_dir:.*\n", "", text), encoding="utf-8")
    return config


def edit_lesson(root: Path, lesson: int, revision: int) -> Path:
    """Change one lesson's body text (not its title), as an editor saving a fix does."""
    file = root / f"content/lessons/lesson-{lesson:04d}.yml"
    text = file.read_text(encoding="utf-8")
    file.write_text(text.replace("Revision marker", f"Revision marker {revision}", 1), encoding="utf-8")
    return file


def _course(lessons: int, modules: list[tuple[int, list[str], str]], scenarios: bool) -> str:
    lines = [
        f"title: A synthetic course of {lessons} lessons",
        "description: |",
        "  Generated for the benchmarks: every block type, a quiz per lesson,",
        "  a checklist per module.",
        "audience: Benchmarks",
        "modules:",
    ]
    for number, ids, _ in modules:
        lines += [f"  - title: Module {number}", f"    description: The *{number}th* module.", "    lessons:"]
        lines += [f"      - {lesson_id}" for lesson_id in ids]
    lines.append("checklists:")
    lines += [f"  - {checklist}" for _, _, checklist in modules]
    if scenarios:
        lines.append("assessments:")
        lines += [f"  - {_scenario_id(number)}" for number, _, _ in modules]
    return "\n".join(lines) + "\n"


def _scenario_id(module: int) -> str:
    return f"module-{module:03d}-conversation"


def _scenario(m: int) -> str:
    """A conversation of four steps and three endings, two ways to a pass and a recovery."""
    return f"""title: Conversation {m}
kind: branching
intro: A customer of module {m} is *upset* about request {m}.
start: opening
nodes:
  - id: opening
    speaker: Customer
    says: This is the {m}th time I am asking about request {m}!
    choices:
      - text: Let them finish, then name the frustration.
        next: calmer
        feedback: Naming the feeling first calms things down.
        points: 2
      - text: Quote the policy on request {m}.
        next: angrier
        feedback: Policy before listening sounds like a brush-off.
  - id: calmer
    speaker: Customer
    says: Yes. And I need it sorted by Friday.
    context: The customer is **calmer** now.
    choices:
      - text: Offer two ways to sort request {m} and let them choose.
        next: good-end
        points: 2
  - id: angrier
    speaker: Customer
    says: I do not care about your policy.
    choices:
      - text: Apologise and ask what happened.
        next: recovered
        points: 1
      - text: Repeat the policy, more firmly.
        next: lost
  - id: recovered
    speaker: Customer
    says: Fine. It went wrong on day {m}, and I need it by Friday.
    choices:
      - text: Offer two ways to sort request {m} and let them choose.
        next: good-end
        points: 1
  - id: lost
    ending: fail
    summary: The customer leaves with request {m} unsolved.
  - id: good-end
    ending: pass
    summary: Request {m} is sorted and the customer chose how.
"""


def _lesson(n: int, checklist: str) -> str:
    return f"""title: Lesson {n} on handling request {n}
summary: How to deal with *request {n}* calmly and well.
objectives:
  - Recognise request {n} when a customer makes it
  - Answer request {n} in plain words
tags: [synthetic, group-{n % 7}]
blocks:
  - type: text
    title: Why request {n} matters
    body: |
      A customer who makes request {n} is often **worried** before they say a word.
      Revision marker. See the [first lesson](lessons/lesson-0001.md) again if needed.

      | Moment {n} | Goal |
      |:--|--:|
      | Greeting | Calm |
      | Listening | Understand |

      Read more in the handbook, chapter {n}[^1].

      [^1]: Kept behind the counter, page {n}.
  - type: steps
    title: Request {n} in three steps
    items:
      - title: Look up
        body: Stop what you are doing and make eye contact ({n}).
      - title: Say hello
        body: Use a friendly, *open* greeting.
      - title: Ask
        body: Ask how you can help with request {n}.
  - type: compare
    title: Tone for request {n}
    do:
      items: ["Say *good morning*", "Use their name if you know it ({n})"]
    dont:
      items: ["Start with the policy", "Interrupt"]
  - type: quote
    text: The customer remembers how you made them feel, {n} times out of {n}.
    author: A shop manager
    role: Twenty years at the counter
  - type: callout
    kind: tip
    title: A tip for request {n}
    body: Keep your hands visible and your posture **open**.
  - type: image
    src: assets/figure.svg
    alt: A figure for lesson {n}.
    caption: The counter is a *meeting place*, lesson {n}.
  - type: dialogue
    title: At the counter, case {n}
    context: A customer brings request {n}.
    lines:
      - speaker: Customer
        text: I have been waiting {n} minutes!
      - speaker: Clerk
        text: That is really annoying. Tell me what happened.
        techniques: [Empathy, Open question]
      - speaker: Customer
        text: It just stopped working.
  - type: activity
    title: Practise request {n}
    body: Pair up with a colleague and role-play request {n}.
    steps: [Play the customer, Play the clerk, Swap roles]
  - type: checklist
    checklist: {checklist}
  - type: quiz
    quiz: lesson-{n:04d}-check
takeaways:
  - Listen first on request {n}
  - Tone is **everything**
"""


def _quiz(n: int) -> str:
    return f"""title: "Check: request {n}"
intro: Five quick questions on request {n}.
pass_mark: 60
questions:
  - scenario: |
      A customer makes request {n} and raises their voice.
    prompt: What do you do *first*?
    options:
      - text: Let them finish, then acknowledge the problem.
        correct: true
        feedback: Letting them vent lowers the tension.
      - text: Quote the policy on request {n}.
        feedback: Policy before empathy sounds like a brush-off.
      - text: Call your supervisor.
        feedback: Escalating before listening says you will not help.
    explanation: Listen first; solve second.
  - type: true_false
    prompt: Interrupting during request {n} saves time.
    answer: false
    feedback_true: It feels faster, but you miss details.
    feedback_false: Right — interruptions cost time later.
  - type: multiple
    prompt: Which of these can you offer for request {n}?
    options:
      - text: A refund
        correct: true
        feedback: Yes, within the return period.
      - text: A replacement
        correct: true
        feedback: Yes, if it is in stock.
      - text: A discount on the next purchase only
        feedback: Not on its own.
    explanation: Refund or replacement are both fair.
  - prompt: The customer has no receipt for request {n}. What do you ask for?
    options:
      - text: A bank statement showing the purchase
        correct: true
        feedback: Any proof of purchase will do.
      - text: Nothing; refuse
        feedback: Proof of purchase can take other forms.
  - type: true_false
    prompt: Tone matters for request {n}.
    answer: true
    feedback_true: Yes.
    feedback_false: It does.
"""


def _checklist(number: int) -> str:
    return f"""title: Review of module {number}
intro: Fill this in after module {number}.
fields: [Name, Date]
sections:
  - title: Listening
    items:
      - I let the customer finish ({number})
      - text: I named their feeling
        hint: For example "that sounds frustrating"
  - title: Solving
    items:
      - I offered a choice
      - I checked the outcome
outro: Talk it through with your team lead.
"""
