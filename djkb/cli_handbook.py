"""`djkb handbook [--out PATH] [selection…]`: the trainers' printed handbook (one A4 PDF, djkb/handbook.py).

Takes the same selection options as `djkb bundle`, with the same rules and messages, and names the file like
the bundle (党建品牌知识库-农村-2026-11-22.pdf). Nothing is written when the selection or the data is wrong.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from djkb.selection import SELECTION_OPTIONS

def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "handbook",
        help="生成培训手册（A4 PDF：封面、目录、标准规范、品牌项目、案例、术语、来源和自查表）",
        description=(
            "生成可打印的培训手册（A4 PDF）。选择条件与 djkb bundle 相同：不加条件为全站内容；"
            "同一种条件可写多次（满足其一即可），不同种条件同时生效（须全部满足）。"
        ),
    )
    parser.add_argument("--out", metavar="路径", help="输出位置：以 .pdf 结尾为文件路径，否则为目录（默认：项目下的 dist/）")
    parser.add_argument("--data", metavar="目录", help="数据目录（默认：项目的 data/）")
    parser.add_argument("--date", metavar="日期", help="写在文件名和封面上的日期，格式 2026-11-22（默认：今天）")
    parser.add_argument("--quiet", action="store_true", help="不显示各步骤的进度")
    for option, dest, text in SELECTION_OPTIONS:
        parser.add_argument(option, dest=dest, action="append", default=[], metavar="值", help=f"{text}（可重复）")
    parser.set_defaults(func=cmd_handbook)


def cmd_handbook(args: argparse.Namespace) -> int:
    from djkb.bundle import bundle_name
    from djkb.cli import _project_root
    from djkb.errors import DataError
    from djkb.handbook import PDF_LIBRARIES_MISSING, HandbookError, libraries_missing, make_handbook, site_config
    from djkb.pipeline import load_corpus
    from djkb.selection import Selection, SelectionError, label, normalize, resolve

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
        resolve(corpus, selection)  # a selection matching nothing fails here, before anything is written
    except DataError as exc:
        print("数据检查未通过，培训手册没有生成：\n" + exc.report(), file=sys.stderr)
        return 1
    except SelectionError as exc:
        print("培训手册的选择条件有误：\n" + str(exc), file=sys.stderr)
        return 1

    try:
        config = site_config(root)
    except HandbookError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    name = bundle_name(config.site_name, label(corpus, selection), date)
    out = Path(args.out) if args.out else root / "dist"
    pdf_path = out if out.suffix.lower() == ".pdf" else out / f"{name}.pdf"
    try:
        book, pages = make_handbook(corpus, selection.to_dict(), pdf_path, root=root, date=date, stream=None if args.quiet else sys.stderr)
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
