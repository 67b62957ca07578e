"""Where each page goes and how pages link to each other: the site's addresses."""

from __future__ import annotations

import posixpath
import re

from .kinds import CHECKLIST, KINDS

HOME = "index.md"
REVIEW = "review.md"
"""Spaced review: the questions due today, found by the browser (site-behaviour.md, /review/)."""


_ONE_OF_A_KIND = {"home": HOME, "review": REVIEW}


def page_path(kind: str, item_id: str = "") -> str:
    """Where a page's source goes: the address the site behaviour spec gives it."""
    if kind in _ONE_OF_A_KIND:
        return _ONE_OF_A_KIND[kind]
    return f"{KINDS[kind].section}/{item_id}.md"


def pdf_path(checklist_id: str) -> str:
    """The ready-made PDF sits beside its checklist page."""
    return f"{CHECKLIST.section}/{checklist_id}.pdf"


def page_url(path: str, *, directory_urls: bool = True) -> str:
    """Site-relative URL of a page path, as MkDocs computes it."""
    stem = path[: -len(".md")]
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return f"{stem}/" if directory_urls else f"{stem}.html"


def relative_url(target: str, from_url: str) -> str:
    """``target`` (site-relative; '' is the home page) as seen from the page at ``from_url``."""
    base = from_url if from_url.endswith("/") or not from_url else posixpath.dirname(from_url) + "/"
    rel = posixpath.relpath(target or ".", base.rstrip("/") or ".")
    if rel == ".":
        return "./"
    return rel + "/" if (target == "" or target.endswith("/")) and not rel.endswith("/") else rel


_SECTIONS = "|".join(re.escape(k.section) for k in KINDS.values())
SOURCE_LINK = re.compile(rf"^((?:{_SECTIONS})/[a-z0-9]+(?:-[a-z0-9]+)*\.md|{re.escape(HOME)})(#[^\s]*)?$")
"""A link written in content to another page's source file ('lessons/x.md#part'), relative to content/."""
