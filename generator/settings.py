"""Site settings → render options: the one path from mkdocs.yml to how pages are rendered.

The plugin fills ``SiteSettings`` from MkDocs' loaded config; the CLI reads
mkdocs.yml itself (``read_settings``), without importing MkDocs. Either way the
microlearn options are checked by ``plugin_options`` and turned into
``RenderOptions`` by ``render_options``, so both report a bad option in the
same words and render alike.

mkdocs.yml may use ``!!python/name:`` (Material's emoji settings) and
``!ENV``; both are resolved the way MkDocs resolves them.
"""

from __future__ import annotations

import importlib
import ipaddress
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import yaml
from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictStr, ValidationError

from .cache import DEFAULT_DIR, FileCache
from .diagnostics import Diagnostic, Severity, did_you_mean, quoted_list
from .i18n import Strings
from .pdf import PAPER_SIZES, Paper
from .syntax import syntax_problem

if TYPE_CHECKING:
    from .render import RenderOptions

DEFAULT_EXTENSIONS = ["toc", "tables", "fenced_code"]
PLUGIN = "microlearn"
CONFIG_FILE = "mkdocs.yml"


class SettingsError(ValueError):
    """A setting in mkdocs.yml that microlearn cannot use; the message is one line for the editor.

    ``str(error)`` is 'mkdocs.yml: problem'; ``problem``, ``line`` and ``column``
    are its parts, for a diagnostic that points into the file.
    """

    def __init__(self, message: str, line: int = 1, column: int = 1) -> None:
        super().__init__(message)
        self.line = line
        self.column = column

    @property
    def problem(self) -> str:
        return str(self).split(": ", 1)[-1]


