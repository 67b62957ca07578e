"""Build speed and page weight of microlearn, as ratios against a baseline from the same run.

Speed: building the example course through the plugin, against building the
same pages exported by ``microlearn export`` with plain MkDocs (the cost of
MkDocs and the theme alone). Weight: the gzip size of the JS and CSS the
generator adds to a page, against the theme's own JS and CSS on that page.

Run with ``make benchmark``; nothing here asserts a time.
"""

from __future__ import annotations

import gzip
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
ROUNDS = int(os.environ.get("ROUNDS", "5"))


def build_seconds(config: Path, site: Path) -> float:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(site)],
        check=True,
        env=env,
        cwd=config.parent,
    )
    return time.perf_counter() - start


def gzip_size(files: list[Path]) -> int:
    return sum(len(gzip.compress(f.read_bytes(), 9)) for f in files)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        exported = work / "exported"
        subprocess.run(
            [sys.executable, "-m", "generator.cli", "export", str(exported), "--root", str(REPO)],
            check=True,
            capture_output=True,
        )
        ours, base = [], []
        for n in range(ROUNDS):  # interleaved so drift in machine load hits both alike
            ours.append(build_seconds(REPO / "mkdocs.yml", work / f"ours{n}"))
            base.append(build_seconds(exported / "mkdocs.yml", work / f"base{n}"))
        site = work / "ours0"
        added = sorted((site / "assets/microlearn").rglob("*.js")) + sorted((site / "assets/microlearn").rglob("*.css"))
        theme = sorted((site / "assets/javascripts").glob("bundle.*.min.js")) + sorted(
            (site / "assets/stylesheets").glob("*.min.css")
        )
        median_ours, median_base = statistics.median(ours), statistics.median(base)
        added_gz, theme_gz = gzip_size(added), gzip_size(theme)
        print(f"build, plugin vs plain MkDocs on the exported pages ({ROUNDS} rounds, median):")
        print(f"  microlearn {median_ours:.2f} s, baseline {median_base:.2f} s, ratio {median_ours / median_base:.2f}")
        print("page weight, generator JS+CSS vs the theme's own JS+CSS (gzip -9):")
        print(f"  microlearn {added_gz} B (budget 8192 B), theme {theme_gz} B, ratio {added_gz / theme_gz:.3f}")


if __name__ == "__main__":
    main()
