"""Browsing features without a browser: tooltip matcher, coverage matrix, related cases, facets, export,
feed and charts."""

from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest

from djkb.data.load import load_file
from djkb.data.pipeline import load_corpus
from djkb.data.schema import DRAFT_STATUS, RECORD_TYPE_BY_KIND
from djkb.devtools.synthetic import generate_corpus
from djkb.pages import export
from djkb.pages.charts import site_charts
from djkb.pages.coverage import coverage_matrix
from djkb.pages.facets import brand_listing, case_listing
from djkb.pages.feed import atom_feed
from djkb.pages.related import RelatedIndex, cases_by_year
from djkb.pages.tooltips import GlossaryName, TermMatcher, glossary_names, term_tips
from tests.conftest import MINI_DATA, ROOT
from tests.support.export_checks import check_export, unpack_export

REPO_DATA = ROOT / "data"
ATOM = "{http://www.w3.org/2005/Atom}"


def matcher(*names: tuple[str, str]) -> TermMatcher:
    return TermMatcher([GlossaryName(name, term_id) for name, term_id in names])


def href(term_id: str) -> str:
    return f"../glossary/{term_id}/"


# -- tooltip matcher ------------------------------------------------------------------------------


def test_longest_match_wins_inside_running_chinese_text():
    m = matcher(("三会", "three"), ("三会一课", "tmol"), ("软弱涣散", "weak"), ("软弱涣散党组织", "weak"))
    found = [(x.start, x.end, x.name.name) for x in m.find("落实三会一课制度，整顿软弱涣散党组织。")]
    assert found == [(2, 6, "三会一课"), (11, 18, "软弱涣散党组织")]


def test_annotate_links_the_term_to_its_page_without_the_explanation():
    out = matcher(("三会一课", "tmol")).annotate("<p>各支部落实三会一课制度。</p>", href)
    # The explanation is in the shared terms script (tests/pages/test_term_tips.py), not in every page.
    assert out == '<p>各支部落实<a class="djkb-term" href="../glossary/tmol/">三会一课</a>制度。</p>'


@pytest.mark.parametrize(
    "html",
    [
        "<p><code>三会一课</code></p>",
        "<pre><code>落实三会一课\n</code></pre>",
        '<p><a href="x">落实三会一课</a></p>',
        '<h2 id="x">三会一课制度</h2>',
        "<h3>落实<em>三会一课</em></h3>",
        "<p><button>三会一课</button></p>",
        '<div class="djkb-browse djkb-no-tooltips"><p>落实三会一课</p></div>',
        "<script>var t = '三会一课';</script>",
        '<p><abbr title="x">三会一课</abbr></p>',
    ],
)
def test_skipped_contexts_are_left_alone(html):
    assert matcher(("三会一课", "tmol")).annotate(html, href) == html


def test_text_after_a_skipped_element_is_annotated_again():
    out = matcher(("三会一课", "tmol")).annotate("<p><code>三会一课</code>，再次落实三会一课。</p>", href)
    assert out.count('class="djkb-term"') == 1
    assert out.startswith("<p><code>三会一课</code>，再次落实<a ")


def test_first_occurrence_per_section_only():
    html = "<p>落实三会一课，三会一课要规范。</p><p>三会一课</p><h2>组织生活</h2><p>坚持三会一课。</p><p>三会一课</p>"
    out = matcher(("三会一课", "tmol")).annotate(html, href)
    assert out.count('class="djkb-term"') == 2  # one before the heading, one after it
    sections = out.split("<h2>")
    assert sections[0].index('class="djkb-term"') < sections[0].index("，三会一课要规范")
    assert sections[1].count('class="djkb-term"') == 1


def test_an_alias_counts_as_its_term_for_the_first_occurrence_rule():
    m = matcher(("软弱涣散", "weak"), ("软弱涣散党组织", "weak"))
    out = m.annotate("<p>整顿软弱涣散党组织，防止软弱涣散。</p>", href)
    assert out.count('class="djkb-term"') == 1
    assert ">软弱涣散党组织</a>" in out


