"""The example course built by the builders that outlive MkDocs 1.x, smoke-tested in Chromium.

ProperDocs, the continuation of MkDocs 1.x, runs the microlearn plugin on the
course as it is. Zensical runs no MkDocs plugins, so it builds the plain tree
`microlearn export` writes. On each site a quiz question gets feedback, Mark as
done counts on the home page, and a checklist choice survives a reload.
Each site is built once per module (per xdist worker).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path

import pytest
from browser_support import REPO_ROOT, LocalServer, axe, build_course, set_palette
from playwright.sync_api import Page, expect

LESSONS = 10  # the example course's lessons (content/course.yml)
QUIZ = "quizzes/foundations-check/"
LESSON = "lessons/what-is-active-listening/"  # no quiz: done by Mark as done
CHECKLIST = "checklists/after-the-conversation/"


def _properdocs(out: Path, server: LocalServer) -> Path:
    return build_course(REPO_ROOT, out, server.url, builder="properdocs")


def _zensical(out: Path, server: LocalServer) -> Path:
    """Export the course, then build the tree with Zensical at the server's address, as a published site has it."""
    tree = out.with_name("export")
    microlearn = Path(sys.executable).with_name("microlearn")
    cmd = [str(microlearn), "export", str(tree), "--root", str(REPO_ROOT), "--strict"]
    env = {k: v for k, v in os.environ.items() if k != "SITE_URL"}  # the course's site_url: none, as in a test build
    result = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    assert result.returncode == 0, f"microlearn export failed:\n{result.stdout}\n{result.stderr}"
    return build_course(tree, out, server.url, builder="zensical")


BUILDERS: dict[str, Callable[[Path, LocalServer], Path]] = {"properdocs": _properdocs, "zensical": _zensical}


@pytest.fixture(scope="module", params=sorted(BUILDERS))
def built(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    local_server_factory: Callable[[], LocalServer],
) -> tuple[str, Path, str]:
    """(builder, site folder, its address on a local server)."""
    name: str = request.param
    server = local_server_factory()
    site = BUILDERS[name](tmp_path_factory.mktemp(name) / "site", server)
    return name, site, server.serve(site)


@pytest.fixture
def site(built: tuple[str, Path, str]) -> str:
    return built[2]


def open_ready(page: Page, url: str) -> None:
    page.goto(url)
    expect(page.locator("[data-ml-module]")).not_to_have_count(0)
    expect(page.locator("[data-ml-module]:not([data-ml-ready])")).to_have_count(0)


def test_the_named_builder_at_its_pinned_version_made_the_site(built: tuple[str, Path, str]) -> None:
    name, folder, _ = built
    html = (folder / "index.html").read_text(encoding="utf-8")
    generator = re.search(r'<meta name="generator" content="([^"]*)"', html)
    assert generator, "no generator named"
    assert re.search(rf"{name}[- ]{re.escape(version(name))}\b", generator.group(1), re.IGNORECASE), generator.group(1)


def test_every_page_preloads_the_runtime(built: tuple[str, Path, str]) -> None:
    """overrides/main.html must find init.js in extra_javascript, which each builder hands the template differently."""
    _, folder, _ = built
    for page in (folder / QUIZ, folder / LESSON, folder / CHECKLIST, folder):
        html = (page / "index.html").read_text(encoding="utf-8")
        assert re.search(r'<link rel="modulepreload" href="[./]*assets/microlearn/js/init\.js">', html), page
        assert re.search(r'<script src="[./]*assets/microlearn/js/init\.js" type="module">', html), page


def test_a_quiz_answer_gets_its_feedback(page: Page, site: str) -> None:
    open_ready(page, site + QUIZ)
    question = page.locator("[data-ml-question='pretending']")
    question.get_by_label("False", exact=True).check()
    question.get_by_role("button", name="Check answer").click()
    expect(question.get_by_role("status")).to_have_text("Correct")
    expect(question.get_by_text("Correct. Encouraging sounds without real attention")).to_be_visible()


def test_mark_as_done_counts_on_the_home_page(page: Page, site: str) -> None:
    open_ready(page, site)
    expect(page.get_by_text(f"0 of {LESSONS} lessons done")).to_be_visible()
    open_ready(page, site + LESSON)
    page.get_by_role("button", name="Mark as done").click()
    expect(page.get_by_text("You have completed this lesson.")).to_be_visible()
    open_ready(page, site)
    expect(page.get_by_text(f"1 of {LESSONS} lessons done")).to_be_visible()


def test_a_checklist_choice_survives_a_reload(page: Page, site: str) -> None:
    open_ready(page, site + CHECKLIST)
    sheet = page.locator("[data-ml-module=checklist]")
    item = sheet.get_by_role("radiogroup", name="I gave the customer my full attention.", exact=True)
    item.get_by_role("radio", name="In 1 or 2").check()
    page.reload()
    expect(sheet).to_have_attribute("data-ml-ready", "")
    expect(item.get_by_role("radio", name="In 1 or 2")).to_be_checked()
    expect(sheet.get_by_role("radio", checked=True)).to_have_count(1)


def test_instant_navigation_starts_the_widgets_and_marks_the_navigation(page: Page, site: str) -> None:
    """The runtime starts widgets on Material's document$, which Zensical's own bundle must provide too."""
    page.goto(site, wait_until="networkidle")  # instant navigation is armed once the sitemap is read
    page.evaluate("window.__sameDocument = true")
    page.locator(f".md-sidebar--primary a.md-nav__link[href$='{LESSON}']").click()
    expect(page).to_have_url(site + LESSON)
    expect(page.locator("[data-ml-module=lesson-done]")).to_have_attribute("data-ml-ready", "")
    assert page.evaluate("window.__sameDocument === true"), "a full page load, not instant navigation"
    page.get_by_role("button", name="Mark as done").click()
    expect(page.locator(f".md-sidebar--primary a.md-nav__link[href$='{LESSON}'] .ml-nav-mark")).to_have_text("Done")


@pytest.mark.parametrize("built", ["zensical"], indirect=True)
def test_the_pages_have_no_axe_violations_in_either_palette(page: Page, site: str) -> None:
    """Zensical's theme is its own (ProperDocs uses Material's, as test_theme_a11y checks): its default look
    fails contrast, so the export asks for Material's."""
    found = []
    for scheme in ("default", "slate"):
        for path in ("", LESSON, QUIZ, CHECKLIST):
            open_ready(page, site + path)
            set_palette(page, scheme)
            violations = axe(page)
            if violations:
                found.append(f"{scheme} /{path}:\n{violations}")
    assert not found, "\n".join(found)
