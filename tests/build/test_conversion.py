"""The build's own page conversion (one Markdown instance per build, final HTML set aside) gives the same site,
byte for byte, as MkDocs' `Page.render` converting every page's Markdown as it is."""

from __future__ import annotations

from pathlib import Path

from djkb.build import conversion_cache
from djkb.pages.html_blocks import SetAside
from djkb.project import PACKAGE_DIR
from tests.conftest import make_project


def _build(project: Path, site: Path) -> dict[str, bytes]:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(project / "mkdocs.yml"), site_dir=str(site), strict=True)
    config.plugins.on_startup(command="build", dirty=False)
    build(config)
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_the_site_is_the_same_as_with_mkdocs_own_conversion(tmp_path, monkeypatch):
    monkeypatch.setenv("DJKB_CACHE", "off")
    monkeypatch.setenv("DJKB_PROGRESS", "off")
    monkeypatch.delenv("DJKB_DATA_DIR", raising=False)
    project = make_project(tmp_path, PACKAGE_DIR.parent / "data")
    ours = _build(project, tmp_path / "ours")

    # MkDocs' Page.render on each page's whole Markdown: no shared converter, nothing set aside.
    monkeypatch.setattr(conversion_cache, "PageConverter", lambda config: None)
    monkeypatch.setattr(conversion_cache, "set_aside_html_blocks", lambda markdown: SetAside(markdown))
    theirs = _build(project, tmp_path / "theirs")

    assert sorted(ours) == sorted(theirs)
    differing = [path for path in ours if ours[path] != theirs[path]]
    assert not differing, differing[:10]
    assert sum(path.endswith(".html") for path in ours) > 150
