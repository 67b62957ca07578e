"""mkdocs-material with microlearn's overrides and theme.css passes axe-core's
WCAG 2.1 A/AA rules in both palettes, and calls no other host.

Stock Material fails on every page (untitled search dialog, grey footer credit,
links told apart by colour only, grey-on-grey labels), so this guards the fixes
in overrides/ and generator/assets/css/theme.css. The site is a stock-style
one until the browser tests build a real microlearn course.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from browser_support import REPO_ROOT, LocalServer, axe, build_course, goto_instant, open_search, set_palette
from playwright.sync_api import Page, expect

STOCK_SITE = Path(__file__).parent / "stock_site"
THEME_CSS = REPO_ROOT / "generator" / "assets" / "css" / "theme.css"
PAGES = ["", "guide/refunds/", "guide/glossary/", "404.html"]
SCHEMES = ["default", "slate"]


def _stock_copy(dest: Path, *, language: str = "en") -> Path:
    """Copy the stock site with an absolute custom_dir and the given theme language."""
    shutil.copytree(STOCK_SITE, dest)
    config = dest / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^(\s+)custom_dir:.*$", rf"\1custom_dir: {(REPO_ROOT / 'overrides').as_posix()}", text)
    text = re.sub(r"(?m)^(\s+)language:.*$", rf"\1language: {language}", text)
    config.write_text(text, encoding="utf-8")
    return dest


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory, local_server_factory: Callable[[], LocalServer]) -> str:
    """The stock site built for, and served at, a local URL (instant navigation needs the match)."""
    server = local_server_factory()
    out = tmp_path_factory.mktemp("stock") / "site"
    build_course(STOCK_SITE, out, server.url, extra_docs_files={"assets/theme.css": THEME_CSS})
    return server.serve(out)


def _violations_on_pages(page: Page, site_url: str, scheme: str) -> str:
    """axe on every page opened afresh, checking the stored palette carries over."""
    found = []
    for path in PAGES:
        page.goto(site_url + path)
        expect(page.locator("body")).to_have_attribute("data-md-color-scheme", scheme)
        if report := axe(page):
            found.append(f"--- /{path} ({scheme})\n{report}")
    return "\n".join(found)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_pages_have_no_axe_violations(page: Page, site_url: str, scheme: str) -> None:
    page.goto(site_url)
    set_palette(page, scheme)
    report = _violations_on_pages(page, site_url, scheme)
    assert not report, f"axe violations:\n{report}"


@pytest.mark.parametrize("scheme", SCHEMES)
def test_open_search_with_results_has_no_axe_violations(page: Page, site_url: str, scheme: str) -> None:
    page.goto(site_url)
    set_palette(page, scheme)
    open_search(page, "refund")
    report = axe(page)
    assert not report, f"axe violations with search open ({scheme}):\n{report}"


@pytest.mark.parametrize("scheme", SCHEMES)
def test_page_reached_from_search_with_highlight_has_no_axe_violations(page: Page, site_url: str, scheme: str) -> None:
    page.goto(site_url)
    set_palette(page, scheme)
    open_search(page, "refund")
    page.locator(".md-search-result__link").first.click()
    page.locator(".md-content mark").first.wait_for()
    report = axe(page)
    assert not report, f"axe violations on a highlighted page ({scheme}):\n{report}"


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", [400, 1000])
def test_open_navigation_drawer_has_no_axe_violations(page: Page, site_url: str, scheme: str, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(site_url + "guide/refunds/")
    set_palette(page, scheme)
    page.locator("label.md-header__button[for='__drawer']").click()
    expect(page.locator("#__drawer")).to_be_checked()
    reports = [axe(page)]
    toc = page.locator("label.md-nav__link[for='__toc']")
    if toc.is_visible():  # on phones the page's contents open as a nested panel
        toc.click()
        reports.append(axe(page))
    report = "\n".join(filter(None, reports))
    assert not report, f"axe violations with the drawer open ({scheme}, {width}px):\n{report}"


def test_search_dialog_has_an_accessible_name(page: Page, site_url: str) -> None:
    """A best-practice rule, outside the WCAG tags, that stock Material fails."""
    page.goto(site_url)
    expect(page.get_by_role("dialog", name="Search")).to_be_attached()
    report = axe(page, rules=["aria-dialog-name"])
    assert not report, report


def test_instant_navigation_keeps_the_document(page: Page, site_url: str) -> None:
    """The server URL matches site_url, so Material swaps pages without a reload;
    widget tests rely on this to exercise re-initialisation."""
    goto_instant(page, site_url)
    page.evaluate("() => { window.__sameDocument = true; }")
    page.locator("a.md-footer__link--next").click()
    expect(page).to_have_url(site_url + "guide/refunds/")
    expect(page.locator("h1")).to_have_text("Refunds")
    assert page.evaluate("() => window.__sameDocument === true"), "instant navigation did not engage"


def test_dutch_site_names_search_in_dutch_and_has_no_english_credit(tmp_path: Path) -> None:
    src = _stock_copy(tmp_path / "src-nl", language="nl")
    out = build_course(src, tmp_path / "site", "http://127.0.0.1:1/", extra_docs_files={"assets/theme.css": THEME_CSS})
    html = (out / "index.html").read_text(encoding="utf-8")
    assert '<html lang="nl"' in html
    assert 'role="dialog" aria-label="Zoeken"' in html
    assert "Made with" not in html
    assert "Material for MkDocs" not in html
