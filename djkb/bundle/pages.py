"""Offline training bundles: `djkb bundle [--out PATH] [selection…]` → one zip that works from file://.

The pages of a bundle (pure, no MkDocs): the selected records and what they need (djkb/bundle/selection.py),
index pages restricted to them, a start page saying what the bundle holds and how to use it offline, and a
self-check sheet per standard. The MkDocs build itself is in djkb/bundle/build.py.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path
from typing import Any

from djkb.bundle.selection import (
    BundleSet,
    Selection,
    describe,
    label,
    normalize,
    record_page_corpus,
    resolve,
    restricted_corpus,
)
from djkb.data.link import Corpus
from djkb.pages.render import INDEX_PAGES, RenderedPage, Renderer
from djkb.project import is_unused_theme_asset

START_PAGE = "index.md"
# At most this many selected brands and standards are listed on the start page ("本包重点").
FEATURED_LIMIT = 30
# Files MkDocs writes that only a web server uses (besides the theme files no page loads).
SKIPPED_NAMES = ("sitemap.xml", "sitemap.xml.gz", "404.html")
# Characters Windows, macOS or a USB stick's FAT file system do not accept in a file name.
_FILE_NAME_SAFE = str.maketrans(
    {"*": "＊", "/": "／", "\\": "＼", ":": "：", "?": "？", '"': "＂", "<": "＜", ">": "＞", "|": "｜"}
)
LABEL_LIMIT = 40


class BundleError(Exception):
    """A bundle could not be made (message in Chinese)."""


# -- pages ---------------------------------------------------------------------------------------------


def bundle_pages(
    corpus: Corpus,
    selection_data: dict[str, Any],
    *,
    site_name: str,
    date: str | None = None,
    directory_urls: bool = False,
    handbook: str | None = None,
) -> tuple[Corpus, list[RenderedPage]]:
    """(the kept records as a corpus, every generated page of the bundle). Raises `SelectionError`.
    `handbook`: file name of the printed handbook (PDF) shipped beside the start page, if any."""
    selection = normalize(corpus, Selection.from_dict(selection_data))
    kept = resolve(corpus, selection)
    sub = restricted_corpus(corpus, kept)
    listings = Renderer(sub, site_name=site_name, directory_urls=directory_urls)
    records = Renderer(
        record_page_corpus(corpus, sub),
        site_name=site_name,
        link_filter=kept.link_filter,
        directory_urls=directory_urls,
    )
    # Related cases, coverage and listings on record pages are about what the bundle holds.
    records.browse_context = listings.browse_context

    pages = [start_page(listings, corpus, kept, date=date or dt.date.today().isoformat(), handbook=handbook)]
    pages += [
        listings.render_index(path, template, title) for path, template, title in INDEX_PAGES if path != START_PAGE
    ]
    pages += [records.render_record(kind, record) for kind, record in corpus.all_records() if (kind, record.id) in kept]
    pages += [records.render_checklist(standard) for standard in sub.standards.values()]
    return sub, pages


def start_page(
    listings: Renderer, corpus: Corpus, kept: BundleSet, *, date: str, handbook: str | None = None
) -> RenderedPage:
    selection = kept.selection
    featured = []
    if not selection.is_whole_site:
        featured = sorted(k for k in kept.primary if k[0] in ("standards", "brands"))
        featured = featured if len(featured) <= FEATURED_LIMIT else []
    return listings.render_page(
        START_PAGE,
        "bundle_home.md.j2",
        f"{listings.site_name}（离线版）",
        criteria=describe(corpus, selection),
        selection_label=label(corpus, selection),
        date=date,
        total=kept.count(),
        featured=featured,
        handbook=handbook,
    )


# -- the zip -------------------------------------------------------------------------------------------


def bundle_name(site_name: str, selection_label: str, date: str) -> str:
    """File name (without .zip): 党建品牌知识库-农村-2026-11-22."""
    short = selection_label if len(selection_label) <= LABEL_LIMIT else selection_label[: LABEL_LIMIT - 1] + "等"
    return f"{site_name}-{short}-{date}".translate(_FILE_NAME_SAFE)


def is_shipped(rel_path: str) -> bool:
    """Whether a built file goes into the bundle."""
    return not (is_unused_theme_asset(rel_path) or rel_path in SKIPPED_NAMES or rel_path.endswith(".map"))


def write_zip(site_dir: Path, zip_path: Path, folder: str) -> int:
    """Zip the built site under one top folder (unzipping gives one folder holding index.html); returns
    the number of files."""
    site_dir = Path(site_dir)
    zip_path.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    partial = zip_path.with_name(zip_path.name + ".part")
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for path in sorted(p for p in site_dir.rglob("*") if p.is_file()):
            rel = path.relative_to(site_dir).as_posix()
            if is_shipped(rel):
                archive.write(path, f"{folder}/{rel}")
                count += 1
    partial.replace(zip_path)
    return count
