"""On a phone the statistics page shows the charts drawn for its width: 13 px labels shown at ≥ 12 px."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.helpers import DESKTOP, PHONE, screenshot
from tests.support.browser import CHROMIUM

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium not installed"),
]
pytest.importorskip("playwright.sync_api")

SHOWN = """() => [...document.querySelectorAll("img.djkb-chart")].filter(i => i.offsetParent)
  .map(i => ({src: i.src.split("/").pop(), natural: i.naturalWidth, shown: i.clientWidth}))"""


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=lambda v: v.name)
def test_chart_text_is_at_least_12px(site_url, browser, viewport):
    context = browser.context(viewport)
    page = context.new_page()
    page.goto(site_url + "stats/")
    for image in page.locator("img.djkb-chart").all():
        if image.is_visible():
            image.scroll_into_view_if_needed()
    page.wait_for_function(
        "() => [...document.querySelectorAll('img.djkb-chart')].filter(i => i.offsetParent).every(i => i.complete && i.naturalWidth)"
    )
    shown = page.evaluate(SHOWN)
    assert len(shown) == 4, shown
    for image in shown:
        assert image["src"].endswith("-narrow.svg") == viewport.phone, image
        assert 13 * image["shown"] / image["natural"] >= 12, image  # the SVG's 13 px text as displayed
    assert page.evaluate("() => document.documentElement.scrollWidth") <= viewport.width
    screenshot(page, "stats-charts", viewport)
    context.close()
