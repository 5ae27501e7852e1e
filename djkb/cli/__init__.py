"""`djkb`: the one command a person runs. Each command is one module of this package, listed in COMMANDS."""

from __future__ import annotations

import argparse

from djkb.cli import bench, bundle, check, export, handbook, import_word, new, preview, schema, synth

# In the order `djkb --help` lists them.
COMMANDS = (check, new, import_word, schema, preview, export, bundle, handbook, synth, bench)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="djkb", description="党建品牌知识库工具：检查数据、新建记录、生成离线包等。")
    sub = parser.add_subparsers(dest="command", metavar="命令")
    for command in COMMANDS:
        command.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    return int(args.func(args) or 0)
