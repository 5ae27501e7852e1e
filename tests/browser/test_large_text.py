"""The 适老化 switch (大字 / 标准): bigger text and looser lines on every page, remembered, from file:// too,
and the phone layout still fits 375 px. Screenshots: test-artifacts/pages/large-*.png."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.helpers import DESKTOP, PHONE, screenshot
from tests.support.axe import run_axe
from tests.support.browser import CHROMIUM

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium not installed"),
]
pytest.importorskip("playwright.sync_api")

SIZES = """() => {
  const p = document.querySelector(".md-content .md-typeset p");
  const style = getComputedStyle(p);
  return {font: parseFloat(style.fontSize), line: parseFloat(style.lineHeight),
          header: parseFloat(getComputedStyle(document.querySelector(".md-tabs__list a, .md-header__title")).fontSize),
          overflow: document.documentElement.scrollWidth - window.innerWidth};
}"""


def _switch(page, label: str) -> None:
    page.get_by_role("group", name="字号（适老化）").get_by_role("button", name=label, exact=True).click()


def _pressed(page) -> str:
    return page.locator('.djkb-textsize button[aria-pressed="true"]').inner_text()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=lambda v: v.name)
def test_large_text_switch_over_http(site_url, browser, viewport):
    context = browser.context(viewport)
    page = context.new_page()
    page.goto(site_url + "cases/county-position-upgrade/")
    assert _pressed(page) == "标准"
    before = page.evaluate(SIZES)
    assert before["overflow"] <= 0, before

    _switch(page, "大字")
    after = page.evaluate(SIZES)
    assert _pressed(page) == "大字"
    assert after["font"] >= before["font"] * 1.15, (before, after)
    assert after["line"] / after["font"] > before["line"] / before["font"], (before, after)  # looser lines too
    assert after["header"] > before["header"], (before, after)  # site-wide, not only the text column
    assert after["overflow"] <= 0, after  # nothing sticks out sideways, at 375 px too
    header = page.locator(".md-header__inner").bounding_box()
    assert header["height"] < 80, header  # the header keeps to one line
    screenshot(page, "large-case", viewport)
    assert run_axe(page) == []

    # Remembered on other pages and after a reload, without a flash of the small size (class set in <head>).
    page.goto(site_url + "standards/village-position-nine-haves/")
    assert page.evaluate("() => document.documentElement.classList.contains('djkb-large')")
    assert _pressed(page) == "大字"
    screenshot(page, "large-standard", viewport)
    page.goto(site_url + "cases/#year=2023")
    assert page.evaluate(SIZES)["overflow"] <= 0
    screenshot(page, "large-cases", viewport)

    _switch(page, "标准")
    page.reload()
    assert not page.evaluate("() => document.documentElement.classList.contains('djkb-large')")
    assert _pressed(page) == "标准"
    context.close()


def test_large_text_switch_from_file(bundle_dir, browser):
    context = browser.context(PHONE)
    page = context.new_page()
    page.goto((bundle_dir / "index.html").as_uri())
    _switch(page, "大字")
    page.goto((bundle_dir / "standards" / "village-position-nine-haves.html").as_uri())
    assert page.evaluate("() => document.documentElement.classList.contains('djkb-large')")
    assert page.evaluate(SIZES)["overflow"] <= 0
    screenshot(page, "large-bundle-standard", PHONE)
    context.close()
