"""Builds a project the way `mkdocs serve` rebuilds it: one process, a fresh config per build, one site folder.

Used by tests/build/test_serve_rebuild.py in a subprocess (a fresh process, as `mkdocs serve` is):

    python tests/support/serve_rebuild_driver.py PROJECT OUT_DIR STEPS_JSON

STEPS_JSON is a list of steps; each step is {"files": {path under the project: new text, or null to delete}}.
After applying each step's file changes the site is built (as `mkdocs serve` does after an edit) and copied to
OUT_DIR/step-N; OUT_DIR/result.json lists, per step, whether the build succeeded, its error and warning log
lines, and what the serve store reused. With DJKB_CACHE=off in the environment every build is cold.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import sys
import tempfile
from pathlib import Path

SERVE_URL = "http://127.0.0.1:8000/"


class Collect(logging.Handler):
    """MkDocs' log from INFO on, as `mkdocs serve` shows it."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


def main(project: Path, out_dir: Path, steps: list[dict]) -> None:
    os.chdir(project)
    sys.path.insert(0, str(project))
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from djkb.build import serve_cache

    site_dir = Path(tempfile.mkdtemp(prefix="djkb-serve-site-"))
    collect = Collect()
    logging.getLogger("mkdocs").addHandler(collect)
    logging.getLogger("mkdocs").setLevel(logging.INFO)
    results = []
    first = True
    try:
        for index, step in enumerate(steps):
            for name, text in step.get("files", {}).items():
                target = project / name
                if text is None:
                    target.unlink()
                else:
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_text(text, encoding="utf-8")
            config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(site_dir))
            if first:  # as `mkdocs serve` does once, before its first build
                config.plugins.on_startup(command="serve", dirty=False)
                first = False
            config.site_url = SERVE_URL
            collect.lines = []
            ok = True
            try:
                build(config, serve_url=SERVE_URL)
            except BaseException as exc:  # noqa: BLE001 — MkDocs raises Abort (SystemExit) for a failed build
                ok = False
                collect.lines.append(f"{type(exc).__name__}: {exc}")
            store = serve_cache.store_for(project)
            results.append({"ok": ok, "log": collect.lines, "stats": dict(store.stats) if store else {}})
            if ok:
                shutil.copytree(site_dir, out_dir / f"step-{index}")
    finally:
        shutil.rmtree(site_dir, ignore_errors=True)
    (out_dir / "result.json").write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]), json.loads(Path(sys.argv[3]).read_text(encoding="utf-8")))
