"""The ``microlearn`` command: start, check, preview and build a course.

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

from . import runner
from .assets import site_assets
from .course import CourseContent, load_course
from .diagnostics import errors, plural, summary
from .export import export_site
from .i18n import strings_for
from .kinds import SCHEMAS
from .pdf import PdfUnavailable
from .render import render_site
from .settings import SettingsError, read_settings, render_options

STARTER = Path(__file__).parent / "starter"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="microlearn", description=__doc__.splitlines()[0] if __doc__ else None)
    commands = parser.add_subparsers(dest="command", required=True)

    check = commands.add_parser("validate", help="check a course without building it")
    check.add_argument("path", nargs="?", default=".", type=Path, help="course root (holds content/ and quizzes/)")
    check.add_argument("--strict", action="store_true", help="fail on warnings too")

    export = commands.add_parser("export", help="write the course as a plain docs tree and mkdocs.yml")
    export.add_argument("out_dir", type=Path)
    export.add_argument("--root", default=".", type=Path, help="course root (default: current folder)")
    export.add_argument("--strict", action="store_true", help="fail on warnings too")

    new = commands.add_parser("new", help="start a new course from a small working example")
    new.add_argument("path", type=Path, help="folder to create (must not exist or be empty)")
    new.add_argument("--title", default="My course", help="course title (also the site name)")
    new.add_argument("--language", default="en", help="course language, e.g. en or nl")

    build = commands.add_parser("build", help="build the course's website into site/ (MkDocs underneath)")
    build.add_argument("path", nargs="?", default=".", type=Path, help="course root (default: current folder)")
    build.add_argument("--strict", action="store_true", help="fail on warnings too")
    build.add_argument("-d", "--site-dir", type=Path, help="where to write the site (default: site/ in the course)")

    serve = commands.add_parser("serve", help="live preview that rebuilds when content/ or quizzes/ change")
    serve.add_argument("path", nargs="?", default=".", type=Path, help="course root (default: current folder)")
    serve.add_argument("-a", "--dev-addr", metavar="HOST:PORT", help="address of the preview (default: 127.0.0.1:8000)")

    schema = commands.add_parser("schema", help="write JSON Schemas of the content files, for editor autocompletion")
    schema.add_argument("out_dir", nargs="?", type=Path, help=argparse.SUPPRESS)
    schema.add_argument("-o", "--out", type=Path, help="folder to write <kind>.schema.json files into")

    args = parser.parse_args(argv)
    if args.command == "validate":
        return _validate(args.path, args.strict)
    if args.command == "new":
        return _new(args.path, args.title, args.language)
    if args.command == "export":
        return _export(args.root, args.out_dir, args.strict)
    if args.command in ("build", "serve"):
        problem = runner.course_problem(args.path)
        if problem:
            print(f"microlearn: {problem}", file=sys.stderr)
            return 1
        if args.command == "serve":
            return runner.serve(args.path, dev_addr=args.dev_addr)
        return _build(args.path, args.site_dir, args.strict)
    if args.out and args.out_dir and args.out != args.out_dir:
        schema.error("give the folder once: --out DIR")
    if not (args.out or args.out_dir):
        schema.error("where to? give --out DIR")
    return _schema(args.out or args.out_dir)


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


def _validate(root: Path, strict: bool) -> int:
    content = _load(root, strict)
    if content is None:
        return 1
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


def _build(root: Path, site_dir: Path | None, strict: bool) -> int:
    status = runner.build(root, site_dir=site_dir, strict=strict)
    if status:
        print("microlearn: the site was not built; fix what is reported above", file=sys.stderr)
    else:
        print(f"built the site into {site_dir or root / 'site'}: publish that folder as it is")
    return status


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
