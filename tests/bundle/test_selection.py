"""Offline bundle selection (djkb/bundle/selection.py): which records a bundle keeps. Pure, no build."""

from __future__ import annotations

import pytest

from djkb.bundle.pages import bundle_name, bundle_pages, is_shipped
from djkb.bundle.selection import Selection, SelectionError, label, normalize, resolve, restricted_corpus
from djkb.data.pipeline import load_corpus
from djkb.pages.render import checklist_path
from tests.conftest import TESTS_DIR

BUNDLE_DATA = TESTS_DIR / "fixtures" / "bundle" / "data"


@pytest.fixture(scope="module")
def corpus():
    return load_corpus(BUNDLE_DATA)


def kept(corpus, **criteria):
    return resolve(corpus, normalize(corpus, Selection.from_dict(criteria)))


def keys(**by_kind):
    return {(kind, record_id) for kind, ids in by_kind.items() for record_id in ids}


def test_whole_site_keeps_every_record(corpus):
    result = kept(corpus)
    assert result.keys == {(kind, record.id) for kind, record in corpus.all_records()}
    assert result.count() == corpus.count() == 14
    assert label(corpus, result.selection) == "全部"


def test_domain_keeps_its_cases_brands_standards_and_what_they_need(corpus):
    result = kept(corpus, domains=["农村"])
    assert result.primary == keys(
        cases=["county-position-upgrade", "village-meeting-case"],
        brands=["party-flag-leading"],
        standards=["village-position-nine-haves", "three-meetings-one-lesson"],
    )
    assert result.keys == result.primary | keys(
        # "三会一课" is named in a kept standard, "软弱涣散" in the kept source's summary
        glossary=["three-meetings-one-lesson-term", "weak-and-lax"],
        sources=["county-hundred-days-speech"],
    )
    # Left out: the community records, the superseded street standard, the grid term and its report.
    for left_out in [
        ("cases", "community-grid-case"),
        ("brands", "community-grid-brand"),
        ("standards", "village-position-2019"),
        ("glossary", "grid-term"),
        ("sources", "community-report"),
    ]:
        assert left_out not in result


def test_domain_by_taxonomy_id_is_the_same(corpus):
    assert kept(corpus, domains=["rural"]).keys == kept(corpus, domains=["农村"]).keys


def test_brand_keeps_brand_its_cases_and_its_standards(corpus):
    result = kept(corpus, brands=["community-grid-brand"])
    assert result.primary == keys(
        cases=["community-grid-case"], brands=["community-grid-brand"], standards=["community-service-standard"]
    )
    assert result.keys == result.primary | keys(glossary=["grid-term"], sources=["community-report"])


def test_brand_by_name(corpus):
    assert kept(corpus, brands=["红色网格工程"]).keys == kept(corpus, brands=["community-grid-brand"]).keys


def test_standard_keeps_cases_applying_it_through_an_item(corpus):
    result = kept(corpus, standards=["三会一课"])  # by alias
    assert result.selection.standards == ("three-meetings-one-lesson",)
    assert result.primary == keys(
        cases=["village-meeting-case"],
        standards=["three-meetings-one-lesson"],
        brands=["party-flag-leading"],  # names the standard
    )
    # The brand is selected, so the standards it names come along (and their source, terms).
    assert ("standards", "village-position-nine-haves") in result.keys
    assert ("cases", "county-position-upgrade") not in result.keys


def test_or_within_a_kind(corpus):
    both = kept(corpus, domains=["农村", "城市社区"])
    cases = both.ids("cases")
    assert cases == {"county-position-upgrade", "village-meeting-case", "community-grid-case"}


def test_and_across_kinds(corpus):
    result = kept(corpus, domains=["农村"], tags=["组织生活"])
    # Only the rural case tagged 组织生活; no brand or standard carries that tag.
    assert result.primary == keys(cases=["village-meeting-case"])
    assert result.keys == result.primary | keys(
        standards=["three-meetings-one-lesson"],
        glossary=["three-meetings-one-lesson-term", "weak-and-lax"],
        sources=["county-hundred-days-speech"],
    )
    assert label(corpus, result.selection) == "农村+组织生活"


def test_region_selects_cases_only(corpus):
    result = kept(corpus, regions=["**区"])
    assert result.primary == keys(cases=["community-grid-case"])
    assert result.ids("brands") == {"community-grid-brand"}  # the case's brand comes along


