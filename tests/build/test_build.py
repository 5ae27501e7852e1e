"""Real MkDocs builds in a temporary folder: generated HTML, back-links, ordering, and failure messages."""

from __future__ import annotations

import re
from pathlib import Path

from djkb.data.pipeline import load_corpus
from djkb.pages.render import INDEX_PAGES
from tests.conftest import MINI_DATA, ROOT, make_project, run_mkdocs_build


def html(site: Path, page: str) -> str:
    return (site / page).read_text(encoding="utf-8")


def test_every_record_has_exactly_one_page(mini_site):
    corpus = load_corpus(MINI_DATA)
    for kind, record in corpus.all_records():
        assert (mini_site / kind / record.id / "index.html").is_file(), f"{kind}/{record.id}"
    record_pages = {
        p.parent.relative_to(mini_site).as_posix()
        for kind in corpus.KINDS
        for p in mini_site.glob(f"{kind}/*/index.html")
    }
    index_pages = {path.removesuffix(".md") for path, _t, _n in INDEX_PAGES}
    assert record_pages - index_pages == {f"{kind}/{record.id}" for kind, record in corpus.all_records()}


def test_index_pages_exist_and_list_their_records(mini_site):
    for path, _template, title in INDEX_PAGES:
        out = path[: -len(".md")].removesuffix("index")
        page = html(mini_site, f"{out}index.html" if not out or out.endswith("/") else f"{out}/index.html")
        assert title.split("：")[-1] in page
    assert "九有标准" in html(mini_site, "standards/index.html")
    assert "党旗引航工程" in html(mini_site, "brands/index.html")
    assert "村级阵地“九有”达标提升" in html(mini_site, "cases/by-domain/index.html")
    assert "软弱涣散" in html(mini_site, "glossary/index.html")


def test_standard_page_lists_cases_item_by_item(mini_site):
    page = html(mini_site, "standards/village-position-nine-haves/index.html")
    flag = page.index('id="item-party-flag"')
    sign = page.index('id="item-sign"')
    between = page[flag:sign]
    assert 'href="../../cases/county-position-upgrade/"' in between
    after_sign = page[sign : page.index('id="item-seal"')]
    assert "暂无应用本条的案例" in after_sign


def test_case_page_links_to_standard_items_and_brand(mini_site):
    page = html(mini_site, "cases/county-position-upgrade/index.html")
    assert 'href="../../standards/village-position-nine-haves/#item-party-flag"' in page
    assert 'href="../../brands/party-flag-leading/"' in page
    # Anonymised place names keep their asterisks (escaped in Markdown, literal on the page).
    assert re.search(r"<h1[^>]*>\*\*县村级阵地“九有”达标提升<", page)


def test_source_page_lists_what_cites_it(mini_site):
    page = html(mini_site, "sources/county-hundred-days-speech/index.html")
    for target in (
        "standards/village-position-nine-haves/",
        "brands/party-flag-leading/",
        "cases/county-position-upgrade/",
        "glossary/weak-and-lax/",
    ):
        assert f'href="../../{target}"' in page


def test_glossary_is_ordered_by_pinyin_not_code_point(mini_site):
    page = html(mini_site, "glossary/index.html")
    # 软 (ruǎn, U+8F6F) comes before 三 (sān, U+4E09) in pinyin order although its code point is larger.
    assert page.index("软弱涣散") < page.index("三会一课")


def test_detail_pages_are_not_in_the_nav(mini_site):
    page = html(mini_site, "cases/county-position-upgrade/index.html")
    # Record pages carry the sections once, as tabs (the phone drawer copies them: overrides/record.html).
    nav = page[page.index('<nav class="md-tabs') :]
    nav = nav[: nav.index("</nav>")]
    assert "county-position-upgrade" not in nav
    assert "典型案例" in nav
    listing = html(mini_site, "cases/index.html")
    nav = listing[listing.index('<nav class="md-nav md-nav--primary') :]
    assert "county-position-upgrade" not in nav[: nav.index("</nav>")]


def test_nothing_is_written_into_docs(tmp_path):
    project = make_project(tmp_path)
    before = sorted(p.relative_to(project / "docs") for p in (project / "docs").rglob("*"))
    assert run_mkdocs_build(project).returncode == 0
    assert sorted(p.relative_to(project / "docs") for p in (project / "docs").rglob("*")) == before


def test_edit_button_points_at_the_yaml_file(tmp_path):
    project = make_project(tmp_path)
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8") + "\nrepo_url: https://git.example.org/djkb\nedit_uri: edit/main/docs/\n",
        encoding="utf-8",
    )
    assert run_mkdocs_build(project).returncode == 0
    page = html(project / "site", "cases/county-position-upgrade/index.html")
    assert re.search(r'href="https://git\.example\.org/djkb/edit/main/data/cases/county-position-upgrade\.yml"', page)


