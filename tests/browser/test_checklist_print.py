"""自查表 on paper and on a phone: a print button; only the form prints; a sheet of up to 12 items fits one
A4 page (Chromium's own print to PDF, pages counted); on a phone each item is a card with its own 达到/未达到
and 情况说明 space."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from tests.browser.helpers import DESKTOP, PHONE, screenshot
from tests.conftest import ROOT, make_project, run_mkdocs_build
from tests.support.browser import CHROMIUM, serve

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium not installed"),
]
pytest.importorskip("playwright.sync_api")

# The longest requirements in the repository's standards have 50–63 characters; here every one of the twelve
# items has one that long.
LONG = "按规定程序组织实施，建立工作台账并逐项对照检查，发现问题限期整改到位，整改情况向党员群众公开并接受监督评议"


def _twelve_item_standard() -> str:
    items = "\n".join(
        f"  - id: item-{n}\n    title: 第{n}项工作要求落实到位情况\n    requirement: {LONG}" for n in range(1, 13)
    )
    return (
        textwrap.dedent(
            """\
        id: twelve-items
        name: 十二项工作规范
        summary: 用于检验自查表排版的十二项规范。
        category: 阵地建设
        domains:
          - 农村
        org_types:
          - 村党组织
        level: 县级
        issuer: "**县委"
        items:
        """
        )
        + items
        + "\nyear: 2023\nsources:\n  - county-hundred-days-speech\n"
    )


@pytest.fixture(scope="module")
def sheets_url(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("sheets"), ROOT / "data")
    (project / "data" / "standards" / "twelve-items.yml").write_text(_twelve_item_standard(), encoding="utf-8")
    result = run_mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    with serve(project / "site") as url:
        yield url


def _pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![a-z])", pdf))


@pytest.mark.parametrize("standard", ["twelve-items", "hundred-days-responsibility", "village-position-nine-haves"])
def test_sheet_prints_on_one_a4_page(sheets_url, browser, standard):
    context = browser.context(DESKTOP)
    page = context.new_page()
    page.goto(f"{sheets_url}checklists/{standard}/")
    rows = page.locator(".djkb-checklist tbody tr").count()
    assert rows <= 12
    button = page.get_by_role("button", name="打印自查表")
    assert button.is_visible()
    page.evaluate("() => { window.djkbPrinted = 0; window.print = () => { window.djkbPrinted++; }; }")
    button.click()
    assert page.evaluate("() => window.djkbPrinted") == 1

    page.emulate_media(media="print")
    # Only the form: no header, tabs, sidebars, hints, button or breadcrumbs; no underlined terms or links.
    for selector in (
        ".md-header",
        ".md-tabs",
        ".md-sidebar",
        ".djkb-checklist-intro",
        ".djkb-print",
        ".md-footer",
        ".djkb-search",
    ):
        assert all(not box.is_visible() for box in page.locator(selector).all()), selector
    decorated = page.evaluate(
        "() => [...document.querySelectorAll('.md-content a')].filter(a => getComputedStyle(a).textDecorationLine !== 'none').length"
    )
    assert decorated == 0
    assert page.locator(".djkb-checklist table").is_visible()
    pdf = page.pdf(format="A4", prefer_css_page_size=True)
    page.set_viewport_size({"width": 680, "height": 1000})  # A4's text width, to look at
    page.screenshot(path=str(screenshot_path(standard)), full_page=True)
    assert _pdf_pages(pdf) == 1, f"{standard}: {rows} items on {_pdf_pages(pdf)} pages"
    context.close()


def screenshot_path(standard: str) -> Path:
    path = ROOT / "test-artifacts" / "pages" / f"print-checklist-{standard}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def test_sheet_on_a_phone_is_one_card_per_item(sheets_url, browser):
    context = browser.context(PHONE)
    page = context.new_page()
    page.goto(f"{sheets_url}checklists/twelve-items/")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE.width
    cards = page.locator(".djkb-checklist tbody tr")
    assert cards.count() == 12
    for index in (0, 11):
        card = cards.nth(index).bounding_box()
        assert card["width"] > PHONE.width * 0.8, card  # full width, not a squeezed table row
        answer = cards.nth(index).locator("td").nth(-2)
        assert "达到" in answer.inner_text() and "未达到" in answer.inner_text()
        notes = cards.nth(index).locator("td").last
        label = notes.evaluate("td => getComputedStyle(td, '::before').content")
        assert "情况说明" in label
        assert notes.bounding_box()["height"] >= 60  # room to write
    screenshot(page, "checklist-cards", PHONE)
    context.close()
