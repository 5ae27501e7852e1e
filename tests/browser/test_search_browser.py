"""Search in a real headless Chromium (Debian's /usr/bin/chromium), over http and from file://.

A small site is written with tests.support.testsite (pages with Material-like headers + the real search assets
and index). Every request that is not file: or 127.0.0.1 is blocked and recorded; none may happen.
"""

from __future__ import annotations

import base64
import random
import shutil
import zlib
from pathlib import Path

import pytest

from djkb.search import SearchExpansion
from djkb.search.indexer import compress_payload
from djkb.search.text import fold, html_to_text, normalize_line
from tests.support.browser import CHROMIUM
from tests.support.testsite import DemoPage, loc, page_file, write_site

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium not installed")
pytest.importorskip("playwright.sync_api")

PAGES = [
    ("", "党建品牌知识库", "<h1>党建品牌知识库</h1><p>汇集基层党建标准规范、品牌项目和典型案例。</p>", ()),
    (
        "glossary/three-meetings-one-lesson/",
        "三会一课",
        "<h1>三会一课</h1><p>定期召开支部党员大会、支部委员会、党小组会，按时上好党课。</p>",
        ("三会一课",),
    ),
    (
        "standards/three-meetings-one-lesson/",
        "三会一课制度",
        "<h1>三会一课制度</h1><p>党支部每季度召开一次党员大会。</p><ul><li>党费</li><li>收缴</li></ul>",
        ("三会一课制度", "三会一课"),
    ),
    (
        "brands/party-flag-leading/",
        "党旗引航工程",
        "<h1>党旗引航工程</h1><p>规范落实“三会一课”，村级阵地按“九有标准”建设。</p>",
        ("党旗引航工程",),
    ),
    (
        "cases/components-only/",
        "**村组织生活规范化",
        "<h1>**村组织生活规范化</h1><p>每月召开支部委员会和党小组会，每季度召开支部党员大会，书记讲党课。</p>",
        ("**村组织生活规范化",),
    ),
    (
        "cases/hotline/",
        "党员服务热线",
        "<h1>党员服务热线</h1><p>开通 <strong>1237</strong>1 党员服务热线，Party Building 线上办。党费按月\n交纳。</p>"
        "<script>var hidden = '隐藏脚本词';</script>",
        ("党员服务热线",),
    ),
    (
        "cases/full-width/",
        "全角号码",
        "<h1>全角号码</h1><p>拨打１２３７１咨询；软弱涣散党组织整顿。</p>",
        ("全角号码",),
    ),
]
EXPANSIONS = [
    SearchExpansion(
        "三会一课", (), ("支部党员大会", "支部委员会", "党小组会", "党课"), "glossary/three-meetings-one-lesson/"
    ),
    SearchExpansion("软弱涣散", ("软弱涣散党组织",), (), ""),
]


# `browser_env` and `env` (tests/browser/conftest.py) serve PAGES and EXPANSIONS of this module.


def open_page(env, location: str = "cases/hotline/"):
    page = env["page"]
    page.goto(env["base"] + page_file(loc(env, location)))
    return page


def api(page, query: str, limit: int = 10) -> list[str]:
    return [r["location"] for r in page.evaluate("([q, n]) => djkbSearch(q, {limit: n})", [query, limit])]


def type_query(page, query: str):
    if not page.evaluate("document.activeElement.classList.contains('djkb-search__input')"):
        page.keyboard.press("/")  # the shortcut focuses the search box
    page.keyboard.type(query)
    page.wait_for_function(
        "q => { const p = document.querySelector('.djkb-search__panel');"
        " return !p.hidden && p.getAttribute('data-query') === q; }",
        arg=query,
    )
    return [a.inner_text() for a in page.locator(".djkb-search__title").all()]


def test_typing_in_visible_box_shows_ranked_results(env):
    page = open_page(env)
    titles = type_query(page, "三会一课")
    assert titles[0] == "三会一课"  # exact title first
    assert titles[1] == "三会一课制度"  # name/alias match next
    assert set(titles) >= {"党旗引航工程", "**村组织生活规范化"}  # literal and glossary components
    marks = page.locator(".djkb-search__result").first.locator("mark").all_inner_texts()
    assert "三会一课" in marks
    assert "找到 4 个页面" in page.locator(".djkb-search__status").inner_text()


