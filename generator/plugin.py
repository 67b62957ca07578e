"""The MkDocs adapter: the only module that imports MkDocs.

Every hook is a few lines; the work happens in the MkDocs-free core
(``course.load_course``, ``settings.render_options``, ``render.render_site``,
``assets.site_assets``).
"""

from __future__ import annotations

import hashlib
import logging
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal, cast

from jinja2 import Environment, Template
from markupsafe import Markup
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from .assets import SCRIPT, STYLESHEET, Asset, output_paths, overrides_dir, runtime_assets, site_assets
from .cache import DEFAULT_DIR
from .course import CourseContent, Unchanged, course_language, load_course, watched_paths
from .diagnostics import Diagnostic, errors, summary
from .i18n import FALLBACK, closest, strings_for
from .kinds import CONTENT_DIR, COURSE_FILE, KINDS, YAML_SUFFIXES
from .pdf import PdfUnavailable
from .render import PAGE_TEMPLATES, PageSource, RenderOptions, problems_page, render_site
from .settings import (
    SettingsError,
    SiteSettings,
    is_loopback,
    plugin_options,
    read_raw,
    render_options,
    theme_language,
)
from .urls import HOME

log = logging.getLogger("mkdocs.plugins.microlearn")


class _AsWritten(base.BaseConfigOption[Any]):
    """An option MkDocs passes through as written: ``settings.plugin_options`` checks it,
    for ``mkdocs build`` and ``microlearn export`` alike."""

    def __init__(self, default: Any = None) -> None:
        super().__init__()
        self.default = default

    def run_validation(self, value: object) -> object:
        return value


class MicrolearnConfig(base.Config):
    allow_html = _AsWritten(False)
    checklist_pdf = _AsWritten(None)
    cache_dir = _AsWritten(DEFAULT_DIR)


