"""Real ``mkdocs build`` runs through the plugin, into temporary folders."""

from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path

import pytest

from generator import cli
from generator.settings import read_settings

from .conftest import copy_course, mkdocs_build

PAGES = [
    "index.html",
    "review/index.html",
    "lessons/greeting/index.html",
    "lessons/listening-first/index.html",
    "lessons/the-refund/index.html",
    "quizzes/listening-check/index.html",
    "quizzes/refund-check/index.html",
    "quizzes/returns-final/index.html",
    "checklists/after-a-return/index.html",
    "checklists/quick-ticks/index.html",
]


def tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_course("complete", tmp_path_factory.mktemp("complete") / "course")
    result = mkdocs_build(root, root / "site", "--strict")
    assert result.returncode == 0, result.stderr
    return root / "site"


def test_a_course_written_to_the_spec_builds_every_page(built: Path) -> None:
    for page in PAGES:
        assert (built / page).is_file(), page
    assert not (built / "lessons/old-draft/index.html").exists(), "drafts are left out"
    assert (built / "assets/counter.svg").is_file()
    assert (built / "assets/microlearn/microlearn.css").is_file()
    assert (built / "assets/microlearn/js/init.js").is_file()
    assert not list(built.rglob("*.yml")), "course sources are not published"


def test_navigation_follows_the_course_outline(built: Path) -> None:
    html = (built / "lessons/listening-first/index.html").read_text()
    nav = html[html.index('class="md-nav md-nav--primary"') :]
    order = [
        nav.index(t)
        for t in (
            "First contact",
            "Greeting a returning customer",
            "Listening first",
            "Resolving the return",
            "The refund",
            "Assessments",
            "Final check",
            "Checklists",
            "After a return",
        )
    ]
    assert order == sorted(order)
    footer = html[html.index('class="md-footer"') :]
    assert 'href="../greeting/"' in footer and 'href="../the-refund/"' in footer, (
        "previous/next follow the course order"
    )


def test_pages_carry_the_widgets_and_assets(built: Path) -> None:
    lesson = (built / "lessons/listening-first/index.html").read_text()
    assert 'data-ml-module="quiz"' in lesson and 'data-ml-quiz="listening-check"' in lesson
    assert '<script src="../../assets/microlearn/js/init.js" type="module"></script>' in lesson
    # Its runtime modules, preloaded in the head: the lesson's done block and its quiz (with the
    # question module it imports), no other widget.
    assert _preloads(lesson[: lesson.index("</head>")]) == [
        f"../../assets/microlearn/js/{name}.js" for name in ("init", "storage", "lesson-done", "question", "quiz")
    ]
    assert 'href="../../assets/microlearn/microlearn.css"' in lesson
    assert '<summary class="ml-answer__summary">Show answer</summary>' in lesson
    assert '<meta name="description" content="Let the customer finish before you answer.">' in lesson
    home = (built / "index.html").read_text()
    assert 'data-ml-lesson-card="listening-first"' in home and 'data-ml-quizzes="listening-check"' in home


def test_search_never_indexes_answers_or_feedback(built: Path) -> None:
    index = (built / "search/search_index.json").read_text()
    assert "Letting them vent lowers the tension" not in index  # option feedback
    assert "Listen first; solve second" not in index  # explanation
    assert "slams a broken kettle" in index  # the scenario is searchable


def test_no_request_to_another_host(built: Path) -> None:
    for page in PAGES:
        html = (built / page).read_text()
        external = re.findall(r'(?:src|href)="(https?:)?//[^"]*"', html)
        assert not [e for e in external if e], (page, external)
        assert "fonts.googleapis" not in html


def test_the_same_course_builds_to_identical_bytes(built: Path, tmp_path: Path) -> None:
    root = copy_course("complete", tmp_path / "again")
    result = mkdocs_build(root, root / "site", "--strict")
    assert result.returncode == 0, result.stderr
    first, second = tree(built), tree(root / "site")
    for name in ("sitemap.xml", "sitemap.xml.gz"):  # carry the build date
        first.pop(name, None), second.pop(name, None)
    assert first.keys() == second.keys()
    assert [k for k in first if first[k] != second[k]] == []


