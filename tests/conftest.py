"""Shared fixtures: the small sample data set and real MkDocs builds in a temporary folder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from djkb.devtools import sites

ROOT = Path(__file__).resolve().parent.parent
TESTS_DIR = ROOT / "tests"
MINI_DATA = ROOT / "tests" / "fixtures" / "mini" / "data"


def make_project(tmp_path: Path, data_src: Path = MINI_DATA) -> Path:
    """A copy of the site configuration with the given data folder, ready to build."""
    return sites.make_project(tmp_path / "project", data_src)


def run_mkdocs_build(project: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """`mkdocs build` as a person runs it, capturing its log lines."""
    full_env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    full_env.pop("DJKB_DATA_DIR", None)
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(project / "site"), *args],
        cwd=project,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture(scope="session")
def mini_site(tmp_path_factory) -> Path:
    """The sample data built once into a site folder."""
    project = make_project(tmp_path_factory.mktemp("mini"))
    result = run_mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    return project / "site"


@pytest.fixture(scope="session")
def repo_site(tmp_path_factory) -> Path:
    """The repository's own data built once into a site folder."""
    project = make_project(tmp_path_factory.mktemp("repo"), ROOT / "data")
    result = run_mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    return project / "site"
