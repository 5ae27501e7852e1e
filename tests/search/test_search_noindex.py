"""The search index holds each page's own content, not its navigation to other records (``djkb-noindex``).

Lists of other records — related cases, back-links (cases applying a standard item, a brand's cases, a source's
citers) and the listing pages — are marked ``djkb-noindex`` in the templates and left out of the page's search
text, so that a case title finds the case and not every page that lists it.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest

from djkb.data.pipeline import load_corpus
from djkb.pages.render import INDEX_PAGES
from djkb.pages.sanitize import sanitize_html
from djkb.pages.urls import page_url
from djkb.search.indexer import read_index
from djkb.search.text import NOINDEX_CLASS, html_to_text, normalize, normalize_line
from tests.conftest import ROOT
from tests.support.browser import CHROMIUM, isolated_browser, serve
from tests.support.testsite import page_file

CASE_LISTING_LOCATIONS = {
    "cases/",
    "cases/by-domain/",
    "cases/by-region/",
    "cases/by-year/",
    "cases/by-brand/",
    "cases/by-standard/",
}


def index_rows(site: Path) -> dict[str, tuple[str, list[str], str]]:
    """location → (title, names, text) as written in the site's search shards (decoded)."""
    rows = {}
    for location, title, names, text, *_ in read_index(site)[1]:
        rows[location] = (title, names, text)
    return rows


