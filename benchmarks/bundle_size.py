"""Offline bundle size: `djkb bundle` zip vs a stock Material offline build of the same pages.

    .venv/bin/python benchmarks/bundle_size.py [--cases 1000] [--seed 0] [--keep DIR]

Both sides get the same synthetic corpus (djkb/devtools/synthetic.py) and the same generated Markdown pages:

* djkb: `djkb bundle` (our build: explicit nav with record pages kept out of it, djkb's search index,
  unused theme files left out), zipped as shipped.
* stock: the pages written as plain Markdown into `docs/` and built by Material with its `search` and
  `offline` plugins and otherwise default settings (automatic nav), zipped the same way. Material's offline
  build still needs the iframe-worker shim from unpkg.com to search from file://; that file is not counted.
* stock + nav: the same, but with our nav and `not_in_nav` for record pages (how far configuration alone
  gets a stock build).

Prints sizes, file counts, build times and the ratios (measured in this one run).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from djkb.data.pipeline import load_corpus  # noqa: E402
from djkb.devtools.sites import make_project  # noqa: E402
from djkb.devtools.synthetic import generate_corpus  # noqa: E402
from djkb.pages.render import render_site, write_pages  # noqa: E402

PYTHON = sys.executable
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def project_with(data: Path, where: Path) -> Path:
    """The site configuration around the given data folder (as the tests build it)."""
    return make_project(where / "project", data, link_data=True)


def markdown_extensions_block() -> str:
    """Our mkdocs.yml's `markdown_extensions:` section, so both builds render the Markdown alike."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    match = re.search(r"^markdown_extensions:\n(?:[ \t]+.*\n|\n)+", text, re.M)
    assert match, "mkdocs.yml has no markdown_extensions"
    return match.group(0)


def nav_block() -> str:
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    match = re.search(r"^nav:\n(?:[ \t]+.*\n?)+", text, re.M)
    assert match, "mkdocs.yml has no nav"
    return match.group(0)


def stock_project(data: Path, where: Path, *, with_nav: bool) -> Path:
    project = where
    docs = project / "docs"
    docs.mkdir(parents=True)
    corpus = load_corpus(data)
    pages = render_site(corpus)
    write_pages(pages, docs)
    for extra in (ROOT / "docs").glob("*.md"):
        shutil.copy2(extra, docs / extra.name)
    config = [
        "site_name: 党建品牌知识库",
        "theme:",
        "  name: material",
        "  language: zh",
        "plugins:",
        "  - search",
        "  - offline",
    ]
    if with_nav:
        # gitignore-style patterns: every page of a record folder, except that folder's index pages.
        hidden = [p for p in pages if p.is_record or p.meta.get("not_in_nav")]
        shown = [p.path for p in pages if not (p.is_record or p.meta.get("not_in_nav"))]
        folders = sorted({p.path.split("/")[0] for p in hidden})
        patterns = [f"/{f}/*.md" for f in folders] + [
            f"!/{path}" for path in sorted(shown) if path.split("/")[0] in folders
        ]
        config += ["not_in_nav: |"] + [f"  {pattern}" for pattern in patterns] + [nav_block()]
    config.append(markdown_extensions_block())
    (project / "mkdocs.yml").write_text("\n".join(config) + "\n", encoding="utf-8")
    return project


def zip_size(site: Path, out: Path, name: str) -> tuple[int, int]:
    """Every built file, zipped like `djkb bundle` zips (deflate level 9, one top folder)."""
    count = 0
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for path in sorted(p for p in site.rglob("*") if p.is_file()):
            archive.write(path, f"{name}/{path.relative_to(site).as_posix()}")
            count += 1
    return out.stat().st_size, count


def tree_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--keep", help="keep the work folder here (default: a temporary folder, removed)")
    parser.add_argument("--skip-stock-nav", action="store_true", help="skip the stock + nav build")
    args = parser.parse_args()

    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="djkb-bundle-size-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        data = work / "data"
        counts = generate_corpus(data, args.cases, seed=args.seed)
        print(f"synthetic corpus: {counts} (seed {args.seed})")
        rows = []

        project = project_with(data, work / "ours")
        started = time.perf_counter()
        result = subprocess.run(
            [PYTHON, "-m", "djkb", "bundle", "--date", "2026-01-01", "--out", str(work / "djkb.zip")],
            cwd=project,
            env=ENV,
            capture_output=True,
            text=True,
        )
        if result.returncode:
            print(result.stdout, result.stderr, sep="\n")
            return 1
        elapsed = time.perf_counter() - started
        with zipfile.ZipFile(work / "djkb.zip") as archive:
            files = len(archive.namelist())
            unpacked = sum(i.file_size for i in archive.infolist())
        rows.append(("djkb bundle", (work / "djkb.zip").stat().st_size, files, unpacked, elapsed))

        variants = [("stock Material offline", False)] + ([] if args.skip_stock_nav else [("stock + our nav", True)])
        for title, with_nav in variants:
            stock = stock_project(data, work / title.replace(" ", "-"), with_nav=with_nav)
            started = time.perf_counter()
            result = subprocess.run(
                [PYTHON, "-m", "mkdocs", "build", "-q", "--site-dir", str(stock / "site")],
                cwd=stock,
                env=ENV,
                capture_output=True,
                text=True,
            )
            if result.returncode:
                print(result.stdout, result.stderr, sep="\n")
                return 1
            size, files = zip_size(stock / "site", stock / "stock.zip", "site")
            rows.append((title, size, files, tree_size(stock / "site"), time.perf_counter() - started))
            shutil.rmtree(stock / "site")

        print(f"\n{'build':<24}{'zip MB':>10}{'files':>8}{'unzipped MB':>14}{'build+zip s':>13}")
        for title, size, files, unpacked, seconds in rows:
            print(f"{title:<24}{size / 1e6:>10.2f}{files:>8}{unpacked / 1e6:>14.1f}{seconds:>13.1f}")
        ours = rows[0][1]
        for title, size, *_ in rows[1:]:
            print(f"djkb bundle / {title}: {ours / size:.3f}")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
