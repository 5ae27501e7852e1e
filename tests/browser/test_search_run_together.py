"""Queries typed without spaces, in a real headless Chromium over http and from file://: splitting into words
(with and without Intl.Segmenter), every word required, the ranking rules, partial matches, type labels and
highlighting in snippets and on the opened page."""

from __future__ import annotations

from pathlib import Path

import pytest

from djkb.search import SearchExpansion
from tests.support.browser import CHROMIUM
from tests.support.testsite import loc, page_file

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium not installed")
pytest.importorskip("playwright.sync_api")

FAR = "<p>" + "本段介绍工作背景和总体安排。" * 12 + "</p>"
PAGES = [
    # The exact phrase, in the text of a page whose title says nothing of it.
    (
        "standards/phrase/",
        "阵地验收细则",
        "<h1>阵地验收细则</h1><p>按照村级阵地建设标准逐项验收。</p>",
        ["阵地验收细则"],
    ),
    # Every word, close together in one paragraph (not the phrase).
    (
        "cases/near/",
        "**县提升服务",
        "<h1>**县提升服务</h1><p>对照标准推进村级阵地建设，统一标识。</p>",
        ["**县提升服务"],
    ),
    # Two words in the title, the others far apart in the text.
    (
        "brands/title/",
        "村级阵地提升行动",
        f"<h1>村级阵地提升行动</h1><p>年度建设任务。</p>{FAR}<p>验收标准见附件。</p>",
        ["村级阵地提升行动"],
    ),
    # Every word, far apart in the text only.
    (
        "cases/prose/",
        "**镇年度工作",
        f"<h1>**镇年度工作</h1><p>推进村级组织建设。</p>{FAR}<p>阵地管理。</p>{FAR}<p>考核标准。</p>",
        ["**镇年度工作"],
    ),
    # One word only in a list of other records (a mention).
    (
        "glossary/mention/",
        "阵地",
        '<h1>阵地</h1><p>村级阵地建设的统称。</p><h2>相关术语</h2><ul><li><a href="../x/">标准</a></li></ul>',
        ["阵地"],
    ),
    # The home page and the guide hold the phrase itself.
    ("", "党建品牌知识库", "<h1>党建品牌知识库</h1><p>例如搜索村级阵地建设标准。</p>", []),
    ("guide/", "使用说明", "<h1>使用说明</h1><p>输入村级阵地建设标准即可查找。</p>", []),
    ("glossary/shyk/", "三会一课", "<h1>三会一课</h1><p>支部党员大会、支部委员会、党小组会和党课。</p>", ["三会一课"]),
    ("standards/shyk/", "三会一课制度", "<h1>三会一课制度</h1><p>各支部要认真落实三会一课。</p>", ["三会一课制度"]),
    (
        "cases/points/",
        "党员积分评星",
        "<h1>党员积分评星</h1><h2>做法</h2><p>对党员实行积分管理，按季度评星。</p>",
        ["党员积分评星"],
    ),
    ("cases/rectify/", "**街道攻坚", "<h1>**街道攻坚</h1><p>集中整顿软弱涣散党组织，逐村销号。</p>", ["**街道攻坚"]),
    ("cases/weak/", "**县排查", "<h1>**县排查</h1><p>排查软弱涣散村，建立台账。</p>", ["**县排查"]),
]
EXPANSIONS = [
    SearchExpansion("三会一课", (), ("支部党员大会", "支部委员会", "党小组会", "党课"), "glossary/shyk/"),
    SearchExpansion("软弱涣散", ("软弱涣散党组织",), (), ""),
]
WORDS = ["村级", "阵地", "建设", "标准"]
ORDER = ["standards/phrase/", "cases/near/", "brands/title/", "cases/prose/", "glossary/mention/"]


# `browser_env` and `env` (tests/browser/conftest.py) serve PAGES and EXPANSIONS of this module.


def open_page(env, location: str = "cases/points/", page=None):
    page = page or env["page"]
    page.goto(env["base"] + page_file(loc(env, location)))
    page.evaluate("djkbSearch.engine.ready()")
    return page


def api(page, query: str, limit: int = 10) -> dict:
    return page.evaluate(
        "async ([q, n]) => { const r = await djkbSearch(q, {limit: n});"
        " return {match: r.match, words: r.words, results: r.map(x => ({...x}))}; }",
        [query, limit],
    )


def locations(env, answer: dict) -> list[str]:
    return [r["location"] for r in answer["results"]]


def type_query(page, query: str) -> None:
    page.fill(".djkb-search__input", "")
    page.focus(".djkb-search__input")
    page.keyboard.type(query)
    page.wait_for_function(
        "q => { const p = document.querySelector('.djkb-search__panel');"
        " return !p.hidden && p.getAttribute('data-query') === q; }",
        arg=query,
    )