def test_not_on_the_terms_own_page_but_other_terms_are_linked():
    m = matcher(("三会一课", "tmol"), ("软弱涣散", "weak"))
    out = m.annotate("<p>三会一课能防止软弱涣散。</p>", href, own_term_id="tmol")
    assert ">三会一课</a>" not in out
    assert '<a class="djkb-term" href="../glossary/weak/"' in out


def test_latin_names_need_a_word_boundary_and_hrefs_are_escaped():
    m = TermMatcher([GlossaryName("PDCA", "pdca")])
    assert m.annotate("<p>XPDCAY 与 PDCAS</p>", href) == "<p>XPDCAY 与 PDCAS</p>"
    out = m.annotate("<p>推行PDCA循环</p>", lambda term_id: f'../glossary/{term_id}/?a="b"&c')
    assert out == '<p>推行<a class="djkb-term" href="../glossary/pdca/?a=&quot;b&quot;&amp;c">PDCA</a>循环</p>'


def test_markup_characters_in_text_do_not_break_matching():
    m = matcher(("三会一课", "tmol"))
    out = m.annotate("<p>A &amp; B：落实<strong>三会一课</strong>&lt;制度&gt;</p>", href)
    assert '<strong><a class="djkb-term"' in out and "&lt;制度&gt;" in out


def test_glossary_names_cover_terms_and_aliases_and_every_term_has_a_plain_tip():
    corpus = load_corpus(MINI_DATA)
    names = glossary_names(corpus.glossary)
    by_name = {n.name: n for n in names}
    tips = term_tips(corpus.glossary, lambda text: text.strip())
    assert list(tips) == sorted(corpus.glossary)
    for term_id, term in corpus.glossary.items():
        for name in [term.term, *term.aliases]:
            assert by_name[name].term_id == term_id
        assert tips[term_id].startswith(term.term + "：") and term.explanation.strip() in tips[term_id]


# -- coverage matrix ------------------------------------------------------------------------------


@pytest.mark.parametrize("data_dir", [MINI_DATA, REPO_DATA], ids=["mini", "repo"])
def test_coverage_matrix_matches_the_cases_item_references(data_dir):
    corpus = load_corpus(data_dir)
    matrix = coverage_matrix(corpus)
    applied: dict[tuple[str, str], set[str]] = {}
    for case in corpus.cases.values():
        for ref in case.standard_items:
            std_id, item_id = ref.split("#")
            applied.setdefault((std_id, item_id), set()).add(case.id)
    assert sorted(s.standard.id for s in matrix.standards) == sorted(corpus.standards)
    total = covered = 0
    for sc in matrix.standards:
        assert [i.item_id for i in sc.items] == [i.id for i in sc.standard.items]
        column_ids = {c.id for c in sc.columns}
        for item in sc.items:
            expected = applied.get((sc.standard.id, item.item_id), set())
            assert set(item.case_ids) == expected
            assert item.covered == bool(expected)
            for case in sc.columns:
                assert sc.applies(item, case) == (case.id in expected)
            assert expected <= column_ids
            total += 1
            covered += bool(expected)
        assert column_ids == {c for (s, _), ids in applied.items() if s == sc.standard.id for c in ids}
        assert [g.item_id for g in sc.gaps] == [i.item_id for i in sc.items if not i.covered]
    assert (matrix.total_items, matrix.covered_items) == (total, covered)
    assert matrix.rate == pytest.approx(covered / total)


def test_coverage_of_the_mini_data_names_the_gaps():
    matrix = coverage_matrix(load_corpus(MINI_DATA))
    nine = next(s for s in matrix.standards if s.standard.id == "village-position-nine-haves")
    assert [i.item_id for i in nine.items if i.covered] == ["party-flag", "equipment"]
    assert nine.covered_count == 2 and nine.rate == pytest.approx(2 / 9)
    meetings = next(s for s in matrix.standards if s.standard.id == "three-meetings-one-lesson")
    assert meetings.columns == () and len(meetings.gaps) == 3


# -- related cases, facets --------------------------------------------------------------------------


