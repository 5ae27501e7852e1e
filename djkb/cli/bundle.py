"""`djkb bundle`: an offline training bundle (a zip that works from file://) of the whole site or a topic."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
from pathlib import Path

from djkb import project
from djkb.cli.options import add_data_option


# The selection criteria as command-line options (`djkb bundle`, and every command that selects like it).
SELECTION_OPTIONS = (
    # (option, Selection field, help)
    ("--domain", "domains", "领域名称或编号，如 农村"),
    ("--region", "regions", "案例地区，如 **县"),
    ("--brand", "brands", "品牌项目编号或名称，如 party-flag-leading"),
    ("--standard", "standards", "标准规范编号或名称，如 九有标准"),
    ("--tag", "tags", "标签"),
)


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
    add_data_option(parser)
    parser.add_argument("--date", metavar="日期", help="写在包名和首页上的日期，格式 2026-11-22（默认：今天）")
    for option, dest, text in SELECTION_OPTIONS:
        parser.add_argument(option, dest=dest, action="append", default=[], metavar="值", help=f"{text}（可重复）")
    parser.set_defaults(func=cmd_bundle)


def cmd_bundle(args: argparse.Namespace) -> int:
    # Imported when the command runs, not at `djkb` start-up: every other command starts faster without it.
    from djkb.bundle.build import build_site
    from djkb.bundle.pages import BundleError, bundle_name, write_zip
    from djkb.bundle.selection import Selection, SelectionError, label, normalize, resolve
    from djkb.data.pipeline import load_corpus
    from djkb.errors import DataError

    root = project.project_root()
    data_dir = project.data_dir(root, args.data)
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
        print(exc.failed("离线包没有生成"), file=sys.stderr)
        return 1
    except SelectionError as exc:
        print("离线包的选择条件有误：\n" + str(exc), file=sys.stderr)
        return 1

    name = bundle_name(project.site_name(root), label(corpus, selection), date)
    out = Path(args.out) if args.out else root / "dist"
    zip_path = out if out.suffix.lower() == ".zip" else out / f"{name}.zip"
    with tempfile.TemporaryDirectory(prefix="djkb-bundle-") as tmp:
        site_dir = Path(tmp) / "site"
        try:
            build_site(root, site_dir, selection=selection.to_dict(), date=date, data_dir=data_dir)
        except BundleError as exc:
            print(str(exc), file=sys.stderr)
            return 1
        files = write_zip(site_dir, zip_path, name)
    size_mb = zip_path.stat().st_size / 1_000_000
    counts = "、".join(f"{len(kept.ids(kind))} {unit}" for kind, unit in (
        ("cases", "个案例"), ("standards", "项标准规范"), ("brands", "个品牌项目"), ("glossary", "个术语"), ("sources", "份来源文件")))
    print(f"已生成离线包：{zip_path}（{size_mb:.1f} MB，{files} 个文件）")
    print(f"内容范围：{label(corpus, selection)}；收录 {counts}。")
    print("使用方法：解压后双击文件夹中的 index.html。")
    return 0

