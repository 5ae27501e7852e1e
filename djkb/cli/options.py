"""Command-line options several commands share, spelt once."""

from __future__ import annotations

import argparse


def add_data_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", metavar="目录", help="数据目录（默认：项目的 data/）")
