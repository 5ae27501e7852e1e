"""Command-line options several commands share, spelt once."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from djkb import project


def add_data_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", metavar="目录", help="数据目录（默认：项目的 data/）")


def add_corpus_options(parser: argparse.ArgumentParser) -> None:
    """Which generated data (`djkb synth`, `djkb bench`): grown from the repository's case files, or the old one."""
    parser.add_argument(
        "--corpus",
        choices=("realistic", "synthetic"),
        default="realistic",
        help="realistic（默认）：仓库的全部记录加上仓库案例文件的克隆（正文换成仓库自己的句子）；synthetic：旧的模拟数据",
    )
    parser.add_argument(
        "--sentences-from",
        metavar="DIR",
        default=None,
        help="另外从该目录的 .txt 文件取句子（须已匿名化）；只用于 realistic",
    )


def add_selection_options(parser: argparse.ArgumentParser) -> None:
    """The bundle's selection criteria (`--domain`, `--region`, `--brand`, `--standard`, `--tag`), each repeatable."""
    from djkb.bundle.selection import SELECTION_OPTIONS  # the criteria's names live beside the rules that apply them

    for option, dest, text in SELECTION_OPTIONS:
        parser.add_argument(option, dest=dest, action="append", default=[], metavar="值", help=f"{text}（可重复）")


def given_date(args: argparse.Namespace) -> str | None:
    """`--date` or today, as an ISO date; None (after saying why) when it is not a date."""
    date = args.date or dt.date.today().isoformat()
    try:
        dt.date.fromisoformat(date)
    except ValueError:
        print(f"日期“{date}”格式不对，应写成 2026-11-22。", file=sys.stderr)
        return None
    return date


@dataclass
class Selected:
    """What a selecting command (`djkb bundle`, `djkb handbook`) works on."""

    root: Path
    data_dir: Path
    date: str
    corpus: Any  # djkb.data.link.Corpus
    selection: Any  # djkb.bundle.selection.Selection
    kept: Any  # djkb.bundle.selection.BundleSet


def selected(args: argparse.Namespace, product: str) -> Selected | int:
    """The project, date, data and selection the options name; or the exit code after printing every problem
    (a bad date: 2; data failing its check or a wrong selection: 1). `product` names what is not made (“离线包”)."""
    # Loaded by the commands that select, when they run (the selection rules need the whole data model).
    from djkb.bundle.selection import SELECTION_OPTIONS, Selection, SelectionError, normalize, resolve
    from djkb.data.pipeline import load_corpus
    from djkb.errors import DataError

    root = project.project_root()
    data_dir = project.data_dir(root, args.data)
    date = given_date(args)
    if date is None:
        return 2
    try:
        corpus = load_corpus(data_dir, root=root)
        selection = normalize(
            corpus, Selection.from_dict({dest: getattr(args, dest) for _, dest, _ in SELECTION_OPTIONS})
        )
        kept = resolve(corpus, selection)  # a selection matching nothing fails here, before anything is written
    except DataError as exc:
        print(exc.failed(f"{product}没有生成"), file=sys.stderr)
        return 1
    except SelectionError as exc:
        print(f"{product}的选择条件有误：\n{exc}", file=sys.stderr)
        return 1
    return Selected(root, data_dir, date, corpus, selection, kept)