def test_related_terms_come_along(corpus):
    # grid-term relates to nothing; check the closure through a term that does, made on the fly.
    from dataclasses import replace

    term = corpus.glossary["grid-term"]
    linked = replace(
        corpus, glossary={**corpus.glossary, "grid-term": term.model_copy(update={"related": ["weak-and-lax"]})}
    )
    result = resolve(linked, normalize(linked, Selection.from_dict({"brands": ["community-grid-brand"]})))
    assert {"grid-term", "weak-and-lax"} <= result.ids("glossary")
    assert ("sources", "county-hundred-days-speech") in result.keys  # the related term's source


def test_unknown_values_are_all_reported_in_chinese(corpus):
    with pytest.raises(SelectionError) as caught:
        normalize(
            corpus, Selection.from_dict({"domains": ["农材"], "brands": ["party-flag-leadin"], "tags": ["不存在"]})
        )
    messages = caught.value.messages
    assert len(messages) == 3
    assert "没有这个领域“农材”" in messages[0] and "农村" in messages[0]
    assert "party-flag-leading" in messages[1]
    assert "不存在" in messages[2]


def test_selection_matching_nothing_is_an_error(corpus):
    with pytest.raises(SelectionError, match="没有匹配"):
        kept(corpus, domains=["学校"])
    with pytest.raises(SelectionError, match="未知的选择条件"):
        Selection.from_dict({"colour": ["红"]})


def test_restricted_corpus_lists_and_counts_only_kept_records(corpus):
    sub = restricted_corpus(corpus, kept(corpus, domains=["农村"]))
    assert set(sub.cases) == {"county-position-upgrade", "village-meeting-case"}
    assert set(sub.brands) == {"party-flag-leading"}
    assert sub.cases_by_brand == {"party-flag-leading": ["county-position-upgrade"]}
    assert "community-grid-brand" not in sub.brands_by_related.get("party-flag-leading", [])
    assert corpus.cases_by_brand["community-grid-brand"] == ["community-grid-case"]  # original untouched


def test_bundle_pages_are_exactly_the_kept_records_plus_listings(corpus):
    sub, pages = bundle_pages(corpus, {"domains": ["农村"]}, site_name="党建品牌知识库", date="2026-11-22")
    result = kept(corpus, domains=["农村"])
    assert {(p.kind, p.record_id) for p in pages if p.is_record} == set(result.keys)
    paths = {p.path for p in pages}
    assert {checklist_path(s) for s in result.ids("standards")} <= paths
    assert checklist_path("village-position-2019") not in paths
    home = next(p for p in pages if p.path == "index.md")
    assert (
        "2026-11-22" in home.markdown
        and "领域：农村" in home.markdown
        and f"共 {result.count()} 条记录" in home.markdown
    )
    # A left-out record is named as plain text, never linked.
    nine = next(p for p in pages if p.path == "standards/village-position-nine-haves.md")
    assert '<span class="djkb-unlinked" title="本版本未收录">街道党群服务阵地七有要求</span>' in nine.markdown
    assert "village-position-2019.md" not in nine.markdown
    # Listings count only what the bundle holds.
    cases_index = next(p for p in pages if p.path == "cases/index.md")
    assert "共 2 个案例" in cases_index.markdown and "community-grid-case" not in cases_index.markdown


def test_bundle_name_is_safe_on_every_file_system(corpus):
    assert bundle_name("党建品牌知识库", "农村", "2026-11-22") == "党建品牌知识库-农村-2026-11-22"
    region = label(corpus, normalize(corpus, Selection.from_dict({"regions": ["**区"]})))
    name = bundle_name("党建品牌知识库", region, "2026-11-22")
    assert not set('*/\\:?"<>|') & set(name)
    assert "＊＊区" in name


def test_unused_theme_files_are_not_shipped():
    assert is_shipped("cases/x.html") and is_shipped("assets/javascripts/bundle.a5f9d56c.min.js")
    assert not is_shipped("assets/javascripts/lunr/min/lunr.zh.min.js")
    assert not is_shipped("assets/javascripts/workers/search.2c215733.min.js")
    assert not is_shipped("sitemap.xml.gz") and not is_shipped("assets/javascripts/bundle.min.js.map")


def test_record_pages_suggest_only_kept_cases(corpus):
    # The rural cases are related (same domain); a bundle for one region keeps only one of them.
    _, pages = bundle_pages(corpus, {"regions": ["**县"]}, site_name="党建品牌知识库", date="2026-11-22")
    county = next(p for p in pages if p.path == "cases/county-position-upgrade.md")
    assert "village-meeting-case" not in county.markdown and "规范组织生活" not in county.markdown
    _, whole = bundle_pages(corpus, {}, site_name="党建品牌知识库", date="2026-11-22")
    county = next(p for p in whole if p.path == "cases/county-position-upgrade.md")
    assert (
        'href="village-meeting-case.html"' in county.markdown
    )  # the whole site does suggest it (bundles: no directory URLs)
