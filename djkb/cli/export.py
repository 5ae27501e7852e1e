"""`djkb export`: every record as JSON and CSV (or the site's one zip)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from djkb import project
from djkb.cli.options import add_data_option
from djkb.project import site_name


def cmd_export(args: argparse.Namespace) -> int:
    # Imported when the command runs, not at `djkb` start-up: every other command starts faster without it.
    from djkb.data.pipeline import load_corpus
    from djkb.errors import DataError
    from djkb.pages.export import ARCHIVE_NAME, README_NAME, export_archive, export_files, human_size

    root = project.project_root()
    data_dir = project.data_dir(root, args.data)
    try:
        corpus = load_corpus(data_dir, root=root, include_drafts=args.drafts)
    except DataError as exc:
        print(exc.failed("没有导出"), file=sys.stderr)
        return 1
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    if args.zip:
        target = out / ARCHIVE_NAME
        target.write_bytes(
            export_archive(corpus, site_name=site_name(root) if (root / project.CONFIG_NAME).is_file() else "")
        )
        print(
            f"已导出 {corpus.count()} 条记录到 {target}（{human_size(target.stat().st_size)}，内含 JSON、CSV 和{README_NAME}）。"
        )
        return 0
    for name, content in export_files(corpus).items():
        (out / name).write_bytes(content)
    print(f"已导出 {corpus.count()} 条记录到 {out}（JSON 和 CSV，CSV 可用 Excel 直接打开）。")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    command = sub.add_parser("export", help="导出全部数据为 JSON 和 CSV（Excel 可直接打开）")
    command.add_argument("--out", default="export", help="输出目录（默认：export）")
    add_data_option(command)
    command.add_argument("--drafts", action="store_true", help="同时导出草稿案例")
    command.add_argument(
        "--zip", action="store_true", help="导出为一个压缩包 djkb-data.zip（与网站上下载的相同，内含说明）"
    )
    command.set_defaults(func=cmd_export)