class PluginOptions(BaseModel):
    """The plugin's options in mkdocs.yml (``plugins: - microlearn: {...}``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    allow_html: StrictBool = False
    """Keep raw HTML in Markdown fields (scripts and event handlers are still removed)."""
    checklist_pdf: Paper | None = None
    """Paper size of a ready-made PDF of each blank checklist (needs the 'pdf' extra)."""
    cache_dir: StrictStr = Field(DEFAULT_DIR, min_length=1)
    """Where files made once are kept between builds (checklist PDFs), relative to mkdocs.yml."""

    def cache(self, root: Path) -> FileCache:
        """The cache of the course at ``root`` (the folder of its mkdocs.yml)."""
        return FileCache(root / self.cache_dir)


def plugin_options(given: Mapping[str, Any] | None) -> PluginOptions:
    """The options as written, checked; a ``SettingsError`` names the first wrong one."""
    try:
        return PluginOptions.model_validate(dict(given or {}))
    except ValidationError as error:
        problems = [_option_problem(e["loc"], e["type"], e["input"]) for e in error.errors()]
        raise SettingsError(f"mkdocs.yml: {'; '.join(problems)}") from None


def _option_problem(loc: tuple[Any, ...], kind: str, value: Any) -> str:
    name = str(loc[0]) if loc else "?"
    known = list(PluginOptions.model_fields)
    if kind == "extra_forbidden":
        hint = did_you_mean(name, known) or f"; the options are {quoted_list(known)}"
        return f"unknown {PLUGIN} option '{name}'{hint}"
    if name == "checklist_pdf":
        shown = "nothing" if value is None else repr(value) if isinstance(value, str) else str(value)
        return f"{PLUGIN} option 'checklist_pdf' must be one of {quoted_list(PAPER_SIZES)} (or left out), found {shown}"
    if name == "cache_dir":
        return f"{PLUGIN} option 'cache_dir' must be a folder, e.g. '{DEFAULT_DIR}', found {value!r}"
    return f"{PLUGIN} option '{name}' must be true or false, found {value!r}"


class _SiteLoader(yaml.SafeLoader):
    pass


def _python_name(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    module, _, attr = suffix.rpartition(".")
    return getattr(importlib.import_module(module), attr)


def _env(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    names = [node.value] if isinstance(node, yaml.ScalarNode) else [n.value for n in node.value]
    *keys, default = names if len(names) > 1 else (*names, None)
    return next((os.environ[k] for k in keys if k in os.environ), default)


def _other_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    """Tags of MkDocs ('!relative'), other plugins or extensions: keep the plain value rather than fail."""
    if isinstance(node, yaml.MappingNode):
        return loader.construct_mapping(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_scalar(node) if isinstance(node, yaml.ScalarNode) else None


_SiteLoader.add_multi_constructor("tag:yaml.org,2002:python/name:", _python_name)
_SiteLoader.add_constructor("!ENV", _env)
_SiteLoader.add_multi_constructor("!", _other_tag)


@dataclass(frozen=True)
class SiteSettings:
    """What rendering needs from mkdocs.yml."""

    raw: dict[str, Any]
    """mkdocs.yml as written (what ``export`` rewrites for a plugin-free build)."""
    markdown_extensions: list[Any] = field(default_factory=list)
    extension_configs: dict[str, dict[str, Any]] = field(default_factory=dict)
    options: PluginOptions = field(default_factory=PluginOptions)
    use_directory_urls: bool = True
    site_url: str = ""


def render_options(settings: SiteSettings, strings: Strings, *, content_assets: bool = True) -> RenderOptions:
    """How to render: the site's Markdown extensions, URL style, address and microlearn options.

    A loopback ``site_url`` (the local preview's) is no public address: no page,
    printout or PDF names it.
    """
    # Imported here: ``microlearn validate`` reads the settings but renders nothing.
    from .markdown import MarkdownRenderer
    from .render import RenderOptions

    markdown = MarkdownRenderer(
        settings.markdown_extensions,
        settings.extension_configs,
        allow_html=settings.options.allow_html,
        footnote_title=strings("footnote_back"),
    )
    return RenderOptions(
        markdown=markdown,
        use_directory_urls=settings.use_directory_urls,
        content_assets=content_assets,
        site_url=with_slash(public_address(settings.site_url)),
        checklist_pdf=settings.options.checklist_pdf,
    )


def read_raw(config_file: Path) -> dict[str, Any]:
    """mkdocs.yml as data; a missing file is empty. A file that is not YAML raises ``SettingsError``."""
    if not config_file.is_file():
        return {}
    try:
        text = config_file.read_text(encoding="utf-8")
        loaded = yaml.load(text, Loader=_SiteLoader)
    except yaml.MarkedYAMLError as error:
        (line, column), problem = syntax_problem(text, error, _fails_at)
        raise SettingsError(f"{config_file.name}: {problem}", line, column) from None
    except (yaml.YAMLError, UnicodeDecodeError, ImportError, AttributeError) as error:
        raise SettingsError(f"{config_file.name}: {' '.join(str(error).split())}") from None
    return loaded if isinstance(loaded, dict) else {}


def _fails_at(text: str) -> int | None:
    """The 0-based line where mkdocs.yml text stops being YAML, or None if it parses."""
    try:
        yaml.load(text, Loader=_SiteLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        return mark.line if mark else 0
    except Exception:  # an unknown '!!python/name:' and the like: the text itself parsed
        return None
    return None


def check_settings(root: Path) -> list[Diagnostic]:
    """What in ``root``'s mkdocs.yml microlearn cannot use, as diagnostics (for ``microlearn validate``)."""
    config_file = root / CONFIG_FILE
    try:
        read_settings(config_file)
    except SettingsError as error:
        line, column = error.line, error.column
        if (line, column) == (1, 1) and config_file.is_file():
            line, column = _plugin_position(config_file.read_text(encoding="utf-8", errors="replace"))
        return [Diagnostic(CONFIG_FILE, line, column, Severity.ERROR, error.problem)]
    return []


def _plugin_position(text: str) -> tuple[int, int]:
    """Where mkdocs.yml names the microlearn plugin (line, column), or (1, 1)."""
    for n, line in enumerate(text.splitlines()):
        found = re.match(rf"^\s*(?:-\s+)?({PLUGIN})\s*(?::|$)", line)
        if found:
            return n + 1, found.start(1) + 1
    return 1, 1


def read_settings(config_file: Path) -> SiteSettings:
    """Settings from ``config_file``; a missing file gives MkDocs' defaults."""
    raw = read_raw(config_file)
    extensions: list[Any] = list(DEFAULT_EXTENSIONS)
    configs: dict[str, dict[str, Any]] = {}
    for entry in raw.get("markdown_extensions") or []:
        name, options = next(iter(entry.items())) if isinstance(entry, dict) else (entry, None)
        if name not in extensions:
            extensions.append(name)
        if options:
            configs[name] = dict(options)
    return SiteSettings(
        raw=raw,
        markdown_extensions=extensions,
        extension_configs=configs,
        options=plugin_options(_plugin_entry(raw)),
        site_url=str(raw.get("site_url") or ""),
        use_directory_urls=bool(raw.get("use_directory_urls", True)),
    )


def _named(entry: Any) -> tuple[Any, Any]:
    return next(iter(entry.items())) if isinstance(entry, dict) and entry else (entry, None)


def theme_language(raw: Mapping[str, Any]) -> str | None:
    """``theme.language`` as written in mkdocs.yml (MkDocs' loaded config can't tell it from the default)."""
    theme = raw.get("theme")
    return theme.get("language") if isinstance(theme, dict) else None


def is_loopback(url: str | None) -> bool:
    """Whether ``url`` is this machine's address (127.0.0.1, localhost, [::1], 0.0.0.0): no public address at all."""
    if not url:
        return False
    host = (urlsplit(url if "//" in url else f"//{url}").hostname or "").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified


def public_address(url: str | None) -> str:
    """The site's public address, or '' when it has none (unset, or a loopback address)."""
    return "" if not url or is_loopback(url) else url


def with_slash(url: str) -> str:
    return url if not url or url.endswith("/") else url + "/"


def _plugin_entry(raw: Mapping[str, Any]) -> Mapping[str, Any] | None:
    """The microlearn entry's options in ``plugins`` (a list of names and one-key mappings, or a mapping)."""
    plugins = raw.get("plugins") or []
    entries = list(plugins.items()) if isinstance(plugins, dict) else [_named(entry) for entry in plugins]
    for name, options in entries:
        if name == PLUGIN:
            if options is not None and not isinstance(options, Mapping):
                raise SettingsError(f"mkdocs.yml: the {PLUGIN} plugin's options must be a mapping of names to values")
            return options
    return None
