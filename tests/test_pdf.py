"""The ready-made checklist PDF (generator/pdf.py): the blank sheet, on one page
for up to 12 items (even the widest: hints, 4 fields, 5 long scale labels), rows
whole across pages, and the same bytes for the same input.

Rendered from what the renderer emits for tests/courses/checklists, with the
site's real stylesheet; read back with poppler's pdftotext and pdfinfo.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator import pdf
from generator.assets import site_assets, stylesheet
from generator.cache import FileCache
from generator.course import load_course
from generator.render import PageSource, RenderOptions, render_site

COURSE = Path(__file__).parent / "courses" / "checklists"
SITE_URL = "https://learn.example.org/counter/"
ARTIFACTS = Path(__file__).parents[1] / "test-artifacts"


@pytest.fixture(scope="module")
def weasyprint() -> None:
    import weasyprint  # noqa: F401 - make test installs the pdf extra; fail loudly if it is missing


@pytest.fixture(scope="module")
def pages() -> dict[str, PageSource]:
    content, diagnostics = load_course(COURSE)
    assert content is not None, diagnostics
    site = render_site(content, RenderOptions(site_url=SITE_URL))
    return {Path(p.path).stem: p for p in site.pages if p.path.startswith("checklists/")}


def _checklist(checklist_id: str) -> dict:
    return yaml.safe_load((COURSE / "content" / "checklists" / f"{checklist_id}.yml").read_text(encoding="utf-8"))


def _items(checklist_id: str) -> list[str]:
    data = _checklist(checklist_id)
    entries = data.get("items") or [i for s in data["sections"] for i in s["items"]]
    return [e if isinstance(e, str) else f"{e['text']} {e.get('hint') or ''}".strip() for e in entries]


def _make(page: PageSource, paper: str, tmp_path: Path) -> tuple[Path, list[str]]:
    data = pdf.checklist_pdf(page.html, stylesheet(), lang="en", title=page.title, paper=paper)
    path = tmp_path / f"{Path(page.path).stem}-{paper}.pdf"
    path.write_bytes(data)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return path, [re.sub(r"\s+", " ", p).strip() for p in text.split("\f")[:-1]]


@pytest.mark.parametrize("paper", pdf.PAPER_SIZES)
def test_twelve_items_make_one_blank_page(weasyprint: None, pages: dict, tmp_path: Path, paper: str) -> None:
    _, printed = _make(pages["weekly-review"], paper, tmp_path)
    assert len(printed) == 1
    text = printed[0]
    expected = [
        "Weekly counter review",
        "Name",
        "Date",
        "Team lead",
        "Yes",
        "Partly",
        "Not yet",
        *_items("weekly-review"),
    ]
    expected.append(f"Counter skills refresher — {SITE_URL}checklists/weekly-review/")
    assert not [e for e in expected if e not in text], text
    assert not [s for s in ("Print my answers", "Print blank", "Clear", "Download", "✓") if s in text], text


@pytest.mark.parametrize("paper", pdf.PAPER_SIZES)
def test_the_widest_twelve_item_sheet_makes_one_page(weasyprint: None, pages: dict, tmp_path: Path, paper: str) -> None:
    """Hints on all 12 items, intro and outro of three sentences, 4 fields, 3 sections
    and 5 long scale labels ("Neither agree nor disagree") still fit on one page."""
    data = _checklist("peer-review")
    assert len(_items("peer-review")) == 12 and len(data["fields"]) == 4 and len(data["scale"]) == 5
    path, printed = _make(pages["peer-review"], paper, tmp_path)
    ARTIFACTS.mkdir(exist_ok=True)
    stem = ARTIFACTS / f"pdf-checklist-12-items-widest-{paper}"
    subprocess.run(["pdftoppm", "-png", "-r", "80", "-singlefile", str(path), str(stem)], check=True)

    assert len(printed) == 1, f"{len(printed)} pages on {paper}"
    text = printed[0]
    expected = [data["title"], *(s["title"] for s in data["sections"]), *data["fields"], *_items("peer-review")]
    expected += [re.sub(r"\s+", " ", data[key]).strip() for key in ("intro", "outro")]
    expected.append(f"Counter skills refresher — {SITE_URL}checklists/peer-review/")
    assert not [e for e in expected if e not in text], text
    # The labels wrap between words, never inside one.
    words = set(re.findall(r"\w+", text))
    assert not [w for label in data["scale"] for w in label.split() if w not in words], text


@pytest.mark.parametrize("paper", pdf.PAPER_SIZES)
def test_forty_items_keep_every_row_whole_on_one_page(
    weasyprint: None, pages: dict, tmp_path: Path, paper: str
) -> None:
    _, printed = _make(pages["full-audit"], paper, tmp_path)
    assert len(printed) > 1
    for item in _items("full-audit"):
        assert sum(item in page for page in printed) == 1, f"{paper}: not whole on one page: {item!r}"
    for page in printed:
        assert "Item Always Often Sometimes Never" in page
        assert page.endswith(f"{SITE_URL}checklists/full-audit/")


def test_same_input_gives_the_same_bytes_and_no_dates(weasyprint: None, pages: dict, tmp_path: Path) -> None:
    page = pages["weekly-review"]
    html = pdf.document(page.html, lang="en", title=page.title)
    # A fresh interpreter: nothing shared with this one (cache, fonts, hash seed).
    code = (
        "import sys; from generator import pdf; sys.stdout.buffer.write(pdf.render_pdf(sys.stdin.read(), sys.argv[1]))"
    )
    other = subprocess.run(
        [sys.executable, "-c", code, stylesheet()], input=html.encode(), capture_output=True, check=True
    ).stdout
    assert pdf.render_pdf.__wrapped__(html, stylesheet()) == other
    path = tmp_path / "sheet.pdf"
    path.write_bytes(other)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert "CreationDate" not in info and "ModDate" not in info, info


def test_the_sheet_is_a_tagged_pdf(weasyprint: None, pages: dict, tmp_path: Path) -> None:
    """Tagged: a screen reader reads the structure (headings, table), not loose glyphs."""
    path, _ = _make(pages["weekly-review"], "A4", tmp_path)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Tagged:\s+yes$", info, re.MULTILINE), info


def test_without_weasyprint_the_error_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # import now raises ImportError
    with pytest.raises(pdf.PdfUnavailable, match=r"pip install 'microlearn\[pdf\]'.*libpango-1\.0-0"):
        pdf.render_pdf.__wrapped__("<p>x</p>", "")


def test_unknown_paper_is_refused() -> None:
    with pytest.raises(ValueError, match="A4, Letter"):
        pdf.render_pdf.__wrapped__("<p>x</p>", "", paper="A5")


def test_the_plugin_option_publishes_a_pdf_beside_each_checklist(weasyprint: None, tmp_path: Path) -> None:
    from .conftest import copy_course, mkdocs_build

    root = copy_course("checklists", tmp_path / "course")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text().replace("  - microlearn\n", "  - microlearn:\n      checklist_pdf: Letter\n"))
    result = mkdocs_build(root, root / "site", "--strict")
    assert result.returncode == 0, result.stderr
    for checklist in (root / "content/checklists").glob("*.yml"):
        pdf_file = root / "site/checklists" / f"{checklist.stem}.pdf"
        info = subprocess.run(["pdfinfo", str(pdf_file)], capture_output=True, text=True, check=True).stdout
        assert "612 x 792 pts (letter)" in info
        page = (root / "site/checklists" / checklist.stem / "index.html").read_text()
        assert f'<a href="../{checklist.stem}.pdf" download>Download the blank sheet (PDF)</a>' in page


def test_without_the_option_there_is_no_pdf(tmp_path: Path) -> None:
    content, _ = load_course(COURSE)
    assert content is not None
    assert not [a for a in site_assets(content, RenderOptions()) if a.path.endswith(".pdf")]
    site = render_site(content, RenderOptions())
    assert not [p for p in site.pages if "ml-checklist__download" in p.html]


def _pdfs(content: object, cache: FileCache) -> dict[str, bytes]:
    options = RenderOptions(checklist_pdf="A4")
    return {a.path: a.data for a in site_assets(content, options, cache) if a.path.endswith(".pdf")}  # type: ignore[arg-type]


def test_an_unchanged_checklist_is_never_printed_twice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "course"
    shutil.copytree(COURSE, root)
    cache = FileCache(tmp_path / "cache")
    printed: list[str] = []
    render = pdf.render_pdf.__wrapped__  # not the in-process memo: count what WeasyPrint really prints

    def counting(html: str, css: str, *, paper: str = "A4") -> bytes:
        printed.append(html)
        return render(html, css, paper=paper)

    monkeypatch.setattr(pdf, "render_pdf", counting)
    content, _ = load_course(root)
    first = _pdfs(content, cache)
    assert len(printed) == len(first) > 1
    assert sorted(p.name for p in cache.folder.iterdir()) == sorted(
        f"pdf-{pdf.fingerprint(h, stylesheet(), paper='A4')}.pdf" for h in printed
    ), "one file per PDF, no temporary files left"

    printed.clear()
    content, _ = load_course(root)
    assert _pdfs(content, FileCache(tmp_path / "cache")) == first, "the second build prints nothing"
    assert printed == []

    checklist = next((root / "content/checklists").glob("*.yml"))
    checklist.write_text(
        checklist.read_text(encoding="utf-8").replace("title: ", "title: Changed ", 1), encoding="utf-8"
    )
    content, _ = load_course(root)
    again = _pdfs(content, cache)
    assert len(printed) == 1 and "Changed" in printed[0], "only the changed checklist is printed again"
    changed = f"checklists/{checklist.stem}.pdf"
    assert again[changed] != first[changed]
    assert {p: d for p, d in again.items() if p != changed} == {p: d for p, d in first.items() if p != changed}


def test_a_cached_pdf_is_written_whole_or_not_at_all(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = FileCache(tmp_path / "cache")
    cache.put("a.pdf", b"one")
    real_replace = os.replace

    def interrupted(src: str, dst: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        cache.put("a.pdf", b"two")
    monkeypatch.setattr(os, "replace", real_replace)
    assert cache.get("a.pdf") == b"one"
    assert [p.name for p in cache.folder.iterdir()] == ["a.pdf"], "the temporary file is removed"
    assert cache.get("missing.pdf") is None


def test_the_fingerprint_covers_every_input_of_the_printer() -> None:
    base = pdf.fingerprint("<p>x</p>", "a{}", paper="A4")
    assert base == pdf.fingerprint("<p>x</p>", "a{}", paper="A4")
    others = {
        pdf.fingerprint("<p>y</p>", "a{}", paper="A4"),
        pdf.fingerprint("<p>x</p>", "b{}", paper="A4"),
        pdf.fingerprint("<p>x</p>", "a{}", paper="Letter"),
    }
    assert base not in others and len(others) == 3
