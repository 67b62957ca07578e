"""Files made once and kept between builds, by a hash of everything they are made from.

Like the cache folder of Material's social and privacy plugins (``.cache/`` in
the project): a checklist PDF takes WeasyPrint a fraction of a second, on every
build and every save under ``serve``, though it rarely changes. An entry whose
inputs changed is simply never asked for again; deleting the folder is always
safe.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

DEFAULT_DIR = ".cache/microlearn"
"""Relative to the course root, beside mkdocs.yml (``.cache/`` is in the starter's .gitignore)."""


class FileCache:
    """Bytes by key in one folder; a key is a hash (e.g. ``sha256(...).hexdigest()``) plus a suffix."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def get(self, key: str) -> bytes | None:
        try:
            return (self.folder / key).read_bytes()
        except OSError:  # not there yet, or unreadable: made again
            return None

    def put(self, key: str, data: bytes) -> None:
        """Write atomically: a build stopped halfway, or two at once, never leave half a file under ``key``."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, temp = tempfile.mkstemp(dir=self.folder, prefix=".tmp-")
            try:
                with os.fdopen(fd, "wb") as out:
                    out.write(data)
                os.replace(temp, self.folder / key)
            except BaseException:
                Path(temp).unlink(missing_ok=True)
                raise
        except OSError:  # a read-only checkout still builds; it just prints again next time
            return
