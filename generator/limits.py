"""How much one content file may hold: the bounds that keep a hostile or broken file from exhausting the machine.

A course takes contributions from many editors, so a file of a few hundred
bytes must not be able to eat gigabytes (a YAML "alias bomb") or crash the
build (thousands of nested brackets). Each bound is far above what any real
lesson, quiz or checklist needs; crossing one is reported as an ordinary
diagnostic that names the limit and its value.
"""

from __future__ import annotations

MAX_FILE_BYTES = 1_000_000
"""Largest content file read (1 MB); the largest file the example course ships is under 10 KB."""

MAX_DEPTH = 50
"""Deepest nesting of lists and mappings; the content format itself needs about 6 levels."""

MAX_VALUES = 100_000
"""Most values (keys, items, texts) one file may expand to, anchors and aliases (&name / *name) counted at each use."""


def size_text(n_bytes: int) -> str:
    """'50.0 MB' for a size in bytes, as a file manager shows it (1 MB = 1,000,000 bytes)."""
    if n_bytes >= 1_000_000:
        return f"{n_bytes / 1_000_000:.1f} MB"
    return f"{n_bytes / 1_000:.1f} KB"