class MicrolearnPlugin(BasePlugin[MicrolearnConfig]):
    def __init__(self) -> None:
        self.content: CourseContent | None = None
        self.options: RenderOptions | None = None
        self.assets: list[Asset] = []
        self.bodies: dict[str, str] = {}
        """Each generated page's HTML body by source path: MkDocs need not convert it (see on_page_markdown)."""
        self.passed_through: dict[str, str] = {}
        self.previewing = False
        self.dirty = False
        """A preview that rebuilds only what changed (``mkdocs serve --dirty``, as ``microlearn serve`` runs it)."""
        self.built: dict[str, bytes] = {}
        """A digest of each generated file, and of the navigation, as the last build wrote them."""
        self.unchanged: dict[str, PageSource] = {}
        self.parsed: Unchanged = {}
        """Content files as last parsed, for a preview's next rebuild."""
        self.renderer: tuple[Any, RenderOptions] | None = None
        """The last render options and what they were made from: their Markdown memo outlives a rebuild."""
        self.problems: PageSource | None = None
        """The error page a live preview shows while the course has errors (None when it has none)."""

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        # Defining on_startup also makes MkDocs keep this instance across a preview's rebuilds.
        self.previewing = command == "serve"
        self.dirty = self.previewing and dirty

    # Before other plugins' on_config: the search plugin reads the theme language there.
    @event_priority(100)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # Validate here: MkDocs empties site_dir right after on_pre_build, and
        # --strict alone would only fail after writing the site.
        root = Path(config.config_file_path).parent
        if is_loopback(config.site_url) and not self.previewing:
            # A loopback address is no public address: MkDocs would write it into
            # every page's canonical link and into sitemap.xml. (mkdocs serve sets
            # its own, and serves the pages there.)
            config.site_url = None
        config.watch.extend(str(p) for p in watched_paths(root) if p.is_dir())
        settings = _settings(config, dict(self.config))
        self.content, self.options, self.problems, self.assets = None, None, None, []
        content, diagnostics = load_course(
            root, preview=self.previewing, unchanged=self.parsed if self.previewing else None
        )
        if self.previewing and stops(diagnostics, strict=bool(config.strict)):
            # A failed rebuild would hold every request of `mkdocs serve`: build an error page instead.
            if self.dirty:  # every other address must answer with it: no page of the last build may stay
                _clean(Path(config.site_dir))
                self.built = {}
            log_diagnostics(diagnostics)
            log.error(f"{summary(diagnostics)}: every page of the preview lists them until they are fixed")
            language = course_language(root)
            self.problems = problems_page(diagnostics, strings_for(language))
            _set_language(config, language)
            _add_template_dir(config)
            _add_runtime(config)
            return config
        report(diagnostics, strict=bool(config.strict))
        assert content is not None, "report() stops the build on errors"
        self.content = content
        _set_language(config, content.course.language)
        # Everything that can still stop the build is checked here, before site_dir is emptied.
        docs_is_content = Path(config.docs_dir).resolve() == (root / CONTENT_DIR).resolve()
        made_from = (settings, content.course.language, docs_is_content)
        if self.renderer is None or self.renderer[0] != made_from:
            self.renderer = (made_from, render_options(settings, content.strings, content_assets=not docs_is_content))
        self.options = self.renderer[1]
        _check_clashes(Path(config.docs_dir), output_paths(content, self.options))
        try:
            # PDFs not in the cache are printed here, so a missing WeasyPrint stops the build
            # before site_dir is emptied (and a build with every PDF cached never imports it).
            self.assets = site_assets(content, self.options, settings.options.cache(root))
        except PdfUnavailable as error:
            raise PluginError(f"mkdocs.yml: checklist_pdf is set, but {error}") from error
        _add_template_dir(config)
        _add_runtime(config)
        return config

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        if self.problems is not None:
            return _problem_files(files, config, self.problems)
        assert self.content is not None and self.options is not None, "on_config loads the course"
        # A preview renders in one process: its Markdown renderer, kept between rebuilds, then holds every field.
        site = render_site(self.content, self.options, parallel=not self.previewing)
        if config.nav:
            log.info("microlearn: the navigation comes from content/course.yml; 'nav' in mkdocs.yml is replaced")
        in_nav = {path for entry in site.nav for path in entry.paths()}
        for file in list(files):
            if _is_content_source(file.src_uri):
                files.remove(file)
        # Pages of the site's own (a docs_dir beside content/) follow the course in the navigation.
        own_pages = sorted(f.src_uri for f in files.documentation_pages())
        config.nav = site.nav_config() + own_pages  # read by MkDocs after on_files
        self.bodies = {page.path: page.html for page in site.pages}
        self.passed_through = {}
        texts = {page.path: page.text().encode() for page in site.pages}
        changed = self._changed(texts, config.nav)
        self.unchanged = {page.path: page for page in site.pages if page.path not in changed}
        for page in site.pages:
            inclusion = InclusionLevel.UNDEFINED if page.path in in_nav else InclusionLevel.NOT_IN_NAV
            _add(files, _Generated.made(config, page.path, texts[page.path], inclusion, page.path in changed))
        for asset in self.assets:
            modified = self._record(asset.path, asset.data) or not self.dirty
            _add(files, _Generated.made(config, asset.path, asset.data, InclusionLevel.UNDEFINED, modified))
        return files

    def _changed(self, texts: dict[str, bytes], nav: Any) -> set[str]:
        """The pages a build writes: all of them, except in a dirty preview rebuild.

        There, a page is rewritten only when its own text changed, and every page when the
        navigation did (each page shows it). Material's search index takes back one page
        per dirty rebuild (material/plugins/search/plugin.py, generate_search_index), and
        not the home page, whose address '' prefixes every other: otherwise all are rebuilt.
        """
        first = not self.built
        nav_changed = self._record("\0nav", repr(nav).encode())
        changed = {path for path, text in texts.items() if self._record(path, text)}
        if not self.dirty or first or nav_changed or len(changed) > 1 or HOME in changed:
            return set(texts)
        return changed

    def _record(self, path: str, data: bytes) -> bool:
        """Remember what ``path`` holds now; whether it differs from the last build."""
        digest = hashlib.blake2b(data, digest_size=16).digest()
        changed = self.built.get(path) != digest
        self.built[path] = digest
        return changed

    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation:
        # A dirty rebuild skips reading unchanged pages, whose titles the navigation of the
        # pages it does write still shows: give them what reading them would have given.
        for file in files.documentation_pages():
            source = self.unchanged.get(file.src_uri)
            if source is not None and isinstance(file.page, Page):
                file.page.markdown, file.page.content = "", source.html
                file.page.meta = source.front_matter()
                file.page.present_anchor_ids = set(_ANCHOR.findall(source.html))
        return nav

    # Last, so other plugins still see (and may change) the page's source.
    @event_priority(-100)
    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        """A generated page is one block of finished HTML, which Markdown passes through unchanged
        (tests/test_plugin.py compares with plain MkDocs): skip converting it, a third of a build."""
        body = self.bodies.get(page.file.src_uri)
        if body is None or markdown.strip() != body:
            return markdown  # not ours, or changed by another plugin: MkDocs converts it as usual
        self.passed_through[page.file.src_uri] = body
        return ""

    # First, so other plugins see the page's HTML.
    @event_priority(100)
    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        body = self.passed_through.pop(page.file.src_uri, None)
        if body is None:
            return html
        # What MkDocs would have found in the raw HTML, for checking links to anchors on this page.
        page.present_anchor_ids = set(_ANCHOR.findall(body))
        return body

    def on_env(self, env: Environment, /, *, config: MkDocsConfig, files: Files) -> Environment:
        if self.problems is not None:  # read by the error page's template
            env.globals["microlearn_problems"] = {"title": self.problems.title, "html": Markup(self.problems.html)}
        if self.content is not None:  # the interface strings, for the pages the theme renders (404.html)
            env.globals["microlearn_t"] = self.content.strings
        return env

    def on_pre_template(self, template: Template, /, *, template_name: str, config: MkDocsConfig) -> Template:
        # The preview answers an address it lacks with 404.html: while the course
        # has errors, that is the error page too, so every address shows it.
        if self.problems is not None and template_name == "404.html":
            return template.environment.get_template(PAGE_TEMPLATES["problems"])
        return template

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Callable[..., Any]
    ) -> LiveReloadServer:
        server.error_handler = _with_livereload(server, server.error_handler)
        return server


