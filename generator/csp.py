"""A Content-Security-Policy for a built site: scripts only from the site itself.

microlearn's own runtime is ES modules loaded from the site: no inline
script, no inline event handler, no ``eval``. mkdocs-material writes a few
small inline scripts into every page (its settings scope, the colour
palette, content tabs); the policy allows exactly those, by their SHA-256
hash, so any other inline script (injected content, say) is refused.
Material's JSON configuration block (``type="application/json"``) is data,
not script, and needs nothing. Only scripts outside the page's content (its
``<article>``) are the theme's: one inside would be content, and is never allowed.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

_ARTICLE = re.compile(r"<article\b.*?</article>", re.DOTALL | re.IGNORECASE)
_INLINE_SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.DOTALL | re.IGNORECASE)

BASE_POLICY = (
    "default-src 'self'",
    "script-src 'self' {hashes}",
    # Style attributes: Markdown tables align columns with them (styles cannot run script).
    "style-src 'self' 'unsafe-inline'",
    # Material draws its icons as CSS masks of data: SVGs.
    "img-src 'self' data:",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'self'",
)


def inline_script_hashes(site: Path) -> list[str]:
    """The CSP source (``'sha256-…'``) of every distinct inline script in the site's pages, sorted."""
    hashes: set[str] = set()
    for page in sorted(site.rglob("*.html")):
        theme = _ARTICLE.sub("", page.read_text(encoding="utf-8", errors="replace"))
        for script in _INLINE_SCRIPT.finditer(theme):
            attrs = script.group("attrs")
            if "src=" in attrs or "application/json" in attrs:
                continue
            digest = hashlib.sha256(script.group("body").encode("utf-8")).digest()
            hashes.add(f"'sha256-{base64.b64encode(digest).decode('ascii')}'")
    return sorted(hashes)


def content_security_policy(site: Path) -> str:
    """The header value to serve ``site`` with: ``Content-Security-Policy: <this>``."""
    return "; ".join(BASE_POLICY).replace("{hashes}", " ".join(inline_script_hashes(site))).replace("  ", " ")
