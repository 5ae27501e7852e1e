"""Browsing in a real headless Chromium, over http and from file://.

One real MkDocs build per mode (directory URLs over http; `use_directory_urls: false` for file://, as the
offline bundle is opened) of the sample data plus a few cases made here, so the facets have something to
narrow. Expected rows and counts are computed from the loaded corpus, never written down. Non-local requests
are blocked and must not happen. Screenshots go to test-artifacts/screenshots/.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
import textwrap
from pathlib import Path
from urllib.parse import parse_qsl, quote, urlsplit

import pytest

from djkb.data.pipeline import load_corpus
from djkb.pages.markdown import one_line
from tests.conftest import ROOT, make_project, run_mkdocs_build
from tests.support.browser import CHROMIUM, isolated_browser, serve
from tests.support.term_tips_checks import expected_tip

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium not installed"),
]
pytest.importorskip("playwright.sync_api")

SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
CASES_MADE_HERE = [
    # id, title, region, domain, year, org_type, brands, item refs, practice sentence
    (
        "village-meetings-rule",
        "**镇落实组织生活制度",
        "**县",
        "农村",
        2023,
        "村党组织",
        ["party-flag-leading"],
        ["three-meetings-one-lesson#committee"],
        "各村党支部严格落实三会一课制度，每月召开支委会。",
    ),
    (
        "village-flag-rebuild",
        "**村重建党员活动室",
        "**县",
        "农村",
        2022,
        "村党组织",
        [],
        ["village-position-nine-haves#party-flag"],
        "村里对照标准补齐党旗、桌椅和书柜。",
    ),
    (
        "town-lesson-series",
        "**镇开设流动党课",
        "**市",
        "农村",
        2023,
        "乡镇党委",
        ["party-flag-leading"],
        ["three-meetings-one-lesson#lesson", "village-position-nine-haves#activities"],
        "镇党委组织讲师下村讲党课，覆盖全部行政村。",
    ),
    (
        "community-life-meeting",
        "**社区规范组织生活会",
        "**区",
        "城市社区",
        2023,
        "社区党组织",
        [],
        ["three-meetings-one-lesson#org-life"],
        "社区党委按月召开组织生活会，开展批评和自我批评。",
    ),
    (
        "community-rectify",
        "**社区整顿后进支部",
        "**区",
        "城市社区",
        2022,
        "社区党组织",
        ["party-flag-leading"],
        [],
        "对排查出的后进支部逐个制定整顿方案，限期销号。",
    ),
]

# Tags typed in an order other than the facet's (pinyin), so a row with two values in a facet is tested too.
CASE_TAGS = {"town-lesson-series": ["流动讲堂", "党课"], "village-meetings-rule": ["党课"]}


def _case_yaml(case_id, title, region, domain, year, org_type, brands, items, practice) -> str:
    return textwrap.dedent(
        f"""\
        id: {case_id}
        title: "{title}"
        place: "{region}"
        region: "{region}"
        org_type: {org_type}
        domain: {domain}
        year: {year}
        brands: [{", ".join(brands)}]
        standard_items: [{", ".join(items)}]
        summary: "{practice[:12]}……"
        background: |
          部分基层党组织工作不够规范。
        practice: |
          {practice}
        results: |
          工作更加规范，原文未给出具体数字。
        lessons: |
          抓基层要对照标准、持之以恒。
        provenance: 据讲话材料整理
        status: 已审核
        submitted: "2024-0{year - 2020}-1{len(case_id) % 10}"
        sources: [county-hundred-days-speech]
        tags: [{", ".join(CASE_TAGS.get(case_id, []))}]
        """
    )


def _project(root: Path, directory_urls: bool) -> Path:
    project = make_project(root)
    for spec in CASES_MADE_HERE:
        (project / "data" / "cases" / f"{spec[0]}.yml").write_text(_case_yaml(*spec), encoding="utf-8")
    if not directory_urls:
        config = project / "mkdocs.yml"
        config.write_text(config.read_text(encoding="utf-8") + "\nuse_directory_urls: false\n", encoding="utf-8")
    result = run_mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    return project


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    http_project = _project(tmp_path_factory.mktemp("browse-http"), directory_urls=True)
    file_project = _project(tmp_path_factory.mktemp("browse-file"), directory_urls=False)
    corpus = load_corpus(http_project / "data")
    with serve(http_project / "site") as base, isolated_browser() as (context, blocked):
        yield (
            {"http": base, "file": (file_project / "site").as_uri() + "/"},
            corpus,
            context,
            blocked,
            file_project / "site",
        )
    assert blocked == [], f"non-local requests: {blocked}"


@pytest.fixture(params=["http", "file"])
def env(request, sites):
    bases, corpus, context, blocked, file_site = sites
    page = context.new_page()
    page.set_default_timeout(10_000)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield {"mode": request.param, "base": bases[request.param], "corpus": corpus, "page": page, "file_site": file_site}
    page.close()
    assert errors == []
    assert blocked == []


def url(env, src: str) -> str:
    """The address of a generated page (`cases/index.md`) in this mode."""
    stem = src[: -len(".md")]
    if env["mode"] == "file":
        return env["base"] + stem + ".html"
    if stem == "index":
        return env["base"]
    return env["base"] + (stem[: -len("index")] if stem.endswith("index") else stem + "/")


# A row's record id, from its link (`case-id/` over http, `case-id.html` from file://): rows carry no id attribute.
ROW_IDS = "rows => rows.filter(r => !r.hidden).map(r => r.querySelector('td a').getAttribute('href').replace(/(\\/|\\.html)$/, ''))"


def visible_ids(page) -> list[str]:
    return page.eval_on_selector_all(".djkb-listing tbody tr", ROW_IDS)


def chip(page, key: str, value: str):
    """A value's chip, its facet unfolded first as a reader does (on wide screens only the first facets are open)."""
    page.evaluate(
        "key => { const facet = document.querySelector(`.djkb-facet[data-key='${key}']`); if (facet) facet.open = true; }",
        key,
    )
    return page.locator(f'.djkb-chip[data-key="{key}"][data-value="{value}"]')


