"""Structural properties that keep big sites fast. Speed itself is measured by `djkb bench`."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from djkb.build.html import squeeze_html
from djkb.build.progress import Progress
from djkb.devtools.realistic import generate_realistic
from djkb.pages.html_blocks import BLOCK_TAGS, set_aside_html_blocks
from tests.conftest import make_project, run_mkdocs_build

N_CASES = 300
MAX_CASE_PAGE_BYTES = 12_500  # ~9.9 KB on average today, ~11.8 KB at most; stock Material: ~17 KB
MAX_FRAME_BYTES = 4_400  # a case page outside <article>: ~3.9 KB today; Material's own frame was ~12 KB
MAX_NAV_LINKS = 40  # the whole site nav has ~20 entries: case pages must never appear in it


@pytest.fixture(scope="session")
def scale_builds(tmp_path_factory) -> tuple[Path, Path]:
    """A 300-case corpus grown from the repository's case files (djkb/devtools/realistic.py), built twice: cold,
    then with the render cache warm from the first build."""
    base = tmp_path_factory.mktemp("scale")
    generate_realistic(base / "data", N_CASES, seed=11)
    project = make_project(base, base / "data")
    env = {"DJKB_CACHE_DIR": str(base / "cache")}
    first = run_mkdocs_build(project, env=env)
    assert first.returncode == 0, first.stderr[-3000:]
    (project / "site").rename(base / "site-cold")
    second = run_mkdocs_build(project, env=env)
    assert second.returncode == 0, second.stderr[-3000:]
    return base / "site-cold", project / "site"


def _case_pages(site: Path) -> list[Path]:
    return sorted(p for p in (site / "cases").glob("*/index.html") if not p.parent.name.startswith("by-"))


def test_every_case_page_is_small_and_carries_no_copy_of_the_case_list(scale_builds):
    site, _ = scale_builds
    pages = _case_pages(site)
    assert len(pages) == N_CASES
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert len(html.encode()) < MAX_CASE_PAGE_BYTES, page
        nav_links = html.count('class="md-nav__link')
        assert nav_links < MAX_NAV_LINKS, (page, nav_links)
        # Links to other cases: only the few related cases in the article, never a list of all of them.
        assert len(re.findall(r'href="\.\./[^/"]+/"', html)) <= 12, page


def test_case_pages_final_html_never_goes_through_markdown(scale_builds):
    """The structured parts of a case page (facts, item links, outcomes table, related cases, sources, tags) are
    final HTML: set aside before the Markdown conversion (djkb/pages/html_blocks.py), never parsed by it."""
    from djkb.data.pipeline import load_corpus
    from djkb.pages.render import Renderer

    data = scale_builds[0].parent / "project" / "data"
    pages = [p for p in Renderer(load_corpus(data, root=data.parent)).render_all() if p.kind == "cases"]
    assert len(pages) == N_CASES
    block_start = re.compile(r"^<(" + "|".join(sorted(BLOCK_TAGS)) + r")[\s>]", re.M)
    for page in pages:
        set_aside = set_aside_html_blocks(page.markdown)
        assert set_aside.blocks, page.path
        assert not block_start.search(set_aside.markdown), page.path
        assert set_aside.markdown.count("<") <= 2, page.path  # what is left is the editors' Markdown


def test_record_pages_have_the_lean_frame(scale_builds):
    """overrides/record.html: top-level sections only, one stylesheet of ours, a small config."""
    site, _ = scale_builds
    records = [
        p
        for kind in ("standards", "brands")
        for p in sorted((site / kind).glob("*/index.html"))
        if p.parent.name != "coverage"
    ]
    pages = _case_pages(site) + records
    for page in pages:
        html = page.read_text(encoding="utf-8")
        article = re.search(r"<article\b.*</article>", html, re.S)
        assert article, page
        limit = MAX_FRAME_BYTES + (0 if page.parent.parent.name == "cases" else 2_000)  # + a table of contents
        assert len(html.encode()) - len(article.group(0).encode()) < limit, page
        assert "md-nav__item--nested" not in html and "__nav_" not in html, page  # no copy of the nested nav
        tabs = re.search(r'<ul class="md-tabs__list">(.*?)</ul>', html, re.S).group(1)
        assert tabs.count("<li") == 8 and "md-tabs__link" not in tabs, page  # djkb.css styles the bare links
        # The phone drawer gets its copy of the tabs from browse.js (tests/browser/test_browse_browser.py).
        assert '<ul class="md-nav__list" data-djkb-from-tabs data-md-scrollfix></ul>' in html, page
        assert len(re.findall(r'<link rel="stylesheet" href="[^"]*assets/djkb/', html)) == 1, page
        assert 'data-md-component="palette"' not in html and "search.result" not in html, page
        # Icons come from the shared stylesheet, Material's head helpers from a shared script; nothing empty or unused.
        frame = html.replace(article.group(0), "")
        assert "<svg" not in frame and "__md_scope" not in frame and '<script src="' in frame, page
        assert 'data-md-component="announce"' not in frame and 'data-md-component="dialog"' not in frame, page
    case = _case_pages(site)[0].read_text(encoding="utf-8")
    assert '<li class="md-tabs__item--active"><a href="../">典型案例</a>' in case


def test_case_titles_are_not_in_the_nav(scale_builds):
    site, _ = scale_builds
    home = (site / "index.html").read_text(encoding="utf-8")
    nav = home[home.find("md-nav--primary") : home.find("</nav>", home.find("md-nav--primary"))]
    assert "-r00001" not in nav and nav.count("md-nav__link") < MAX_NAV_LINKS


def test_pages_carry_no_template_indentation(scale_builds):
    site, _ = scale_builds
    html = _case_pages(site)[0].read_text(encoding="utf-8")
    outside_pre = re.sub(r"<(pre|script|style|textarea)\b.*?</\1>", "X", html, flags=re.S)
    assert not re.search(r"\n[ \t]+<", outside_pre)
    assert "\n\n" not in outside_pre


def test_warm_render_cache_gives_the_same_site(scale_builds):
    cold, warm = scale_builds
    cold_files = sorted(p.relative_to(cold).as_posix() for p in cold.rglob("*") if p.is_file())
    warm_files = sorted(p.relative_to(warm).as_posix() for p in warm.rglob("*") if p.is_file())
    assert cold_files == warm_files
    differing = [f for f in cold_files if (cold / f).read_bytes() != (warm / f).read_bytes()]
    assert differing == []


def test_squeeze_keeps_preformatted_text_and_inline_spacing():
    html = "<div>\n    <p>甲 <b>乙</b>\n\n   丙</p>\n  <pre>  a\n\n    b</pre>\n <script>if (x)\n    y()</script></div>"
    out = squeeze_html(html)
    assert "<pre>  a\n\n    b</pre>" in out
    assert "<script>if (x)\n    y()</script>" in out
    assert "<p>甲 <b>乙</b>\n丙</p>" in out
    assert "\n " not in out.replace("\n    b", "").replace("\n    y", "")


def test_progress_plain_lines_when_not_a_terminal():
    stream = io.StringIO()
    with Progress("生成页面", 1000, stream=stream, terminal=False) as progress:
        for _ in range(1000):
            progress.advance()
    lines = stream.getvalue().splitlines()
    assert lines[0] == "生成页面：100/1000（10%）"
    assert lines[9] == "生成页面：1000/1000（100%）"
    assert len(lines) == 10


def test_progress_bar_on_a_terminal_and_silent_for_small_jobs():
    stream = io.StringIO()
    with Progress("生成页面", 400, stream=stream, terminal=True) as progress:
        progress.advance(400)
    assert "\r生成页面 " in stream.getvalue() and "400/400" in stream.getvalue()
    quiet = io.StringIO()
    with Progress("生成页面", 10, stream=quiet, terminal=False) as progress:
        progress.advance(10)
    assert quiet.getvalue() == ""


def test_cache_lifetime_and_helper_follow_the_mkdocs_command(monkeypatch, tmp_path):
    from djkb.build import conversion_cache as render_cache
    from djkb.build import invocation

    monkeypatch.delenv("DJKB_CACHE_DIR", raising=False)
    monkeypatch.delenv("DJKB_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(invocation, "CURRENT", invocation.Invocation())
    invocation.announce("serve")
    assert render_cache.default_cache_root() == tmp_path / "djkb" / "render"
    # Never fork under `mkdocs serve`: its server threads may hold locks.
    assert render_cache.start_helper(lambda: None) is None
    invocation.announce("build")
    assert render_cache.default_cache_root() is None  # one-off build: temporary cache
    invocation.announce(None)  # MkDocs driven without its CLI
    assert render_cache.default_cache_root() is None and render_cache.start_helper(lambda: None) is None


def test_processed_pages_are_reused_only_while_html_and_inputs_are_unchanged(tmp_path):
    from djkb.build.conversion_cache import RenderCache

    calls: list[str] = []

    def process(html: str) -> str:
        calls.append(html)
        return html.upper()

    cache = RenderCache(tmp_path, "fp", tmp_path)
    assert cache.processed(["a/", "g1"], "<p>x</p>", process) == "<P>X</P>"
    again = RenderCache(tmp_path, "fp", tmp_path)  # the next `mkdocs serve` rebuild
    assert again.processed(["a/", "g1"], "<p>x</p>", process) == "<P>X</P>"
    assert len(calls) == 1
    again.processed(["a/", "g2"], "<p>x</p>", process)  # the glossary changed
    again.processed(["b/", "g1"], "<p>x</p>", process)  # another page
    again.processed(["a/", "g1"], "<p>y</p>", process)  # the page changed
    assert len(calls) == 4
    temporary = RenderCache(None, "fp", tmp_path)
    temporary.processed(["a/", "g1"], "<p>x</p>", process)
    assert len(calls) == 5
    temporary.close()


@pytest.mark.parametrize("directory_urls", [True, False])
def test_links_written_as_html_match_the_urls_mkdocs_writes(directory_urls):
    from mkdocs.utils import get_relative_url

    from djkb.pages.urls import page_url, relative_url

    paths = [
        "index.md",
        "cases/index.md",
        "cases/by-domain.md",
        "cases/case-1.md",
        "brands/index.md",
        "brands/b.md",
        "standards/coverage.md",
    ]
    for source in paths:
        for target in paths[1:]:
            expected = get_relative_url(
                page_url(target, directory_urls=directory_urls), page_url(source, directory_urls=directory_urls)
            )
            assert relative_url(target, source, directory_urls=directory_urls) == expected, (source, target)


def test_index_pages_grow_with_groups_not_cases(scale_builds):
    """Grouped case pages list each group's newest cases and link the filtered listing for the rest; the
    full listing still links every case (nothing is lost)."""
    from djkb.pages.coverage import MATRIX_COLUMNS
    from djkb.pages.render import GROUP_PREVIEW

    site, _ = scale_builds
    listing = (site / "cases" / "index.html").read_text(encoding="utf-8")
    assert len(set(re.findall(r'<tr data-f="[^"]*"><td><a href="([^"]+/)"', listing))) == N_CASES
    page = (site / "cases" / "by-region" / "index.html").read_text(encoding="utf-8")
    groups = re.findall(
        r'<h2[^>]*>([^<（]+)（(\d+)）<a.*?</h2>\s*<ul[^>]*>(.*?)</ul>\s*(<p class="djkb-more">.*?</p>)?', page, re.S
    )
    assert groups and sum(int(count) for _, count, _, _ in groups) == N_CASES
    for region, count, items, more in groups:
        shown = items.count("<li>")
        assert shown == min(int(count), GROUP_PREVIEW), region
        if int(count) > GROUP_PREVIEW:
            assert f'href="../?region={region}">查看全部 {count} 个案例' in more, region
        else:
            assert not more
    coverage = (site / "standards" / "coverage" / "index.html").read_text(encoding="utf-8")
    gaps = re.search(r'<details class="djkb-gaps.*?</details>', coverage, re.S).group(0)
    assert "</a>- <a" not in gaps and gaps.count("<li>") > 1  # one list item per standard, not one run-on line
    for table in re.findall(r'<table class="djkb-matrix">.*?</table>', coverage, re.S):
        assert table.count('class="djkb-matrix-case"') <= MATRIX_COLUMNS