def test_run_together_query_finds_pages_holding_every_word_in_rank_order(env):
    page = open_page(env)
    answer = api(page, "村级阵地建设标准")
    assert answer["match"] == "full"
    assert answer["words"] == ["村级", "阵地", "建设", "标准"]
    got = locations(env, answer)
    # exact phrase, words close together, words in the title, words apart in the text, a word only in a list of
    # other records; the home page and the guide (which hold the phrase) after every record
    assert got[:5] == [loc(env, x) for x in ORDER]
    assert got[5:] == [loc(env, ""), loc(env, "guide/")] or got[5:] == [loc(env, "guide/"), loc(env, "")]
    assert all(r["match"] == "full" for r in answer["results"])
    assert {r["label"] for r in answer["results"]} == {"标准", "案例", "品牌", "术语", "首页", "使用说明"}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("党员积分管理", ["cases/points/"]),
        ("软弱涣散党组织整顿", ["cases/rectify/"]),
        ("整顿软弱涣散", ["cases/rectify/"]),
        ("三会一课落实", ["standards/shyk/"]),  # a glossary term and a word
        ("shyk落实", ["standards/shyk/"]),  # pinyin initials inside a run-together query
        ("shyk", ["glossary/shyk/", "standards/shyk/"]),
        ("党员 积分", ["cases/points/"]),  # typed spaces still separate words
    ],
)
def test_run_together_queries(env, query, expected):
    page = open_page(env)
    answer = api(page, query)
    assert answer["match"] == "full"
    assert locations(env, answer) == [loc(env, x) for x in expected]


def test_without_intl_segmenter_the_fallback_finds_the_same_pages(env):
    reference = open_page(env)
    page = env["context"].new_page()
    try:
        page.add_init_script("delete Intl.Segmenter;")
        open_page(env, page=page)
        assert page.evaluate("typeof Intl.Segmenter") == "undefined"
        for query in ["村级阵地建设标准", "党员积分管理", "软弱涣散党组织整顿", "三会一课落实", "shyk落实"]:
            with_segmenter = api(reference, query)
            without = api(page, query)
            assert without["match"] == "full" and locations(env, without) == locations(env, with_segmenter), query
        # A run the word list does not know: kept whole when short, in character pairs when long.
        assert page.evaluate("djkbSearch.engine.split('镇镇乡乡').words") == ["镇镇乡乡"]
        assert page.evaluate("djkbSearch.engine.split('镇镇乡乡村村').words") == ["镇镇", "乡乡", "村村"]
    finally:
        page.close()


def test_intl_segmenter_splits_what_the_word_list_does_not_know(env):
    page = open_page(env)
    # Neither word is on the site: the browser's segmenter splits them (single characters stay together).
    words = page.evaluate("djkbSearch.engine.split('蝴蝶飞舞').words")
    assert "".join(words) == "蝴蝶飞舞" and len(words) >= 2


def test_partial_matches_when_no_page_holds_every_word(env):
    page = open_page(env)
    answer = api(page, "党员积分超市兑换")
    assert answer["match"] == "partial"
    got = locations(env, answer)
    assert got[0] == loc(env, "cases/points/")  # holds 党员 and 积分: the most words
    assert all(r["match"] == "partial" for r in answer["results"])
    type_query(page, "党员积分超市兑换")
    status = page.locator(".djkb-search__status").inner_text()
    assert "没有同时包含全部词语的结果，以下结果包含其中部分词语" in status
    assert page.locator(".djkb-search__panel").get_attribute("data-match") == "partial"
    # Empty only when no word occurs anywhere.
    assert api(page, "量子引力波")["results"] == []
    type_query(page, "量子引力波")
    assert "没有找到" in page.locator(".djkb-search__status").inner_text()


def test_results_show_type_label_and_highlight_every_word_in_snippet_and_opened_page(env):
    page = open_page(env)
    type_query(page, "村级阵地建设标准")
    first = page.locator(".djkb-search__result").first
    assert first.locator(".djkb-search__label").inner_text() == "标准"
    near = page.locator(".djkb-search__result").nth(1)
    marked = near.locator(".djkb-search__snippet mark").all_inner_texts()  # adjacent words share one mark
    assert all(any(word in m for m in marked) for word in WORDS) and "".join(marked) == "标准村级阵地建设"
    with page.expect_navigation():
        near.locator("a").click()
    assert page.url.split("?")[0].endswith(page_file(loc(env, "cases/near/")).replace("index.html", ""))
    highlighted = page.locator("article mark.djkb-search-hl").all_inner_texts()
    assert all(any(word in m for m in highlighted) for word in WORDS)
    assert "".join(page.locator("article p").first.all_inner_texts()) == "对照标准推进村级阵地建设，统一标识。"
