"""The pure renderer: markup details that the browser runtime and search rely on."""

from __future__ import annotations

import re
from html import escape
from pathlib import Path

import pytest

from generator.course import CourseContent, load_course
from generator.markdown import MarkdownRenderer
from generator.render import Pages, RenderOptions, render_site
from generator.urls import page_url, relative_url
from generator.view import PageContext, question_views

from .conftest import COURSES, copy_course


@pytest.fixture(scope="module")
def complete() -> CourseContent:
    content, _ = load_course(COURSES / "complete")
    assert content is not None
    return content


def render_edited_lesson(tmp_path: Path, old: str, new: str, options: RenderOptions | None = None) -> str:
    """The minimal course's lesson, with ``old`` replaced by ``new`` in its YAML, as rendered HTML."""
    root = copy_course("minimal", tmp_path / "c")
    lesson = root / "content/lessons/intro.yml"
    lesson.write_text(lesson.read_text().replace(old, new))
    content, _ = load_course(root)
    assert content is not None
    return Pages(content, options).lesson("intro").html


def test_addresses_match_the_site_behaviour_spec() -> None:
    assert page_url("index.md") == ""
    assert page_url("lessons/a.md") == "lessons/a/"
    assert page_url("lessons/a.md", directory_urls=False) == "lessons/a.html"
    assert relative_url("quizzes/q/", "lessons/a/") == "../../quizzes/q/"
    assert relative_url("assets/x.svg", "") == "assets/x.svg"
    assert relative_url("", "lessons/a/") == "../../"
    assert relative_url("quizzes/q.html", "lessons/a.html") == "../quizzes/q.html"


def test_links_work_without_directory_urls(complete: CourseContent) -> None:
    pages = Pages(complete, RenderOptions(use_directory_urls=False))
    html = pages.lesson("greeting").html
    assert 'href="../checklists/after-a-return.html"' in html
    assert 'src="../assets/counter.svg"' in html


@pytest.mark.parametrize(
    ("directory_urls", "review", "quiz"), [(True, "review/", "quizzes/@/"), (False, "review.html", "quizzes/@.html")]
)
def test_home_links_the_review_page_which_finds_quiz_pages(directory_urls: bool, review: str, quiz: str) -> None:
    content, _ = load_course(COURSES / "pools")
    assert content is not None
    pages = Pages(content, RenderOptions(use_directory_urls=directory_urls))
    assert f'href="{review}" data-ml-quiz-url="{quiz}"' in pages.home().html
    page = pages.review()
    assert page.path == "review.md" and page.meta["search"] == {"exclude": True}
    assert page.meta["microlearn"]["modules"] == ["question", "queue", "review"]
    up = "../" if directory_urls else ""  # review/ is a folder deep; review.html is not
    assert f'data-ml-quiz-url="{up}{quiz}"' in page.html


def test_review_and_pool_strings_speak_the_course_language(tmp_path: Path) -> None:
    root = copy_course("pools", tmp_path / "c")
    course = root / "content/course.yml"
    course.write_text(course.read_text() + "language: nl\n")
    content, _ = load_course(root)
    assert content is not None
    pages = Pages(content)
    assert 'data-ml-text="{count} vragen om te herhalen" data-ml-text-one="1 vraag om te herhalen"' in pages.home().html
    pool = pages.quiz("pool").html
    assert "3 van 6 vragen per poging" in pool
    assert 'data-ml-text-number="Vraag {number} van {total}"' in pool
    assert "Vandaag is er niets te herhalen." in pages.review().html


def test_true_false_options_are_generated_in_order_and_never_shuffled(tmp_path: Path, complete: CourseContent) -> None:
    # Shuffle the whole quiz: its single question shuffles, its true_false ones still must not.
    root = copy_course("complete", tmp_path / "c")
    quiz = root / "quizzes/returns-final.yml"
    quiz.write_text("shuffle: true\n" + quiz.read_text())
    content, _ = load_course(root)
    assert content is not None
    page = next(p for p in render_site(content, RenderOptions()).pages if p.path == "quizzes/returns-final.md")
    questions = page.text().split('<div class="ml-question" ')[1:]
    tagged = [(q.split(">", 1)[0], q) for q in questions]  # (the question's opening tag, the question)
    assert [re.findall(r'data-ml-type="(\w+)"', tag) for tag, _ in tagged] == [
        ["true_false"],
        ["single"],
        ["true_false"],
    ]
    for tag, question in tagged:
        if 'data-ml-type="true_false"' in tag:
            assert "data-ml-shuffle" not in tag, tag
            assert question.index(">True</label>") < question.index(">False</label>")
        else:
            assert "data-ml-shuffle" in tag, "the quiz's shuffle applies to its other questions"
    shuffled = Pages(complete).quiz("refund-check").html
    first, second = shuffled.split('class="ml-question"')[1:3]
    assert "data-ml-shuffle" in first and "data-ml-shuffle" not in second, "per-question shuffle overrides the quiz"


