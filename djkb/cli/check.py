"""`djkb check`: every record under data/ checked, every problem listed at its file, line and column."""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

from djkb import project
from djkb.cli.options import add_data_option
from djkb.data.pipeline import check_data, filter_problems
from djkb.errors import Problem, display_path


def cmd_check(args: argparse.Namespace) -> int:
    root = project.project_root()
    data_dir = project.data_dir(root, args.data)
    result = check_data(data_dir, root=root, include_drafts=True)
    problems = result.problems
    if args.paths:
        problems = filter_problems(problems, [display_path(Path(p), root) for p in args.paths])
        data_shown = display_path(data_dir, root).rstrip("/") + "/"
        for given in args.paths:
            shown = display_path(Path(given), root)
            if not Path(given).is_file():
                problems.append(
                    Problem(
                        shown,
                        1,
                        1,
                        "找不到这个文件。请检查路径（在项目目录中运行，例如 djkb check data/cases/编号.yml）。",
                    )
                )
            elif not shown.startswith(data_shown):
                problems.append(Problem(shown, 1, 1, f"这个文件不在数据目录 {data_shown} 中，没有被检查。"))
    for problem in problems:
        print(problem.format(), file=sys.stderr if problem.is_error else sys.stdout)
        if args.github:
            level = "error" if problem.is_error else "warning"
            print(
                f"::{level} file={_gh_property(problem.path)},line={max(problem.line, 1)},col={max(problem.col, 1)}::{_gh_data(problem.message)}"
            )
    if args.gitlab_report:
        write_gitlab_report(problems, Path(args.gitlab_report))
    errors = [p for p in problems if p.is_error]
    warnings = [p for p in problems if not p.is_error]
    if errors:
        print(f"检查未通过：{len(errors)} 个错误，{len(warnings)} 个提醒。", file=sys.stderr)
        return 1
    count = result.corpus.count() if result.corpus else 0
    print(f"检查通过：{count} 条记录，{len(warnings)} 个提醒。")
    return 0


def _gh_data(text: str) -> str:
    """GitHub workflow-command escaping (a "%" in "60%" would otherwise be misread)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_property(text: str) -> str:
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")


def write_gitlab_report(problems: list[Problem], target: Path) -> None:
    """GitLab Code Quality report: each problem shown at its file and line in the merge request."""
    report = [
        {
            "description": problem.message,
            "check_name": "djkb-check",
            "fingerprint": hashlib.sha1(problem.format().encode("utf-8")).hexdigest(),
            "severity": "major" if problem.is_error else "minor",
            "location": {"path": problem.path, "lines": {"begin": max(problem.line, 1)}},
        }
        for problem in problems
    ]
    target.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")


def register(sub: argparse._SubParsersAction) -> None:
    check = sub.add_parser("check", help="检查 data/ 下的全部记录（或指定文件），逐条列出问题")
    check.add_argument("paths", nargs="*", help="只报告这些文件的问题（引用关系仍对照全部数据检查）")
    add_data_option(check)
    check.add_argument("--github", action="store_true", help="同时输出 GitHub Actions 注释格式")
    check.add_argument(
        "--gitlab-report", metavar="文件", help="同时写出 GitLab 代码质量报告（JSON），合并请求页面会逐行显示问题"
    )
    check.set_defaults(func=cmd_check)
