"""`djkb bundle`: an offline training bundle (a zip that works from file://) of the whole site or a topic."""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from djkb import project
from djkb.cli.options import add_data_option, add_selection_options, selected


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "bundle",
        help="生成离线培训包（zip，解压后双击 index.html 即可离线浏览）",
        description=(
            "生成离线培训包。不加条件为全站内容；加条件则只收录符合条件的案例、品牌项目、标准规范及其引用的内容。"
            "同一种条件可写多次（满足其一即可），不同种条件同时生效（须全部满足）。"
        ),
    )
    parser.add_argument(
        "--out", metavar="路径", help="输出位置：以 .zip 结尾为文件路径，否则为目录（默认：项目下的 dist/）"
    )
    add_data_option(parser)
    parser.add_argument("--date", metavar="日期", help="写在包名和首页上的日期，格式 2026-11-22（默认：今天）")
    parser.add_argument(
        "--pdf", action="store_true", help="同时生成培训手册（PDF，与 djkb handbook 相同），放进离线包并在首页提供链接"
    )
    add_selection_options(parser)
    parser.set_defaults(func=cmd_bundle)


def cmd_bundle(args: argparse.Namespace) -> int:
    # Imported when the command runs, not at `djkb` start-up: every other command starts faster without it.
    from djkb.bundle.build import build_site
    from djkb.bundle.pages import BundleError, bundle_name, write_zip
    from djkb.bundle.selection import label

    found = selected(args, "离线包")
    if isinstance(found, int):
        return found
    root, data_dir, date = found.root, found.data_dir, found.date
    corpus, selection = found.corpus, found.selection
    kept = found.kept

    name = bundle_name(project.site_name(root), label(corpus, selection), date)
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
            # WeasyPrint and Pango are loaded only for a bundle with its handbook.
            from djkb.bundle.handbook import PDF_LIBRARIES_MISSING, HandbookError, libraries_missing, make_handbook

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
    counts = "、".join(
        f"{len(kept.ids(kind))} {unit}"
        for kind, unit in (
            ("cases", "个案例"),
            ("standards", "项标准规范"),
            ("brands", "个品牌项目"),
            ("glossary", "个术语"),
            ("sources", "份来源文件"),
        )
    )
    print(f"已生成离线包：{zip_path}（{size_mb:.1f} MB，{files} 个文件）")
    print(f"内容范围：{label(corpus, selection)}；收录 {counts}。")
    if handbook:
        print(f"培训手册（PDF）已放进离线包：{name}/{handbook}，首页有下载链接。")
    print("使用方法：解压后双击文件夹中的 index.html。")
    return 0
