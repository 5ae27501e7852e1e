"""`djkb schema`: the data models as JSON Schema files, for editors' YAML plugins."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from djkb.data.schema import json_schemas
from djkb.project import project_root

SCHEMA_DIR_NAME = "schemas"


def cmd_schema(args: argparse.Namespace) -> int:
    out_dir = Path(args.out) if args.out else project_root() / SCHEMA_DIR_NAME
    stale = []
    for name, text in json_schemas().items():
        target = out_dir / name
        current = target.read_text(encoding="utf-8") if target.is_file() else None
        if current == text:
            continue
        stale.append(name)
        if not args.check:
            out_dir.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8", newline="\n")
    if args.check and stale:
        print(f"JSON Schema 已过期：{', '.join(stale)}。请运行 djkb schema 重新生成并提交。", file=sys.stderr)
        return 1
    print(f"JSON Schema：{len(stale)} 个文件已更新，位于 {out_dir}。" if not args.check else "JSON Schema 是最新的。")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    schema = sub.add_parser("schema", help="从数据模型导出 JSON Schema 到 schemas/（编辑器据此提示和校验字段）")
    schema.add_argument("--out", help="输出目录（默认：项目的 schemas/）")
    schema.add_argument("--check", action="store_true", help="只检查 schemas/ 是否最新，不写文件（过期时返回 1）")
    schema.set_defaults(func=cmd_schema)
