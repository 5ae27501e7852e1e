"""Offline bundles end to end: `djkb bundle` as a trainer runs it, the zip unpacked and opened from file://
in headless Chromium with every non-file request blocked and recorded."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from djkb.bundle.selection import Selection, normalize, resolve
from djkb.data.link import Corpus
from djkb.data.pipeline import load_corpus
from djkb.pages import export
from djkb.search.indexer import read_index
from tests.conftest import TESTS_DIR, make_project
from tests.support.browser import CHROMIUM, CHROMIUM_ARGS
from tests.support.export_checks import check_export, unpack_export
from tests.support.term_tips_checks import expected_tip, script_tips

BUNDLE_DATA = TESTS_DIR / "fixtures" / "bundle" / "data"
DATE = "2026-11-22"
RECORD_PAGE = re.compile(r"^(sources|standards|brands|cases|glossary)/([a-z0-9-]+)\.html$")
INDEX_NAMES = {"index", "by-domain", "by-region", "by-year", "by-brand", "by-standard", "coverage"}


def run_bundle(project: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("DJKB_DATA_DIR", None)
    return subprocess.run(
        [sys.executable, "-m", "djkb", "bundle", "--date", DATE, *args],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def unpack(zip_path: Path, into: Path) -> Path:
    """Unzip as a trainer does; the bundle is one folder holding index.html."""
    with zipfile.ZipFile(zip_path) as archive:
        tops = {name.split("/", 1)[0] for name in archive.namelist()}
        assert len(tops) == 1, tops
        archive.extractall(into)
    return into / tops.pop()


@pytest.fixture(scope="session")
def bundle_project(tmp_path_factory) -> Path:
    return make_project(tmp_path_factory.mktemp("bundle"), BUNDLE_DATA)


@pytest.fixture(scope="session")
def rural_bundle(bundle_project, tmp_path_factory) -> Path:
    """`djkb bundle --domain 农村`, unpacked."""
    out = tmp_path_factory.mktemp("rural-out")
    result = run_bundle(bundle_project, "--domain", "农村", "--out", str(out))
    assert result.returncode == 0, result.stderr
    zips = list(out.glob("*.zip"))
    assert [z.name for z in zips] == [f"党建品牌知识库-农村-{DATE}.zip"]
    assert "已生成离线包" in result.stdout and "2 个案例" in result.stdout
    return unpack(zips[0], tmp_path_factory.mktemp("rural-unzipped"))


@pytest.fixture(scope="session")
def whole_bundle(bundle_project, tmp_path_factory) -> Path:
    """`djkb bundle --out 全站.zip` (no selection: the whole site), unpacked."""
    out = tmp_path_factory.mktemp("whole-out") / "全站.zip"
    result = run_bundle(bundle_project, "--out", str(out))
    assert result.returncode == 0, result.stderr
    return unpack(out, tmp_path_factory.mktemp("whole-unzipped"))


def record_pages(site: Path) -> set[tuple[str, str]]:
    found = set()
    for path in site.rglob("*.html"):
        match = RECORD_PAGE.match(path.relative_to(site).as_posix())
        if match and match.group(2) not in INDEX_NAMES:
            found.add((match.group(1), match.group(2)))
    return found


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value and (
                (tag in ("a", "link") and name == "href")
                or (tag in ("script", "img", "iframe", "source") and name == "src")
            ):
                self.urls.append((tag, value))


def page_urls(path: Path) -> list[tuple[str, str]]:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.urls


# -- contents ----------------------------------------------------------------------------------------


def test_selection_bundle_holds_exactly_the_selected_records_and_what_they_need(rural_bundle):
    corpus = load_corpus(BUNDLE_DATA)
    kept = resolve(corpus, normalize(corpus, Selection(domains=("农村",))))
    assert record_pages(rural_bundle) == set(kept.keys)
    # Spelled out for this fixture, so the test fails if the selection rules drift unnoticed.
    assert record_pages(rural_bundle) == {
        ("cases", "county-position-upgrade"),
        ("cases", "village-meeting-case"),
        ("brands", "party-flag-leading"),
        ("standards", "village-position-nine-haves"),
        ("standards", "three-meetings-one-lesson"),
        ("glossary", "three-meetings-one-lesson-term"),
        ("glossary", "weak-and-lax"),
        ("sources", "county-hundred-days-speech"),
    }
    assert not (rural_bundle / "cases" / "village-draft-case.html").exists()  # drafts never ship
    checklists = {p.stem for p in (rural_bundle / "checklists").glob("*.html")}
    assert checklists == {"village-position-nine-haves", "three-meetings-one-lesson"}
    # Index pages list only what the bundle holds.
    cases_index = (rural_bundle / "cases" / "index.html").read_text(encoding="utf-8")
    assert "county-position-upgrade.html" in cases_index and "community-grid-case" not in cases_index
    # Data exports and the search index describe the bundle, not the whole site.
    export_files = unpack_export((rural_bundle / export.ARCHIVE_PATH).read_bytes())
    check_export(
        export_files, {kind: {i: corpus.records(kind)[i] for k, i in kept.keys if k == kind} for kind in Corpus.KINDS}
    )
    assert "community-grid-case" not in export_files[export.JSON_NAME].decode("utf-8")
    assert sorted(p.name for p in (rural_bundle / "export").iterdir()) == [export.ARCHIVE_NAME]
    search_text = "".join("\n".join([row[1], *row[2], row[3]]) for row in read_index(rural_bundle)[1])
    assert "网格化管理" not in search_text and "九有标准" in search_text


def test_whole_site_bundle_holds_every_record(whole_bundle):
    corpus = load_corpus(BUNDLE_DATA)
    assert record_pages(whole_bundle) == {(kind, record.id) for kind, record in corpus.all_records()}
    home = (whole_bundle / "index.html").read_text(encoding="utf-8")
    assert "全部内容" in home and DATE in home and f"共 {corpus.count()} 条记录" in home
    data = (whole_bundle / export.ARCHIVE_PATH).read_bytes()
    check_export(unpack_export(data), {kind: corpus.records(kind) for kind in Corpus.KINDS})
    assert (
        f'href="{export.ARCHIVE_PATH}"' in home
        and f"下载全部数据（zip，{export.human_size(len(data))}，内含 JSON 和 CSV）" in home
    )


@pytest.mark.parametrize("which", ["rural", "whole"])
def test_bundle_carries_the_explanations_of_its_own_terms_only(which, rural_bundle, whole_bundle):
    site = {"rural": rural_bundle, "whole": whole_bundle}[which]
    corpus = load_corpus(BUNDLE_DATA)
    terms_in_bundle = {record_id for kind, record_id in record_pages(site) if kind == "glossary"}
    assert terms_in_bundle and (which == "whole" or terms_in_bundle < set(corpus.glossary))
    scripts = list((site / "assets" / "djkb" / "browse").glob("terms.*.js"))
    assert len(scripts) == 1
    tips = script_tips(scripts[0].read_text(encoding="utf-8"))
    assert tips == {term_id: expected_tip(corpus.glossary[term_id]) for term_id in terms_in_bundle}
    case_page = next((site / "cases").glob("*.html")).read_text(encoding="utf-8")
    assert f'src="../assets/djkb/browse/{scripts[0].name}"' in case_page


def test_every_local_reference_resolves_and_nothing_points_outside(rural_bundle):
    """No broken link in any page, and no URL a browser would fetch from another host."""
    external_fetches, broken = [], []
    for page in sorted(rural_bundle.rglob("*.html")):
        for tag, url in page_urls(page):
            parts = urlsplit(url)
            if parts.scheme in ("http", "https") or url.startswith("//"):
                if tag != "a":  # a link the reader may click is fine; a fetched resource is not
                    external_fetches.append((page.name, url))
                continue
            if parts.scheme or not parts.path:
                continue
            target = (page.parent / unquote(parts.path)).resolve()
            if not target.is_file():
                broken.append((page.relative_to(rural_bundle).as_posix(), url))
    assert external_fetches == []
    assert broken == []
    # Theme files the bundle does not use are left out.
    assert not (rural_bundle / "assets" / "javascripts" / "lunr").exists()
    assert not (rural_bundle / "sitemap.xml").exists()


def test_css_and_scripts_fetch_nothing_from_other_hosts(rural_bundle):
    for path in list(rural_bundle.rglob("*.css")):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"@import|url\(\s*['\"]?(https?:)?//", text), path
    for path in rural_bundle.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert "fonts.googleapis" not in text and "unpkg.com" not in text, path


def test_bad_selection_is_a_clear_chinese_error(bundle_project, tmp_path):
    result = run_bundle(bundle_project, "--domain", "农材", "--brand", "no-such-brand", "--out", str(tmp_path))
    assert result.returncode == 1
    assert "离线包的选择条件有误" in result.stderr
    assert "没有这个领域“农材”" in result.stderr and "最接近的：农村" in result.stderr
    assert "没有这个品牌项目“no-such-brand”" in result.stderr
    assert list(tmp_path.iterdir()) == []


# -- in the browser, from file:// ------------------------------------------------------------------


@pytest.fixture(scope="module")
def offline_browser():
    """A Chromium context where every request that is not file: is blocked and recorded."""
    from playwright.sync_api import sync_playwright

    external: list[str] = []
    failed: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context()

        def guard(route, request):
            if request.url.startswith(("file:", "data:", "blob:", "about:")):
                route.continue_()
            else:
                external.append(request.url)
                route.abort()

        context.route("**/*", guard)
        # (url, Chromium's reason): a missing file is net::ERR_FILE_NOT_FOUND; net::ERR_ABORTED is a request the
        # page dropped itself (a navigation or a download started before it finished: timing, not a fault).
        context.on("requestfailed", lambda request: failed.append((request.url, request.failure or "")))
        yield context, external, failed
        browser.close()


@pytest.mark.browser
def test_offline_bundle_in_chromium(rural_bundle, offline_browser):
    context, external, failed = offline_browser
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    # The start page, opened by double-click.
    page.goto((rural_bundle / "index.html").as_uri())
    assert page.title().startswith("党建品牌知识库（离线版）")
    assert "领域：农村" in page.inner_text(".md-content")

    # The data download is the bundle's own zip, from file:// too.
    page.wait_for_load_state("networkidle")  # favicon first: the click would cancel its request
    with page.expect_download() as download_info:
        page.locator(".md-content a", has_text="下载全部数据").first.click()
    download = download_info.value
    assert download.suggested_filename == export.ARCHIVE_NAME
    assert Path(download.path()).read_bytes() == (rural_bundle / export.ARCHIVE_PATH).read_bytes()
    # Chromium reports a link that becomes a download as an aborted request.
    assert any(url.startswith("file:") and url.endswith("/" + export.ARCHIVE_PATH) for url, _ in failed), failed
    assert [why for _, why in failed if "ERR_ABORTED" not in why] == [], failed
    failed.clear()

    # Search through the engine's interface, from file://.
    hits = page.evaluate("q => window.djkbSearch(q, {limit: 10})", "九有")
    assert hits and hits[0]["location"] == "standards/village-position-nine-haves.html", hits
    assert not any(
        "community" in hit["location"] for hit in page.evaluate("q => window.djkbSearch(q, {limit: 50})", "社区")
    )

    # …and through the visible search box: the result link opens the page.
    box = page.locator("input.djkb-search__input").first
    if not box.is_visible():
        page.locator("button.djkb-search__toggle").first.click()
    box.fill("九有")
    result_link = page.locator(".djkb-search__results a", has_text="九有标准").first
    result_link.wait_for(state="visible")
    result_link.click()
    # The link carries the searched words (?h=…), highlighted on the opened page.
    page.wait_for_url(lambda url: url.split("?")[0].endswith("/standards/village-position-nine-haves.html"))
    assert "九有" in page.locator("mark.djkb-search-hl").all_inner_texts()

    # A link to a left-out record is plain text, not a link.
    superseded = page.locator(".djkb-unlinked", has_text="街道党群服务阵地七有要求").first
    assert superseded.is_visible()
    assert superseded.evaluate("node => node.closest('a') === null")
    assert page.locator('a[href*="village-position-2019"]').count() == 0

    # The standard's self-check sheet is linked and opens.
    page.locator("a", has_text="打印自查表").first.click()
    page.wait_for_url("**/checklists/village-position-nine-haves.html")
    assert page.locator(".djkb-checklist tbody tr").count() == 9

    # From a selected case, the link to its standard works.
    page.goto((rural_bundle / "cases" / "county-position-upgrade.html").as_uri())
    page.locator(".md-content a", has_text="九有标准").first.click()
    page.wait_for_url("**/standards/village-position-nine-haves.html")
    assert page.title().startswith("九有标准")

    # A filter narrows the case listing.
    page.goto((rural_bundle / "cases" / "index.html").as_uri())
    rows = page.locator("tr[data-f]")
    assert rows.count() == 2
    page.locator('button.djkb-chip[data-value="2023"]').first.click()
    page.wait_for_function("() => document.querySelectorAll('tr[data-f]:not([hidden])').length === 1")
    assert "“九有”达标提升" in page.locator("tr[data-f]:not([hidden])").inner_text()

    assert external == [], external
    assert [(url, why) for url, why in failed if "ERR_ABORTED" not in why] == [], failed
    assert errors == [], errors


@pytest.mark.browser
def test_pages_print_without_chrome_and_show_external_addresses(whole_bundle, offline_browser):
    context, external, _ = offline_browser
    page = context.new_page()
    page.goto((whole_bundle / "sources" / "community-report.html").as_uri())
    page.emulate_media(media="print")
    for selector in (".md-header", ".md-sidebar--primary", ".md-footer", ".djkb-search"):
        locator = page.locator(selector)
        assert locator.count() == 0 or not locator.first.is_visible(), selector
    link = page.locator('.md-content a[href="https://www.example.org/community-report"]').first
    after = link.evaluate("node => getComputedStyle(node, '::after').content")
    assert "https://www.example.org/community-report" in after
    font = page.locator(".md-typeset").first.evaluate("node => getComputedStyle(node).fontFamily")
    assert "Serif CJK" in font or "SimSun" in font
    page.emulate_media(media="screen")
    assert "https://www.example.org" not in link.evaluate("node => getComputedStyle(node, '::after').content")
    assert external == []


# -- self-check sheets on the normal site ------------------------------------------------------------


def test_published_site_has_a_self_check_sheet_per_standard(mini_site):
    corpus = load_corpus(TESTS_DIR / "fixtures" / "mini" / "data")
    for std_id, standard in corpus.standards.items():
        sheet = mini_site / "checklists" / std_id / "index.html"
        assert sheet.is_file(), std_id
        html = sheet.read_text(encoding="utf-8")
        assert html.count("☐ 达到") == len(standard.items)
        for item in standard.items:
            assert item.title in html
        standard_page = (mini_site / "standards" / std_id / "index.html").read_text(encoding="utf-8")
        assert f'href="../../checklists/{std_id}/"' in standard_page
        # Not in the site navigation (one per standard would flood it).
        assert f"checklists/{std_id}/" not in (mini_site / "index.html").read_text(encoding="utf-8")
