"""No content mistake ends in a traceback: every one-line deletion or garbling of a
real course still gives a list of well-formed diagnostics, or a course that renders."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from generator.course import load_course
from generator.render import render_site

from .conftest import COURSES

DIAGNOSTIC = re.compile(r"^[\w./-]+\.ya?ml:\d+:\d+: (error|warning): \S.*$")
SOURCES = sorted(
    p.relative_to(COURSES / "complete") for p in (COURSES / "complete").rglob("*.yml") if p.name != "mkdocs.yml"
)
MUTATIONS = {
    "delete": lambda line: None,
    "empty value": lambda line: re.sub(r":\s.*$", ":", line),
    "list value": lambda line: re.sub(r":\s.*$", ": [1, [2]]", line),
    "dedent": lambda line: line.lstrip(),
}


@pytest.mark.parametrize("mutation", sorted(MUTATIONS))
@pytest.mark.parametrize("source", SOURCES, ids=str)
def test_every_one_line_change_is_reported_not_raised(source: Path, mutation: str, tmp_path: Path) -> None:
    root = tmp_path / "course"
    shutil.copytree(COURSES / "complete", root)
    file = root / source
    lines = file.read_text().splitlines()
    for n in range(len(lines)):
        changed = MUTATIONS[mutation](lines[n])
        file.write_text("\n".join([*lines[:n], *([] if changed is None else [changed]), *lines[n + 1 :]]) + "\n")
        content, diagnostics = load_course(root)
        for d in diagnostics:
            assert DIAGNOSTIC.match(str(d)), (source, n, str(d))
        if content is None:
            assert any(d.is_error for d in diagnostics), (source, n)
        else:
            render_site(content)  # whatever passes the checks also renders
