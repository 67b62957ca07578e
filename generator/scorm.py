"""``microlearn export --scorm``: the course as one SCORM 1.2 package (one SCO) for any LMS.

The package is the built site as an LMS can serve it (``.html`` addresses,
full page loads, no address of its own), plus a launch page that holds the
LMS session and shows the course in a frame (``assets/scorm/``: its bridge
reports status, score, bookmark, answers and progress), and
``imsmanifest.xml`` listing every file.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import quote
from xml.sax.saxutils import escape, quoteattr

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from . import runner
from .assets import RUNTIME, site_assets
from .course import CourseContent
from .export import export_site
from .render import render_site
from .settings import SiteSettings, render_options
from .view import question_views, scenario_view

LAUNCH = "launch.html"
BRIDGE = "assets/microlearn/lms.js"
MANIFEST = "imsmanifest.xml"
SUSPEND_DATA_LIMIT = 4096
"""SCORM 1.2's size of cmi.suspend_data; the bridge keeps to it (some LMS runtimes allow more)."""


class ScormError(Exception):
    """Why the package could not be made, in one line."""


def lms_settings(settings: SiteSettings) -> SiteSettings:
    """The site as an LMS serves it: from an unknown path, file by file, so ``.html`` addresses, full page loads
    (instant navigation needs a known address) and no ``site_url``."""
    raw = {k: v for k, v in settings.raw.items() if k != "site_url"}
    raw["use_directory_urls"] = False
    theme = raw.get("theme")
    if isinstance(theme, dict):
        features = [f for f in theme.get("features") or [] if not str(f).startswith("navigation.instant")]
        raw["theme"] = {**theme, "features": features}
    return SiteSettings(
        raw=raw,
        markdown_extensions=settings.markdown_extensions,
        extension_configs=settings.extension_configs,
        options=settings.options,
        use_directory_urls=False,
        site_url="",
    )


def lms_data(content: CourseContent, pages: Iterable[str]) -> dict[str, Any]:
    """What the bridge needs to work out status and restore answers: lessons and their quizzes,
    assessments, each question's revision, each branching scenario's (its path is kept), and the pages
    a bookmark may name."""
    lessons = {lid: list(lesson.quiz_ids) for lid, lesson in content.lessons.items()}
    outline = json.dumps([list(lessons), list(content.quizzes)]).encode()
    return {
        "sig": hashlib.sha256(outline).hexdigest()[:6],
        "lessons": lessons,
        "assessments": list(content.course.assessments),
        "revs": {
            qid: {q.id: q.rev for q in question_views(quiz, content.strings)} for qid, quiz in content.quizzes.items()
        },
        "paths": {qid: scenario_view(quiz).rev for qid, quiz in content.quizzes.items() if quiz.kind == "branching"},
        "pages": sorted(pages),
    }


def mastery_score(content: CourseContent) -> int | None:
    """The mean of the assessments' pass marks: the bridge reports the mean of their best scores."""
    # A scenario passes at a pass ending, whatever its points: it asks for no score (0).
    quizzes = [content.quizzes[qid] for qid in content.course.assessments]
    marks = [q.pass_mark if q.kind == "questions" else 0 for q in quizzes]
    return round(sum(marks) / len(marks)) if marks else None


def launch_page(content: CourseContent, data: dict[str, Any]) -> str:
    env = Environment(loader=FileSystemLoader(RUNTIME / "scorm"), autoescape=select_autoescape(default=True))
    # JSON inside <script>: only "<" could end the element early.
    payload = Markup(json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c"))
    return env.get_template(LAUNCH).render(
        language=content.course.language, title=content.course.title, data=payload, script=BRIDGE
    )


def manifest(title: str, identifier: str, files: list[str], mastery: int | None) -> str:
    """imsmanifest.xml: one organization, one item, one SCO resource listing every file."""
    score = f"\n        <adlcp:masteryscore>{mastery}</adlcp:masteryscore>" if mastery is not None else ""
    # href is a URI: a file name with a space, '#' or a non-ASCII letter is percent-encoded.
    listed = "\n".join(f"      <file href={quoteattr(quote(f))}/>" for f in files)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier={quoteattr(identifier)} version="1.0"
    xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
    xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
    xsi:schemaLocation="http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>1.2</schemaversion>
  </metadata>
  <organizations default="course">
    <organization identifier="course">
      <title>{escape(title)}</title>
      <item identifier="item" identifierref="sco" isvisible="true">
        <title>{escape(title)}</title>{score}
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="sco" type="webcontent" adlcp:scormtype="sco" href="{LAUNCH}">
{listed}
    </resource>
  </resources>
</manifest>
"""


def package_id(title: str) -> str:
    """A manifest identifier (an XML ID: a letter, then letters, digits, '-', '_', '.') from the title."""
    cleaned = "".join(c if c.isascii() and (c.isalnum() or c in "-_.") else "-" for c in title).strip("-")
    return "microlearn-" + (cleaned or "course")


def write_scorm(
    content: CourseContent,
    settings: SiteSettings,
    course_root: Path,
    out_zip: Path,
    *,
    log: TextIO,
) -> list[str]:
    """Build the course for an LMS and write the package to ``out_zip``; the files it holds.

    Raises ``PdfUnavailable`` when the course asks for checklist PDFs that cannot be printed here.
    """
    cache = settings.options.cache(course_root)
    settings = lms_settings(settings)
    options = render_options(settings, content.strings)
    site = render_site(content, options)
    assets = site_assets(content, options, cache)
    with tempfile.TemporaryDirectory(prefix="microlearn-scorm-") as tmp:
        project, built = Path(tmp) / "project", Path(tmp) / "site"
        export_site(site, assets, settings.raw, content.course.language, course_root, project)
        if runner.build(project, site_dir=built, strict=False, quiet=True, out=log):
            raise ScormError("the site inside the package could not be built (see above)")
        pages = [p.relative_to(built).as_posix() for p in built.rglob("*.html")]
        (built / BRIDGE).write_text((RUNTIME / "scorm" / "lms.js").read_text(encoding="utf-8"), encoding="utf-8")
        (built / LAUNCH).write_text(launch_page(content, lms_data(content, pages)), encoding="utf-8")
        files = sorted(p.relative_to(built).as_posix() for p in built.rglob("*") if p.is_file())
        title = content.course.title
        (built / MANIFEST).write_text(manifest(title, package_id(title), files, mastery_score(content)), "utf-8")
        out_zip.parent.mkdir(parents=True, exist_ok=True)
        partial = out_zip.with_name(out_zip.name + ".part")
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
            for name in [MANIFEST, *files]:
                # A fixed date: the same course gives the same package.
                entry = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
                entry.compress_type = zipfile.ZIP_DEFLATED
                entry.external_attr = 0o644 << 16  # readable once unpacked (a bare ZipInfo has no permissions)
                archive.writestr(entry, (built / name).read_bytes())
        partial.replace(out_zip)
    return files
