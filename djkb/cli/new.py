"""`djkb new`: a new record file from a template, with a free id.

It asks questions only when stdin is a terminal; in CI or scripts it takes options and never prompts.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any, Callable

from djkb import project
from djkb.cli.options import add_data_option
from djkb.data.ids import free_id, slug_from_title
from djkb.data.load import load_file
from djkb.data.schema import ID_RE, Taxonomy
from djkb.errors import DataError
from djkb.pages.templating import environment
from djkb.project import SCAFFOLD_DIR

# `djkb new <what>` → (data folder, template, the title-like field, its Chinese prompt)
NEW_KINDS: dict[str, tuple[str, str, str, str]] = {
    "case": ("cases", "case.yml.j2", "title", "案例标题"),
    "brand": ("brands", "brand.yml.j2", "name", "品牌项目名称"),
    "standard": ("standards", "standard.yml.j2", "name", "标准规范名称"),
    "term": ("glossary", "term.yml.j2", "term", "术语"),
}


def _yaml_text(value: str) -> str:
    """A YAML scalar that keeps the text exactly (JSON strings are valid YAML)."""
    return json.dumps(value, ensure_ascii=False)


def _taxonomy(data_dir: Path) -> Taxonomy | None:
    try:
        return Taxonomy.model_validate(load_file(data_dir / "taxonomy.yml", data_dir.parent).data)
    except (DataError, ValueError):
        return None


def _ask(prompt: str, default: str = "", choices: list[str] | None = None) -> str:
    shown = (
        f"{prompt}"
        + (f"（可选：{'、'.join(choices)}）" if choices else "")
        + (f" [{default}]" if default else "")
        + "："
    )
    while True:
        answer = input(shown).strip() or default
        if not answer:
            print("这一项必须填写。", file=sys.stderr)
            continue
        if choices and answer not in choices:
            print(f"“{answer}”不在可选范围内。", file=sys.stderr)
            continue
        return answer


def cmd_new(args: argparse.Namespace) -> int:
    folder_name, template_name, title_field, title_prompt = NEW_KINDS[args.what]
    data_dir = project.data_dir(project.project_root(), args.data)
    folder = data_dir / folder_name
    interactive = sys.stdin.isatty() and not args.no_input
    taxonomy = _taxonomy(data_dir)
    names: Callable[[str], list[str] | None] = lambda list_name: taxonomy.names(list_name) if taxonomy else None  # noqa: E731

    title = args.title
    if not title:
        if not interactive:
            print(f"错误：请用 --title 给出{title_prompt}（不在终端中运行时不会提问）。", file=sys.stderr)
            return 2
        title = _ask(title_prompt)
    values: dict[str, Any] = {title_field: title}
    # Essentials per kind: (field, option value, prompt, controlled list, default)
    essentials = {
        "case": [
            ("place", args.place, "地点（匿名化，如 **县**镇）", None, "**县"),
            ("region", args.region, "地区（如 **县）", None, "**县"),
            ("domain", args.domain, "领域", "domains", ""),
            ("org_type", args.org_type, "组织类型", "org_types", ""),
            ("year", args.year, "年份", None, str(dt.date.today().year)),
        ],
        "brand": [
            ("brand_kind", args.brand_kind, "类型", "brand_kinds", ""),
            ("owner", args.owner, "实施单位（匿名化，如 **县委组织部）", None, "**县委组织部"),
            ("level", args.level, "层级", "levels", ""),
            ("domain", args.domain, "领域", "domains", ""),
        ],
        "standard": [
            ("category", args.category, "类别", "categories", ""),
            ("level", args.level, "发布层级", "levels", ""),
            ("domain", args.domain, "适用领域", "domains", ""),
        ],
        "term": [],
    }[args.what]
    for field, given, prompt, list_name, default in essentials:
        choices = names(list_name) if list_name else None
        if given is None and interactive:
            given = _ask(prompt, default if not choices else (choices[0] if choices else ""), choices)
        values[field] = given if given is not None else ""

    wanted = args.id or slug_from_title(title)
    if not ID_RE.match(wanted):
        print(f"错误：编号“{wanted}”只能由小写英文字母、数字和短横线组成。", file=sys.stderr)
        return 2
    record_id = free_id(wanted, folder) if not args.id else wanted
    target = folder / f"{record_id}.yml"
    if target.exists():
        print(f"错误：{target} 已经存在。请换一个编号（--id）。", file=sys.stderr)
        return 2
    if interactive and not args.id:
        record_id = _ask("编号（小写英文、数字、短横线，即文件名）", record_id)
        if not ID_RE.match(record_id) or (folder / f"{record_id}.yml").exists():
            print(f"错误：编号“{record_id}”格式不对或已被使用。", file=sys.stderr)
            return 2
        target = folder / f"{record_id}.yml"

    shown_path = f"data/{folder_name}/{record_id}.yml"
    rendered = render_scaffold(template_name, record_id=record_id, path=shown_path, values=values)
    folder.mkdir(parents=True, exist_ok=True)
    target.write_bytes(rendered.encode("utf-8"))
    print(f"已创建 {shown_path}。请用编辑器打开它，按注释填写，然后运行：djkb check {shown_path}")
    return 0


def render_scaffold(template_name: str, *, record_id: str, path: str, values: dict[str, Any]) -> str:
    env = environment(autoescape=False, folder=SCAFFOLD_DIR, trim=False, keep_trailing_newline=True)
    context: dict[str, Any] = {"id": record_id, "path": path, "today": dt.date.today().isoformat()}
    for key, value in values.items():
        if key == "year":
            context[key] = str(value) if str(value).isdigit() else ""  # a year stays an unquoted number
        elif value in ("", None):
            context[key] = ""  # left empty: `djkb check` lists what is still to fill in
        else:
            context[key] = _yaml_text(str(value))
    rendered = env.get_template(template_name).render(**context)
    return "\n".join(line.rstrip() for line in rendered.split("\n"))


def register(sub: argparse._SubParsersAction) -> None:
    new = sub.add_parser("new", help="按模板新建一条记录（案例、品牌项目、标准规范、术语），自动取一个未被占用的编号")
    new.add_argument(
        "what", choices=sorted(NEW_KINDS), help="case 案例 / brand 品牌项目 / standard 标准规范 / term 术语"
    )
    new.add_argument("--title", help="标题（品牌、标准为名称，术语为术语本身）")
    new.add_argument("--id", help="编号（默认按标题的拼音生成）")
    new.add_argument("--place", help="地点（案例）")
    new.add_argument("--region", help="地区（案例）")
    new.add_argument("--domain", help="领域")
    new.add_argument("--org-type", dest="org_type", help="组织类型（案例）")
    new.add_argument("--year", help="年份（案例）")
    new.add_argument("--brand-kind", dest="brand_kind", help="类型（品牌项目）")
    new.add_argument("--owner", help="实施单位（品牌项目）")
    new.add_argument("--level", help="层级（品牌项目、标准规范）")
    new.add_argument("--category", help="类别（标准规范）")
    add_data_option(new)
    new.add_argument("--no-input", action="store_true", help="不提问（不在终端中运行时总是如此）")
    new.set_defaults(func=cmd_new)
