"""Facets as a reader uses them: on a phone a tap shows the new count in a bar with a way to the results;
Back undoes a filter; 清除筛选 only with a filter set; on desktop the first case is on the first screen;
chips are read as “2023（6 个案例）”. Expected counts come from the loaded corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

from djkb.data.pipeline import load_corpus
from tests.browser.helpers import DESKTOP, PHONE, screenshot
from tests.conftest import ROOT
from tests.support.browser import CHROMIUM

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium not installed"),
]
pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def corpus():
    return load_corpus(ROOT / "data", root=ROOT)


def _visible_rows(page) -> int:
    return page.locator("table.djkb-listing tbody tr:not([hidden])").count()


def test_phone_tap_shows_count_bar_and_back_undoes(site_url, browser, corpus):
    year = max(case.year for case in corpus.cases.values())
    domain = "农村"
    in_year = sum(1 for case in corpus.cases.values() if case.year == year)
    in_both = sum(1 for case in corpus.cases.values() if case.year == year and case.domain == domain)
    total = len(corpus.cases)
    context = browser.context(PHONE)
    page = context.new_page()
    page.goto(site_url + "cases/")
    assert not page.locator(".djkb-clear").is_visible()  # nothing to clear yet
    assert not page.locator(".djkb-sticky").is_visible()

    page.locator('.djkb-facet[data-key="year"] > summary').click()
    chip = page.get_by_role("button", name=f"{year}（{in_year} 个案例）", exact=True)
    chip.click()
    bar = page.locator(".djkb-sticky")
    assert bar.is_visible()
    assert bar.locator(".djkb-sticky-count").inner_text() == f"筛选出 {in_year} / {total} 个案例"
    box = bar.bounding_box()
    assert box["y"] + box["height"] == pytest.approx(PHONE.height, abs=1)  # pinned to the bottom of the screen
    screenshot(page, "facets-phone-after-tap", PHONE)
    assert page.locator(".djkb-clear").is_visible()

    page.locator('.djkb-facet[data-key="domain"] > summary').click()
    page.locator(f'button.djkb-chip[data-key="domain"][data-value="{domain}"]').click()
    assert _visible_rows(page) == in_both
    bar.get_by_role("button", name="查看结果").click()
    assert not bar.is_visible()
    first_row = page.locator("table.djkb-listing tbody tr:not([hidden])").first.bounding_box()
    header = page.locator(".md-header").bounding_box()
    assert (
        header["y"] + header["height"] <= first_row["y"] < PHONE.height
    )  # the results are on screen, not under the header

    # Back undoes one filter at a time, then leaves the listing unfiltered (still on the listing).
    page.go_back()
    page.wait_for_function(
        f"() => document.querySelectorAll('table.djkb-listing tbody tr:not([hidden])').length === {in_year}"
    )
    assert page.url.endswith(f"cases/#year={year}")
    page.go_back()
    page.wait_for_function(
        f"() => document.querySelectorAll('table.djkb-listing tbody tr:not([hidden])').length === {total}"
    )
    assert page.url.endswith("cases/")
    assert not page.locator(".djkb-clear").is_visible()
    page.go_forward()
    page.wait_for_function(
        f"() => document.querySelectorAll('table.djkb-listing tbody tr:not([hidden])').length === {in_year}"
    )
    context.close()


def test_desktop_first_case_on_first_screen(site_url, browser):
    context = browser.context(DESKTOP)
    page = context.new_page()
    page.goto(site_url + "cases/")
    first_row = page.locator("table.djkb-listing tbody tr").first.bounding_box()
    assert first_row["y"] + 40 < DESKTOP.height, first_row  # at least the title line of the first case shows
    screenshot(page, "facets-desktop", DESKTOP)
    context.close()
