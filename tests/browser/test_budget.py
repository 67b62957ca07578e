"""Budget: the JavaScript and CSS the generator adds to a page (the stylesheet
and the runtime modules the page preloads, which test_loading.py shows are
exactly the ones it loads) is at most 8 KB gzip-compressed, and none of it
asks another host for anything.

Measured on real build output, each file gzipped on its own at level 9, as a
static host would serve it.
"""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import pytest
from browser_support import REPO_ROOT, build_course

BUDGET = 8192
COURSE = REPO_ROOT / "tests" / "courses" / "complete"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_course(COURSE, tmp_path_factory.mktemp("budget") / "site", "http://127.0.0.1:1/")


@pytest.fixture(scope="module")
def assets(site: Path) -> dict[str, bytes]:
    return assets_of(site)


def assets_of(site: Path) -> dict[str, bytes]:
    """The generator's files in a built site, by their path under assets/microlearn/."""
    root = site / "assets" / "microlearn"
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def gzip_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9, mtime=0))


def page_assets(html: str) -> list[str]:
    """The generator's files a page asks for: its stylesheet and its preloaded modules (under assets/microlearn/)."""
    hrefs = re.findall(r'<link rel="(?:stylesheet|modulepreload)" href="[^"]*?assets/microlearn/([^"]+)"', html)
    return sorted(set(hrefs))


def within_budget(site: Path, assets: dict[str, bytes]) -> set[tuple[str, ...]]:
    """Asserts every page of ``site`` fits; returns the sets of files its pages load."""
    sizes = {name: gzip_size(data) for name, data in assets.items()}
    kinds = set()
    for page in sorted(site.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        names = page_assets(html)
        kinds.add(tuple(names))
        assert "microlearn.css" in names and "js/init.js" in names, (page, names)
        total = sum(sizes[name] for name in names)
        breakdown = "\n".join(f"  {sizes[name]:5d}  {name}" for name in names)
        assert total <= BUDGET, f"{page.relative_to(site)}: {total} bytes gzipped > {BUDGET}:\n{breakdown}"
    return kinds


def test_each_pages_js_and_css_fit_in_8_kb_gzipped(site: Path, assets: dict[str, bytes]) -> None:
    kinds = within_budget(site, assets)
    # Home, lessons with and without a quiz, quiz and checklist pages each load a different set.
    assert len(kinds) >= 5, kinds


def test_pages_with_a_branching_scenario_fit_and_load_only_its_widget(branching_course: tuple[Path, str]) -> None:
    """Branching scenarios in a lesson and as an assessment: their pages load branching.js, not quiz.js."""
    site = branching_course[0]
    kinds = within_budget(site, assets_of(site))
    lesson = page_assets((site / "lessons" / "the-leaking-iron" / "index.html").read_text(encoding="utf-8"))
    assert lesson == ["js/branching.js", "js/init.js", "js/lesson-done.js", "js/storage.js", "microlearn.css"]
    assert ("js/branching.js", "js/init.js", "js/storage.js", "microlearn.css") in kinds


def test_a_page_loads_no_widget_it_does_not_use(site: Path) -> None:
    home = page_assets((site / "index.html").read_text(encoding="utf-8"))
    assert home == ["js/home.js", "js/init.js", "js/queue.js", "js/storage.js", "microlearn.css"]
    checklists = sorted((site / "checklists").glob("*/index.html"))
    assert checklists
    for page in checklists:
        assert page_assets(page.read_text(encoding="utf-8")) == [
            "js/checklist.js",
            "js/init.js",
            "js/storage.js",
            "microlearn.css",
        ]


def test_every_asset_is_the_bundled_css_or_a_js_module(assets: dict[str, bytes]) -> None:
    names = set(assets)
    assert "microlearn.css" in names
    runtime = ["init", "storage", "question", "quiz", "lesson-done", "home", "checklist", "queue", "review"]
    assert {f"js/{name}.js" for name in runtime} <= names
    assert all(name == "microlearn.css" or re.fullmatch(r"js/[a-z-]+\.js", name) for name in names), names


def test_no_asset_refers_to_another_host(assets: dict[str, bytes]) -> None:
    # url(...) in CSS and import specifiers in JS are what a browser would fetch.
    for name, data in assets.items():
        text = data.decode("utf-8")
        assert not re.search(r"url\(\s*['\"]?(https?:)?//", text), name
        assert not re.search(r"""(import|from)\s*\(?\s*['"](https?:)?//""", text), name


def test_the_runtime_never_parses_html() -> None:
    """Content only ever goes in as text, never through innerHTML and the like.

    The one parser is the review queue's: it reads the site's own quiz pages
    (markup the generator wrote and sanitised) into an inert document with
    DOMParser and moves a question element over; no string is ever inserted as HTML.
    """
    parsers = []
    for path in sorted((REPO_ROOT / "generator" / "assets" / "js").glob("*.js")):
        source = path.read_text(encoding="utf-8")
        assert not re.search(r"\b(innerHTML|outerHTML|insertAdjacentHTML|document\.write)\b", source), path.name
        if "DOMParser" in source:
            parsers.append(path.name)
    assert parsers == ["queue.js"]


def test_no_css_string_holds_what_the_shipped_stylesheet_squeezes() -> None:
    """stylesheet() drops whitespace next to { } ; , everywhere: safe only while no CSS string holds one."""
    for path in sorted((REPO_ROOT / "generator" / "assets" / "css").glob("*.css")):
        source = re.sub(r"/\*.*?\*/", "", path.read_text(encoding="utf-8"), flags=re.DOTALL)
        strings = re.findall(r"\"[^\"]*\"|'[^']*'", source)
        assert not [s for s in strings if re.search(r"[{};,]", s)], path.name
