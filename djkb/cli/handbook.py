"""`djkb handbook [--out PATH] [selection…]`: the trainers' printed handbook (one A4 PDF, djkb/bundle/handbook.py).

Takes the same selection options as `djkb bundle`, with the same rules and messages, and names the file like
the bundle (党建品牌知识库-农村-2026-11-22.pdf). Nothing is written when the selection or the data is wrong.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from djkb.cli.options import add_data_option, add_selection_options, selected


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "handbook",
        help="生成培训手册（A4 PDF：封面、目录、标准规范、品牌项目、案例、术语、来源和自查表）",
        description=(
            "生成可打印的培训手册（A4 PDF）。选择条件与 djkb bundle 相同：不加条件为全站内容；"
            "同一种条件可写多次（满足其一即可），不同种条件同时生效（须全部满足）。"
        ),
    )
    parser.add_argument(
        "--out", metavar="路径", help="输出位置：以 .pdf 结尾为文件路径，否则为目录（默认：项目下的 dist/）"
    )
    add_data_option(parser)
    parser.add_argument("--date", metavar="日期", help="写在文件名和封面上的日期，格式 2026-11-22（默认：今天）")
    parser.add_argument("--quiet", action="store_true", help="不显示各步骤的进度")
    add_selection_options(parser)
    parser.set_defaults(func=cmd_handbook)


def cmd_handbook(args: argparse.Namespace) -> int:
    # Imported when the command runs: WeasyPrint and Pango load only for a handbook.
    from djkb.bundle.handbook import PDF_LIBRARIES_MISSING, HandbookError, libraries_missing, make_handbook, site_config
    from djkb.bundle.pages import bundle_name
    from djkb.bundle.selection import label

    found = selected(args, "培训手册")
    if isinstance(found, int):
        return found
    root, date = found.root, found.date
    corpus, selection = found.corpus, found.selection

    try:
        config = site_config(root)
    except HandbookError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    name = bundle_name(config.site_name, label(corpus, selection), date)
    out = Path(args.out) if args.out else root / "dist"
    pdf_path = out if out.suffix.lower() == ".pdf" else out / f"{name}.pdf"
    try:
        book, pages = make_handbook(
            corpus, selection.to_dict(), pdf_path, root=root, date=date, stream=None if args.quiet else sys.stderr
        )
    except (ImportError, OSError) as exc:
        if not libraries_missing(exc):
            raise
        print(f"{PDF_LIBRARIES_MISSING}\n（{exc}）", file=sys.stderr)
        return 1
    counts = "、".join(f"{count} {unit}" for count, unit in book.counts)
    print(f"已生成培训手册：{pdf_path}（{pages} 页，{pdf_path.stat().st_size / 1_000_000:.1f} MB）")
    print(f"内容范围：{label(corpus, selection)}；收录 {counts}。")
    print("打印：A4 纸，双面打印时选择“长边翻转”；每项标准的自查表在手册末尾，各占新的一页。")
    return 0