def test_keyboard_navigation_and_escape(env):
    page = open_page(env)
    type_query(page, "12371")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    active = page.locator(".djkb-search__result--active .djkb-search__title").inner_text()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.title().startswith(active)
    page.keyboard.press("s")
    assert page.evaluate("document.activeElement.className").startswith("djkb-search__input")
    page.keyboard.type("党")
    page.wait_for_selector(".djkb-search__result")
    page.keyboard.press("Escape")
    assert page.locator(".djkb-search__panel").is_hidden()


def test_no_result_and_relaxed_messages(env):
    page = open_page(env)
    type_query(page, "量子引力")  # no word of it occurs anywhere
    assert "没有找到" in page.locator(".djkb-search__status").inner_text()
    page.fill(".djkb-search__input", "")
    titles = type_query(page, "服务热线12371")  # not contiguous anywhere; every word is on one page
    assert "找到 1 个页面（按词语：服务、热线、12371）" in page.locator(".djkb-search__status").inner_text()
    assert titles == ["党员服务热线"]
    page.fill(".djkb-search__input", "")
    titles = type_query(page, "党费热线减免")  # no page holds every word
    assert "没有同时包含全部词语的结果，以下结果包含其中部分词语" in page.locator(".djkb-search__status").inner_text()
    assert titles[0] == "党员服务热线"  # holds two of the three words


def test_mobile_toggle_opens_search(env):
    page = env["page"]
    page.set_viewport_size({"width": 390, "height": 800})
    try:
        open_page(env)
        assert page.locator(".djkb-search__input").is_hidden()
        page.click(".djkb-search__toggle")
        assert page.locator(".djkb-search__input").is_visible()
        titles = type_query(page, "dangqiyinhang")
        assert titles == ["党旗引航工程"]
    finally:
        page.set_viewport_size({"width": 1280, "height": 800})


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("党费", ["standards/three-meetings-one-lesson/", "cases/hotline/"]),
        ("12371", ["cases/hotline/", "cases/full-width/"]),
        ("１２３７１", ["cases/hotline/", "cases/full-width/"]),
        ("party building", ["cases/hotline/"]),
        ("PARTY", ["cases/hotline/"]),
        ("党费 12371", ["cases/hotline/"]),
        ("按月交纳", ["cases/hotline/"]),  # line break inside a Chinese sentence
        ("费收", []),  # list items are separate blocks
        ("隐藏脚本词", []),  # script text is not page text
        ("软弱涣散", ["cases/full-width/"]),
        ("shyk", ["glossary/three-meetings-one-lesson/", "standards/three-meetings-one-lesson/"]),
        ("san hui yi ke", ["glossary/three-meetings-one-lesson/", "standards/three-meetings-one-lesson/"]),
        ("dqyh", ["brands/party-flag-leading/"]),
    ],
)
def test_api_results(env, query, expected):
    page = open_page(env, "")
    got = api(page, query, 0)
    want = [loc(env, e) for e in expected]
    assert got[: len(want)] == want if query in ("shyk", "san hui yi ke") else sorted(got) == sorted(want)


def test_every_substring_is_found(env):
    """Random substrings of every page's text (1–8 characters, within a block) always find that page."""
    page = open_page(env)
    rng = random.Random(4)
    cases = []
    for location, title, html, _ in PAGES:
        blocks = [b for b in fold(normalize_line(title) + "\n" + html_to_text(html)).split("\n") if b]
        for _ in range(12):
            block = rng.choice(blocks)
            size = rng.randint(1, min(8, len(block)))
            start = rng.randint(0, len(block) - size)
            word = block[start : start + size].strip()
            if word and " " not in word:
                cases.append((word, loc(env, location)))
    results = page.evaluate(
        "async (qs) => { const out = []; for (const q of qs) out.push((await djkbSearch(q, {limit: 0})).map(r => r.location)); return out; }",
        [q for q, _ in cases],
    )
    missing = [(q, location) for (q, location), got in zip(cases, results) if location not in got]
    assert missing == []