def chip_count(page, key: str, value: str) -> int:
    return int(chip(page, key, value).locator(".djkb-count").inner_text())


def newest_first(cases):
    from djkb.pages.sorting import pinyin_key

    return sorted(cases, key=lambda c: (-c.year, pinyin_key(c.title), c.id))


def choose_two_values(corpus):
    """A domain and a year whose combination is narrower than either alone (so AND is really tested)."""
    cases = list(corpus.cases.values())
    for domain in sorted({c.domain for c in cases}):
        for year in sorted({c.year for c in cases}):
            both = [c for c in cases if c.domain == domain and c.year == year]
            if (
                both
                and len(both) < len([c for c in cases if c.domain == domain])
                and len(both) < len([c for c in cases if c.year == year])
            ):
                return domain, year, newest_first(both)
    raise AssertionError("the test data has no narrowing domain × year pair")


def test_listing_is_complete_without_javascript(env):
    if env["mode"] != "file":
        pytest.skip("the page source is the same in both modes")
    page_html = (env["file_site"] / "cases" / "index.html").read_text(encoding="utf-8")
    ids = re.findall(r'<tr data-f="[0-9,;]*"><td><a href="([a-z0-9-]+)\.html">', page_html)
    assert sorted(ids) == sorted(env["corpus"].cases)


