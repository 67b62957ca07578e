"""The ``microlearn`` command: validate a course, export it, print JSON Schemas.

Content problems are reported as ``path:line:column: severity: message``
and never as a Python traceback.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

from .assets import site_assets
from .course import CourseContent, load_course
from .diagnostics import errors, github_annotation, plural, summary
from .export import export_site
from .i18n import strings_for
from .kinds import SCHEMAS
from .pdf import PdfUnavailable
from .render import render_site
from .settings import SettingsError, check_settings, read_settings, render_options

STARTER = Path(__file__).parent / "starter"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="microlearn", description=__doc__.splitlines()[0] if __doc__ else None)
    commands = parser.add_subparsers(dest="command", required=True)

    check = commands.add_parser("validate", help="check a course without building it")
    check.add_argument("path", nargs="?", default=".", type=Path, help="course root (holds content/ and quizzes/)")
    check.add_argument("--strict", action="store_true", help="fail on warnings too")
    check.add_argument(
        "--format",
        choices=("text", "github"),
        default="text",
        help="'github': print problems as GitHub Actions annotations (on standard output)",
    )

    export = commands.add_parser("export", help="write the course as a plain docs tree and mkdocs.yml")
    export.add_argument("out_dir", type=Path)
    export.add_argument("--root", default=".", type=Path, help="course root (default: current folder)")
    export.add_argument("--strict", action="store_true", help="fail on warnings too")

    new = commands.add_parser("new", help="start a new course from a small working example")
    new.add_argument("path", type=Path, help="folder to create (must not exist or be empty)")
    new.add_argument("--title", default="My course", help="course title (also the site name)")
    new.add_argument("--language", default="en", help="course language, e.g. en or nl")

    schema = commands.add_parser("schema", help="write JSON Schemas of the content files, for editor autocompletion")
    schema.add_argument("out_dir", type=Path)

    args = parser.parse_args(argv)
    if args.command == "validate":
        return _validate(args.path, args.strict, args.format)
    if args.command == "new":
        return _new(args.path, args.title, args.language)
    if args.command == "export":
        return _export(args.root, args.out_dir, args.strict)
    return _schema(args.out_dir)


def _load(root: Path, strict: bool) -> CourseContent | None:
    if not root.is_dir():
        print(f"microlearn: no folder {root}", file=sys.stderr)
        return None
    content, diagnostics = load_course(root)
    for d in diagnostics:
        print(d, file=sys.stderr)
    failed = bool(errors(diagnostics)) or (strict and bool(diagnostics))
    if diagnostics or failed:
        print(summary(diagnostics), file=sys.stderr)
    return None if failed else content


def _validate(root: Path, strict: bool, output: str = "text") -> int:
    """Check the course and its mkdocs.yml; problems as 'path:line:col: …' or as GitHub annotations."""
    if not root.is_dir():
        print(f"microlearn: no folder {root}", file=sys.stderr)
        return 1
    content, found = load_course(root)
    diagnostics = sorted({*found, *check_settings(root)})
    for d in diagnostics:
        if output == "github":
            print(github_annotation(d))
        else:
            print(d, file=sys.stderr)
    if errors(diagnostics) or (strict and diagnostics) or content is None:
        print(summary(diagnostics), file=sys.stderr)
        return 1
    if diagnostics:
        print(summary(diagnostics), file=sys.stderr)
    counts = [
        plural(len(content.lessons), "lesson"),
        plural(len(content.quizzes), "quiz"),
        plural(len(content.checklists), "checklist"),
    ]
    print(f"{root}: {', '.join(counts)}: OK")
    return 0


def _export(root: Path, out: Path, strict: bool) -> int:
    try:
        settings = read_settings(root / "mkdocs.yml")
    except SettingsError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    content = _load(root, strict)
    if content is None:
        return 1
    options = render_options(settings, content.strings)
    site = render_site(content, options)
    try:
        assets = site_assets(content, options)
    except PdfUnavailable as error:
        print(f"error: mkdocs.yml: checklist_pdf is set, but {error}", file=sys.stderr)
        return 1
    config_file = export_site(site, assets, settings.raw, content.course.language, root, out)
    print(f"wrote {len(site.pages)} pages and {len(assets)} files; build with: mkdocs build -f {config_file}")
    return 0


def _new(path: Path, title: str, language: str) -> int:
    if path.exists() and any(path.iterdir()):
        print(f"microlearn: {path} already exists and is not empty; choose a new folder", file=sys.stderr)
        return 1
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
    content = _load(path, strict=False)
    if content is None:
        return 1
    print(f"created {path}: edit content/ and quizzes/, then run: mkdocs serve (from {path})")
    return 0


def _schema(out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    for kind, model in SCHEMAS.items():
        schema = model.model_json_schema()
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["title"] = f"microlearn {kind}"
        (out / f"{kind}.schema.json").write_text(
            json.dumps(schema, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
    print(f"wrote {len(SCHEMAS)} schemas to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