def test_related_cases_rank_shared_brand_and_items_above_domain_only():
    corpus = load_corpus(REPO_DATA)
    index = RelatedIndex(corpus)
    for case in corpus.cases.values():
        related = index.related(case, limit=50)
        assert case.id not in [r.case.id for r in related]
        scores = [r.score for r in related]
        assert scores == sorted(scores, reverse=True)
        for entry in related:
            other = entry.case
            shares = (
                (set(case.brands) & set(other.brands))
                or (set(case.standard_items) & set(other.standard_items))
                or (set(corpus.case_standards(case)) & set(corpus.case_standards(other)))
                or case.domain == other.domain
                or case.region == other.region
            )
            assert shares, (case.id, other.id)
            if set(case.brands) & set(other.brands):
                assert "同品牌项目" in entry.reasons
            # A shared standard item is a shared standard: only the stronger reason is spelt out.
            if set(case.standard_items) & set(other.standard_items):
                assert "同标准条目" in entry.reasons and "同标准" not in entry.reasons
            elif set(corpus.case_standards(case)) & set(corpus.case_standards(other)):
                assert "同标准" in entry.reasons


def test_ranking_inputs_kept_by_case_change_exactly_when_a_case_s_ranking_inputs_change(tmp_path):
    import shutil

    from djkb.build.serve_cache import Generational
    from djkb.pages.related import ranking_inputs

    data = tmp_path / "data"
    shutil.copytree(REPO_DATA, data)
    files, kept = Generational(), Generational()
    corpus = load_corpus(data, file_cache=files)
    first = ranking_inputs(corpus, kept)
    assert first == ranking_inputs(corpus)
    case_file = sorted((data / "cases").glob("*.yml"))[0]
    text = case_file.read_text(encoding="utf-8")
    case_file.write_text(text.replace("summary:", "summary: 改写", 1), encoding="utf-8")  # not a ranking input
    assert ranking_inputs(load_corpus(data, file_cache=files), kept) == first
    year = re.search(r"^year: (\d+)", text, re.M)
    assert year is not None
    case_file.write_text(text.replace(year.group(0), f"year: {int(year.group(1)) - 1}"), encoding="utf-8")
    changed = load_corpus(data, file_cache=files)
    assert ranking_inputs(changed, kept) == ranking_inputs(changed) != first


def test_cases_by_year_newest_first():
    corpus = load_corpus(REPO_DATA)
    groups = cases_by_year(list(corpus.cases.values()))
    assert [y for y, _ in groups] == sorted({c.year for c in corpus.cases.values()}, reverse=True)
    assert sum(len(cases) for _, cases in groups) == len(corpus.cases)


def test_facet_values_and_order():
    corpus = load_corpus(REPO_DATA)
    listing = case_listing(corpus, corpus.cases.values())
    assert len(listing.rows) == len(corpus.cases)
    facets = {f.key: f for f in listing.facets}
    assert set(facets["domain"].values) == {c.domain for c in corpus.cases.values()}
    domain_order = corpus.taxonomy.names("domains")
    assert list(facets["domain"].values) == [d for d in domain_order if d in facets["domain"].values]
    assert list(facets["year"].values) == sorted(facets["year"].values, reverse=True)
    for row in listing.rows:
        assert row.values["brand"] == tuple(corpus.brands[b].name for b in row.record.brands)
        assert listing.decode_row(listing.encode_row(row)) == {f.key: row.values.get(f.key, ()) for f in listing.facets}
    brands = brand_listing(corpus, corpus.brands.values())
    assert {f.key for f in brands.facets} >= {"kind", "domain", "status"}
    assert len(brands.rows) == len(corpus.brands)


@pytest.fixture(scope="module")
def synthetic_corpus(tmp_path_factory):
    """Enough cases for multi-valued facets and two-digit value indexes."""
    data = tmp_path_factory.mktemp("synth") / "data"
    generate_corpus(data, 300, seed=3)
    return load_corpus(data)