def test_two_facet_values_narrow_the_list_and_update_counts_and_url(env):
    page, corpus = env["page"], env["corpus"]
    domain, year, expected = choose_two_values(corpus)
    page.goto(url(env, "cases/index.md"))
    assert sorted(visible_ids(page)) == sorted(corpus.cases)
    assert page.locator(".djkb-status").inner_text() == f"共 {len(corpus.cases)} 个案例"

    chip(page, "domain", domain).click()
    in_domain = [c for c in corpus.cases.values() if c.domain == domain]
    assert sorted(visible_ids(page)) == sorted(c.id for c in in_domain)
    chip(page, "year", str(year)).click()
    assert visible_ids(page) == [c.id for c in expected]
    assert page.locator(".djkb-status").inner_text() == f"筛选出 {len(expected)} / {len(corpus.cases)} 个案例"

    # Counts: a chosen facet counts against the other choices; other facets count the shown rows.
    for other_year in {c.year for c in in_domain}:
        assert chip_count(page, "year", str(other_year)) == len([c for c in in_domain if c.year == other_year])
    for region in {c.region for c in expected}:
        assert chip_count(page, "region", region) == len([c for c in expected if c.region == region])
    assert chip(page, "domain", domain).get_attribute("aria-pressed") == "true"
    absent_regions = {c.region for c in corpus.cases.values()} - {c.region for c in expected}
    for region in absent_regions:
        assert chip(page, "region", region).is_hidden()
    # A facet none of whose values is left among the shown rows disappears as a whole.
    if not any(c.brands for c in expected):
        assert page.locator('.djkb-facet[data-key="brand"]').is_hidden()
    assert page.locator('.djkb-facet[data-key="domain"]').is_visible()

    # The URL carries the state, and opening it elsewhere shows the same view.
    assert f"domain={quote(domain)}" in page.url and f"year={year}" in page.url
    shared = page.context.new_page()
    shared.goto(page.url)
    assert visible_ids(shared) == [c.id for c in expected]
    assert chip(shared, "year", str(year)).get_attribute("aria-pressed") == "true"
    shared.close()

    chip(page, "domain", domain).click()  # unselect: back to the year alone
    assert sorted(visible_ids(page)) == sorted(c.id for c in corpus.cases.values() if c.year == year)
    assert "domain=" not in page.url


def test_query_string_links_open_a_filtered_view(env):
    page, corpus = env["page"], env["corpus"]
    case = next(iter(corpus.cases.values()))
    page.goto(url(env, f"cases/{case.id}.md"))
    page.locator(".djkb-facts a", has_text=case.domain).first.click()
    page.wait_for_selector(".djkb-status")
    assert sorted(visible_ids(page)) == sorted(c.id for c in corpus.cases.values() if c.domain == case.domain)


def test_csv_download_contains_the_filtered_rows(env, tmp_path):
    page, corpus = env["page"], env["corpus"]
    domain, year, expected = choose_two_values(corpus)
    page.goto(url(env, "cases/index.md") + f"#domain={quote(domain)}&year={year}")
    assert visible_ids(page) == [c.id for c in expected]
    with page.expect_download() as info:
        page.locator(".djkb-csv").click()
    target = tmp_path / "rows.csv"
    info.value.save_as(target)
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 only with a BOM
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert [r["名称"] for r in rows] == [c.title for c in expected]
    assert [r["领域"] for r in rows] == [domain] * len(expected)
    assert [r["年份"] for r in rows] == [str(year)] * len(expected)
    assert all(
        r["网址"].endswith(f"{c.id}/" if env["mode"] == "http" else f"{c.id}.html") for r, c in zip(rows, expected)
    )


# The case listing's facets as a reader sees them (label, values of a case), in the listing's facet order.
CASE_FACETS = {
    "domain": ("领域", lambda corpus, c: [c.domain]),
    "region": ("地区", lambda corpus, c: [c.region]),
    "year": ("年份", lambda corpus, c: [str(c.year)]),
    "brand": ("品牌项目", lambda corpus, c: [corpus.brands[b].name for b in c.brands]),
    "standard": ("标准规范", lambda corpus, c: [corpus.standards[s].name for s in corpus.case_standards(c)]),
    "org": ("组织类型", lambda corpus, c: [c.org_type]),
    "tag": ("标签", lambda corpus, c: list(dict.fromkeys(c.tags))),
}


def case_values(corpus, case, key: str) -> list[str]:
    return CASE_FACETS[key][1](corpus, case)


