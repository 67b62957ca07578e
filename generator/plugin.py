"""The MkDocs adapter: the only module that imports MkDocs.

Every hook is a few lines; the work happens in the MkDocs-free core
(``course.load_course`` and ``render.render_site``).
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel

from . import pdf
from .course import CONTENT_DIR, YAML_SUFFIXES, CourseContent, load_course, watched_paths
from .diagnostics import Diagnostic, errors, summary
from .markdown import MarkdownRenderer
from .pdf import PAPER_SIZES, PdfUnavailable
from .render import SCRIPT, STYLESHEET, RenderOptions, output_paths, overrides_dir, render_site
from .siteconfig import read_settings

log = logging.getLogger("mkdocs.plugins.microlearn")


class MicrolearnConfig(base.Config):
    allow_html = c.Type(bool, default=False)
    """Keep raw HTML in Markdown fields (scripts and event handlers are still removed)."""
    checklist_pdf = c.Optional(c.Choice(PAPER_SIZES))
    """Paper size of a ready-made PDF of each blank checklist (needs the 'pdf' extra)."""


class MicrolearnPlugin(BasePlugin[MicrolearnConfig]):
    def __init__(self) -> None:
        self.content: CourseContent | None = None
        self.options: RenderOptions | None = None

    # Before other plugins' on_config: the search plugin reads the theme language there.
    @event_priority(100)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # Validate here: MkDocs empties site_dir right after on_pre_build, and
        # --strict alone would only fail after writing the site.
        root = Path(config.config_file_path).parent
        config.watch.extend(str(p) for p in watched_paths(root) if p.is_dir())
        content, diagnostics = load_course(root)
        report(diagnostics, strict=bool(config.strict))
        assert content is not None, "report() stops the build on errors"
        self.content = content
        _set_language(config, content.course.language)
        # Everything that can still stop the build is checked here, before site_dir is emptied.
        self.options = _render_options(config, self.config, root, footnote_title=content.strings("footnote_back"))
        if self.options.checklist_pdf:
            try:
                pdf.require()
            except PdfUnavailable as error:
                raise PluginError(f"mkdocs.yml: checklist_pdf is set, but {error}") from error
        _check_clashes(Path(config.docs_dir), output_paths(content, self.options))
        _add_template_dir(config)
        config.extra_css.append(STYLESHEET)
        script = c.ExtraScriptValue(SCRIPT)
        script.type = "module"
        config.extra_javascript.append(script)
        return config

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        assert self.content is not None and self.options is not None, "on_config loads the course"
        site = render_site(self.content, self.options)
        if config.nav:
            log.info("microlearn: the navigation comes from content/course.yml; 'nav' in mkdocs.yml is replaced")
        in_nav = {path for entry in site.nav for path in entry.paths()}
        for file in list(files):
            if _is_content_source(file.src_uri):
                files.remove(file)
        # Pages of the site's own (a docs_dir beside content/) follow the course in the navigation.
        own_pages = sorted(f.src_uri for f in files.documentation_pages())
        config.nav = site.nav_config() + own_pages  # read by MkDocs after on_files
        for page in site.pages:
            inclusion = InclusionLevel.UNDEFINED if page.path in in_nav else InclusionLevel.NOT_IN_NAV
            _add(files, File.generated(config, page.path, content=page.text(), inclusion=inclusion))
        for asset in site.assets:
            _add(files, File.generated(config, asset.path, content=asset.data))
        return files


def _render_options(
    config: MkDocsConfig, options: MicrolearnConfig, root: Path, *, footnote_title: str
) -> RenderOptions:
    """How to render, from MkDocs' settings: the site's Markdown extensions, URL style and address."""
    markdown = MarkdownRenderer(
        config.markdown_extensions, config.mdx_configs, allow_html=options.allow_html, footnote_title=footnote_title
    )
    docs_is_content = Path(config.docs_dir).resolve() == (root / CONTENT_DIR).resolve()
    return RenderOptions(
        markdown=markdown,
        use_directory_urls=config.use_directory_urls,
        content_assets=not docs_is_content,
        site_url=config.site_url or "",
        checklist_pdf=options.checklist_pdf,
    )


def _set_language(config: MkDocsConfig, language: str) -> None:
    """The course language drives the theme's strings too; a different explicit choice is a warning.

    The theme gets the closest language it ships (``nl-BE`` → ``nl``), else English.
    """
    chosen = _explicit_theme_language(config)
    if chosen not in (None, language):
        message = (
            f"mkdocs.yml: theme.language '{chosen}' differs from the course language '{language}'; using '{language}'"
        )
        warn(message, strict=bool(config.strict))
    candidates = (language, language.split("-")[0].lower())
    shipped = next((c for c in candidates if _theme_has_language(config, c)), None)
    if shipped is None:
        warn(
            f"mkdocs.yml: the theme has no strings for '{language}'; its own labels stay English",
            strict=bool(config.strict),
        )
    config.theme["language"] = shipped or "en"


def _theme_has_language(config: MkDocsConfig, language: str) -> bool:
    return any((Path(d) / "partials" / "languages" / f"{language}.html").is_file() for d in config.theme.dirs)


def _explicit_theme_language(config: MkDocsConfig) -> str | None:
    """``theme.language`` as written in mkdocs.yml (the loaded config can't tell it from the default)."""
    try:
        return read_settings(Path(config.config_file_path)).theme_language
    except Exception as error:  # an unusual mkdocs.yml must not stop the build over this one check
        log.debug("microlearn: could not re-read mkdocs.yml for theme.language: %s", error)
        return None


def report(diagnostics: list[Diagnostic], *, strict: bool) -> None:
    """Log every problem, then stop the build on errors (and on warnings under --strict)."""
    for d in diagnostics:
        (log.error if d.is_error else log.warning)(str(d))
    if errors(diagnostics) or (strict and diagnostics):
        raise PluginError(summary(diagnostics) + ("" if errors(diagnostics) else " (--strict)"))


def warn(message: str, *, strict: bool) -> None:
    log.warning(message)
    if strict:
        raise PluginError(f"{message} (--strict)")


def _check_clashes(docs_dir: Path, paths: list[str]) -> None:
    clashes = [p for p in paths if (docs_dir / p).exists()]
    if clashes:
        names = ", ".join(f"{docs_dir.name}/{p}" for p in clashes)
        raise PluginError(f"{names} would be replaced by what microlearn generates; rename or remove it")


def _add(files: Files, file: File) -> None:
    existing = files.get_file_from_path(file.src_uri)
    if existing is not None:  # checked on disk in on_config; this catches files other plugins added
        files.remove(existing)
        log.warning(f"microlearn: {file.src_uri} replaces a file of the same name")
    files.append(file)


def _is_content_source(src_uri: str) -> bool:
    """Course YAML inside the docs folder (when docs_dir is content/) is source, not site."""
    if not src_uri.endswith(YAML_SUFFIXES):
        return False
    return src_uri.startswith(("lessons/", "checklists/")) or src_uri in ("course.yml", "course.yaml")


def _add_template_dir(config: MkDocsConfig) -> None:
    """Put microlearn's page templates just below the site's own custom_dir."""
    ours = str(overrides_dir().resolve())
    dirs = config.theme.dirs
    if any(Path(d).resolve() == Path(ours) for d in dirs):
        return
    custom = config.theme.custom_dir
    dirs.insert(1 if custom else 0, ours)
