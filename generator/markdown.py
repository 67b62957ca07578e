"""Markdown fields → sanitised HTML, with the site's own Markdown extensions.

Raw HTML in content is escaped unless the site opts in with ``allow_html``.
Either way the result passes through nh3: extensions such as ``attr_list``
can add any attribute, so sanitising after rendering is what keeps
``onclick`` and ``javascript:`` out.

A course has tens of thousands of short fields, and each Markdown conversion
pays Python-Markdown's whole per-document cost. So a field's HTML is a pure
function of its text (footnote ids no longer count the conversions before it),
each distinct text is converted once per renderer, and a one-line field with no
Markdown syntax in it skips the converter altogether. Ids are made unique per
page afterwards (``view.PageContext``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

import markdown as md_lib
import nh3
from markdown.extensions.footnotes import FootnoteExtension

# What Python-Markdown and the usual extensions (tables, admonition, footnotes,
# def_list, attr_list, pymdownx) emit; everything else is removed.
_SAFE_TAGS = set(nh3.ALLOWED_TAGS) | {"input", "label", "section"}
_INLINE_TAGS = {
    "a", "abbr", "b", "bdi", "bdo", "br", "cite", "code", "data", "del", "dfn", "em", "i", "ins",
    "kbd", "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var",
}  # fmt: skip
_GENERIC_ATTRIBUTES = {"class", "id", "title", "lang", "dir", "role"}
_ATTRIBUTES: dict[str, set[str]] = {
    **{tag: set(attrs) for tag, attrs in nh3.ALLOWED_ATTRIBUTES.items()},
    "a": {"href", "hreflang", "title"},
    "img": {"src", "alt", "title", "width", "height", "loading"},
    "th": {"style", "scope", "colspan", "rowspan", "align"},
    "td": {"style", "colspan", "rowspan", "align"},
    "input": {"type", "checked", "disabled"},
    "ol": {"start", "type"},
    "details": {"open"},
}
# Raw HTML that a site allows may carry more, but never scripts or handlers.
_HTML_TAGS = _SAFE_TAGS | {
    "audio",
    "video",
    "source",
    "track",
    "picture",
    "figure",
    "figcaption",
    "abbr",
}
_HTML_ATTRIBUTES: dict[str, set[str]] = {
    **_ATTRIBUTES,
    "audio": {"src", "controls", "preload"},
    "video": {"src", "controls", "preload", "poster", "width", "height"},
    "source": {"src", "type", "srcset", "media"},
    "track": {"src", "kind", "srclang", "label", "default"},
}
_ONE_PARAGRAPH = re.compile(r"^<p>(.*)</p>$", re.DOTALL)

# One line of words and ordinary punctuation, starting with a letter: nothing in it is
# Markdown syntax for these extensions (no list or heading marker, no emphasis, code,
# link, HTML, entity, table, attribute or footnote), so its HTML is "<p>text</p>".
_PLAIN_TEXT = re.compile(r"^[^\W\d_](?:[^\W_]|[,.;:?!'\"()/%’‘“”—–…-]| (?! ))*(?<! )$")
_PLAIN_SAFE_EXTENSIONS = {
    "abbr",  # only with a '*[' definition
    "admonition",
    "attr_list",
    "def_list",
    "fenced_code",
    "footnotes",
    "md_in_html",
    "tables",
    "toc",
    "pymdownx.details",
    "pymdownx.highlight",
    "pymdownx.inlinehilite",
    "pymdownx.superfences",
    "pymdownx.tabbed",
}
"""Extensions that leave such a line alone; with any other (smarty, emoji, magiclink…) every field is converted."""


class MarkdownRenderer:
    """Renders *md* and *inline md* fields the way the site renders its pages."""

    def __init__(
        self,
        extensions: Sequence[Any] = (
            "tables",
            "admonition",
            "footnotes",
            "def_list",
            "attr_list",
        ),
        extension_configs: Mapping[str, Mapping[str, Any]] | None = None,
        *,
        allow_html: bool = False,
        footnote_title: str | None = None,
    ) -> None:
        """``footnote_title``: the back-link's title in the course language, with ``{number}``."""
        configs = {name: dict(options) for name, options in (extension_configs or {}).items()}
        for name in extensions:
            if isinstance(name, str) and name.rsplit(".", 1)[-1] == "footnotes":
                footnotes = configs.setdefault(name, {})
                # Each field is its own document; without this every field's first footnote is #fn:1.
                footnotes.setdefault("UNIQUE_IDS", True)
                if footnote_title:
                    footnotes.setdefault("BACKLINK_TITLE", footnote_title.replace("{number}", "%d"))
        self._md = md_lib.Markdown(extensions=list(extensions), extension_configs=configs)
        self._footnotes = [e for e in self._md.registeredExtensions if isinstance(e, FootnoteExtension)]
        self._plain_ok = all(isinstance(e, str) and _extension_name(e) in _PLAIN_SAFE_EXTENSIONS for e in extensions)
        self._blocks: dict[str, str] = {}
        self._inlines: dict[str, str] = {}
        self.allow_html = allow_html
        if not allow_html:
            # Unregistered, raw HTML is left as text and escaped on output.
            for registry, name in (
                (self._md.preprocessors, "html_block"),
                (self._md.inlinePatterns, "html"),
            ):
                if name in registry:
                    registry.deregister(name)
        tags = _HTML_TAGS if allow_html else _SAFE_TAGS
        attributes = _HTML_ATTRIBUTES if allow_html else _ATTRIBUTES
        self._clean_options: dict[str, Any] = {
            "tags": tags,
            "attributes": {
                "*": _GENERIC_ATTRIBUTES,
                **{t: a for t, a in attributes.items() if t in tags},
            },
            "generic_attribute_prefixes": {"aria-"},
            "filter_style_properties": {"text-align"},
            "link_rel": None,
        }

    def block(self, text: str | None) -> str:
        """A *md* field: any number of blocks."""
        if not text:
            return ""
        html = self._blocks.get(text)
        if html is None:
            html = self._blocks[text] = self._convert(text)
        return html

    def _convert(self, text: str) -> str:
        line = text.rstrip("\n")
        if self._plain_ok and _PLAIN_TEXT.match(line):
            return f"<p>{line}</p>"
        return self.convert(text)

    def convert(self, text: str) -> str:
        """``text`` through Python-Markdown and nh3, however plain it is."""
        self._md.reset()
        for footnotes in self._footnotes:
            # reset() counts documents into the ids (fn:12-1); a field's HTML must not depend
            # on how many fields came before it, or it could not be reused.
            footnotes.unique_prefix = 1
        return nh3.clean(self._md.convert(text), **self._clean_options).strip()

    def inline(self, text: str | None) -> str:
        """An *inline md* field: what renders inside one paragraph, never a block."""
        if not text:
            return ""
        html = self._inlines.get(text)
        if html is None:
            html = self._inlines[text] = self._inline(text)
        return html

    def _inline(self, text: str) -> str:
        html = self.block(text)
        match = _ONE_PARAGRAPH.match(html)
        if match and "<p>" not in match.group(1):
            return match.group(1)
        # Lists or several paragraphs where one line was expected: keep the text
        # and the inline markup so the result is valid inside a label or legend.
        options = {**self._clean_options, "tags": _INLINE_TAGS | {"br"}}
        options["attributes"] = {t: a for t, a in options["attributes"].items() if t in options["tags"] or t == "*"}
        return re.sub(r"\s*\n\s*", " ", nh3.clean(html, **options)).strip()


def _extension_name(name: str) -> str:
    """'markdown.extensions.tables' and 'tables' alike."""
    return name.removeprefix("markdown.extensions.")
