"""The home page as a cadre meets it: the named examples and brands link their pages (found in the data by
name or alias), a search field in the page on a phone, the title once."""

from __future__ import annotations

from pathlib import Path

import pytest

from djkb.data.pipeline import load_corpus
from djkb.pages.render import find_named
from tests.browser.helpers import DESKTOP, PHONE, screenshot
from tests.conftest import ROOT
from tests.support.browser import CHROMIUM

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium not installed"),
]
pytest.importorskip("playwright.sync_api")


@pytest.mark.parametrize(
    ("kind", "name"),
    [("standards", "一厅六室"), ("standards", "九有标准"), ("brands", "党旗引航"), ("brands", "美丽工程")],
)
def test_named_examples_link_their_pages(site_url, browser, kind, name):
    corpus = load_corpus(ROOT / "data", root=ROOT)
    record_id = find_named(corpus, kind, name)
    assert record_id, name
    context = browser.context(DESKTOP)
    page = context.new_page()
    page.goto(site_url)
    assert page.title() == "党建品牌知识库"
    page.locator(".md-content .grid.cards a", has_text=name).first.click()
    page.wait_for_url(f"**/{kind}/{record_id}/")
    assert page.locator("h1").first.inner_text().strip() == corpus.records(kind)[record_id].display_name
    assert page.title() == f"{corpus.records(kind)[record_id].display_name} - 党建品牌知识库"
    assert page.locator(".md-content__button").count() == 0  # no edit button while no repository is set
    context.close()


def test_phone_has_a_search_field_in_the_page(site_url, browser):
    context = browser.context(PHONE)
    page = context.new_page()
    page.goto(site_url)
    field = page.locator(".md-content").get_by_role("searchbox", name="搜索知识库")
    assert field.is_visible()
    assert field.bounding_box()["y"] < PHONE.height  # on the first screen
    screenshot(page, "home-search-field", PHONE)
    field.tap()
    page.keyboard.type("九有")
    result = page.locator(".djkb-search__results a", has_text="九有标准").first
    result.wait_for(state="visible")
    result.click()
    # a result link carries the words to highlight on the opened page (?h=…)
    page.wait_for_url(lambda url: "/standards/village-position-nine-haves/" in url)
    context.close()


def test_desktop_keeps_the_header_field_only(site_url, browser):
    context = browser.context(DESKTOP)
    page = context.new_page()
    page.goto(site_url)
    assert not page.locator(".djkb-home-search").is_visible()
    assert page.locator(".md-header .djkb-search__input").is_visible()
    context.close()
