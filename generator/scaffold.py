"""``microlearn new``: a whole course folder, or one more lesson, quiz or checklist in a course.

Nothing is left half-made: every check runs before the first file is written,
and a new lesson file is removed again if ``content/course.yml`` cannot be
updated. ``course.yml`` is edited with ruamel.yaml's round trip, so its
comments and layout stay as the editor wrote them.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError
from ruamel.yaml.util import load_yaml_guess_indent

from .diagnostics import closest, quoted_list
from .i18n import strings_for
from .kinds import CONTENT_DIR, COURSE_FILE, KINDS, LESSON, SCHEMAS, YAML_SUFFIXES
from .models import ID_PATTERN

STARTER = Path(__file__).parent / "starter"
TEMPLATES = Path(__file__).parent / "scaffold"
SCHEMA_DIR = "schemas"
WORKFLOW = ".github/workflows/course.yml"
JSON_SCHEMA = "https://json-schema.org/draft/2020-12/schema"


class ScaffoldError(ValueError):
    """Why nothing was written, in one line for the editor."""


def schemas() -> dict[str, str]:
    """``<kind>.schema.json`` file name → its text, for every file kind."""
    texts = {}
    for kind, model in SCHEMAS.items():
        schema = model.model_json_schema()
        schema["$schema"] = JSON_SCHEMA
        schema["title"] = f"microlearn {kind}"
        texts[f"{kind}.schema.json"] = json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
    return texts


def _globs() -> dict[str, list[str]]:
    """File kind → the paths (relative to the course root) its schema applies to."""
    found = {"course": [f"{CONTENT_DIR}/{COURSE_FILE}{s}" for s in YAML_SUFFIXES]}
    found.update({k.name: [f"{k.folder}/*{s}" for s in YAML_SUFFIXES] for k in KINDS.values()})
    return found


def modeline(root: Path, file: Path, kind: str) -> str:
    """``# yaml-language-server: $schema=…``: the schema of ``file``, relative to it."""
    target = os.path.relpath(root / SCHEMA_DIR / f"{kind}.schema.json", file.parent)
    return f"# yaml-language-server: $schema={Path(target).as_posix()}\n"


def _fill(template: str, title: str) -> str:
    return (TEMPLATES / template).read_text(encoding="utf-8").replace("{{title}}", title)


