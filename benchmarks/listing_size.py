"""Bytes of the filterable listings (cases/index.html, brands/index.html) on synthetic corpora.

    .venv/bin/python benchmarks/listing_size.py [--keep DIR] [N_CASES ...]   (default: 1000 5000)

Builds our site (`mkdocs build`) from `djkb synth` data with seed 0 and prints, per listing page: total bytes,
bytes per row, gzip size (what a server sends a phone) and where a row's bytes go (facet attribute, cell
labels, summary, link, rest). Prints figures, asserts nothing.
"""

from __future__ import annotations

import argparse
import gzip
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from djkb.devtools.sites import make_project  # noqa: E402
from djkb.devtools.synthetic import generate_corpus  # noqa: E402

ROW = re.compile(r"<tr data-(?:id|f)=.*?</tr>", re.S)  # rows before (data-id) and after the lean rows
PARTS = {
    "facets": re.compile(r' data-f(?:acets)?="[^"]*"'),
    "labels": re.compile(r' data-label="[^"]*"'),
    "summary": re.compile(r'<br>(?:<span class="djkb-summary">[^<]*</span>|[^<]*)'),  # with its markup
    "link": re.compile(r"<a [^>]*>.*?</a>", re.S),
}


def build(n_cases: int, workdir: Path) -> Path:
    generate_corpus(workdir / f"data-{n_cases}", n_cases, seed=0)
    project = make_project(
        workdir / f"project-{n_cases}", workdir / f"data-{n_cases}", move_data=True
    )  # as `djkb bench` builds
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("DJKB_DATA_DIR", None)
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--quiet", "--site-dir", str(project / "site")],
        cwd=project,
        env=env,
        check=True,
    )
    return project / "site"


def describe(page: Path) -> str:
    raw = page.read_bytes()
    text = raw.decode("utf-8")
    rows = ROW.findall(text)
    row_bytes = sum(len(r.encode()) for r in rows)
    lines = [
        f"  {page.parent.name}/index.html: {len(raw):,} bytes, gzip {len(gzip.compress(raw, 6)):,}; "
        f"{len(rows):,} rows, {row_bytes / max(len(rows), 1):.0f} bytes per row ({len(raw) / max(len(rows), 1):.0f} per row incl. page)"
    ]
    shares = []
    for name, pattern in PARTS.items():
        part = sum(len(m.encode()) for r in rows for m in pattern.findall(r))
        shares.append(f"{name} {part / max(len(rows), 1):.0f}")
        row_bytes -= part
    shares.append(f"rest {row_bytes / max(len(rows), 1):.0f}")
    lines.append("    per row: " + ", ".join(shares))
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 5000])
    parser.add_argument("--keep", type=Path, help="build here and keep the sites (folder must not exist)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        workdir = args.keep or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=workdir == Path(tmp))
        for n_cases in args.sizes:
            site = build(n_cases, workdir)
            print(f"{n_cases} cases:")
            for kind in ("cases", "brands"):
                print(describe(site / kind / "index.html"))


if __name__ == "__main__":
    main()