def test_a_failed_build_reports_positions_and_leaves_the_old_site_untouched(tmp_path: Path) -> None:
    root = copy_course("minimal", tmp_path / "course")
    site = root / "site"
    site.mkdir()
    (site / "keep.html").write_text("old site")
    lesson = root / "content/lessons/intro.yml"
    lesson.write_text(lesson.read_text().replace("summary:", "sumary:"))
    result = mkdocs_build(root, site)
    assert result.returncode != 0
    assert "content/lessons/intro.yml:2:1: error: unknown key 'sumary'; did you mean 'summary'?" in result.stderr
    assert "1 error in course content" in result.stderr
    assert "Traceback" not in result.stderr
    assert [p.name for p in site.iterdir()] == ["keep.html"]


def test_strict_fails_on_warnings_before_writing(tmp_path: Path) -> None:
    root = copy_course("minimal", tmp_path / "course")
    quiz = root / "quizzes/check.yml"
    quiz.write_text(quiz.read_text().replace("        feedback: It is one.\n", ""))
    assert mkdocs_build(root, root / "lenient").returncode == 0
    result = mkdocs_build(root, root / "strict", "--strict")
    assert result.returncode != 0
    assert "quizzes/check.yml:8:9: warning: question 1 › option 2 has no 'feedback'" in result.stderr
    assert not (root / "strict").exists()


def test_theme_language_follows_the_course(tmp_path: Path) -> None:
    root = copy_course("minimal", tmp_path / "course")
    course_file = root / "content/course.yml"
    course_file.write_text(course_file.read_text() + "language: nl\n")
    result = mkdocs_build(root, root / "site", "--strict")
    assert result.returncode == 0, result.stderr
    html = (root / "site/lessons/intro/index.html").read_text()
    assert '<html lang="nl"' in html
    assert "Controleer antwoord" in html and "Check answer" not in html
    config = root / "mkdocs.yml"
    config.write_text(config.read_text().replace("  font: false\n", "  font: false\n  language: de\n"))
    result = mkdocs_build(root, root / "site2")
    assert (
        "warning" in result.stderr.lower()
        and "theme.language 'de' differs from the course language 'nl'" in result.stderr
    )


