"""`djkb preview`: the site with drafts included, each marked as a draft on its page."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from djkb.project import project_root


def cmd_preview(args: argparse.Namespace) -> int:
    """mkdocs serve/build with drafts included (DJKB_PREVIEW=1), each marked as a draft on its page."""
    root = project_root()
    env = {**os.environ, "DJKB_PREVIEW": "1", "NO_MKDOCS_2_WARNING": "1"}
    if args.build:
        command = [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "--site-dir",
            str(Path(args.site_dir).resolve()),
        ]
    else:
        command = [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", args.dev_addr]
    print(f"预览版（含草稿）：{' '.join(command[2:])}", file=sys.stderr)
    return subprocess.call(command, cwd=root, env=env)


def register(sub: argparse._SubParsersAction) -> None:
    preview = sub.add_parser("preview", help="预览版网站：包含草稿（页面上标明“草稿”），默认启动本地预览服务")
    preview.add_argument("--build", action="store_true", help="只生成静态网站，不启动服务")
    preview.add_argument("--site-dir", default="site-preview", help="生成目录（配合 --build，默认 site-preview/）")
    preview.add_argument("--dev-addr", default="127.0.0.1:8000", help="预览服务地址（默认 127.0.0.1:8000）")
    preview.set_defaults(func=cmd_preview)
