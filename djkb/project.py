"""Where things are: the project a command runs in, its data folder, and the package's own data folders."""

from __future__ import annotations

from pathlib import Path

import yaml

PACKAGE_DIR = Path(__file__).resolve().parent
TEMPLATES_DIR = PACKAGE_DIR / "templates"  # Jinja templates of the generated pages
ASSETS_DIR = PACKAGE_DIR / "assets"  # scripts and stylesheets copied into every site
SCAFFOLD_DIR = PACKAGE_DIR / "scaffold"  # `djkb new` record templates
DATA_DIR_NAME = "data"
# Files of Material's build that no page of ours loads: its own search engine (djkb has its own) and source maps.
UNUSED_THEME_PREFIXES = ("assets/javascripts/lunr/", "assets/javascripts/workers/")
UNUSED_THEME_SUFFIXES = (".map",)
CONFIG_NAME = "mkdocs.yml"


def project_root(start: Path | None = None) -> Path:
    """The folder holding mkdocs.yml and data/ (searching upwards from `start`, default the current directory)."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / DATA_DIR_NAME).is_dir() and (folder / CONFIG_NAME).is_file():
            return folder
    return here


def data_dir(root: Path, given: str | Path | None = None) -> Path:
    """The data folder a command works on: `given` (relative to the current directory) or the project's data/."""
    return Path(given).resolve() if given else root / DATA_DIR_NAME


def site_name(root: Path) -> str:
    """`site_name` from mkdocs.yml, read without MkDocs' loader (which needs the theme and hooks)."""

    class _Loader(yaml.SafeLoader):
        pass

    # mkdocs.yml uses !!python/name tags for pymdownx; only site_name is wanted here.
    _Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
    with open(Path(root) / CONFIG_NAME, encoding="utf-8") as handle:
        return str((yaml.load(handle, Loader=_Loader) or {}).get("site_name") or "党建品牌知识库")


def is_unused_theme_asset(site_path: str) -> bool:
    """A theme file no page loads (left out of sites and bundles)."""
    return site_path.startswith(UNUSED_THEME_PREFIXES) or (
        site_path.startswith("assets/") and site_path.endswith(UNUSED_THEME_SUFFIXES)
    )