def test_export_builds_the_same_pages_without_the_plugin(
    built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = copy_course("complete", tmp_path / "course")
    out = tmp_path / "exported"
    assert cli.main(["export", str(out), "--root", str(root)]) == 0
    assert read_settings(out / "mkdocs.yml").raw["plugins"] == ["search"]
    # Prove no plugin can be involved: the build runs with the microlearn entry point hidden.
    shutil.copytree(out, tmp_path / "plain")
    result = mkdocs_build(tmp_path / "plain", tmp_path / "plain-site", "--strict")
    assert result.returncode == 0, result.stderr
    plain = tmp_path / "plain-site"
    pages = sorted(p.relative_to(plain).as_posix() for p in plain.rglob("index.html"))
    assert pages == sorted(PAGES)
    for page in PAGES:
        ours, theirs = (built / page).read_text(), (plain / page).read_text()
        assert _article(ours) == _article(theirs), page
        assert _preloads(ours) == _preloads(theirs), page
    # The plugin hands MkDocs its pages' HTML without a Markdown pass: search sees the same text.
    ours, theirs = (
        sorted(json.loads((site / "search/search_index.json").read_text())["docs"], key=lambda d: d["location"])
        for site in (built, plain)
    )
    assert ours == theirs


def _preloads(html: str) -> list[str]:
    return re.findall(r'<link rel="modulepreload" href="([^"]+)">', html)


def _article(html: str) -> str:
    """The page's content: what is inside Material's article (whose attributes the site's theme may add to)."""
    start = html.index(">", html.index('<article class="md-content__inner md-typeset"')) + 1
    return html[start : html.index("</article>", start)]


def test_export_needs_no_plugin_installed(tmp_path: Path) -> None:
    root = copy_course("minimal", tmp_path / "course")
    out = tmp_path / "exported"
    assert cli.main(["export", str(out), "--root", str(root)]) == 0
    code = (
        "import sys, importlib.metadata as m\n"
        "orig = m.entry_points\n"
        "m.entry_points = lambda **kw: [e for e in orig(**kw) if e.name != 'microlearn']\n"
        "from mkdocs.__main__ import cli\n"
        f"sys.argv = ['mkdocs', 'build', '--strict', '-f', {str(out / 'mkdocs.yml')!r}, '-d', {str(tmp_path / 'site')!r}]\n"
        "cli()\n"
    )
    import subprocess

    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site/lessons/intro/index.html").is_file()


def test_plain_text_titles_and_summaries_are_escaped_everywhere(tmp_path: Path) -> None:
    root = copy_course("minimal", tmp_path / "course")
    lesson = root / "content/lessons/intro.yml"
    text = lesson.read_text()
    text = text.replace("title: Introduction", "title: 'Fish & chips <script>alert(3)</script>'")
    text = text.replace("summary: A short first lesson.", "summary: 'He said \"hi\" & <script>alert(2)</script>'")
    lesson.write_text(text)
    result = mkdocs_build(root, root / "site", "--strict")
    assert result.returncode == 0, result.stderr
    html = (root / "site/lessons/intro/index.html").read_text()
    assert "<script>alert" not in html
    assert (
        '<meta name="description" content="He said &#34;hi&#34; &amp; &lt;script&gt;alert(2)&lt;/script&gt;">'
        in html.replace("&quot;", "&#34;")
    )
    assert "<title>Fish &amp; chips &lt;script&gt;alert(3)&lt;/script&gt; - Minimal course</title>" in html
    home = (root / "site/index.html").read_text()
    assert "<script>alert" not in home


def test_a_regional_or_unknown_language_builds_with_the_closest_theme_language(tmp_path: Path) -> None:
    root = copy_course("minimal", tmp_path / "course")
    course_file = root / "content/course.yml"
    base = course_file.read_text()
    course_file.write_text(base + "language: nl-BE\n")
    result = mkdocs_build(root, root / "site", "--strict")
    assert result.returncode == 0, result.stderr
    assert "Controleer antwoord" in (root / "site/lessons/intro/index.html").read_text()
    course_file.write_text(base + "language: xx\n")
    result = mkdocs_build(root, root / "site2")
    assert result.returncode == 0, result.stderr
    assert "the theme has no strings for 'xx'; its own labels stay English" in result.stderr


def test_search_uses_the_course_language(tmp_path: Path) -> None:
    import json

    from .conftest import REPO

    result = mkdocs_build(REPO / "examples/nl", tmp_path / "site")
    assert result.returncode == 0, result.stderr
    index = json.loads((tmp_path / "site/search/search_index.json").read_text())
    assert index["config"]["lang"] == ["nl"]


def test_a_docs_file_in_the_way_stops_the_build_before_the_old_site_is_touched(tmp_path: Path) -> None:
    root = copy_course("minimal", tmp_path / "course")
    (root / "content/index.md").write_text("# My own home page\n")
    site = root / "site"
    site.mkdir()
    (site / "old.html").write_text("old site")
    result = mkdocs_build(root, site)
    assert result.returncode != 0
    assert "content/index.md would be replaced by what microlearn generates; rename or remove it" in result.stderr
    assert [p.name for p in site.iterdir()] == ["old.html"]


def test_mkdocs_yml_with_other_tags_still_builds(tmp_path: Path) -> None:
    root = copy_course("minimal", tmp_path / "course")
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text()
        + "markdown_extensions:\n  - pymdownx.snippets:\n      base_path: !relative $config_dir\n"
        + "extra:\n  note: !ENV [NOT_SET_ANYWHERE, 'fallback']\n"
    )
    result = mkdocs_build(root, root / "site", "--strict")
    assert result.returncode == 0, result.stderr


