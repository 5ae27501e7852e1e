"""Every script and stylesheet the pages load has a content hash in its name; a rebuild into the same folder
(`--dirty`, `mkdocs serve`) points the pages at the new names and removes the old files."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from djkb.build import events as mkdocs_glue
from djkb.build.asset_names import hashed_name, remove_stale, unhashed_name
from djkb.search.indexer import read_index
from tests.conftest import make_project

_LOADED = re.compile(r'<(?:script src|link rel="stylesheet" href)="([^"]+)"')


def _build(project: Path, *, dirty: bool) -> Path:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(
        str(project / "mkdocs.yml"), site_dir=str(project / "site"), strict=not dirty
    )  # MkDocs warns about every dirty build
    config.plugins.on_startup(command="build", dirty=dirty)
    build(config, dirty=dirty)
    return project / "site"


def _loaded(site: Path, page: str) -> list[str]:
    html = (site / page).read_text(encoding="utf-8")
    return [src for src in _LOADED.findall(html) if "/djkb/" in src]


def _files(site: Path, pattern: str) -> list[str]:
    return sorted(p.name for p in (site / "assets/djkb").rglob(pattern))


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    project = make_project(tmp_path)
    assets = tmp_path / "assets"
    shutil.copytree(mkdocs_glue.ASSETS_DIR, assets)
    monkeypatch.setattr(mkdocs_glue, "ASSETS_DIR", assets)  # the engine edited below is this copy
    return project


def test_pages_load_only_hashed_scripts_and_stylesheets(project):
    site = _build(project, dirty=False)
    for page in ("index.html", "cases/county-position-upgrade/index.html", "glossary/weak-and-lax/index.html"):
        loaded = _loaded(site, page)
        assert {Path(src).name.split(".")[0] for src in loaded} == {
            "djkb",
            "head",
            "djkb-search",
            "browse",
            "terms",
            "access",
        }, loaded
        for src in loaded:
            assert re.search(r"\.[0-9a-f]{10}\.(js|css)$", src), src
            assert (site / page).parent.joinpath(src).resolve().is_file(), src
    engine = next(src for src in _loaded(site, "index.html") if "djkb-search." in src)
    text = (site / engine).read_text(encoding="utf-8")
    manifest = re.search(r'var MANIFEST_SCRIPT = "(manifest\.[0-9a-f]{10}\.js)";', text).group(1)
    inflate = re.search(r'var INFLATE_SCRIPT = "(fflate-0\.8\.3\.min\.[0-9a-f]{10}\.js)";', text).group(1)
    assert (site / "assets/djkb/search" / manifest).is_file() and (site / "assets/djkb/search" / inflate).is_file()
    assert read_index(site)[0]["pages"] > 0


def test_changing_the_engine_renames_it_and_removes_the_old_file(project):
    site = _build(project, dirty=False)
    before = _loaded(site, "cases/county-position-upgrade/index.html")
    old_engine = next(src for src in before if "djkb-search." in src)
    engine = mkdocs_glue.ASSETS_DIR / "search/djkb-search.js"
    engine.write_text(engine.read_text(encoding="utf-8") + "\n// a fix\n", encoding="utf-8")
    _build(project, dirty=True)
    after = _loaded(site, "cases/county-position-upgrade/index.html")
    new_engine = next(src for src in after if "djkb-search." in src)
    assert new_engine != old_engine
    assert (site / "cases/county-position-upgrade" / new_engine).resolve().is_file()
    assert not (site / "cases/county-position-upgrade" / old_engine).resolve().exists()
    assert _files(site, "djkb-search.*.js") == [Path(new_engine).name]
    assert [s for s in after if "djkb-search." not in s] == [
        s for s in before if "djkb-search." not in s
    ]  # the others kept their names


def test_changing_the_data_gives_a_new_manifest_and_removes_the_old_one(project):
    site = _build(project, dirty=False)
    old_manifest = _files(site, "manifest.*.js")
    old_engine = _files(site, "djkb-search.*.js")
    case = project / "data/cases/county-position-upgrade.yml"
    case.write_text(
        case.read_text(encoding="utf-8").replace(
            "阵地建设要对照标准逐项销号。", "阵地建设要对照标准逐项销号，逐月复查。"
        ),
        encoding="utf-8",
    )
    _build(project, dirty=True)
    assert len(_files(site, "manifest.*.js")) == 1 and _files(site, "manifest.*.js") != old_manifest
    assert len(_files(site, "djkb-search.*.js")) == 1 and _files(site, "djkb-search.*.js") != old_engine
    assert "逐月复查" in str(read_index(site)[1])


def test_hashed_names_and_stale_files(tmp_path):
    assert hashed_name("browse.js", "x") == hashed_name("browse.js", b"x")
    assert re.fullmatch(r"fflate-0\.8\.3\.min\.[0-9a-f]{10}\.js", hashed_name("fflate-0.8.3.min.js", b"y"))
    assert unhashed_name(hashed_name("browse.js", "x")) == "browse.js"
    current, old = hashed_name("browse.js", "new"), hashed_name("browse.js", "old")
    for name in (current, old, "browse.js", "other.0123456789.js", "terms.0123456789.js"):
        (tmp_path / name).write_text("", encoding="utf-8")
    assert [p.name for p in remove_stale(tmp_path, [current])] == [old]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [current, "browse.js", "other.0123456789.js", "terms.0123456789.js"]
    )
