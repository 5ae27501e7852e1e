"""`djkb import`: Word case write-ups (.docx) → draft cases under data/cases/, an import report each, then the checks."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from djkb import project
from djkb.cli.options import add_data_option


def cmd_import(args: argparse.Namespace) -> int:
    # Imported when the command runs, not at `djkb` start-up: every other command starts faster without it.
    from djkb.errors import display_path
    from djkb.wordimport import collect_sources, import_documents
    from djkb.wordimport.importer import REPORT_DIR_NAME, load_taxonomy
    from djkb.wordimport.template import template_bytes

    root = project.project_root()
    data_dir = project.data_dir(root, args.data)
    if args.template:
        target = Path(args.template)
        if target.suffix.lower() != ".docx":
            print(f"错误：模板文件名应以 .docx 结尾（例如 案例模板.docx），现在是“{target.name}”。", file=sys.stderr)
            return 2
        if target.exists() and not args.force:
            print(f"错误：{target} 已经存在，没有覆盖。请换一个文件名，或加 --force 覆盖。", file=sys.stderr)
            return 2
        taxonomy = load_taxonomy(data_dir)
        data = template_bytes(
            tuple(taxonomy.names("domains")) if taxonomy else (), tuple(taxonomy.names("org_types")) if taxonomy else ()
        )
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        print(f"已写出案例模板 {target}。用 Word 或 WPS 打开，按说明填写后运行：djkb import {target.name}")
        if not args.files:
            return 0
    if not args.files:
        print("错误：请给出要导入的 Word 文件或文件夹，例如：djkb import 案例.docx 材料文件夹/", file=sys.stderr)
        return 2
    sources, notes = collect_sources([Path(f) for f in args.files])
    for note in notes:
        print(note)
    if not sources:
        print("错误：没有找到可导入的 Word 文件（.docx）。", file=sys.stderr)
        return 2
    report_dir = None if args.no_report else (Path(args.report_dir) if args.report_dir else root / REPORT_DIR_NAME)
    results = import_documents(
        sources, data_dir=data_dir, root=root, report_dir=report_dir, run_checks=not args.no_check
    )
    failed = 0
    for result in results:
        print()
        if result.refused:
            failed += 1
            print(f"✗ {result.shown}：没有导入。{result.refused}", file=sys.stderr)
        else:
            entries = result.entries
            print(f"✓ {result.shown} → {result.written}（草稿）：{len(entries)} 处需要处理。")
            for entry in entries:
                print(f"  - [{entry.kind}] {entry.where + '：' if entry.where else ''}{entry.text}")
            if not args.no_check:
                errors = [p for p in result.problems if p.is_error]
                if result.problems:
                    print(
                        f"  检查结果（与 djkb check 相同）：{len(errors)} 个错误，{len(result.problems) - len(errors)} 个提醒："
                    )
                    for problem in result.problems:
                        print(f"    {problem.format()}")
                else:
                    print("  检查结果（与 djkb check 相同）：检查通过。")
        if result.report_path:
            print(f"  导入报告：{result.report_path}")
    written = len(results) - failed
    print()
    print(
        f"共 {len(results)} 个文件：导入 {written} 个，未导入 {failed} 个。"
        + (f"草稿在 {display_path(data_dir / 'cases', root)}/，改完运行 djkb check。" if written else "")
    )
    return 1 if failed else 0


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "import", help="把 Word 案例材料（.docx）导入为案例草稿（data/cases/），并为每个文件写导入报告"
    )
    parser.add_argument("files", nargs="*", metavar="文件或文件夹", help="Word 文件（.docx），或包含它们的文件夹")
    parser.add_argument("--template", metavar="案例模板.docx", help="写出 Word 案例模板（带各部分标题和填写说明）")
    parser.add_argument("--force", action="store_true", help="配合 --template：覆盖已有的模板文件")
    add_data_option(parser)
    parser.add_argument("--report-dir", metavar="目录", help=f"导入报告写在哪里（默认：项目目录下的 {'导入报告'}/）")
    parser.add_argument("--no-report", action="store_true", help="不写导入报告文件（只在终端显示）")
    parser.add_argument("--no-check", action="store_true", help="导入后不运行检查")
    parser.set_defaults(func=cmd_import)
