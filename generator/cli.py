"""The ``microlearn`` command: start, check, preview and build a course.

Content problems are reported as ``path:line:column: severity: message``
and never as a Python traceback.
"""

from __future__ import annotations

import argparse
import sys
import typing
from collections.abc import Sequence
from pathlib import Path

from .course import CourseContent, load_course
from .diagnostics import errors, github_annotation, plural, summary
from .kinds import KINDS
from .models import QuizKind
from .settings import SettingsError, SiteSettings, check_settings, read_settings, render_options

# Each command imports what only it needs: ``microlearn validate`` runs on every
# save in editors' hooks and should not wait for the renderer, the PDF printer
# or the packager to load.


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

    export = commands.add_parser(
        "export",
        help="write the course as a plain docs tree and mkdocs.yml, or (--scorm) as a SCORM 1.2 package",
        usage="microlearn export OUT_DIR [--root PATH] [--strict]\n       microlearn export --scorm PACKAGE.zip [--root PATH] [--strict]",
    )
    export.add_argument("out_dir", type=Path, nargs="?")
    export.add_argument(
        "--scorm", type=Path, metavar="PACKAGE.zip", help="write a SCORM 1.2 package (one SCO) for an LMS"
    )
    export.add_argument("--root", default=".", type=Path, help="course root (default: current folder)")
    export.add_argument("--strict", action="store_true", help="fail on warnings too")

    new = commands.add_parser(
        "new",
        help="start a course folder, or add a lesson, quiz or checklist to a course",
        usage=(
            "microlearn new COURSE_DIR [--title TITLE] [--language LANG]\n"
            "       microlearn new {lesson,quiz,checklist} ID [--title TITLE] [--module MODULE] [--root PATH]\n"
            "       microlearn new quiz ID --kind branching   (a branching conversation scenario)"
        ),
        description=(
            "microlearn new COURSE_DIR writes a complete course folder: a small working course, mkdocs.yml, "
            "JSON Schemas and VS Code settings, a README for its editors and a GitHub Actions workflow. "
            "microlearn new lesson|quiz|checklist ID writes a commented skeleton in the course "
            "(a lesson is also added to a module in content/course.yml). A course folder named like "
            "one of those words is written as ./lesson."
        ),
    )
    new.add_argument("what", metavar="COURSE_DIR | lesson | quiz | checklist")
    new.add_argument("item_id", nargs="?", metavar="ID", help="id of the new lesson, quiz or checklist")
    new.add_argument("--title", help="title (default for a course: 'My course'; for an item: from its id)")
    new.add_argument("--language", help="course language, e.g. en or nl (default: en); new course only")
    new.add_argument("--module", help="title of the module a new lesson joins (default: the last module)")
    new.add_argument("--root", type=Path, help="course root for a new item (default: current folder)")
    new.add_argument(
        "--kind",
        choices=typing.get_args(QuizKind),
        help="a new quiz's kind: questions (default) or branching (a conversation)",
    )

    build = commands.add_parser("build", help="build the course's website into site/ (MkDocs underneath)")
    build.add_argument("path", nargs="?", default=".", type=Path, help="course root (default: current folder)")
    build.add_argument("--strict", action="store_true", help="fail on warnings too")
    build.add_argument("-d", "--site-dir", type=Path, help="where to write the site (default: site/ in the course)")

    serve = commands.add_parser("serve", help="live preview that rebuilds when content/ or quizzes/ change")
    serve.add_argument("path", nargs="?", default=".", type=Path, help="course root (default: current folder)")
    serve.add_argument("-a", "--dev-addr", metavar="HOST:PORT", help="address of the preview (default: 127.0.0.1:8000)")

    csp = commands.add_parser(
        "csp", help="print a Content-Security-Policy header value for a built site (scripts only from the site)"
    )
    csp.add_argument("site_dir", nargs="?", default=Path("site"), type=Path, help="the built site (default: site/)")

    schema = commands.add_parser("schema", help="write JSON Schemas of the content files, for editor autocompletion")
    schema.add_argument("out_dir", nargs="?", type=Path, help=argparse.SUPPRESS)
    schema.add_argument("-o", "--out", type=Path, help="folder to write <kind>.schema.json files into")

    args = parser.parse_args(argv)
    if args.command == "validate":
        return _validate(args.path, args.strict, args.format)
    if args.command == "new":
        if args.what in KINDS:
            if args.item_id is None:
                new.error(
                    f"give the new {args.what}'s id: microlearn new {args.what} ID (a course folder: ./{args.what})"
                )
            if args.language is not None:
                new.error("--language is for a new course; a lesson, quiz or checklist has the course's language")
            return _new_item(args.root or Path("."), args.what, args.item_id, args.title, args.module, args.kind)
        if args.item_id is not None:
            new.error(f"'{args.what}' is not lesson, quiz or checklist; a new course takes one folder")
        if args.module is not None or args.root is not None:
            new.error("--module and --root are for a new lesson, quiz or checklist")
        if args.kind is not None:
            new.error("--kind is for a new quiz: microlearn new quiz ID --kind branching")
        return _new(Path(args.what), args.title or "My course", args.language or "en")
    if args.command == "csp":
        return _csp(args.site_dir)
    if args.command == "export":
        if (args.out_dir is None) == (args.scorm is None):
            export.error("give an output folder, or --scorm PACKAGE.zip (not both)")
        if args.scorm is not None:
            return _scorm(args.root, args.scorm, args.strict)
        return _export(args.root, args.out_dir, args.strict)
    if args.command in ("build", "serve"):
        from . import runner

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