class _Generated(File):
    """A generated file that a dirty preview rebuild writes only when it changed."""

    modified = True

    @classmethod
    def made(
        cls, config: MkDocsConfig, path: str, data: str | bytes, inclusion: InclusionLevel, modified: bool
    ) -> _Generated:
        file = cls.generated(config, path, content=data, inclusion=inclusion)
        assert isinstance(file, cls)  # File.generated constructs cls
        file.modified = modified
        return file

    def is_modified(self) -> bool:
        return self.modified


def _clean(site_dir: Path) -> None:
    """Empty the preview's site folder (MkDocs' own cleaning is off in a dirty rebuild)."""
    for entry in site_dir.iterdir() if site_dir.is_dir() else ():
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()


_ANCHOR = re.compile(r'<[a-z][^>]*?\sid="([^"]+)"')


def _problem_files(files: Files, config: MkDocsConfig, page: PageSource) -> Files:
    """A site of one page, the error page: the course's pages and the site's own are left out."""
    for file in list(files):
        if _is_content_source(file.src_uri) or file.is_documentation_page():
            files.remove(file)
    config.nav = [page.path]
    files.append(File.generated(config, page.path, content=page.text()))
    for asset in runtime_assets():
        _add(files, File.generated(config, asset.path, content=asset.data))
    return files


def _with_livereload(server: LiveReloadServer, handler: Callable[[int], bytes | None]) -> Callable[[int], bytes | None]:
    """MkDocs adds its live-reload script to the pages it serves, but not to the 404 page it
    answers a missing address with; add it there too, so an error page (and a page not yet
    built) reloads on the next save like any other page."""

    def error_page(code: int) -> bytes | None:
        page = handler(code)
        # Private to MkDocs 1.6 (pinned), which is no longer developed; without them the page just doesn't reload.
        inject = getattr(server, "_inject_js_into_html", None)
        if page is None or inject is None or not getattr(server, "_watched_paths", None):
            return page
        return cast(bytes, inject(page, getattr(server, "_visible_epoch", 0)))

    return error_page