def test_answers_and_feedback_are_excluded_from_search(complete: CourseContent) -> None:
    html = Pages(complete).quiz("listening-check").html
    assert re.search(
        r'<div class="ml-option__feedback" id="[\w-]+" data-search-exclude hidden>Letting them vent lowers the tension\.</div>',
        html,
    )
    assert '<details class="ml-answer" data-search-exclude>' in html


def test_a_quiz_block_titled_like_its_quiz_shows_one_heading(tmp_path: Path) -> None:
    html = render_edited_lesson(tmp_path, "    quiz: check\n", "    title: Check\n    quiz: check\n")
    assert html.count(">Check</h") == 1
    assert '<h2 class="ml-quiz__title"' in html


def test_a_changed_question_gets_a_new_revision_and_the_others_keep_theirs(tmp_path: Path) -> None:
    root = copy_course("complete", tmp_path / "c")

    def revisions() -> list[str]:
        content, _ = load_course(root)
        assert content is not None
        return [q.rev for q in question_views(content.quizzes["refund-check"], content.strings)]

    before = revisions()
    quiz = root / "quizzes/refund-check.yml"
    quiz.write_text(quiz.read_text().replace("A bank statement showing the purchase", "A card statement"))
    after = revisions()
    assert before[0] == after[0] and before[1] != after[1]


def test_markdown_fields_escape_raw_html_unless_allowed() -> None:
    md = MarkdownRenderer()
    assert md.inline("*a* <b onclick=x>b</b>") == "<em>a</em> &lt;b onclick=x&gt;b&lt;/b&gt;"
    assert md.inline("[x](javascript:alert(1))") == "<a>x</a>"
    assert md.inline("- one\n- two") == "one two", "inline fields never render blocks"
    allowed = MarkdownRenderer(allow_html=True)
    assert allowed.block('<b onclick="x">b</b><script>alert(1)</script>') == "<p><b>b</b></p>"
    assert "onclick" not in MarkdownRenderer().block('Text\n{: onclick="x" }')


@pytest.mark.parametrize("course_name", ["complete", "checklists", "quiz-runtime", "pools"])
def test_the_emitted_markup_parses_cleanly_with_unique_ids(course_name: str) -> None:
    import re

    import html5lib

    content, _ = load_course(COURSES / course_name)
    assert content is not None
    for page in Pages(content, RenderOptions(checklist_pdf=None)).all():
        parser = html5lib.HTMLParser(strict=False)
        parser.parseFragment(page.html, container="article")
        assert parser.errors == [], page.path
        ids = re.findall(r'\sid="([^"]+)"', page.html)
        assert len(ids) == len(set(ids)), (page.path, sorted(i for i in ids if ids.count(i) > 1))


def test_markdown_headings_get_page_wide_unique_ids_and_links_follow(tmp_path: Path) -> None:
    html = render_edited_lesson(
        tmp_path,
        "  - type: text\n    body: Hello.\n",
        "  - type: text\n    title: Example\n    body: |\n      ## Example\n\n      See [below](#example).\n"
        "  - type: text\n    body: '## Example'\n",
        RenderOptions(markdown=MarkdownRenderer(["toc"])),
    )
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert [i for i in ids if i.startswith("example")] == ["example", "example-2", "example-3"]
    assert 'href="#example-2"' in html, "an in-field anchor follows its renamed heading"


def test_links_written_relative_to_content_point_at_the_right_place(tmp_path: Path) -> None:
    html = render_edited_lesson(
        tmp_path,
        "body: Hello.",
        "body: '![A dot](assets/dot.svg) [the check](quizzes/check.md#q1) [list](checklists/after-call.md)"
        " [home](index.md) [web](https://example.org/a) [same](#top)'",
    )
    assert 'src="../../assets/dot.svg"' in html
    assert 'href="../../quizzes/check/#q1"' in html
    assert 'href="../../checklists/after-call/"' in html
    assert 'href="../../"' in html
    assert 'href="https://example.org/a"' in html and 'href="#top"' in html


def test_footnote_back_links_speak_the_course_language() -> None:
    md = MarkdownRenderer(["footnotes"], footnote_title="Terug naar voetnoot {number} in de tekst")
    assert 'title="Terug naar voetnoot 1 in de tekst"' in md.block("Tekst[^1]\n\n[^1]: Noot.")


