"""Glossary explanations on touch screens: a tap opens a popover that stays until dismissed, with a link to
the term's page; a second tap on the term follows it. On desktop Material's hover tooltip is readable size."""

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

CASE = "cases/county-position-upgrade/"


def test_tap_opens_a_popover_until_dismissed(site_url, browser):
    context = browser.context(PHONE)
    page = context.new_page()
    page.goto(site_url + CASE)
    term = page.locator(".md-content a.djkb-term").first
    name = term.inner_text().strip()
    term_href = term.evaluate("a => a.href")
    term.scroll_into_view_if_needed()
    term.tap()
    pop = page.get_by_role("dialog", name=f"术语解释：{name}")
    assert pop.is_visible()
    assert page.url.endswith(CASE)  # the tap did not leave the page
    assert term.get_attribute("aria-expanded") == "true"
    size = pop.locator("p").evaluate("p => parseFloat(getComputedStyle(p).fontSize)")
    assert size >= 15, size
    assert len(pop.locator("p").inner_text()) > len(name) + 5  # the explanation itself
    box = pop.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE.width
    screenshot(page, "term-popover", PHONE)
    assert run_axe(page) == []

    page.wait_for_timeout(1500)
    assert pop.is_visible()  # stays open: no timer, no hover needed

    pop.get_by_role("button", name="关闭解释").tap()
    assert page.locator(".djkb-term-pop").count() == 0
    term.tap()
    page.locator(".md-content p").first.tap()  # a tap elsewhere closes it too
    assert page.locator(".djkb-term-pop").count() == 0

    # The term page is reachable from the popover, and by tapping the term a second time.
    term.tap()
    pop.get_by_role("link").tap()
    page.wait_for_url(term_href)
    page.go_back()
    page.wait_for_url("**/" + CASE)
    term = page.locator(".md-content a.djkb-term").first
    term.tap()
    term.tap()
    page.wait_for_url(term_href)
    context.close()


def test_desktop_hover_tooltip_is_readable(site_url, browser):
    context = browser.context(DESKTOP)
    page = context.new_page()
    page.goto(site_url + CASE)
    term = page.locator(".md-content a.djkb-term").first
    term.hover()
    tip = page.locator("[role=tooltip] .md-tooltip2__inner, .md-tooltip__inner").first
    tip.wait_for(state="visible")
    size, weight = tip.evaluate("e => [parseFloat(getComputedStyle(e).fontSize), getComputedStyle(e).fontWeight]")
    assert size >= 14 and weight == "400", (size, weight)
    assert page.locator(".djkb-term-pop").count() == 0  # hover devices keep Material's tooltip, no popover
    context.close()
