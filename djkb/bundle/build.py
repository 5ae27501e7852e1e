"""The MkDocs build of an offline bundle (the only bundle code that imports MkDocs).

Same configuration as the site, with `use_directory_urls: false` (pages open as files: `cases/x.html`,
not `cases/x/`) and the selection handed to the glue through `extra.djkb_build`.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from djkb.bundle.pages import BundleError


def build_site(
    root: Path,
    site_dir: Path,
    *,
    selection: dict[str, Any],
    date: str,
    data_dir: Path | None = None,
    handbook: str | None = None,
) -> None:
    """Build the offline edition of the site into `site_dir` (strict: any warning fails the build). `handbook`:
    file name of the printed handbook the caller puts beside the start page (linked from it)."""
    # MkDocs is loaded only when a bundle is built: the bundle's pages and `djkb` start-up do without it.
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    messages = _Collector()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(messages)
    try:
        config = load_config(
            str(Path(root) / "mkdocs.yml"), site_dir=str(site_dir), use_directory_urls=False, strict=True
        )
        djkb_build = dict(config.extra.get("djkb_build") or {})
        djkb_build.update(selection=selection, bundle_date=date)
        if handbook:
            djkb_build["handbook_file"] = handbook
        if data_dir is not None:
            djkb_build["data_dir"] = str(data_dir)
        config.extra["djkb_build"] = djkb_build
        # Nothing may reach the network from file://: no web fonts, no repository facts (Material fetches
        # them from the repository host's API), no edit buttons pointing online.
        config.theme["font"] = False
        config["repo_url"] = None
        config["repo_name"] = None
        config.plugins.on_startup(command="build", dirty=False)  # as `mkdocs build` announces itself
        build(config)
    except MkDocsException as exc:
        details = "\n".join(messages.lines) or str(exc)
        raise BundleError(f"离线包生成失败：\n{details}\n{exc}") from None
    finally:
        logger.removeHandler(messages)


class _Collector(logging.Handler):
    """Keeps warnings and errors of the build, to show them if it fails."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())