def test_row_facet_attribute_is_value_indexes_and_round_trips(synthetic_corpus):
    corpus = synthetic_corpus
    listings = [case_listing(corpus, corpus.cases.values()), brand_listing(corpus, corpus.brands.values())]
    for listing in listings:
        keys = [f.key for f in listing.facets]
        codes = []
        for row in listing.rows:
            code = listing.encode_row(row)
            codes.append(code)
            # Only digits and separators (nothing to escape in HTML), one field per facet in facet order.
            assert re.fullmatch(r"[0-9,;]*", code), code
            fields = code.split(";")
            assert len(fields) == len(listing.facets)
            for facet, field in zip(listing.facets, fields):
                # Each field: positions in the facet's display-ordered values, in the row's own order.
                assert ([facet.values[int(i)] for i in field.split(",")] if field else []) == list(
                    row.values.get(facet.key, ())
                )
            assert listing.decode_row(code) == {key: row.values.get(key, ()) for key in keys}
            assert not any(values for key, values in row.values.items() if key not in keys)  # nothing left out
        assert any("," in code for code in codes)  # multi-valued rows are exercised
        assert any(re.search(r"\d\d", code) for code in codes)  # and indexes past 9
    assert listings[0].rows[0].values["standard"]  # the corpus links cases to standards


@pytest.mark.parametrize(
    "code", ["0;0", "0;0;0;0;0;0;0;0", "x;0;0;0;0;0;0", "-1;0;0;0;0;0;0", "999;0;0;0;0;0;0", "0,;0;0;0;0;0;0"]
)
def test_malformed_row_facet_attribute_is_refused(synthetic_corpus, code):
    listing = case_listing(synthetic_corpus, synthetic_corpus.cases.values())
    assert len(listing.facets) == 7
    with pytest.raises((ValueError, IndexError)):
        listing.decode_row(code)


# -- export -----------------------------------------------------------------------------------------


def _published_ids(data_dir: Path) -> dict[str, set[str]]:
    """Every record file in a data folder, read straight from the YAML (drafts are not published)."""
    ids: dict[str, set[str]] = {}
    for kind in RECORD_TYPE_BY_KIND:
        ids[kind] = set()
        for path in sorted((data_dir / kind).glob("*.yml")):
            doc = load_file(path, data_dir.parent)
            if kind == "cases" and doc.data.get("status") == DRAFT_STATUS:
                continue
            ids[kind].add(doc.data["id"])
    return ids


@pytest.mark.parametrize("data_dir", [MINI_DATA, REPO_DATA], ids=["mini", "repo"])
def test_export_zip_round_trips_every_record(data_dir):
    corpus = load_corpus(data_dir)
    expected_ids = _published_ids(data_dir)
    assert sum(map(len, expected_ids.values())) > 0
    assert {kind: set(corpus.records(kind)) for kind in RECORD_TYPE_BY_KIND} == expected_ids
    files = unpack_export(export.export_archive(corpus, site_name="党建品牌知识库"))
    check_export(files, {kind: corpus.records(kind) for kind in RECORD_TYPE_BY_KIND})
    # Inside the zip, every data file exactly as `djkb export` writes it to a folder.
    assert {name: content for name, content in files.items() if name != export.README_NAME} == export.export_files(
        corpus
    )
    assert files[export.README_NAME].decode("utf-8-sig").startswith("党建品牌知识库 · 数据导出说明\r\n")


def test_export_zip_is_byte_identical_for_the_same_data():
    first = export.export_archive(load_corpus(MINI_DATA))
    second = export.export_archive(load_corpus(MINI_DATA))  # another corpus object: made again, not remembered
    assert first == second
    assert first != export.export_archive(load_corpus(REPO_DATA))
    assert len(first) < sum(map(len, export.export_files(load_corpus(MINI_DATA)).values()))  # compressed


def test_human_size():
    assert export.human_size(900) == "900 字节"
    assert export.human_size(540 * 1024 + 100) == "540 KB"
    assert export.human_size(1258291) == "1.2 MB"


def test_csv_cells_never_start_a_formula_and_lists_are_one_per_line():
    corpus = load_corpus(MINI_DATA)
    text = export.export_csv(corpus, "cases").decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    case = corpus.cases["county-position-upgrade"]
    row = rows[0]
    assert row["做法"].startswith("'- ") and case.practice.startswith("- ")  # Markdown list, not a formula
    assert row["应用的标准条目"].split("\n") == case.standard_items
    for value in (v for r in rows for v in r.values()):
        assert not value.startswith(("=", "+", "-", "@"))
    items = list(csv.DictReader(io.StringIO(export.export_items_csv(corpus).decode("utf-8-sig"))))
    assert len(items) == sum(len(s.items) for s in corpus.standards.values())
    flag = next(i for i in items if i["条目编号"] == "party-flag")
    assert flag["应用案例数"] == str(len(corpus.cases_by_item[("village-position-nine-haves", "party-flag")]))


