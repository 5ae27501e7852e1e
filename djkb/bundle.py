"""Offline training bundles: `djkb bundle [--out PATH] [selection…]` → one zip that works from file://.

The pages of a bundle (pure, no MkDocs): the selected records and what they need (djkb/selection.py),
index pages restricted to them, a start page saying what the bundle holds and how to use it offline, and a
self-check sheet per standard. The MkDocs build itself is in djkb/bundle_build.py.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from djkb.link import Corpus
from djkb.render import INDEX_PAGES, RenderedPage, Renderer
from djkb.selection import (
    SELECTION_OPTIONS,
    BundleSet,
    Selection,
    SelectionError,
    describe,
    label,
    normalize,
    record_page_corpus,
    resolve,
    restricted_corpus,
)

START_PAGE = "index.md"
# At most this many selected brands and standards are listed on the start page ("本包重点").
FEATURED_LIMIT = 30
# Files MkDocs/Material write that an offline reader never loads: Material's own search (lunr and its
# worker; the site uses djkb's search), source maps, and files only a web server uses.
SKIPPED_PREFIXES = ("assets/javascripts/lunr/", "assets/javascripts/workers/")
SKIPPED_NAMES = ("sitemap.xml", "sitemap.xml.gz", "404.html")
SKIPPED_SUFFIXES = (".map",)
# Characters Windows, macOS or a USB stick's FAT file system do not accept in a file name.
_FILE_NAME_SAFE = str.maketrans({"*": "＊", "/": "／", "\\": "＼", ":": "：", "?": "？", '"': "＂", "<": "＜", ">": "＞", "|": "｜"})
LABEL_LIMIT = 40


class BundleError(Exception):
    """A bundle could not be made (message in Chinese)."""


# -- pages ---------------------------------------------------------------------------------------------


def bundle_pages(corpus: Corpus, selection_data: dict[str, Any], *, site_name: str, date: str | None = None, directory_urls: bool = False, handbook: str | None = None) -> tuple[Corpus, list[RenderedPage]]:
    """(the kept records as a corpus, every generated page of the bundle). Raises `SelectionError`.
    `handbook`: file name of the printed handbook (PDF) shipped beside the start page, if any."""
    selection = normalize(corpus, Selection.from_dict(selection_data))
    kept = resolve(corpus, selection)
    sub = restricted_corpus(corpus, kept)
    listings = Renderer(sub, site_name=site_name, directory_urls=directory_urls)
    records = Renderer(record_page_corpus(corpus, sub), site_name=site_name, link_filter=kept.link_filter, directory_urls=directory_urls)
    # Related cases, coverage and listings on record pages are about what the bundle holds.
    records.browse_context = listings.browse_context

    pages = [start_page(listings, corpus, kept, date=date or dt.date.today().isoformat(), handbook=handbook)]
    pages += [listings.render_index(path, template, title) for path, template, title in INDEX_PAGES if path != START_PAGE]
    pages += [records.render_record(kind, record) for kind, record in corpus.all_records() if (kind, record.id) in kept]
    pages += [records.render_checklist(standard) for standard in sub.standards.values()]
    return sub, pages


def start_page(listings: Renderer, corpus: Corpus, kept: BundleSet, *, date: str, handbook: str | None = None) -> RenderedPage:
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
    return not (
        rel_path.startswith(SKIPPED_PREFIXES) or rel_path in SKIPPED_NAMES or rel_path.endswith(SKIPPED_SUFFIXES)
    )


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


# -- command -------------------------------------------------------------------------------------------


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "bundle",
        help="生成离线培训包（zip，解压后双击 index.html 即可离线浏览）",
        description=(
            "生成离线培训包。不加条件为全站内容；加条件则只收录符合条件的案例、品牌项目、标准规范及其引用的内容。"
            "同一种条件可写多次（满足其一即可），不同种条件同时生效（须全部满足）。"
        ),
    )
    parser.add_argument("--out", metavar="路径", help="输出位置：以 .zip 结尾为文件路径，否则为目录（默认：项目下的 dist/）")
    parser.add_argument("--data", metavar="目录", help="数据目录（默认：项目的 data/）")
    parser.add_argument("--date", metavar="日期", help="写在包名和首页上的日期，格式 2026-11-22（默认：今天）")
    parser.add_argument("--pdf", action="store_true", help="同时生成培训手册（PDF，与 djkb handbook 相同），放进离线包并在首页提供链接")
    for option, dest, text in SELECTION_OPTIONS:
        parser.add_argument(option, dest=dest, action="append", default=[], metavar="值", help=f"{text}（可重复）")
    parser.set_defaults(func=cmd_bundle)


def cmd_bundle(args: argparse.Namespace) -> int:
    from djkb.cli import _project_root
    from djkb.errors import DataError
    from djkb.pipeline import load_corpus

    root = _project_root()
    data_dir = Path(args.data).resolve() if args.data else root / "data"
    date = args.date or dt.date.today().isoformat()
    try:
        dt.date.fromisoformat(date)
    except ValueError:
        print(f"日期“{date}”格式不对，应写成 2026-11-22。", file=sys.stderr)
        return 2
    try:
        corpus = load_corpus(data_dir, root=root)
        selection = normalize(corpus, Selection.from_dict({dest: getattr(args, dest) for _, dest, _ in SELECTION_OPTIONS}))
        kept = resolve(corpus, selection)
    except DataError as exc:
        print("数据检查未通过，离线包没有生成：\n" + exc.report(), file=sys.stderr)
        return 1
    except SelectionError as exc:
        print("离线包的选择条件有误：\n" + str(exc), file=sys.stderr)
        return 1

    from djkb.bundle_build import build_site, site_name_of

    name = bundle_name(site_name_of(root), label(corpus, selection), date)
    out = Path(args.out) if args.out else root / "dist"
    zip_path = out if out.suffix.lower() == ".zip" else out / f"{name}.zip"
    handbook = f"{name}.pdf" if args.pdf else None
    with tempfile.TemporaryDirectory(prefix="djkb-bundle-") as tmp:
        site_dir = Path(tmp) / "site"
        try:
            build_site(root, site_dir, selection=selection.to_dict(), date=date, data_dir=data_dir, handbook=handbook)
        except BundleError as exc:
            print(str(exc), file=sys.stderr)
            return 1
        if handbook:
            from djkb.handbook import PDF_LIBRARIES_MISSING, HandbookError, libraries_missing, make_handbook

            # The printed handbook of the same selection, beside the start page that links to it.
            try:
                make_handbook(corpus, selection.to_dict(), site_dir / handbook, root=root, date=date, stream=sys.stderr)
            except (ImportError, OSError) as exc:
                if not libraries_missing(exc):
                    raise
                print(f"{PDF_LIBRARIES_MISSING}\n（{exc}）", file=sys.stderr)
                return 1
            except HandbookError as exc:
                print(str(exc), file=sys.stderr)
                return 1
        files = write_zip(site_dir, zip_path, name)
    size_mb = zip_path.stat().st_size / 1_000_000
    counts = "、".join(f"{len(kept.ids(kind))} {unit}" for kind, unit in (
        ("cases", "个案例"), ("standards", "项标准规范"), ("brands", "个品牌项目"), ("glossary", "个术语"), ("sources", "份来源文件")))
    print(f"已生成离线包：{zip_path}（{size_mb:.1f} MB，{files} 个文件）")
    print(f"内容范围：{label(corpus, selection)}；收录 {counts}。")
    if handbook:
        print(f"培训手册（PDF）已放进离线包：{name}/{handbook}，首页有下载链接。")
    print("使用方法：解压后双击文件夹中的 index.html。")
    return 0

