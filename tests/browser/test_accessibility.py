"""WCAG 2.1 AA with axe-core on every kind of page, at desktop and phone width, over http and from file://.

The repository's own data is built once (directory URLs over http, as published) and once as an offline
bundle opened from file://. Each page is checked as a reader sees it (after scripts ran; the case listing
with a filter applied) and screenshotted to test-artifacts/pages/.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.helpers import VIEWPORTS, Viewport, screenshot
from tests.support.axe import run_axe
from tests.support.browser import CHROMIUM

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium not installed"),
]
pytest.importorskip("playwright.sync_api")

# (screenshot name, path in the published site): one page of each kind a reader meets.
PAGES = [
    ("home", ""),
    ("case", "cases/county-position-upgrade/"),
    ("standard", "standards/village-position-nine-haves/"),
    ("standards", "standards/"),
    ("brand", "brands/party-flag-leading/"),
    ("glossary-term", "glossary/three-meetings-one-lesson-term/"),
    ("glossary", "glossary/"),
    ("cases-filtered", "cases/#domain=农村&year=2023"),
    ("stats", "stats/"),
    ("coverage", "standards/coverage/"),
    ("checklist", "checklists/village-position-nine-haves/"),
]


def _check(browser, viewport: Viewport, url: str, name: str) -> None:
    context = browser.context(viewport)
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(url)
        page.wait_for_load_state("load")
        violations = run_axe(page)
        screenshot(page, name, viewport)
        assert errors == [], errors
        assert violations == [], "\n".join(str(v) for v in violations)
    finally:
        context.close()


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=lambda v: v.name)
@pytest.mark.parametrize(("name", "path"), PAGES, ids=[name for name, _ in PAGES])
def test_no_wcag21_aa_violations(site_url, browser, name, path, viewport):
    _check(browser, viewport, site_url + path, name)


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=lambda v: v.name)
def test_offline_bundle_start_page_has_no_violations(bundle_dir, browser, viewport):
    _check(browser, viewport, (bundle_dir / "index.html").as_uri(), "bundle-start")