def test_api_exists_on_every_page_and_links_resolve(env):
    for location, title, _, _ in PAGES:
        page = open_page(env, location)
        hits = page.evaluate("djkbSearch(document.title.split(' - ')[0], {limit: 1})")
        assert hits[0]["title"] == normalize_line(title)
        href = page.evaluate("l => djkbSearch.engine.hrefFor(l)", hits[0]["location"])
        assert href == env["base"] + loc(env, location)


def test_missing_index_reports_error(env, tmp_path):
    broken = tmp_path / "broken"
    shutil.copytree(env["root"], broken)
    for shard in (broken / "assets/djkb/search").glob("shard-*.js"):
        shard.unlink()
    page = env["page"]
    page.goto((broken / page_file(loc(env, "cases/hotline/"))).as_uri())
    message = page.evaluate("djkbSearch('党').then(() => 'ok', e => e.message)")
    assert "搜索索引加载失败" in message


# -- prefilter and ranking shortcuts (many pages, random text) ------------------------------------------

RANDOM_ALPHABET = (
    "党建引领支部委员会组织生活规范服务群众村社区书记项目阵地工作机制的一是在和" + "AaBb12" + "，（）" + "𠀀𠀁"
)


def _random_pages(count: int, seed: int = 11) -> list[DemoPage]:
    rng = random.Random(seed)

    def text(n: int) -> str:
        return "".join(rng.choice(RANDOM_ALPHABET) for _ in range(n))

    pages = []
    for i in range(count):
        title = text(rng.randint(3, 9))
        blocks = "".join(f"<p>{text(rng.randint(5, 120))}</p>" for _ in range(rng.randint(1, 4)))
        pages.append(
            DemoPage(
                f"p/{i:03d}/",
                title,
                f"<h1>{title}</h1>{blocks}<ul><li>{text(8)}</li></ul>",
                [text(rng.randint(2, 6))] if i % 3 == 0 else [],
            )
        )
    return pages


@pytest.fixture(scope="module")
def random_site(browser_env, tmp_path_factory):
    """A site of 150 pages of random text (no glossary): ground truth is a plain substring test."""
    root = tmp_path_factory.mktemp("site-random")
    pages = _random_pages(150)
    write_site(root, pages)
    _, context, _ = browser_env
    page = context.new_page()
    page.goto((root / page_file(pages[0].location)).as_uri())
    page.wait_for_function("djkbSearch.engine.stats().ready")
    hays = {}
    for p in pages:
        names = [fold(normalize_line(n)) for n in p.names]
        hays[p.location] = "\n".join([fold(normalize_line(p.title)), *names, fold(html_to_text(p.html))])
    rng = random.Random(5)
    queries = []
    for _ in range(400):
        blocks = [b for b in rng.choice(list(hays.values())).split("\n") if b]
        block = rng.choice(blocks)
        size = rng.randint(1, min(10, len(block)))
        start = rng.randint(0, len(block) - size)
        queries.append(block[start : start + size])
    queries += ["".join(rng.choice(RANDOM_ALPHABET) for _ in range(rng.randint(2, 5))) for _ in range(100)]
    queries = [q for q in dict.fromkeys(q.strip() for q in queries) if q and " " not in q]
    yield page, hays, queries
    page.close()


CANDIDATES_JS = "(qs) => qs.map(q => djkbSearch.engine.candidates(q))"
RESULTS_JS = """async ([qs, limits]) => { const out = [];
  for (const q of qs) { const r = {};
    for (const n of limits) { const a = await djkbSearch(q, {limit: n}); r[n] = a.map(x => x.location); r.match = a.match; }
    out.push(r); }
  return out; }"""


