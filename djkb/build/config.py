"""The site's own settings: `extra.djkb_build` in mkdocs.yml, typed and checked like MkDocs' own options.

Set by a project in mkdocs.yml, or by `djkb` commands for one build (`djkb bundle` passes the selection and the
date). Two environment variables override them for a `mkdocs` process started from outside: DJKB_DATA_DIR (another
data folder: benchmarks and tests build generated data with the repository's site files) and DJKB_PREVIEW
(`djkb preview`: drafts included). They are read here and nowhere else.
"""

from __future__ import annotations

import os
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

SETTINGS_KEY = "djkb_build"  # under `extra:` (MkDocs accepts any value there; hooks have no config schema)


class DjkbBuildConfig(base.Config):
    """What this build differs in from the published site."""

    data_dir = c.Optional(c.Type(str))  # relative to mkdocs.yml; default data/
    preview = c.Type(bool, default=False)  # drafts included, each marked as a draft
    selection = c.Optional(c.Type(dict))  # an offline bundle: {} = the whole site, else the selection's criteria
    bundle_date = c.Optional(c.Type(str))  # the date on a bundle's start page (ISO)
    handbook_file = c.Optional(c.Type(str))  # the printed handbook (PDF) shipped beside a bundle's start page

    @property
    def is_bundle(self) -> bool:
        return self.selection is not None


def build_settings(config: MkDocsConfig) -> tuple[DjkbBuildConfig, Path]:
    """(the checked settings, the data folder) of this build. Unknown or ill-typed settings fail the build."""
    given = config.extra.get(SETTINGS_KEY) or {}
    if not isinstance(given, dict):
        raise PluginError(f"mkdocs.yml 中 extra.{SETTINGS_KEY} 应为若干“名称: 值”，现在是：{given!r}")
    settings = DjkbBuildConfig(config_file_path=config.config_file_path)
    known = sorted(settings)
    unknown = sorted(str(key) for key in given if key not in known)
    if unknown:
        raise PluginError(
            f"mkdocs.yml 中 extra.{SETTINGS_KEY} 有不认识的设置：{'、'.join(unknown)}。可用的设置：{'、'.join(known)}。"
        )
    settings.load_dict(dict(given))
    errors, _warnings = settings.validate()
    if errors:
        listing = "\n".join(f"  {name}：{error}" for name, error in errors)
        raise PluginError(f"mkdocs.yml 中 extra.{SETTINGS_KEY} 的设置有误：\n{listing}")
    if os.environ.get("DJKB_PREVIEW", "") not in ("", "0"):
        settings.preview = True
    root = Path(config.config_file_path).parent
    data_dir = Path(os.environ.get("DJKB_DATA_DIR") or settings.data_dir or root / "data")
    return settings, data_dir if data_dir.is_absolute() else root / data_dir
