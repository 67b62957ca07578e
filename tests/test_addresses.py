"""A site built without a public address names none (site-behaviour.md, Pages and addresses).

``site_url`` unset or a loopback address (the local preview's): no page,
canonical link, sitemap, printed footer or PDF carries 127.0.0.1 or localhost.
"""

from __future__ import annotations

import gzip
import subprocess
from pathlib import Path

import pytest

from generator.settings import is_loopback, public_address

from .conftest import copy_course, mkdocs_build

LOOPBACK = (
    "127.0.0.1",
    "localhost:8000",
    "[::1]",
)  # addresses, not the word (Material's own scripts mention localhost)


def build(tmp_path: Path, site_url: str | None) -> Path:
    root = copy_course("minimal", tmp_path / "course")
    config = root / "mkdocs.yml"
    text = config.read_text().replace("  - microlearn\n", "  - microlearn:\n      checklist_pdf: A4\n")
    if site_url is not None:
        text = f"site_url: {site_url}\n" + text
    config.write_text(text)
    site = tmp_path / "site"
    result = mkdocs_build(root, site, "--strict")
    assert result.returncode == 0, result.stderr
    return site


def texts(site: Path) -> dict[str, str]:
    """Every output file as text: PDFs also through pdftotext, .gz unpacked.

    The theme's source maps are left out: comments in Material's own code mention 127.0.0.1.
    """
    out: dict[str, str] = {}
    for file in sorted(p for p in site.rglob("*") if p.is_file()):
        name = file.relative_to(site).as_posix()
        if file.suffix == ".map":
            continue
        data = file.read_bytes()
        if file.suffix == ".gz":
            data = gzip.decompress(data)
        out[name] = data.decode("utf-8", errors="replace")
        if file.suffix == ".pdf":
            shown = subprocess.run(["pdftotext", str(file), "-"], capture_output=True, text=True, check=True).stdout
            out[name + " (text)"] = shown
    return out


@pytest.mark.parametrize("site_url", ["http://127.0.0.1:8000/", "http://localhost:8000/course/", None])
def test_a_site_without_a_public_address_names_no_loopback_address(tmp_path: Path, site_url: str | None) -> None:
    site = build(tmp_path, site_url)
    found = texts(site)
    assert any(name.endswith(".pdf (text)") for name in found), "no checklist PDF built"
    assert "sitemap.xml" in found
    leaks = [name for name, text in found.items() if any(host in text for host in LOOPBACK)]
    assert leaks == []
    assert "Minimal course — checklists/after-call/" in found["checklists/after-call/index.html"]


def test_an_export_keeps_no_loopback_address(tmp_path: Path) -> None:
    from generator import cli
    from generator.settings import read_raw

    root = copy_course("minimal", tmp_path / "course")
    config = root / "mkdocs.yml"
    config.write_text("site_url: http://127.0.0.1:8000/\n" + config.read_text())
    assert cli.main(["export", str(tmp_path / "out"), "--root", str(root)]) == 0
    assert "site_url" not in read_raw(tmp_path / "out" / "mkdocs.yml")


def test_a_public_address_is_named_in_canonical_links_sitemap_and_printouts(tmp_path: Path) -> None:
    found = texts(build(tmp_path, "https://learn.example.org/counter/"))
    page = found["checklists/after-call/index.html"]
    assert '<link rel="canonical" href="https://learn.example.org/counter/checklists/after-call/">' in page
    assert "Minimal course — https://learn.example.org/counter/checklists/after-call/" in page
    assert "<loc>https://learn.example.org/counter/lessons/intro/</loc>" in found["sitemap.xml"]
    assert "https://learn.example.org/counter/checklists/after-call/" in found["checklists/after-call.pdf (text)"]


@pytest.mark.parametrize(
    "url, loopback",
    [
        ("http://127.0.0.1:8000/", True),
        ("http://127.1.2.3/", True),
        ("http://localhost/", True),
        ("http://docs.localhost:8000/", True),
        ("http://[::1]:8000/", True),
        ("http://0.0.0.0:8000/", True),
        ("https://learn.example.org/", False),
        ("https://127.example.org/", False),
        ("", False),
    ],
)
def test_loopback_addresses(url: str, loopback: bool) -> None:
    assert is_loopback(url) is loopback
    assert public_address(url) == ("" if loopback else url)
