"""A draft case as YAML text in the layout `djkb new` writes, with proposals marked by a comment above them."""

from __future__ import annotations

import json

from djkb.data.schema import DRAFT_STATUS
from djkb.wordimport.draft import Draft

CONFIRM_PREFIX = "# 请确认（导入时推定）："


def _scalar(value: str | int | None) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, int):
        return str(value)
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a double-quoted YAML scalar: text kept exactly


def _block(text: str) -> str:
    """A literal block (|): each line as written, indented two spaces; empty when there is no text."""
    if not text:
        return " |\n"
    lines = [("  " + line).rstrip() for line in text.split("\n")]
    return " |\n" + "\n".join(line if line.strip() else "" for line in lines) + "\n"


def draft_yaml(record_id: str, draft: Draft, *, source_name: str, path: str) -> str:
    v = draft.values

    def line(name: str, label: str) -> str:
        mark = f"{CONFIRM_PREFIX}{draft.confirm[name]}\n" if name in draft.confirm else ""
        value = getattr(v, name)
        return f"{mark}# {label}\n{name}: {_scalar(value)}".rstrip() + "\n"

    parts = [
        "# yaml-language-server: $schema=../../schemas/cases.schema.json\n",
        f"# 典型案例草稿，由 djkb import 从 Word 文档“{source_name}”导入。导入报告列出了要核对的地方。\n",
        f"# 标有“请确认”的值是导入时从文中推定的：核对后删除那一行注释。改完运行：djkb check {path}\n\n",
        "# 编号：与文件名相同，不要修改\n",
        f"id: {record_id}\n",
        "# 标题（必填）：一句话概括做法，不写真实人名\n",
        f"title: {_scalar(draft.title)}\n",
        line("place", '地点（必填）：匿名化，用 ** 代替具体地名，例如 "**县**镇**村"'),
        line("region", '地区（必填）：用于按地区浏览，例如 "**县"'),
        line("org_type", "组织类型（必填）：只能从 data/taxonomy.yml 的 org_types 中选"),
        line("domain", "领域（必填）：只能从 data/taxonomy.yml 的 domains 中选"),
        line("year", "年份（必填）：四位数字，不加引号"),
        "# 应用的品牌项目、标准、标准条目（可不填）\n",
        "brands: []\nstandards: []\nstandard_items: []\n",
        "# 一句话摘要（必填）\n",
        "summary:"
        + (
            _block(draft.fields.summary)
            if "\n" in draft.fields.summary
            else f" {_scalar(draft.fields.summary)}".rstrip() + "\n"
        ),
        "# 背景（必填）\n",
        "background:" + _block(draft.fields.background),
        "# 做法（必填）\n",
        "practice:" + _block(draft.fields.practice),
        "# 成效（必填）：原文没有给出数字的，不要自己编\n",
        "results:" + _block(draft.fields.results),
        "# 启示（必填）\n",
        "lessons:" + _block(draft.fields.lessons),
        line("provenance", "材料说明"),
        "# 审核状态：新案例写“草稿”；审核通过后由审核人改为“已审核”\n",
        f"status: {DRAFT_STATUS}\n",
        line("submitted", "提交日期：年-月-日，加英文双引号"),
        "sources: []\ntags: []\n",
    ]
    return "".join(parts)