def test_csv_download_is_exactly_the_rows_shown_with_every_facet(env, tmp_path):
    page, corpus = env["page"], env["corpus"]
    keys = [key for key in CASE_FACETS if any(case_values(corpus, c, key) for c in corpus.cases.values())]
    assert {"brand", "standard", "tag"} <= set(keys)  # multi-valued facets are in the file
    tag, domain = "党课", corpus.cases["town-lesson-series"].domain
    filtered = [c for c in newest_first(corpus.cases.values()) if tag in c.tags and c.domain == domain]
    assert len(filtered) >= 2 and any(len(case_values(corpus, c, "tag")) > 1 for c in filtered)
    for fragment, expected in [
        ("", newest_first(corpus.cases.values())),
        (f"#domain={quote(domain)}&tag={quote(tag)}", filtered),
    ]:
        page.goto(url(env, "cases/index.md") + fragment)
        with page.expect_download() as info:
            page.locator(".djkb-csv").click()
        target = tmp_path / "rows.csv"
        info.value.save_as(target)
        text = io.StringIO(newline="")
        writer = csv.writer(text, lineterminator="\r\n")
        writer.writerow(["名称", "网址", *(CASE_FACETS[key][0] for key in keys)])
        for case in expected:
            writer.writerow(
                [
                    case.title,
                    url(env, f"cases/{case.id}.md"),
                    *("、".join(case_values(corpus, case, key)) for key in keys),
                ]
            )
        assert target.read_bytes() == ("\ufeff" + text.getvalue()).encode("utf-8")


def test_every_facet_value_narrows_to_exactly_its_rows(env):
    """Each value alone (decoded from the rows' compact data-f) shows exactly the cases having it, with its count."""
    page, corpus = env["page"], env["corpus"]
    page.goto(url(env, "cases/index.md"))
    checked = set()
    for key in CASE_FACETS:
        for value in sorted({v for c in corpus.cases.values() for v in case_values(corpus, c, key)}):
            expected = [c for c in newest_first(corpus.cases.values()) if value in case_values(corpus, c, key)]
            assert chip_count(page, key, value) == len(expected), (key, value)
            chip(page, key, value).click()
            assert visible_ids(page) == [c.id for c in expected], (key, value)
            chip(page, key, value).click()
            checked.add(key)
    assert checked == set(CASE_FACETS)
    assert any(len(case_values(corpus, c, "standard")) > 1 for c in corpus.cases.values())  # rows with several values
    assert sorted(visible_ids(page)) == sorted(corpus.cases)


def test_every_filter_link_on_a_case_page_opens_exactly_its_rows(env):
    """Facet links on case pages carry Chinese unencoded (`?region=**县`); the browser encodes them."""
    page, corpus = env["page"], env["corpus"]
    case = corpus.cases["village-meetings-rule"]
    page.goto(url(env, f"cases/{case.id}.md"))
    links = page.locator(".djkb-facts a[href*='?']")
    raw = links.evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert any("**县" in href for href in raw), raw
    keys = []
    for index in range(links.count()):
        page.goto(url(env, f"cases/{case.id}.md"))
        link = page.locator(".djkb-facts a[href*='?']").nth(index)
        key, value = parse_qsl(urlsplit(link.evaluate("a => a.href")).query)[0]
        link.click()
        page.wait_for_selector(".djkb-status")
        expected = [c.id for c in newest_first(corpus.cases.values()) if value in case_values(corpus, c, key)]
        assert visible_ids(page) == expected, (key, value)
        assert chip(page, key, value).get_attribute("aria-pressed") == "true"
        keys.append(key)
    assert sorted(keys) == sorted(["region", "domain", "org", "year"])