def test_no_heading_takes_an_id_the_theme_gives_another_element() -> None:
    """A heading slugged "main-content" would collide with the skip link's target."""
    page = PageContext("index.md", True, MarkdownRenderer())
    assert page.uid("Main content") == "main-content-2"
    assert page.uid("Main content") == "main-content-3"


def _strings(data: object) -> list[str]:
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        return [s for value in data.values() for s in _strings(value)]
    if isinstance(data, list):
        return [s for value in data for s in _strings(value)]
    return []


def test_fields_without_markdown_syntax_render_as_the_converter_renders_them() -> None:
    """The shortcut for plain one-line fields gives the converter's exact output, over every text of every course."""
    import yaml

    repo = COURSES.parent.parent
    files = [*repo.glob("content/**/*.yml"), *repo.glob("quizzes/*.yml"), *COURSES.glob("*/**/*.yml")]
    texts = sorted({s for f in files for s in _strings(yaml.safe_load(f.read_text(encoding="utf-8")))})
    md = MarkdownRenderer(["tables", "admonition", "footnotes", "def_list", "attr_list", "md_in_html", "toc"])
    shortcut = [t for t in texts if md.block(t) == f"<p>{t.rstrip()}</p>"]
    assert len(shortcut) > 100
    assert [t for t in texts if md.block(t) != md.convert(t)] == []


def test_a_fields_html_does_not_depend_on_the_fields_rendered_before_it() -> None:
    md = MarkdownRenderer(["footnotes"])
    text = "Tekst[^1]\n\n[^1]: Noot."
    first = md.convert(text)
    md.convert("Other[^a]\n\n[^a]: x.")
    assert md.convert(text) == first == md.block(text)
    assert 'id="fn:1-1"' in first


def test_footnotes_of_two_fields_on_one_page_get_unique_ids_and_matching_links(tmp_path: Path) -> None:
    note = "    body: |\n      Text[^1]\n\n      [^1]: Note.\n"
    html = render_edited_lesson(
        tmp_path,
        "  - type: text\n    body: Hello.\n",
        f"  - type: text\n{note}  - type: text\n{note}",
        RenderOptions(markdown=MarkdownRenderer(["footnotes"])),
    )
    ids = re.findall(r'\sid="(fn[^"]*)"', html)
    assert ids == ["fnref:1-1", "fn:1-1", "fnref:1-1-2", "fn:1-1-2"]
    assert 'href="#fn:1-1-2"' in html and 'href="#fnref:1-1-2"' in html


def test_front_matter_is_written_as_the_pure_python_emitter_writes_it() -> None:
    """libyaml writes it (faster); the text must stay what MkDocs and the golden files expect."""
    import yaml

    from generator.render import PageSource

    for text in ["A: b # c", "x " * 90 + "é “q” — ok", "'quoted'", "- dash", "yes", "12", "multi\nline", ""]:
        page = PageSource("lessons/a.md", text, {"description": text, "hide": ["toc"], "search": {"exclude": True}}, "")
        front = page.text().split("---\n")[1]
        meta = {"description": escape(text), "hide": ["toc"], "search": {"exclude": True}, "title": escape(text)}
        assert front == yaml.safe_dump(meta, allow_unicode=True, sort_keys=True)


@pytest.mark.parametrize("course_name", ["complete", "minimal"])
def test_pages_rendered_on_several_cores_are_the_pages_rendered_in_turn(
    course_name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator import parallel, render

    content, _ = load_course(COURSES / course_name)
    assert content is not None
    in_turn = render_site(content)
    monkeypatch.setattr(render, "PARALLEL_FROM", 1)
    monkeypatch.setattr(parallel, "_workers", lambda: 2)
    shared = render_site(content)
    assert [p.path for p in in_turn.pages][:2] == ["index.md", "review.md"]
    assert shared.pages == in_turn.pages


def test_the_preloaded_imports_are_the_runtime_modules_imports() -> None:
    """The renderer is pure, so it keeps the import graph as a table: it must say what the modules import."""
    from generator.assets import RUNTIME
    from generator.render import MODULE_IMPORTS

    imports = {
        js.stem: set(re.findall(r'^import .* from "\./([a-z-]+)\.js";$', js.read_text(), re.M)) - {"storage"}
        for js in (RUNTIME / "js").glob("*.js")
    }
    assert {module: found for module, found in imports.items() if found} == {
        module: set(modules) for module, modules in MODULE_IMPORTS.items()
    }
