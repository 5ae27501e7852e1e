"""Search on the real site built from the repository data, in headless Chromium with no network.

Every record in data/ must be findable: its name (and each alias) finds its own page.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from djkb.data.pipeline import load_corpus
from tests.conftest import ROOT
from tests.support.browser import CHROMIUM, isolated_browser, serve

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium not installed"),
]


@pytest.fixture(scope="module")
def site_page(repo_site):
    with serve(repo_site) as base, isolated_browser() as (context, blocked):
        page = context.new_page()
        page.set_default_timeout(15_000)
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(base + "standards/")
        yield page
        assert errors == []
        assert blocked == [], f"requests to other hosts: {blocked}"


def test_every_record_name_and_alias_finds_its_own_page(site_page):
    corpus = load_corpus(ROOT / "data")
    queries = []
    for kind, record in corpus.all_records():
        for name in [record.display_name, *getattr(record, "aliases", [])]:
            queries.append((name, f"{kind}/{record.id}/"))
    found = site_page.evaluate(
        """async (queries) => {
            const out = [];
            for (const [query, location] of queries) {
                const results = await djkbSearch(query, {limit: 0});
                out.push(results.some(r => r.location === location));
            }
            return out;
        }""",
        queries,
    )
    missing = [q for q, ok in zip(queries, found) if not ok]
    assert missing == []
    assert len(queries) >= corpus.count()


def test_typing_in_the_header_search_box_lists_the_standard_first(site_page):
    site_page.keyboard.press("/")
    site_page.keyboard.type("九有标准")
    first = site_page.locator(".djkb-search__title").first
    first.wait_for()
    assert first.inner_text() == "九有标准"
    site_page.keyboard.press("Enter")
    site_page.wait_for_url("**/standards/village-position-nine-haves/**")
    assert site_page.locator("h1").first.inner_text().startswith("九有标准")