@pytest.mark.parametrize("listing", ["cases/index.md", "brands/index.md"])
def test_phone_cards_label_cells_with_the_column_headers(env, listing):
    """At 375 px rows are cards and each cell is labelled with its column header, from the stylesheet."""
    page = env["page"]
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(url(env, listing))
    assert page.locator(".djkb-listing thead").is_hidden()
    headers, labels = page.evaluate("""() => {
      const table = document.querySelector('.djkb-listing');
      const before = cell => getComputedStyle(cell, '::before').content;
      return [Array.from(table.querySelectorAll('thead th'), th => th.textContent),
              Array.from(table.querySelectorAll('tbody tr'), tr => Array.from(tr.cells, before))];
    }""")
    assert len(headers) == 4 and labels
    for row in labels:
        assert row == ["none"] + [f'"{header}："' for header in headers[1:]]
    page.set_viewport_size({"width": 1280, "height": 800})
    assert (
        page.evaluate(
            "() => getComputedStyle(document.querySelector('.djkb-listing tbody td:nth-child(2)'), '::before').content"
        )
        == "none"
    )


def test_listing_rows_are_lean_and_carry_every_facet_value(env):
    """The page source: rows hold value indexes into the listing's facet definitions, nothing repeated per row."""
    if env["mode"] != "file":
        pytest.skip("the page source is the same in both modes")
    corpus = env["corpus"]
    page_html = (env["file_site"] / "cases" / "index.html").read_text(encoding="utf-8")
    for spelt_out in ("data-facets=", "data-label=", "data-id=", "djkb-summary"):
        assert spelt_out not in page_html
    defs = json.loads(html.unescape(re.search(r'data-facet-defs="([^"]*)"', page_html).group(1)))
    assert [d["key"] for d in defs] == [
        k for k in CASE_FACETS if any(case_values(corpus, c, k) for c in corpus.cases.values())
    ]
    rows = re.findall(r'<tr data-f="([0-9,;]*)"><td><a href="([a-z0-9-]+)\.html">[^<]*</a><br>([^<]*)</td>', page_html)
    assert sorted(case_id for _, case_id, _ in rows) == sorted(corpus.cases)
    for code, case_id, summary in rows:
        case = corpus.cases[case_id]
        fields = code.split(";")
        assert len(fields) == len(defs)
        for facet, field in zip(defs, fields):
            values = [facet["values"][int(i)] for i in field.split(",")] if field else []
            assert values == case_values(corpus, case, facet["key"]), (case_id, facet["key"])
        assert html.unescape(summary) == one_line(case.summary, 70)  # the summary stays, as bare text after the link


def page_source(env, src: str) -> str:
    """A page's HTML as served (before any script ran)."""
    if env["mode"] == "file":
        return (env["file_site"] / (src[: -len(".md")] + ".html")).read_text(encoding="utf-8")
    response = env["page"].request.get(url(env, src))
    assert response.ok
    return response.text()


def test_tooltip_on_a_term_inside_a_chinese_sentence(env):
    page, corpus = env["page"], env["corpus"]
    term_id = "three-meetings-one-lesson-term"
    term = corpus.glossary[term_id]
    tip = expected_tip(term)
    # The page carries only the link; the explanation comes from the site's shared terms script.
    links_in_source = re.findall(
        r'<a class="djkb-term"[^>]*>' + term.term + "</a>", page_source(env, "cases/village-meetings-rule.md")
    )
    term_page = f"../../glossary/{term_id}/" if env["mode"] == "http" else f"../glossary/{term_id}.html"
    assert links_in_source and set(links_in_source) == {f'<a class="djkb-term" href="{term_page}">{term.term}</a>'}
    page.goto(url(env, "cases/village-meetings-rule.md"))
    link = page.locator("article p a.djkb-term", has_text=term.term).first
    before, after = link.evaluate(
        "a => [a.previousSibling.textContent.slice(-1), a.nextSibling.textContent.slice(0, 1)]"
    )
    assert re.match(r"[\u4e00-\u9fff]", before) and re.match(r"[\u4e00-\u9fff]", after), (before, after)
    link.hover()
    tooltip = page.locator(".md-tooltip2--active .md-tooltip2__inner")
    tooltip.wait_for(state="visible")
    assert tooltip.inner_text() == tip

    # Keyboard: tabbing onto the term shows the same tooltip.
    page.goto(url(env, "cases/village-meetings-rule.md"))
    link = page.locator("article p a.djkb-term", has_text=term.term).first
    for _ in range(200):
        page.keyboard.press("Tab")
        if link.evaluate("a => a === document.activeElement"):
            break
    else:
        raise AssertionError("the term link is never reached with Tab")
    tooltip.wait_for(state="visible")
    assert tooltip.inner_text() == tip
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text().rstrip("¶").strip() == term.term