def test_prefilter_never_drops_a_page_that_contains_the_query(random_site):
    page, hays, queries = random_site
    engine = "djkbSearch.engine"
    page.evaluate(f"{engine}.prefilter.reset()")
    full = len(hays)
    narrowed = 0
    # Partly built (later pages must stay candidates), then complete.
    for built in (0, 1, 31, 32, 33, 100, full):
        page.evaluate(f"n => {engine}.prefilter.indexUpTo(n)", built)
        assert page.evaluate(f"{engine}.stats().prefilterPages") == built
        for query, candidates in zip(queries, page.evaluate(CANDIDATES_JS, queries)):
            containing = {loc for loc, hay in hays.items() if fold(query) in hay}
            assert containing <= set(candidates), (built, query)
            if built == full:
                narrowed += len(candidates) < full
    assert narrowed > len(queries) // 2  # the filter does narrow most queries down


def test_results_are_exact_and_limit_keeps_the_rank_order(random_site):
    """Every page holding every word of the query (each word: one of its alternatives) and no other; pages
    holding the query as typed first; a limit returns the first results of the full ranking (the shortcuts of
    top-k ranking change nothing). When no page holds every word, the answer is marked partial."""
    page, hays, queries = random_site
    page.evaluate("djkbSearch.engine.prefilter.reset(); djkbSearch.engine.prefilter.indexUpTo(1e9)")
    results = page.evaluate(RESULTS_JS, [queries, [0, 1, 3, 10]])
    groups = page.evaluate(
        "qs => qs.map(q => djkbSearch.engine.parseQuery(q).map(g => g.alts.map(a => [...a])))", queries
    )
    for query, got, alts in zip(queries, results, groups):
        containing = {loc for loc, hay in hays.items() if fold(query) in hay}
        holding = {loc for loc, hay in hays.items() if all(any(all(x in hay for x in alt) for alt in g) for g in alts)}
        assert containing <= holding, query
        if query.isascii():
            assert containing <= set(got["0"]), query
        elif holding:
            assert got["match"] == "full" and set(got["0"]) == holding, query
            assert set(got["0"][: len(containing)]) == containing, query
        else:
            assert got["match"] == "partial" and not containing, query
        for n in ("1", "3", "10"):
            assert got[n] == got["0"][: int(n)], (query, n)


# -- compressed index (format 2): shards are base64 of raw DEFLATE, inflated in the browser ---------------

# How the page inflates the index: browser setup (script run before the page's own) and the method expected.
BROWSERS = {
    "native": ("", "native"),  # DecompressionStream("deflate-raw")
    "option": ("window.djkbSearchOptions = {inflate: 'script'};", "script"),  # the vendored fflate, on request
    "no-stream": ("delete window.DecompressionStream;", "script"),  # browsers without it
    "gzip-only": (  # browsers whose DecompressionStream predates "deflate-raw"
        "(() => { const Native = window.DecompressionStream; window.DecompressionStream = function (format) {"
        " if (format === 'deflate-raw') throw new TypeError('Unsupported compression format: ' + format);"
        " return new Native(format); }; })();",
        "script",
    ),
}
INFLATE_METHODS = list(BROWSERS)


def open_with_inflate(env, browser: str, root: Path | None = None, location: str = "cases/hotline/"):
    """A fresh page set up as BROWSERS[browser]."""
    page = env["page"].context.new_page()
    page.set_default_timeout(10_000)
    page.errors = []
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    if BROWSERS[browser][0]:
        page.add_init_script(BROWSERS[browser][0])
    base = root.as_uri() + "/" if root else env["base"]
    page.goto(base + page_file(loc(env, location)))
    return page


@pytest.mark.parametrize("method", INFLATE_METHODS)
def test_page_text_only_in_a_compressed_shard_is_found(env, method):
    shards = list((env["root"] / "assets/djkb/search").glob("shard-*.js"))
    assert shards and not any("线上办".encode() in p.read_bytes() for p in shards)  # not stored as plain text
    page = open_with_inflate(env, method, location="")
    try:
        assert api(page, "线上办") == [loc(env, "cases/hotline/")]
        assert api(page, "dqyh") == [loc(env, "brands/party-flag-leading/")]  # the lexicon is compressed too
        stats = page.evaluate("djkbSearch.engine.stats()")
        assert stats["inflate"] == BROWSERS[method][1] and stats["pages"] == len(PAGES) and stats["error"] is None
        titles = type_query(page, "三会一课")
        assert titles[:2] == ["三会一课", "三会一课制度"]
        assert page.errors == []
    finally:
        page.close()
    assert env["blocked"] == []