def test_broken_data_fails_the_build_with_every_problem(tmp_path):
    project = make_project(tmp_path)
    case = project / "data" / "cases" / "county-position-upgrade.yml"
    case.write_text(
        case.read_text(encoding="utf-8")
        .replace("domain: 农村", "domain: 乡村")
        .replace("year: 2023", "year: 二〇二三"),
        encoding="utf-8",
    )
    result = run_mkdocs_build(project)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert "ERROR   -  数据检查未通过，网站没有生成：" in lines
    assert (
        "data/cases/county-position-upgrade.yml:7:7: 字段“year”（年份）应当是整数（不加引号），现在是文字“二〇二三”。"
        in lines
    )
    # The misspelt domain is reported in the same run, although the record failed its schema on the year.
    assert any(
        line.startswith("data/cases/county-position-upgrade.yml:6:9: “乡村”不是领域的可选值。") for line in lines
    ), lines
    assert "共发现 2 个错误，请逐条修改后再试。" in lines
    assert "Traceback" not in result.stderr
    assert not (project / "site" / "index.html").exists()


def test_every_repository_record_is_on_the_site(repo_site):
    corpus = load_corpus(ROOT / "data")
    missing = [
        f"{kind}/{record.id}"
        for kind, record in corpus.all_records()
        if not (repo_site / kind / record.id / "index.html").is_file()
    ]
    assert missing == []
    yaml_files = sorted(p for p in (ROOT / "data").glob("*/*.yml"))
    assert len(yaml_files) == corpus.count()


def test_asterisks_of_anonymised_places_stay_literal_in_markdown_fields(mini_site):
    page = html(mini_site, "cases/county-position-upgrade/index.html")
    assert "**县部分村级活动场所功能单一" in page
    assert "<strong>县部分" not in page


def test_site_carries_the_whole_export_as_one_zip_linked_with_its_size(repo_site):
    from djkb.data.schema import RECORD_TYPE_BY_KIND
    from djkb.pages import export
    from tests.support.export_checks import EXPECTED_NAMES, check_export, unpack_export

    corpus = load_corpus(ROOT / "data")
    assert sorted(p.name for p in (repo_site / "export").iterdir()) == [export.ARCHIVE_NAME]
    data = (repo_site / export.ARCHIVE_PATH).read_bytes()
    check_export(unpack_export(data), {kind: corpus.records(kind) for kind in RECORD_TYPE_BY_KIND})
    assert data == export.export_archive(corpus, site_name="党建品牌知识库")  # same data, same bytes
    link = f"下载全部数据（zip，{export.human_size(len(data))}，内含 JSON 和 CSV）"
    for page, href in [
        ("index.html", "export/djkb-data.zip"),
        ("stats/index.html", "../export/djkb-data.zip"),
        ("cases/index.html", "../export/djkb-data.zip"),
        ("guide/index.html", "../export/djkb-data.zip"),
    ]:
        text = html(repo_site, page)
        assert f'href="{href}"' in text, page
        if (
            page != "guide/index.html"
        ):  # the guide is hand-written Markdown: it points to the statistics page for the size
            assert link in text, page
    stats = html(repo_site, "stats/index.html")
    for name in EXPECTED_NAMES:  # what is inside, file by file
        assert f"<code>{name}</code>" in stats, name
    assert re.findall(r'href="[^"]*\.(?:csv|json)"', stats) == []  # no links to the files the site no longer carries


TABBED_SCRIPT = 'target.name.startsWith("__tabbed_")'


def test_tab_selection_script_only_on_pages_with_content_tabs(tmp_path, mini_site):
    """overrides/partials/javascripts/content.html: Material's tab scripts where pymdownx.tabbed is used only."""
    assert TABBED_SCRIPT not in html(mini_site, "cases/county-position-upgrade/index.html")
    assert TABBED_SCRIPT not in html(mini_site, "index.html")
    project = make_project(tmp_path)
    (project / "docs" / "tabs.md").write_text(
        '# 标签页\n\n=== "农村"\n\n    村里的做法。\n\n=== "社区"\n\n    社区的做法。\n', encoding="utf-8"
    )
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "  - 使用说明: guide.md\n", "  - 使用说明: guide.md\n  - 标签页: tabs.md\n"
        ),
        encoding="utf-8",
    )
    assert run_mkdocs_build(project).returncode == 0
    page = (project / "site" / "tabs" / "index.html").read_text(encoding="utf-8")
    assert 'class="tabbed-set' in page and TABBED_SCRIPT in page
