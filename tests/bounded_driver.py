"""Run ``microlearn validate --strict`` and ``mkdocs build --strict`` on each course folder given, in this one process.

Used by tests/test_bounded_inputs.py, which starts it under a memory and CPU
limit. For each course it writes ``<course>/../output.txt``: what validate
printed, its exit status, then what the build logged and how it ended. One
process for every case keeps the corpus fast: MkDocs and Material load once.
"""

from __future__ import annotations

import contextlib
import io
import logging
import sys
import traceback
from pathlib import Path


def run(root: Path) -> str:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    from generator.cli import main

    out = io.StringIO()
    with contextlib.redirect_stderr(out), contextlib.redirect_stdout(out):
        status = main(["validate", "--strict", str(root)])
    out.write(f"--- validate exited {status}\n")
    handler = logging.StreamHandler(out)
    handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        config = load_config(str(root / "mkdocs.yml"), strict=True, site_dir=str(root / "site"))
        config.plugins.on_startup(command="build", dirty=False)
        build(config)
        out.write("--- build succeeded\n")
    except MkDocsException as error:
        out.write(f"--- build stopped: {error}\n")
    except BaseException:  # anything else is the bug the corpus is there to catch: record it, go on
        out.write(traceback.format_exc())
    finally:
        logger.removeHandler(handler)
    return out.getvalue()


if __name__ == "__main__":
    for arg in sys.argv[1:]:
        course = Path(arg)
        (course.parent / "output.txt").write_text(run(course), encoding="utf-8")
