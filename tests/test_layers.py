"""The core stays free of MkDocs: only the plugin adapter may import it."""

from __future__ import annotations

import ast
from pathlib import Path

import generator

PACKAGE = Path(generator.__file__).parent


def imported_modules(file: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(file.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_only_the_plugin_imports_mkdocs() -> None:
    offenders = {
        f.name
        for f in PACKAGE.glob("*.py")
        if f.name != "plugin.py" and any(m == "mkdocs" or m.startswith("mkdocs.") for m in imported_modules(f))
    }
    assert offenders == set()


def test_the_plugin_is_registered_for_mkdocs() -> None:
    from importlib.metadata import entry_points

    (entry,) = [e for e in entry_points(group="mkdocs.plugins") if e.name == "microlearn"]
    assert entry.value == "generator.plugin:MicrolearnPlugin"
