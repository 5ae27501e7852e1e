"""A throw-away copy of the site's configuration around a data folder: what tests and benchmarks build."""

from __future__ import annotations

import shutil
from pathlib import Path

from djkb.project import PACKAGE_DIR

REPO_ROOT = PACKAGE_DIR.parent
SITE_FILES = ("mkdocs.yml", "docs", "overrides", "hooks")


def make_project(folder: Path, data_src: Path, *, move_data: bool = False, link_data: bool = False) -> Path:
    """`folder` holding the repository's site files and `data_src` as its data/: copied, or moved there
    (`move_data`), or linked (`link_data`: several projects build one large generated folder)."""
    folder.mkdir(parents=True)
    for name in SITE_FILES:
        source = REPO_ROOT / name
        if source.is_dir():
            shutil.copytree(source, folder / name)
        elif source.is_file():
            shutil.copy2(source, folder / name)
    if link_data:
        (folder / "data").symlink_to(Path(data_src).resolve())
    elif move_data:
        shutil.move(str(data_src), folder / "data")
    else:
        shutil.copytree(data_src, folder / "data")
    (folder / "djkb").symlink_to(PACKAGE_DIR)  # mkdocs.yml watches it for `mkdocs serve`
    return folder