class _LinkText(HTMLParser):
    """Text of a page split into link text (inside <a>) and everything else."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.other: list[str] = []
        self._in_link = 0

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self._in_link += 1
            self.links.append("\n")  # one link's text never runs into the next one's

    def handle_endtag(self, tag):
        if tag == "a" and self._in_link:
            self._in_link -= 1

    def handle_data(self, data):
        (self.links if self._in_link else self.other).append(data)


def link_and_other_text(html: str) -> tuple[str, str]:
    parser = _LinkText()
    parser.feed(html)
    return normalize("".join(parser.links)), normalize("\n".join(parser.other))


# -- text extraction and sanitiser ------------------------------------------------------------------------


def test_noindex_blocks_are_left_out_of_the_page_text():
    html = (
        "<h1>阵地建设案例</h1><p>本案例按九有标准建设村级阵地。</p>"
        f'<div class="{NOINDEX_CLASS}"><h2>相关案例</h2><ul><li><a href="../x/">另一个案例标题</a> <span>2023</span></li></ul></div>'
        f'<p class="{NOINDEX_CLASS}"><strong>应用本条的案例：</strong> <a href="#">第三个案例</a></p>'
        f'<div class="djkb-browse djkb-no-tooltips {NOINDEX_CLASS}"><table><tr><td>表格里的案例<br>摘要</td></tr></table></div>'
        f'<h2 class="{NOINDEX_CLASS}">按领域分组</h2><ul class="{NOINDEX_CLASS}"><li>列表里的案例</li></ul>'
        "<p>启示：阵地要用起来。</p>"
    )
    text = html_to_text(html)
    assert text.split("\n") == ["阵地建设案例", "本案例按九有标准建设村级阵地。", "启示：阵地要用起来。"]


def test_sanitiser_keeps_the_noindex_marker():
    """The sanitiser runs before the indexer: the marker must survive it on every element the templates mark."""
    inner = {
        "ul": "<li>其他记录的标题</li>",
        "table": "<tbody><tr><td>其他记录的标题</td></tr></tbody>",
        "details": "<summary>其他记录的标题</summary>",
    }
    for tag in ("div", "ul", "p", "h2", "details", "table"):
        html = f'<p>本页内容</p><{tag} class="djkb-timeline {NOINDEX_CLASS}">{inner.get(tag, "其他记录的标题")}</{tag}>'
        cleaned = sanitize_html(html)
        assert f'class="djkb-timeline {NOINDEX_CLASS}"' in cleaned, tag
        assert html_to_text(cleaned) == "本页内容", tag


# -- the site built from the repository data ---------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus():
    return load_corpus(ROOT / "data")


@pytest.fixture(scope="module")
def rows(repo_site):
    return index_rows(repo_site)


def test_a_case_title_is_indexed_on_its_own_page_and_not_on_pages_that_only_list_it(repo_site, rows, corpus):
    pages = {
        location: link_and_other_text(repo_site.joinpath(page_file(location)).read_text(encoding="utf-8"))
        for location in rows
    }
    listed = set()  # (case location, page location) where the page shows the title as link text only
    for case_id, case in corpus.cases.items():
        own = f"cases/{case_id}/"
        title = normalize_line(case.title)
        assert rows[own][0] == title and title in rows[own][2]
        for location, (link_text, other_text) in pages.items():
            if location != own and title in link_text and title not in other_text:
                listed.add((own, location))
    listers = {location for _, location in listed}
    # Every kind of page that lists cases is checked: listings, related cases, back-links, home.
    assert CASE_LISTING_LOCATIONS | {"", "standards/coverage/"} <= listers
    assert {location.split("/")[0] for location in listers} >= {"cases", "standards", "brands", "sources"}
    assert len(listed) > 10 * len(corpus.cases)
    found_in = sorted(
        (own, location)
        for own, location in listed
        if normalize_line(corpus.cases[own.split("/")[1]].title) in rows[location][2]
    )
    assert found_in == []


def test_related_cases_are_not_in_the_index(repo_site, rows, corpus):
    with_related = [
        f"cases/{case_id}/"
        for case_id in corpus.cases
        if "相关案例" in repo_site.joinpath(f"cases/{case_id}/index.html").read_text(encoding="utf-8")
    ]
    assert len(with_related) >= len(corpus.cases) // 2
    for location in with_related:
        assert "相关案例" not in rows[location][2], location
        assert "同品牌项目" not in rows[location][2] and "同领域" not in rows[location][2], location


def test_a_case_keeps_the_facts_about_itself(rows, corpus):
    """Domain, region, year, its brands and the standards and items it applies stay searchable on its page."""
    for case_id, case in corpus.cases.items():
        text = rows[f"cases/{case_id}/"][2]
        facts = [case.domain, case.region, str(case.year), case.org_type]
        facts += [corpus.brands[b].display_name for b in case.brands]
        facts += [corpus.standards[s].display_name for s in corpus.case_standards(case)]
        facts += [corpus.item_title(ref) for ref in case.standard_items]
        missing = [fact for fact in facts if normalize_line(fact) not in text]
        assert missing == [], case_id


def test_listing_pages_keep_their_title_and_introduction(rows, corpus):
    for path, _template, title in INDEX_PAGES:
        indexed_title, _names, text = rows[page_url(path, directory_urls=True)]
        assert indexed_title and title in text, path  # indexed title: the nav's label (首页, 全部案例…)
    assert f"共{len(corpus.cases)}个案例，按年份从新到旧排列。" in rows["cases/"][2]
    assert f"共{len(corpus.standards)}项标准规范" in rows["standards/"][2]
    assert "个条目已有案例" in rows["standards/coverage/"][2]


def test_standard_page_keeps_its_items_but_not_the_cases_applying_them(repo_site, rows, corpus):
    standard = corpus.standards["village-position-nine-haves"]
    html = repo_site.joinpath("standards/village-position-nine-haves/index.html").read_text(encoding="utf-8")
    text = rows["standards/village-position-nine-haves/"][2]
    assert "应用本条的案例：" in html and "应用本条的案例：" not in text
    for item in standard.items:
        assert normalize_line(item.title) in text
    for case_id in corpus.cases_by_standard["village-position-nine-haves"]:
        assert normalize_line(corpus.cases[case_id].title) in html
        assert normalize_line(corpus.cases[case_id].title) not in text


# -- the engine in Chromium ----------------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium not installed")
def test_search_for_a_case_title_finds_the_case_not_the_listings(repo_site, corpus):
    queries = []
    for case_id, case in corpus.cases.items():
        queries.append([case.title, f"cases/{case_id}/"])
        for standard_id in corpus.case_standards(case):  # “九有标准 **县”: a standard it applies + its own words
            queries.append([f"{corpus.standards[standard_id].display_name} {case.region}", f"cases/{case_id}/"])
    with serve(repo_site) as base, isolated_browser() as (context, blocked):
        page = context.new_page()
        page.goto(base + "cases/")
        results = page.evaluate(
            "async (qs) => { const out = []; for (const [q] of qs) out.push((await djkbSearch(q, {limit: 0})).map(r => r.location)); return out; }",
            queries,
        )
        assert blocked == []
    for (query, own), found in zip(queries, results):
        assert own in found, query
        if query == corpus.cases[own.split("/")[1]].title:
            assert found[0] == own, query
            assert not CASE_LISTING_LOCATIONS & set(found), (query, found)