def test_coverage_matrix_page_marks_items_without_cases(env):
    page, corpus = env["page"], env["corpus"]
    page.goto(url(env, "standards/coverage.md"))
    for std_id, standard in corpus.standards.items():
        table_rows = page.locator(f'h2[id="{std_id}"] ~ .djkb-matrix-scroll').first
        if not any((std_id, i.id) in corpus.cases_by_item for i in standard.items):
            continue
        gaps = table_rows.locator("tr.djkb-matrix-gap th").all_inner_texts()
        expected = [
            f"{n}. {i.title}" for n, i in enumerate(standard.items, 1) if (std_id, i.id) not in corpus.cases_by_item
        ]
        assert gaps == expected


@pytest.mark.parametrize("width", [375, 1280])
def test_screenshots_and_no_sideways_scrolling(env, width):
    page, corpus = env["page"], env["corpus"]
    domain, year, _ = choose_two_values(corpus)
    page.set_viewport_size({"width": width, "height": 900})
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shots = {
        "home": url(env, "index.md"),
        "standard": url(env, "standards/village-position-nine-haves.md"),
        "filtered-listing": url(env, "cases/index.md") + f"#domain={quote(domain)}&year={year}",
        "coverage": url(env, "standards/coverage.md"),
        "case": url(env, "cases/village-meetings-rule.md"),
    }
    for name, address in shots.items():
        page.goto(address)
        page.wait_for_load_state("load")
        overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name} scrolls sideways by {overflow}px at {width}px"
        target = SCREENSHOTS / f"{env['mode']}-{name}-{width}.png"
        page.screenshot(path=str(target), full_page=True)
        assert target.stat().st_size > 5_000


def test_record_page_phone_drawer_lists_the_sections_of_the_tabs(env):
    """Record pages carry the sections once (tabs); browse.js copies them into the phone drawer."""
    page = env["page"]
    page.set_viewport_size({"width": 375, "height": 700})
    page.goto(url(env, "cases/village-flag-rebuild.md"))
    tabs = page.eval_on_selector_all(".md-tabs__list a", "links => links.map(a => [a.textContent.trim(), a.href])")
    assert [t for t, _ in tabs] == [
        "首页",
        "标准规范",
        "品牌项目",
        "典型案例",
        "术语表",
        "来源文件",
        "统计",
        "使用说明",
    ]
    page.click('label.md-header__button[for="__drawer"]')
    drawer = page.locator(".md-nav--primary .md-nav__link")
    drawer.first.wait_for(state="visible")
    assert drawer.evaluate_all("links => links.map(a => [a.textContent.trim(), a.href])") == tabs
    assert page.locator(".md-nav--primary .md-nav__item--active").inner_text() == "典型案例"
    page.locator(".md-nav--primary .md-nav__link", has_text="术语表").click()
    page.wait_for_url(re.compile(r"glossary/(index\.html)?$"))


def test_record_page_without_javascript_shows_the_tabs_on_a_phone(sites):
    bases, _, context, blocked, _ = sites
    browser = context.browser
    no_js = browser.new_context(viewport={"width": 375, "height": 700}, java_script_enabled=False)
    try:
        page = no_js.new_page()
        page.route(
            "**/*",
            lambda route: route.continue_()
            if route.request.url.startswith((bases["http"], "file:"))
            else route.abort(),
        )
        page.goto(bases["http"] + "cases/village-flag-rebuild/")
        assert page.locator(".md-tabs").is_visible()
        assert page.locator(".md-tabs__item--active").inner_text() == "典型案例"
        assert not page.locator('label.md-header__button[for="__drawer"]').is_visible()  # its drawer would be empty
    finally:
        no_js.close()
