"""Write a course as a plain MkDocs project: pages, assets, templates and mkdocs.yml.

The result builds with any site builder that reads mkdocs.yml and Markdown
with front matter, with no microlearn plugin installed.
"""

from __future__ import annotations

import shutil
import types
from pathlib import Path
from typing import Any

import yaml

from .assets import SCRIPT, STYLESHEET, Asset, overrides_dir
from .render import RenderedSite
from .settings import PLUGIN, is_loopback

DOCS = "docs"
OVERRIDES = "overrides"


class _Dumper(yaml.SafeDumper):
    """Writes objects that mkdocs.yml named with ``!!python/name:`` back the same way."""


def _python_name(dumper: yaml.SafeDumper, obj: Any) -> yaml.Node:
    return dumper.represent_scalar(f"tag:yaml.org,2002:python/name:{obj.__module__}.{obj.__qualname__}", "")


for _kind in (types.FunctionType, types.BuiltinFunctionType, type):
    _Dumper.add_multi_representer(_kind, _python_name)


def export_site(
    site: RenderedSite, assets: list[Asset], settings_raw: dict[str, Any], language: str, course_root: Path, out: Path
) -> Path:
    """Write ``site`` and ``assets`` under ``out``; returns the path of the written mkdocs.yml."""
    docs = out / DOCS
    if docs.exists():
        shutil.rmtree(docs)
    for page in site.pages:
        _write(docs / page.path, page.text().encode("utf-8"))
    for asset in assets:
        _write(docs / asset.path, asset.data)

    templates = out / OVERRIDES
    if templates.exists():
        shutil.rmtree(templates)
    shutil.copytree(overrides_dir(), templates)
    own = _custom_dir(settings_raw, course_root)
    if own is not None and own.resolve() != overrides_dir().resolve():
        shutil.copytree(own, templates, dirs_exist_ok=True)

    config_file = out / "mkdocs.yml"
    config_file.write_text(
        yaml.dump(plain_config(site, settings_raw, language), Dumper=_Dumper, allow_unicode=True, sort_keys=False),
        encoding="utf-8",
    )
    return config_file


def plain_config(site: RenderedSite, raw: dict[str, Any], language: str) -> dict[str, Any]:
    """The course's mkdocs.yml without the plugin, with what the plugin would have added."""
    config = {k: v for k, v in raw.items() if k not in ("docs_dir", "site_dir", "nav")}
    if is_loopback(config.get("site_url")):
        del config["site_url"]  # as the plugin does: a loopback address is no public address
    given = raw.get("theme") or {}
    theme = {"name": given} if isinstance(given, str) else dict(given)
    theme.update(custom_dir=OVERRIDES, language=language)
    # Zensical's own default look ("modern") fails colour contrast in the navigation with
    # palettes that pass in Material's; "classic" is Material's look. Material ignores the key.
    theme.setdefault("variant", "classic")
    config["theme"] = theme
    config["docs_dir"] = DOCS
    config["plugins"] = [p for p in raw.get("plugins") or ["search"] if _plugin_name(p) != PLUGIN]
    # As the plugin does: Material's "Made with Material for MkDocs" is English whatever the course language.
    config["extra"] = {"generator": False, **(raw.get("extra") or {})}
    config["extra_css"] = [*(raw.get("extra_css") or []), STYLESHEET]
    config["extra_javascript"] = [*(raw.get("extra_javascript") or []), {"path": SCRIPT, "type": "module"}]
    config["nav"] = site.nav_config()
    return config


def _plugin_name(entry: Any) -> str:
    return next(iter(entry)) if isinstance(entry, dict) else str(entry)


def _custom_dir(raw: dict[str, Any], root: Path) -> Path | None:
    theme = raw.get("theme")
    custom = theme.get("custom_dir") if isinstance(theme, dict) else None
    return (root / custom) if custom and (root / custom).is_dir() else None


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
