"""`djkb`: the one command a person runs (check, new, build helpers, bundle, bench…)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from djkb.errors import display_path


def _project_root(start: Path | None = None) -> Path:
    """The folder holding mkdocs.yml and data/ (searching upwards from the current directory)."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "data").is_dir() and (folder / "mkdocs.yml").is_file():
            return folder
    return here


def cmd_check(args: argparse.Namespace) -> int:
    from djkb.pipeline import check_data

    root = _project_root()
    data_dir = Path(args.data) if args.data else root / "data"
    result = check_data(data_dir, root=root, include_drafts=True)
    problems = result.problems
    if args.paths:
        wanted = {display_path(Path(p), root) for p in args.paths}
        problems = [p for p in problems if p.path in wanted]
    for problem in problems:
        print(problem.format(), file=sys.stderr if problem.is_error else sys.stdout)
        if args.github:
            level = "error" if problem.is_error else "warning"
            print(f"::{level} file={problem.path},line={max(problem.line, 1)},col={max(problem.col, 1)}::{problem.message}")
    errors = [p for p in problems if p.is_error]
    warnings = [p for p in problems if not p.is_error]
    if errors:
        print(f"检查未通过：{len(errors)} 个错误，{len(warnings)} 个提醒。", file=sys.stderr)
        return 1
    count = result.corpus.count() if result.corpus else 0
    print(f"检查通过：{count} 条记录，{len(warnings)} 个提醒。")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="djkb", description="党建品牌知识库工具：检查数据、新建记录、生成离线包等。")
    sub = parser.add_subparsers(dest="command", metavar="命令")
    check = sub.add_parser("check", help="检查 data/ 下的全部记录（或指定文件），逐条列出问题")
    check.add_argument("paths", nargs="*", help="只报告这些文件的问题（引用关系仍对照全部数据检查）")
    check.add_argument("--data", help="数据目录（默认：项目的 data/）")
    check.add_argument("--github", action="store_true", help="同时输出 GitHub Actions 注释格式")
    check.set_defaults(func=cmd_check)
    from djkb import cli_extra

    cli_extra.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    return int(args.func(args) or 0)