def _settings(config: MkDocsConfig, given: dict[str, Any]) -> SiteSettings:
    """The site settings from MkDocs' loaded config, the microlearn options checked as the CLI checks them."""
    try:
        options = plugin_options(given)
    except SettingsError as error:
        raise PluginError(str(error)) from None
    return SiteSettings(
        raw={},
        markdown_extensions=list(config.markdown_extensions),
        extension_configs=dict(config.mdx_configs),
        options=options,
        use_directory_urls=config.use_directory_urls,
        site_url=config.site_url or "",
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
    shipped = next((lang for lang in closest(language) if _theme_has_language(config, lang)), None)
    if shipped is None:
        warn(
            f"mkdocs.yml: the theme has no strings for '{language}'; its own labels stay English",
            strict=bool(config.strict),
        )
    config.theme["language"] = shipped or FALLBACK


def _theme_has_language(config: MkDocsConfig, language: str) -> bool:
    return any((Path(d) / "partials" / "languages" / f"{language}.html").is_file() for d in config.theme.dirs)


def _explicit_theme_language(config: MkDocsConfig) -> str | None:
    """``theme.language`` as written in mkdocs.yml (the loaded config can't tell it from the default)."""
    try:
        return theme_language(read_raw(Path(config.config_file_path)))
    except SettingsError as error:  # MkDocs read the file; an unusual tag must not stop the build over this check
        log.debug("microlearn: could not re-read mkdocs.yml for theme.language: %s", error)
        return None


def report(diagnostics: list[Diagnostic], *, strict: bool) -> None:
    """Log every problem, then stop the build on errors (and on warnings under --strict)."""
    log_diagnostics(diagnostics)
    if stops(diagnostics, strict=strict):
        raise PluginError(summary(diagnostics) + ("" if errors(diagnostics) else " (--strict)"))


def log_diagnostics(diagnostics: list[Diagnostic]) -> None:
    for d in diagnostics:
        (log.error if d.is_error else log.warning)(str(d))


def stops(diagnostics: list[Diagnostic], *, strict: bool) -> bool:
    """Whether these problems stop a build: errors do, and under --strict warnings too."""
    return bool(errors(diagnostics) or (strict and diagnostics))


def _add_runtime(config: MkDocsConfig) -> None:
    """The generator's stylesheet and runtime on every page."""
    # Material's "Made with Material for MkDocs" is English whatever the course language.
    config.extra.setdefault("generator", False)
    config.extra_css.append(STYLESHEET)
    script = c.ExtraScriptValue(SCRIPT)
    script.type = "module"
    config.extra_javascript.append(script)


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


# Course sources that sit inside docs_dir when docs_dir is content/: source, not site.
_SOURCE_PREFIXES = tuple(
    f"{k.folder.removeprefix(CONTENT_DIR + '/')}/" for k in KINDS.values() if k.folder.startswith(CONTENT_DIR + "/")
)
_COURSE_FILES = tuple(f"{COURSE_FILE}{s}" for s in YAML_SUFFIXES)


def _is_content_source(src_uri: str) -> bool:
    """Course YAML inside the docs folder (when docs_dir is content/) is source, not site."""
    return src_uri.endswith(YAML_SUFFIXES) and (src_uri.startswith(_SOURCE_PREFIXES) or src_uri in _COURSE_FILES)


def _add_template_dir(config: MkDocsConfig) -> None:
    """Put microlearn's page templates just below the site's own custom_dir."""
    ours = str(overrides_dir().resolve())
    dirs = config.theme.dirs
    if any(Path(d).resolve() == Path(ours) for d in dirs):
        return
    custom = config.theme.custom_dir
    dirs.insert(1 if custom else 0, ours)