def new_course(path: Path, title: str, language: str) -> None:
    """Write a complete course folder at ``path`` (which must not exist or be empty)."""
    if path.exists() and (not path.is_dir() or any(path.iterdir())):
        raise ScaffoldError(f"{path} already exists and is not empty; choose a new folder")
    shutil.copytree(STARTER, path, dirs_exist_ok=True)
    strings = strings_for(language)
    quoted = json.dumps(title, ensure_ascii=False)  # a JSON string is a valid YAML scalar
    for name, old, new in (
        ("mkdocs.yml", "site_name: My course", f"site_name: {quoted}"),
        ("content/course.yml", "title: My course", f"title: {quoted}"),
        ("content/course.yml", "language: en", f"language: {json.dumps(language)}"),
        ("mkdocs.yml", "name: Switch to dark mode", f"name: {json.dumps(strings('palette_dark'))}"),
        ("mkdocs.yml", "name: Switch to light mode", f"name: {json.dumps(strings('palette_light'))}"),
    ):
        file = path / name
        file.write_text(file.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    for kind, globs in _globs().items():
        for file in sorted(f for pattern in globs for f in path.glob(pattern)):
            file.write_text(modeline(path, file, kind) + file.read_text(encoding="utf-8"), encoding="utf-8")
    (path / SCHEMA_DIR).mkdir()
    for name, text in schemas().items():
        (path / SCHEMA_DIR / name).write_text(text, encoding="utf-8")
    settings = {"yaml.schemas": {f"./{SCHEMA_DIR}/{kind}.schema.json": globs for kind, globs in _globs().items()}}
    (path / ".vscode").mkdir()
    (path / ".vscode/settings.json").write_text(json.dumps(settings, indent=2) + "\n", encoding="utf-8")
    (path / ".vscode/extensions.json").write_text(
        json.dumps({"recommendations": ["redhat.vscode-yaml"]}, indent=2) + "\n", encoding="utf-8"
    )
    (path / ".gitignore").write_text(_fill("gitignore", title), encoding="utf-8")
    (path / "README.md").write_text(_fill("README.md", title), encoding="utf-8")
    (path / WORKFLOW).parent.mkdir(parents=True)
    (path / WORKFLOW).write_text(_fill("workflow.yml", title), encoding="utf-8")


def id_problem(item_id: str) -> str | None:
    """Why ``item_id`` cannot be an id, with the id it could be; None when it is fine."""
    if re.fullmatch(ID_PATTERN, item_id):
        return None
    suggestion = "-".join(re.findall(r"[a-z0-9]+", item_id.lower()))
    hint = f"; did you mean '{suggestion}'?" if suggestion else ""
    return (
        f"'{item_id}' is not a valid id: use lowercase letters, digits and single hyphens "
        f"(it becomes the file name and the page address){hint}"
    )


def title_from(item_id: str) -> str:
    return item_id.replace("-", " ").capitalize()


def course_file(root: Path) -> Path | None:
    return next((f for s in YAML_SUFFIXES if (f := root / CONTENT_DIR / f"{COURSE_FILE}{s}").is_file()), None)


def new_item(
    root: Path, kind_name: str, item_id: str, title: str | None, module: str | None, quiz_kind: str | None = None
) -> list[Path]:
    """Write a skeleton ``kind_name`` file (and add a lesson to a module); the files written or changed.

    ``quiz_kind`` picks a quiz's skeleton: 'questions' (the default) or 'branching'.
    """
    kind = KINDS[kind_name]
    if quiz_kind is not None and kind_name != "quiz":
        raise ScaffoldError(f"--kind is for quizzes (questions or branching); a {kind.name} has no kind")
    problem = id_problem(item_id)
    if problem:
        raise ScaffoldError(problem)
    outline = course_file(root)
    if outline is None:
        raise ScaffoldError(
            f"no {CONTENT_DIR}/{COURSE_FILE}.yml in {root}: run this in a course folder (or give --root)"
        )
    existing = [root / kind.folder / f"{item_id}{s}" for s in YAML_SUFFIXES]
    for file in existing:
        if file.exists():
            raise ScaffoldError(f"a {kind.name} '{item_id}' already exists: {file.relative_to(root).as_posix()}")
    if module is not None and kind is not LESSON:
        raise ScaffoldError(f"--module is for lessons; a {kind.name} is not part of a module")
    file = existing[0]
    skeleton = f"{kind.name}-{quiz_kind}.yml" if quiz_kind not in (None, "questions") else f"{kind.name}.yml"
    text = modeline(root, file, kind.name) + _fill(skeleton, json.dumps(title or title_from(item_id)))
    new_outline = _with_lesson(outline, root, item_id, module) if kind is LESSON else None
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(text, encoding="utf-8")
    if new_outline is None:
        return [file]
    try:
        _replace(outline, new_outline)
    except OSError as error:
        file.unlink(missing_ok=True)
        raise ScaffoldError(f"could not update {outline.relative_to(root).as_posix()}: {error}") from None
    return [file, outline]


def _replace(file: Path, text: str) -> None:
    """Write ``text`` over ``file`` in one step (a temporary file, then a rename)."""
    temporary = file.with_name(f".{file.name}.new")
    try:
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, file)
    finally:
        temporary.unlink(missing_ok=True)


def _with_lesson(outline: Path, root: Path, lesson: str, module: str | None) -> str:
    """The text of ``outline`` with ``lesson`` added to the module titled ``module`` (default: the last)."""
    where = outline.relative_to(root).as_posix()
    source = outline.read_text(encoding="utf-8")
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096
    try:
        _, indent, block_seq_indent = load_yaml_guess_indent(source)
        data = yaml.load(source)
    except YAMLError as error:
        raise ScaffoldError(f"{where} is not valid YAML; fix it first ({' '.join(str(error).split())})") from None
    modules = data.get("modules") if isinstance(data, dict) else None
    if not isinstance(modules, list) or not modules or not all(isinstance(m, dict) for m in modules):
        raise ScaffoldError(f"{where} has no list of modules to add the lesson to; fix it first")
    for entry in modules:
        if lesson in (entry.get("lessons") or []):
            raise ScaffoldError(f"{where} already lists a lesson '{lesson}' in module '{entry.get('title')}'")
    target = _module(modules, module, where)
    lessons = target.get("lessons")
    if lessons is None:
        target["lessons"] = [lesson]
    elif isinstance(lessons, list):
        lessons.append(lesson)
    else:
        raise ScaffoldError(f"{where}: the lessons of module '{target.get('title')}' are not a list; fix it first")
    offset = block_seq_indent or 0
    yaml.indent(mapping=2, sequence=max(indent or 2, offset + 2), offset=offset)
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def _module(modules: list[Any], wanted: str | None, where: str) -> Any:
    if wanted is None:
        return modules[-1]
    titles = [str(m.get("title")) for m in modules]
    for entry, title in zip(modules, titles, strict=True):
        if title.casefold() == wanted.strip().casefold():
            return entry
    match = closest(wanted, titles)
    hint = f"did you mean '{match}'?" if match else f"the modules are {quoted_list(titles)}"
    raise ScaffoldError(f"{where} has no module '{wanted}'; {hint}")
