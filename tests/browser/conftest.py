"""Fixtures of the browser tests: the repository's own site (served over http, as published), an offline
bundle of it (opened from file://), and one Chromium."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.helpers import build_bundle, chromium
from tests.conftest import ROOT, make_project, run_mkdocs_build
from tests.support.browser import serve
from tests.support.testsite import demo_page, demo_sites


@pytest.fixture(scope="session")
def repo_project_site(tmp_path_factory) -> Path:
    project = make_project(tmp_path_factory.mktemp("browser-site"), ROOT / "data")
    result = run_mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    return project / "site"


@pytest.fixture(scope="session")
def site_url(repo_project_site):
    with serve(repo_project_site) as url:
        yield url


@pytest.fixture(scope="session")
def bundle_dir(tmp_path_factory) -> Path:
    """`djkb bundle --domain 农村` of the repository's data, unzipped."""
    tmp = tmp_path_factory.mktemp("browser-bundle")
    project = make_project(tmp, ROOT / "data")
    return build_bundle(project, tmp, "--domain", "农村")


@pytest.fixture(scope="module")
def browser():
    """Per module: Playwright's sync API allows one running instance per thread, and other test modules start
    their own."""
    with chromium() as opened:
        yield opened
        assert opened.blocked == [], opened.blocked


@pytest.fixture(scope="module")
def browser_env(request, tmp_path_factory):
    """The demo sites of a search test module (its PAGES and EXPANSIONS) and one isolated browser."""
    with demo_sites(tmp_path_factory, request.module.PAGES, request.module.EXPANSIONS) as env:
        yield env


@pytest.fixture(params=["http", "file"])
def env(request, browser_env):
    """A fresh page of the demo sites, over http and from file://."""
    with demo_page(browser_env, request.param) as opened:
        yield opened