def _course_and_settings(root: Path, strict: bool) -> tuple[CourseContent, SiteSettings] | None:
    """The course and its mkdocs.yml settings for an export; None (problems printed) when either is broken."""
    try:
        settings = read_settings(root / "mkdocs.yml")
    except SettingsError as error:
        print(f"error: {error}", file=sys.stderr)
        return None
    content = _load(root, strict)
    return None if content is None else (content, settings)


def _export(root: Path, out: Path, strict: bool) -> int:
    loaded = _course_and_settings(root, strict)
    if loaded is None:
        return 1
    content, settings = loaded
    from .assets import site_assets
    from .export import export_site
    from .pdf import PdfUnavailable
    from .render import render_site

    options = render_options(settings, content.strings)
    site = render_site(content, options)
    try:
        assets = site_assets(content, options, settings.options.cache(root))
    except PdfUnavailable as error:
        print(f"error: mkdocs.yml: checklist_pdf is set, but {error}", file=sys.stderr)
        return 1
    config_file = export_site(site, assets, settings.raw, content.course.language, root, out)
    print(f"wrote {len(site.pages)} pages and {len(assets)} files; build with: mkdocs build -f {config_file}")
    return 0


def _scorm(root: Path, out_zip: Path, strict: bool) -> int:
    loaded = _course_and_settings(root, strict)
    if loaded is None:
        return 1
    content, settings = loaded
    from .pdf import PdfUnavailable
    from .scorm import ScormError, write_scorm

    try:
        files = write_scorm(content, settings, root, out_zip, log=sys.stderr)
    except PdfUnavailable as error:
        print(f"error: mkdocs.yml: checklist_pdf is set, but {error}", file=sys.stderr)
        return 1
    except ScormError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"wrote {out_zip}: a SCORM 1.2 package of {len(files)} files; upload it to the LMS as it is")
    return 0


def _build(root: Path, site_dir: Path | None, strict: bool) -> int:
    from . import runner

    status = runner.build(root, site_dir=site_dir, strict=strict)
    if status:
        print("microlearn: the site was not built; fix what is reported above", file=sys.stderr)
    else:
        print(f"built the site into {site_dir or root / 'site'}: publish that folder as it is")
    return status


def _csp(site: Path) -> int:
    if not (site / "index.html").is_file():
        print(f"microlearn: no built site in {site}: run microlearn build first", file=sys.stderr)
        return 1
    from .csp import content_security_policy

    print(content_security_policy(site))
    return 0


def _new(path: Path, title: str, language: str) -> int:
    from .scaffold import ScaffoldError, new_course

    try:
        new_course(path, title, language)
    except ScaffoldError as error:
        print(f"microlearn: {error}", file=sys.stderr)
        return 1
    content = _load(path, strict=False)
    if content is None:
        return 1
    print(f"created {path}: edit content/ and quizzes/ (see its README.md), then run: cd {path} && microlearn serve")
    return 0


def _new_item(root: Path, kind: str, item_id: str, title: str | None, module: str | None, quiz_kind: str | None) -> int:
    from .scaffold import ScaffoldError, new_item

    try:
        written = new_item(root, kind, item_id, title, module, quiz_kind)
    except ScaffoldError as error:
        print(f"microlearn: {error}", file=sys.stderr)
        return 1
    for file in written:
        print(f"{'wrote' if file is written[0] else 'updated'} {file}")
    if kind != "lesson":
        how = f"a block 'type: {kind}' with '{kind}: {item_id}'"
        listed = "assessments" if kind == "quiz" else "checklists"
        print(f"use it in a lesson ({how}) or list it under '{listed}' in content/course.yml")
    _load(root, strict=False)
    return 0


def _schema(out: Path) -> int:
    from .scaffold import schemas

    out.mkdir(parents=True, exist_ok=True)
    texts = schemas()
    for name, text in texts.items():
        (out / name).write_text(text, encoding="utf-8")
    print(f"wrote {len(texts)} schemas to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