@pytest.mark.parametrize("method", INFLATE_METHODS)
def test_damaged_shard_shows_a_chinese_message_in_the_search_box(env, method, tmp_path):
    broken = tmp_path / "broken"
    shutil.copytree(env["root"], broken)
    shard = sorted((broken / "assets/djkb/search").glob("shard-*.js"))[0]
    script = shard.read_text(encoding="utf-8")
    cut = script.rindex('");')
    shard.write_text(script[: cut - 40] + script[cut:], encoding="utf-8")  # a partly copied file
    page = open_with_inflate(env, method, root=broken)
    try:
        message = page.evaluate("djkbSearch('党').then(r => 'results: ' + r.length, e => e.message)")
        assert message.startswith("搜索索引文件已损坏，无法解压：" + shard.name), message
        page.keyboard.press("/")
        page.keyboard.type("党费")
        status = page.locator(".djkb-search__status")
        status.wait_for()
        page.wait_for_function("() => document.querySelector('.djkb-search__status').textContent.includes('损坏')")
        assert status.inner_text().startswith("搜索暂不可用：搜索索引文件已损坏")
        assert "请重新生成网站" in status.inner_text()
        assert page.locator(".djkb-search__result").count() == 0
        assert page.errors == []
    finally:
        page.close()


def test_index_of_another_format_version_is_refused(env, tmp_path):
    broken = tmp_path / "old"
    shutil.copytree(env["root"], broken)
    manifest = broken / "assets/djkb/search/manifest.js"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace('"version":4,', '"version":1,'), encoding="utf-8")
    page = open_with_inflate(env, "native", root=broken)
    try:
        message = page.evaluate("djkbSearch('党').then(() => 'ok', e => e.message)")
        assert message.startswith("搜索索引与搜索程序的版本不一致（索引 1，程序 4）"), message
    finally:
        page.close()


def test_shard_whose_text_does_not_decode_is_reported(env, tmp_path):
    """A shard that inflates to the announced size but holds bytes that are not UTF-16 text (a lone surrogate):
    the lenient decoding turns them into U+FFFD, which the index never holds raw, and the box reports damage."""
    broken = tmp_path / "bytes"
    shutil.copytree(env["root"], broken)
    shard = sorted((broken / "assets/djkb/search").glob("shard-*.js"))[0]
    head, packed, tail = shard.read_text(encoding="ascii").rsplit('"', 2)
    raw = zlib.decompress(base64.b64decode(packed), wbits=-15)
    at = next(i for i in range(0, len(raw), 2) if raw[i : i + 2] == "党".encode("utf-16-le"))  # a whole character
    damaged = raw[:at] + "\ud800".encode("utf-16-le", "surrogatepass") + raw[at + 2 :]
    assert len(damaged) == len(raw)
    shard.write_text(f'{head}"{compress_payload(damaged)}"{tail}', encoding="ascii")
    page = open_with_inflate(env, "native", root=broken)
    try:
        message = page.evaluate("djkbSearch('党').then(() => 'ok', e => e.message)")
        assert message.startswith("搜索索引文件已损坏，无法解压：" + shard.name), message
    finally:
        page.close()


def test_shard_script_cut_short_is_reported_not_waited_for(env, tmp_path):
    """A shard file cut in the middle (a failed copy) does not run at all: the box says so instead of loading forever."""
    broken = tmp_path / "cut"
    shutil.copytree(env["root"], broken)
    shard = sorted((broken / "assets/djkb/search").glob("shard-*.js"))[0]
    script = shard.read_text(encoding="utf-8")
    shard.write_text(script[: len(script) // 2], encoding="utf-8")
    page = open_with_inflate(env, "native", root=broken)
    try:
        message = page.evaluate("djkbSearch('党').then(() => 'ok', e => e.message)")
        assert message.startswith("搜索索引文件已损坏：" + shard.name + "。请重新生成网站"), message
        assert any("SyntaxError" in e or "Invalid or unexpected token" in e for e in page.errors), page.errors
    finally:
        page.close()
