"""Read the few mkdocs.yml settings the CLI needs, without importing MkDocs.

mkdocs.yml may use ``!!python/name:`` (Material's emoji settings) and
``!ENV``; both are resolved the way MkDocs resolves them.
"""

from __future__ import annotations

import importlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

DEFAULT_EXTENSIONS = ["toc", "tables", "fenced_code"]


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
    return loader.construct_scalar(node)  # type: ignore[arg-type]


_SiteLoader.add_multi_constructor("tag:yaml.org,2002:python/name:", _python_name)
_SiteLoader.add_constructor("!ENV", _env)
_SiteLoader.add_multi_constructor("!", _other_tag)


@dataclass
class SiteSettings:
    """What rendering needs from mkdocs.yml."""

    path: Path
    raw: dict[str, Any]
    markdown_extensions: list[Any] = field(default_factory=list)
    extension_configs: dict[str, dict[str, Any]] = field(default_factory=dict)
    allow_html: bool = False
    checklist_pdf: str | None = None
    use_directory_urls: bool = True
    site_url: str = ""

    @property
    def theme_language(self) -> str | None:
        theme = self.raw.get("theme")
        return theme.get("language") if isinstance(theme, dict) else None


def read_settings(config_file: Path) -> SiteSettings:
    """Settings from ``config_file``; a missing file gives MkDocs' defaults."""
    raw: dict[str, Any] = {}
    if config_file.is_file():
        loaded = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_SiteLoader)
        raw = loaded if isinstance(loaded, dict) else {}
    extensions: list[Any] = list(DEFAULT_EXTENSIONS)
    configs: dict[str, dict[str, Any]] = {}
    for entry in raw.get("markdown_extensions") or []:
        name, options = next(iter(entry.items())) if isinstance(entry, dict) else (entry, None)
        if name not in extensions:
            extensions.append(name)
        if options:
            configs[name] = dict(options)
    return SiteSettings(
        path=config_file,
        raw=raw,
        markdown_extensions=extensions,
        extension_configs=configs,
        allow_html=bool(_plugin_options(raw).get("allow_html", False)),
        checklist_pdf=_plugin_options(raw).get("checklist_pdf"),
        site_url=_with_slash(str(raw.get("site_url") or "")),
        use_directory_urls=bool(raw.get("use_directory_urls", True)),
    )


def _with_slash(url: str) -> str:
    return url if not url or url.endswith("/") else url + "/"


def _plugin_options(raw: dict[str, Any]) -> dict[str, Any]:
    for entry in raw.get("plugins") or []:
        if isinstance(entry, dict) and "microlearn" in entry:
            return entry["microlearn"] or {}
    return {}
