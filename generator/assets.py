"""The files a site needs besides its pages: the runtime, the stylesheet, the course's images, checklist PDFs.

This is the adapters' asset step: it reads files and prints PDFs, which the
pure renderer never does. The plugin and ``microlearn export`` both use it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from . import pdf
from .cache import FileCache
from .course import CourseContent
from .kinds import CONTENT_DIR
from .render import Pages, RenderOptions, page_paths
from .urls import pdf_path

PACKAGE = Path(__file__).parent
RUNTIME = PACKAGE / "assets"
ASSET_PREFIX = "assets/microlearn"
STYLESHEET = f"{ASSET_PREFIX}/microlearn.css"
SCRIPT = f"{ASSET_PREFIX}/js/init.js"


@dataclass(frozen=True)
class Asset:
    """A file the site needs, at ``path`` under the site root."""

    path: str
    data: bytes


def overrides_dir() -> Path:
    """The page templates: packaged beside the code, or the repository's overrides/."""
    packaged = PACKAGE / "overrides"
    return packaged if packaged.is_dir() else PACKAGE.parent / "overrides"


def site_assets(content: CourseContent, options: RenderOptions, cache: FileCache | None = None) -> list[Asset]:
    """Every file besides the pages, PDFs included when the options ask for them.

    With a ``cache``, a PDF printed before from the same inputs is taken from it.
    """
    css = stylesheet()  # read once per build: the CSS file and every checklist PDF use it
    out = runtime_assets(css)
    if options.content_assets:
        content_dir = content.root / CONTENT_DIR
        out += [Asset(rel, (content_dir / rel).read_bytes()) for rel in content.assets]
    if options.checklist_pdf:
        pages = Pages(content, options)  # one renderer for every sheet: its templates are loaded once
        out += [checklist_pdf(content, options, cid, css, pages, cache) for cid in content.checklists]
    return out


def runtime_assets(css: str | None = None) -> list[Asset]:
    """The stylesheet and the browser runtime: what every page links to, even the preview's error page."""
    out = [Asset(STYLESHEET, (stylesheet() if css is None else css).encode())]
    out += [Asset(f"{ASSET_PREFIX}/js/{p.name}", script(p).encode()) for p in _scripts()]
    return out


def checklist_pdf(
    content: CourseContent,
    options: RenderOptions,
    checklist_id: str,
    css: str,
    pages: Pages | None = None,
    cache: FileCache | None = None,
) -> Asset:
    """The blank sheet as a PDF, printed from the page's own markup and print styles (``css``)."""
    page = (pages or Pages(content, options)).checklist(checklist_id, pdf_link=False)
    html = pdf.document(page.html, lang=content.course.language, title=page.title)
    paper = options.checklist_pdf or "A4"
    key = f"pdf-{pdf.fingerprint(html, css, paper=paper)}.pdf"
    data = cache.get(key) if cache else None
    if data is None:
        data = pdf.render_pdf(html, css, paper=paper)
        if cache:
            cache.put(key, data)
    return Asset(pdf_path(checklist_id), data)


def output_paths(content: CourseContent, options: RenderOptions) -> list[str]:
    """Every file the site will get from microlearn, known before anything is rendered."""
    paths = page_paths(content)
    paths += [STYLESHEET] + [f"{ASSET_PREFIX}/js/{p.name}" for p in _scripts()]
    if options.content_assets:
        paths += list(content.assets)
    if options.checklist_pdf:
        paths += [pdf_path(cid) for cid in content.checklists]
    return paths


def _scripts() -> list[Path]:
    """The runtime's ES modules, shipped without comments or indentation (no other build step)."""
    return sorted((RUNTIME / "js").glob("*.js"))


def script(path: Path) -> str:
    """A runtime module as learners get it: whole-line ``//`` comments and indentation left out.

    Like the stylesheet's comments, they are for maintainers (the runtime has no
    multi-line strings, so no line's leading space is content).
    """
    lines = (line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    return "\n".join(line for line in lines if line and not line.startswith("//")) + "\n"


def stylesheet() -> str:
    """All generator CSS as one file: one request, in a fixed order (theme fixes first).

    Comments and layout are for maintainers and stay in the sources; learners don't
    download them. Only whitespace next to ``{ } ; ,`` goes (no string in these
    stylesheets holds one of those), so every rule means what it meant.
    """
    parts = sorted((RUNTIME / "css").glob("*.css"), key=lambda p: (p.name != "theme.css", p.name))
    css = "\n".join(_CSS_COMMENT.sub("", p.read_text(encoding="utf-8")).strip() for p in parts)
    return _CSS_SPACE.sub(r"\1", css) + "\n"


_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
_CSS_SPACE = re.compile(r"\s*([{};,])\s*")
