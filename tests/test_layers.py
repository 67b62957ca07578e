"""Data flows one way through the package: each module imports only from the layers below it.

YAML files → loader → models → checks → course → render → adapters. A lower
layer that imports a higher one (or a module in its own layer) fails here,
so the flow cannot quietly turn into a web of cycles.
"""

from __future__ import annotations

import ast
from pathlib import Path

import generator

PACKAGE = Path(generator.__file__).parent

LAYERS: list[tuple[str, ...]] = [
    (
        "diagnostics",
        "syntax",
        "limits",
        "parallel",
    ),  # how problems are worded and sorted; YAML mistakes named from the source text; size bounds; work over cores
    ("loader",),  # YAML → data with line/column marks
    ("models", "i18n"),  # the content format as types; interface strings
    ("scenario",),  # a branching scenario as a graph: reach, loops, best score
    ("kinds", "timing", "validate"),  # facts about the models; data → models with diagnostics
    ("checks",),  # rules across fields and files
    ("course",),  # a whole course, loaded and checked
    ("markdown", "urls"),  # rendering tools: Markdown fields, addresses
    ("view", "nav"),  # what the templates show
    ("render",),  # pages: pure, no MkDocs, no file reads
    ("pdf", "cache"),  # the PDF printer (WeasyPrint); files kept between builds
    ("assets", "settings", "csp"),  # the adapters' shared steps: files besides pages, mkdocs.yml → options
    ("export", "runner", "scaffold"),  # a plain docs tree; MkDocs as a child process; new courses and files
    ("scorm",),  # the course as a SCORM 1.2 package (an export, built)
    ("plugin", "cli"),  # the adapters
]
RANK = {module: rank for rank, layer in enumerate(LAYERS) for module in layer}


def imported_modules(file: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(file.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def package_imports(file: Path) -> set[str]:
    """Modules of this package that ``file`` imports (relative or absolute imports, also inside functions)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(file.read_text())):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            names.update([node.module] if node.module else [alias.name for alias in node.names])
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("generator."):
            names.add(node.module.split(".")[1])  # type: ignore[union-attr]  # checked by startswith
        elif isinstance(node, ast.Import):
            names.update(a.name.split(".")[1] for a in node.names if a.name.startswith("generator."))
    return {name.split(".")[0] for name in names}


def layer_violations(imports: dict[str, set[str]]) -> list[str]:
    return sorted(
        f"{module} (layer {RANK[module]}) imports {other} (layer {RANK.get(other, '?')})"
        for module, names in imports.items()
        for other in names
        if RANK.get(other, len(LAYERS)) >= RANK[module]
    )


def test_every_module_has_a_layer() -> None:
    modules = {f.stem for f in PACKAGE.glob("*.py") if f.stem != "__init__"}
    assert modules == set(RANK), "place new modules in LAYERS; remove gone ones"


def test_each_module_imports_only_from_lower_layers() -> None:
    imports = {f.stem: package_imports(f) for f in PACKAGE.glob("*.py") if f.stem in RANK}
    assert layer_violations(imports) == []


def test_the_layer_check_catches_an_import_upwards() -> None:
    assert layer_violations({"models": {"checks"}, "render": {"plugin"}, "view": {"nav"}}) == [
        "models (layer 2) imports checks (layer 5)",
        "render (layer 9) imports plugin (layer 14)",
        "view (layer 8) imports nav (layer 8)",
    ]


def test_only_the_plugin_imports_mkdocs() -> None:
    offenders = {
        f.name
        for f in PACKAGE.glob("*.py")
        if f.name != "plugin.py" and any(m == "mkdocs" or m.startswith("mkdocs.") for m in imported_modules(f))
    }
    assert offenders == set()


def test_the_renderer_reads_no_files() -> None:
    """The pure renderer gets everything from its arguments; only Jinja's loader reads its templates."""
    for name in ("render", "view", "nav", "urls"):
        source = (PACKAGE / f"{name}.py").read_text()
        for call in ("read_text(", "read_bytes(", "open(", "import pdf", "from . import pdf"):
            assert call not in source, f"{name}.py: {call}"


def test_the_plugin_is_registered_for_mkdocs() -> None:
    from importlib.metadata import entry_points

    (entry,) = [e for e in entry_points(group="mkdocs.plugins") if e.name == "microlearn"]
    assert entry.value == "generator.plugin:MicrolearnPlugin"
