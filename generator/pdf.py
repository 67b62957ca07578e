"""Checklists as ready-made PDFs of the blank sheet, for teams that print many copies.

Pure: HTML and CSS in, PDF bytes out, with no MkDocs import and no clock, so
the same input always gives byte-identical output (a rebuild changes no PDF
whose checklist did not change). The sheet is styled by the very print rules
the browser uses (assets/css/checklist.css); the page size and base font
come from here.

WeasyPrint is an optional dependency (``pip install 'microlearn[pdf]'``) that
needs Pango from the system (Debian: libpango-1.0-0 libpangoft2-1.0-0).
It is imported on first use; without it, ``PdfUnavailable`` says what to install.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from html import escape
from importlib import metadata
from types import ModuleType
from typing import Literal, get_args

Paper = Literal["A4", "Letter"]
PAPER_SIZES: tuple[str, ...] = get_args(Paper)

# What Material gives the page on screen: a sans-serif text face. Helvetica and
# Arial resolve to Liberation Sans on Debian, as they do in Chromium.
BASE_CSS = """
@page { size: %s; }
html { font-family: Helvetica, Arial, "Liberation Sans", sans-serif; }
body { margin: 0; }
"""


class PdfUnavailable(RuntimeError):
    """WeasyPrint, or the Pango library it needs, is not installed."""


def document(fragment: str, *, lang: str, title: str) -> str:
    """A standalone HTML document around a checklist as the renderer emits it."""
    return (
        f'<!doctype html><html lang="{escape(lang)}"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title></head><body>{fragment}</body></html>"
    )


@lru_cache(maxsize=64)
def render_pdf(html: str, css: str, *, paper: str = "A4") -> bytes:
    """``html`` printed with ``css`` (its print rules apply) on ``paper``, as PDF bytes.

    Cached: ``mkdocs serve`` rebuilds on every save, and a PDF takes a second.
    """
    if paper not in PAPER_SIZES:
        raise ValueError(f"paper must be one of {', '.join(PAPER_SIZES)}, not {paper!r}")
    weasyprint = _weasyprint()
    stylesheets = [weasyprint.CSS(string=BASE_CSS % paper), weasyprint.CSS(string=css)]
    with _quiet():
        # No base_url: the sheet needs nothing from disk or the network.
        # No dates or /ID in the output unless asked for: the bytes depend on the input only.
        # Tagged (structure for screen readers), as an accessible PDF should be.
        data: bytes = weasyprint.HTML(string=html).write_pdf(
            stylesheets=stylesheets, pdf_identifier=None, pdf_tags=True
        )
        return data


def checklist_pdf(fragment: str, css: str, *, lang: str, title: str, paper: str = "A4") -> bytes:
    """The blank sheet of one checklist: its rendered HTML and the site's stylesheet."""
    return render_pdf(document(fragment, lang=lang, title=title), css, paper=paper)


def fingerprint(html: str, css: str, *, paper: str = "A4") -> str:
    """A hash of everything ``render_pdf`` prints from, the WeasyPrint version included: equal
    fingerprints give byte-identical PDFs, so a cached one can stand in (file name safe)."""
    try:
        version = metadata.version("weasyprint")
    except metadata.PackageNotFoundError:
        version = "none"
    parts = (FORMAT, version, paper, BASE_CSS, css, html)
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


FORMAT = "1"
"""Change to reprint every cached PDF (when how this module prints changes)."""


def require() -> None:
    """Raise PdfUnavailable now, before a build has written anything, if PDFs cannot be made."""
    _weasyprint()


def _weasyprint() -> ModuleType:
    try:
        import weasyprint
    except (ImportError, OSError) as error:  # OSError: Pango missing
        raise PdfUnavailable(
            "checklist PDFs need WeasyPrint: pip install 'microlearn[pdf]' "
            "(and on Debian: apt-get install libpango-1.0-0 libpangoft2-1.0-0); "
            f"{type(error).__name__}: {error}"
        ) from error
    module: ModuleType = weasyprint
    return module


@contextmanager
def _quiet() -> Iterator[None]:
    """Hush WeasyPrint's warnings about screen-only CSS it ignores (e.g. :has(), caret-color)."""
    logger = logging.getLogger("weasyprint")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)