def test_a_separate_docs_folder_keeps_its_own_pages_after_the_course(tmp_path: Path) -> None:
    root = copy_course("minimal", tmp_path / "course")
    (root / "docs").mkdir()
    (root / "docs/about.md").write_text("# About this course\n\nWho made it.\n")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text().replace("docs_dir: content", "docs_dir: docs"))
    result = mkdocs_build(root, root / "site", "--strict")
    assert result.returncode == 0, result.stderr
    assert (root / "site/about/index.html").is_file()
    assert (root / "site/assets/dot.svg").is_file(), "content/assets is published from outside docs_dir too"
    html = (root / "site/lessons/intro/index.html").read_text()
    nav = html[html.index('class="md-nav md-nav--primary"') :]
    assert nav.index("Introduction") < nav.index("About this course")


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            "      checklist_pdf: A5\n",
            "mkdocs.yml: microlearn option 'checklist_pdf' must be one of 'A4', 'Letter' (or left out), found 'A5'",
        ),
        (
            "      allow_html: maybe\n",
            "mkdocs.yml: microlearn option 'allow_html' must be true or false, found 'maybe'",
        ),
        (
            "      checklist_pfd: A4\n",
            "mkdocs.yml: unknown microlearn option 'checklist_pfd'; did you mean 'checklist_pdf'?",
        ),
        (
            "      cache_dir: 3\n",
            "mkdocs.yml: microlearn option 'cache_dir' must be a folder, e.g. '.cache/microlearn', found 3",
        ),
    ],
)
def test_a_bad_plugin_option_gets_one_line_from_build_and_export_alike(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], options: str, message: str
) -> None:
    root = copy_course("minimal", tmp_path / "course")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text().replace("  - microlearn\n", "  - microlearn:\n" + options))
    assert cli.main(["export", str(tmp_path / "out"), "--root", str(root)]) == 1
    err = capsys.readouterr().err
    assert err == f"error: {message}\n", "one line, no traceback"
    assert not (tmp_path / "out").exists(), "nothing written"
    result = mkdocs_build(root, root / "site")
    assert result.returncode != 0
    assert message in result.stderr and "Traceback" not in result.stderr


def test_the_theme_credit_is_switched_off_not_copied(built: Path, tmp_path: Path) -> None:
    """Material's English "Made with" credit is left out through its own switch, in plugin and export builds."""
    assert not (Path(__file__).parent.parent / "overrides/partials/copyright.html").exists()
    root = copy_course("complete", tmp_path / "course")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text() + "copyright: Example Ltd\n")
    out = tmp_path / "exported"
    assert cli.main(["export", str(out), "--root", str(root)]) == 0
    assert read_settings(out / "mkdocs.yml").raw["extra"]["generator"] is False
    result = mkdocs_build(out, tmp_path / "plain-site")
    assert result.returncode == 0, result.stderr
    for site in (built, tmp_path / "plain-site"):
        html = (site / "index.html").read_text()
        assert "Made with" not in html and "md-copyright" in html
    assert "Example Ltd" in (tmp_path / "plain-site/index.html").read_text()


def test_generated_pages_skip_the_markdown_pass_unless_another_plugin_changed_them() -> None:
    from types import SimpleNamespace

    from generator.plugin import MicrolearnPlugin

    plugin = MicrolearnPlugin()
    body = '<article class="ml-lesson"><h2 id="a">A</h2><p>Text</p></article>'
    plugin.bodies = {"lessons/a.md": body, "lessons/b.md": body}
    a, b = (SimpleNamespace(file=SimpleNamespace(src_uri=f"lessons/{n}.md"), present_anchor_ids=set()) for n in "ab")
    config, files = SimpleNamespace(), SimpleNamespace()
    assert plugin.on_page_markdown(body + "\n", page=a, config=config, files=files) == ""
    assert plugin.on_page_content("", page=a, config=config, files=files) == body
    assert a.present_anchor_ids == {"a"}, "anchors on the page are known, as if MkDocs had parsed it"
    changed = body + "\n\nAdded by another plugin."
    assert plugin.on_page_markdown(changed, page=b, config=config, files=files) == changed
    assert plugin.on_page_content("<p>converted</p>", page=b, config=config, files=files) == "<p>converted</p>"


@pytest.mark.parametrize(("command", "parallel"), [("build", True), ("serve", False)])
def test_a_preview_renders_in_one_process_and_a_build_on_every_core(
    command: str, parallel: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A preview's Markdown renderer must see every field, to reuse them on the next save."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import get_files

    from generator import plugin as plugin_module

    asked: list[bool] = []
    real = plugin_module.render_site
    monkeypatch.setattr(
        plugin_module, "render_site", lambda *a, parallel: asked.append(parallel) or real(*a, parallel=parallel)
    )
    root = copy_course("minimal", tmp_path / "course")
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    config.plugins.on_startup(command=command, dirty=False)
    config = config.plugins.on_config(config)
    config.plugins.on_files(get_files(config), config=config)
    assert asked == [parallel]