def test_export_cli_writes_the_files(tmp_path):
    from djkb.cli import main

    out = tmp_path / "out"
    assert main(["export", "--data", str(MINI_DATA), "--out", str(out)]) == 0
    corpus = load_corpus(MINI_DATA)
    written = {p.name: p.read_bytes() for p in out.iterdir()}
    assert written == export.export_files(corpus)  # the plain files scripts read, no zip
    assert written["cases.csv"].startswith(b"\xef\xbb\xbf")


def test_export_cli_zip_is_the_sites_zip(tmp_path, capsys):
    from djkb.cli import main

    out = tmp_path / "out"
    assert main(["export", "--zip", "--data", str(MINI_DATA), "--out", str(out)]) == 0
    assert [p.name for p in out.iterdir()] == [export.ARCHIVE_NAME]
    data = (out / export.ARCHIVE_NAME).read_bytes()
    corpus = load_corpus(MINI_DATA)
    assert data == export.export_archive(corpus, site_name="党建品牌知识库")  # site_name from mkdocs.yml
    check_export(unpack_export(data), {kind: corpus.records(kind) for kind in RECORD_TYPE_BY_KIND})
    assert f"（{export.human_size(len(data))}，内含 JSON、CSV 和说明.txt）" in capsys.readouterr().out


# -- feed and charts ----------------------------------------------------------------------------


def test_atom_feed_lists_newest_cases_first_with_links():
    corpus = load_corpus(REPO_DATA)
    xml = atom_feed(
        corpus, site_name="党建品牌知识库", site_url="https://kb.example.org/", url_for=lambda src: src[:-3] + "/"
    )
    root = ET.fromstring(xml)
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == min(50, len(corpus.cases))
    dates = [e.find(f"{ATOM}updated").text for e in entries]
    assert dates == sorted(dates, reverse=True)
    first = entries[0]
    link = first.find(f"{ATOM}link").get("href")
    case_id = link.rstrip("/").rsplit("/", 1)[-1]
    assert link == f"https://kb.example.org/cases/{case_id}/"
    assert first.find(f"{ATOM}title").text.endswith(corpus.cases[case_id].title)
    assert len({e.find(f"{ATOM}id").text for e in entries}) == len(entries)


def test_charts_are_valid_svg_and_add_up():
    corpus = load_corpus(REPO_DATA)
    charts = {c.slug: c for c in site_charts(corpus)}
    for chart in charts.values():
        root = ET.fromstring(chart.svg())
        assert root.tag == "{http://www.w3.org/2000/svg}svg"
        assert len(root.findall("{http://www.w3.org/2000/svg}g")) == len(chart.bars)
    assert sum(b.value for b in charts["cases-by-year"].bars) == len(corpus.cases)
    assert sum(b.value for b in charts["cases-by-domain"].bars) == len(corpus.cases)
    assert "cases-by-region" not in charts  # the repository's regions are anonymised (`**县`): no region chart
    assert Counter({b.label: b.value for b in charts["standards-by-category"].bars}) == Counter(
        s.category for s in corpus.standards.values()
    )
    matrix = coverage_matrix(corpus)
    assert [b.value for b in charts["coverage-rate"].bars] == [pytest.approx(s.rate * 100) for s in matrix.standards]


def test_the_index_pages_rendered_last_are_exactly_those_showing_the_data_download():
    from djkb.pages.render import INDEX_PAGES, SHOW_DATA_DOWNLOAD, Renderer

    pages = {p.path: p for p in Renderer(load_corpus(REPO_DATA), site_name="测试").render_all()}
    showing = {path for path, _template, _title in INDEX_PAGES if export.ARCHIVE_PATH in pages[path].markdown}
    assert showing == SHOW_DATA_DOWNLOAD
    assert [p.path for p in Renderer(load_corpus(REPO_DATA)).render_all()[: len(INDEX_PAGES)]] == [
        path for path, _template, _title in INDEX_PAGES
    ]  # listed in their own order whatever the order of rendering
