"""What readers see is what editors wrote: a case's title, summary and long fields, full of punctuation, reach
the case page, the listing, the meta description, the feed, the JSON/CSV export and the offline bundle
unchanged (whitespace runs may collapse to one space; a one-line text may be cut with `…`; Markdown markers
disappear as they do on the page, nothing else may change).

The property test builds real sites: one build per Hypothesis example, each holding many generated cases plus
the examples from the bug report (much faster than one build per text).
"""

from __future__ import annotations

import html
import json
import re
import tempfile
import time
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
import yaml
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from djkb.data import characters as textcheck
from djkb.data import editorial as checks
from djkb.data import unsafe_markup as safety
from djkb.pages import visible_text
from djkb.pages.export import ARCHIVE_PATH, JSON_NAME, read_archive, read_csv
from djkb.pages.render import markdown_text, md_escape, one_line
from djkb.project import TEMPLATES_DIR
from tests.conftest import ROOT, make_project, run_mkdocs_build

# The report's examples: every one of them lost characters in one-line texts.
REPORTED = ["每名党员联系10-20户", "2023-2025年", "(试行)", "注[1]", "a_b_c", "3*4", "第#3号"]

PUNCTUATION = "-_*#[]()|<>&%+~^/\\{}"
FULL_WIDTH = "，。、；：？！“”‘’（）【】《》—…·％＋－／"
CHINESE = "党建品牌支部书记村社区服务群众年月日户条"
ASCII = "abxAB0123456789"


def collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _acceptable_plain(text: str) -> bool:
    """What `djkb check` accepts in a title (no markup, no invisible characters, no personal data)."""
    return (
        bool(text.strip())
        and not list(safety.check_plain(text))
        and not list(textcheck.check_characters(text))
        and not checks._DIGIT_RUN.search(text)
    )


def _acceptable_markdown(text: str) -> bool:
    return (
        bool(text.strip())
        and not list(safety.check_markdown(text))
        and not list(textcheck.check_characters(text))
        and not checks._DIGIT_RUN.search(text)
    )


_chars = st.sampled_from(PUNCTUATION + FULL_WIDTH + CHINESE + ASCII + " ")
titles = st.text(_chars, min_size=1, max_size=40).map(str.strip).filter(_acceptable_plain)
# Long fields: several lines (line breaks inside Chinese sentences, list-like lines).
paragraphs = (
    st.lists(st.text(_chars, min_size=1, max_size=60), min_size=1, max_size=4)
    .map(lambda lines: "\n".join(lines).strip())
    .filter(_acceptable_markdown)
)
summaries = st.text(_chars, min_size=1, max_size=160).map(str.strip).filter(_acceptable_markdown)
case_texts = st.fixed_dictionaries(
    {
        "title": titles,
        "summary": summaries,
        "background": paragraphs,
        "practice": paragraphs,
        "results": paragraphs,
        "lessons": paragraphs,
    }
)


# -- the render core, without a site ------------------------------------------------------------------------

_page_markdown = markdown.Markdown(extensions=list(visible_text.EXTENSIONS))


@settings(max_examples=300, deadline=None)
@given(st.text(_chars, max_size=80))
def test_escaped_plain_text_shows_exactly_as_written(text):
    """Titles and names go into Markdown through `md` (as a heading, in a sentence, in a table cell): the page
    shows them character for character."""
    for context in ("# {}", "文字：{}。", "| 1 | {} |\n|---|---|\n| 2 | {} |"):
        shown = _page_markdown.reset().convert(context.format(md_escape(text), md_escape(text)))
        assert collapse(_text_of(shown)) == collapse(
            context.replace("|---|---|", "").replace("| ", " ").replace(" |", " ").removeprefix("# ").format(text, text)
        ), context


@settings(max_examples=300, deadline=None)
@given(summaries, st.integers(min_value=5, max_value=200))
def test_one_line_is_the_visible_text_of_the_field_cut_at_a_character(text, limit):
    whole = visible_text.markdown_visible_text(markdown_text(text))
    assert whole == collapse(_text_of(_page_markdown.reset().convert(markdown_text(text))))
    cut = one_line(text, limit)
    assert len(cut) <= limit
    assert cut == whole or (cut.endswith("…") and whole.startswith(cut[:-1]))
    assert _is_subsequence(whole.replace(" ", ""), text)  # only Markdown markers may go, nothing is added


@pytest.mark.parametrize("text", REPORTED)
def test_reported_examples_survive_one_line(text):
    assert one_line(text) == text
    assert one_line(f"摘要：{text}。") == f"摘要：{text}。"


def test_markdown_emphasis_disappears_as_on_the_page():
    assert one_line("**基层党建**工作 *余万元 **县**镇") == "基层党建工作 *余万元 **县**镇"
    assert one_line("- 第一条\n- 第二条") == "第一条 第二条"
    assert one_line("按 [通知](https://example.org/a) 办理") == "按 通知 办理"
    assert one_line("一二三四五六七八九十", 5) == "一二三四…"


def test_one_line_shows_html_looking_plain_text_as_the_page_does():
    # Plain fields are escaped on pages: `<b>` and `&amp;` show as typed.
    assert one_line("A&amp;B <b>", markdown=False) == "A&amp;B <b>"
    assert collapse(_text_of(_page_markdown.reset().convert(md_escape("A&amp;B <b>")))) == "A&amp;B <b>"
    # In a Markdown field `&` and a lone `<` are text; the page shows them, so does the one-line text.
    assert one_line("AT&T 3<5") == "AT&T 3<5"


def test_the_one_line_markdown_matches_the_sites_extensions():
    from mkdocs.config import load_config

    config = load_config(str(ROOT / "mkdocs.yml"))
    site = [str(name) for name in config.markdown_extensions]
    assert set(site) - visible_text.LEFT_OUT == set(visible_text.EXTENSIONS)
    configs = visible_text._extension_configs()
    for name in visible_text.EXTENSIONS:
        for option, value in (config.mdx_configs.get(name) or {}).items():
            assert configs.get(name, {}).get(option) == value, (name, option)


def test_checklist_table_keeps_the_standards_wording():
    from djkb.data.pipeline import load_corpus
    from djkb.pages.render import Renderer

    corpus = load_corpus(ROOT / "data", root=ROOT)
    page = Renderer(corpus).render_checklist(corpus.standards["member-contact-households"])
    shown = _text_of(_page_markdown.reset().convert(page.markdown))
    assert "10-20户" in shown and "10 20户" not in shown


# -- real sites ---------------------------------------------------------------------------------------------


def _case_yaml(case_id: str, texts: dict[str, str]) -> str:
    fields = {
        "id": case_id,
        "title": texts["title"],
        "place": "**县",
        "region": "**县",
        "org_type": "村党组织",
        "domain": "农村",
        "year": 2024,
        "summary": texts["summary"],
        "background": texts["background"],
        "practice": texts["practice"],
        "results": texts["results"],
        "lessons": texts["lessons"],
        "status": "已审核",
        "submitted": "2024-05-01",
    }
    # JSON strings are YAML strings: whatever the text holds, YAML reads it back as written.
    return "".join(f"{key}: {json.dumps(value, ensure_ascii=False)}\n" for key, value in fields.items())


def _reported_cases() -> list[dict[str, str]]:
    cases = []
    for number, text in enumerate(REPORTED):
        cases.append(
            {
                "title": f"{text}的案例{number}",
                "summary": f"要求{text}，落实到位{number}。",
                "background": f"背景：{text}。",
                "practice": f"做法：{text}\n第二行{text}。",
                "results": f"成效{text}。",
                "lessons": f"启示{text}。",
            }
        )
    return cases


# No shrinking: each step would be a site build; the assertion messages name the failing text instead.
@settings(
    max_examples=2,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
    phases=(Phase.explicit, Phase.generate),
)
@given(st.lists(case_texts, min_size=20, max_size=20))
def test_random_text_reaches_every_output_unchanged(generated):
    cases = _reported_cases() + generated
    with tempfile.TemporaryDirectory() as folder:
        project = make_project(Path(folder))
        for number, texts in enumerate(cases):
            (project / "data" / "cases" / f"prop-case-{number}.yml").write_text(
                _case_yaml(f"prop-case-{number}", texts), encoding="utf-8"
            )
        started = time.perf_counter()
        result = run_mkdocs_build(project)
        assert result.returncode == 0, result.stderr[-3000:]
        site = project / "site"
        listing = (site / "cases" / "index.html").read_text(encoding="utf-8")
        feed = ET.parse(site / "feed.xml").getroot()
        archive = read_archive((site / ARCHIVE_PATH).read_bytes())
        exported = {c["id"]: c for c in json.loads(archive[JSON_NAME])["cases"]}
        csv_rows = {c["id"]: c for c in read_csv("cases", archive["cases.csv"])}
        for number, texts in enumerate(cases):
            case_id = f"prop-case-{number}"
            page = _CasePage((site / "cases" / case_id / "index.html").read_text(encoding="utf-8"))
            _check_case_page(page, texts)
            _check_listing(listing, case_id, texts, page)
            _check_feed(feed, case_id, texts, page)
            for field, value in texts.items():  # the data downloads hold the fields exactly as written
                assert exported[case_id][field] == value
                assert csv_rows[case_id][field] == value
        _check_bundle(project, cases)
        print(f"built {len(cases)} cases (site and bundle) in {time.perf_counter() - started:.1f} s")


def _check_case_page(page: "_CasePage", texts: dict[str, str]) -> None:
    assert page.title == collapse(texts["title"])
    for field in ("summary", "background", "practice", "results", "lessons"):
        shown = page.fields[field]
        # What the page shows of a field is the field: Markdown markers may go, every other character stays in order.
        assert _is_subsequence(shown.replace(" ", ""), texts[field]), (field, texts[field], shown)
        assert shown == visible_text.markdown_visible_text(markdown_text(texts[field])), (field, texts[field], shown)
    assert page.description == visible_text.shorten(page.fields["summary"], 120)
    for text in REPORTED:
        if text in texts["summary"]:
            assert text in page.fields["summary"] and text in page.description


def _check_listing(listing: str, case_id: str, texts: dict[str, str], page: "_CasePage") -> None:
    row = re.search(rf'<td><a href="{case_id}/">(.*?)</a><br>(.*?)</td>', listing, re.S)
    assert row, case_id
    assert html.unescape(row.group(1)) == texts["title"]
    assert html.unescape(row.group(2)) == visible_text.shorten(page.fields["summary"], 70)


def _check_feed(feed: ET.Element, case_id: str, texts: dict[str, str], page: "_CasePage") -> None:
    atom = "{http://www.w3.org/2005/Atom}"
    for entry in feed.iter(f"{atom}entry"):
        if entry.find(f"{atom}link").get("href").rstrip("/").endswith(f"cases/{case_id}"):
            assert entry.findtext(f"{atom}title") == texts["title"]
            summary = entry.findtext(f"{atom}summary")
            assert summary.startswith(visible_text.shorten(page.fields["summary"], 300) + "（"), summary
            return
    raise AssertionError(f"{case_id} missing from the feed")


def _check_bundle(project: Path, cases: list[dict[str, str]]) -> None:
    from djkb.bundle.build import build_site

    bundle = project / "bundle"
    build_site(project, bundle, selection={}, date="2026-12-07")
    for number, texts in enumerate(cases):
        page = _CasePage((bundle / "cases" / f"prop-case-{number}.html").read_text(encoding="utf-8"))
        _check_case_page(page, texts)


# -- reading pages (html.parser: independent of djkb/pages/visible_text.py) ------------------------------------------

_BLOCKS = {
    "p",
    "li",
    "ul",
    "ol",
    "div",
    "blockquote",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "br",
    "table",
    "tr",
    "td",
    "th",
    "dd",
    "dt",
    "dl",
    "pre",
    "hr",
    "label",
    "input",
    "details",
    "summary",
}


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "svg") or "headerlink" in (dict(attrs).get("class") or ""):
            self.skip += 1
        if tag in _BLOCKS:
            self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag in ("script", "style", "svg", "a") and self.skip:
            self.skip -= 1
        if tag in _BLOCKS:
            self.parts.append(" ")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def _text_of(fragment: str) -> str:
    parser = _Text()
    parser.feed(fragment)
    parser.close()
    return collapse("".join(parser.parts))


def _is_subsequence(shown: str, written: str) -> bool:
    rest = iter(written)
    return all(ch in rest for ch in shown)


_SECTIONS = {"背景": "background", "做法": "practice", "成效": "results", "启示": "lessons"}
# Every section heading the page templates write (their ids are their text): they, and only they, divide the page.
_PAGE_HEADINGS = frozenset(
    heading
    for template in TEMPLATES_DIR.glob("*.md.j2")
    for heading in re.findall(r"^## (\S+)(?: \{[^}]*\})?$", template.read_text(encoding="utf-8"), re.M)
)


class _CasePage:
    """The parts of a built case page the test compares: title, meta description, and each field's text."""

    def __init__(self, page: str) -> None:
        description = re.search(r'<meta name="description" content="([^"]*)"', page)
        self.description = html.unescape(description.group(1)) if description else ""
        article = page[page.index("<article") : page.index("</article>")]
        self.title = _text_of(re.search(r"<h1[^>]*>(.*?)</h1>", article, re.S).group(1))
        self.fields: dict[str, str] = {}
        article = re.split(r'<p class="djkb-(?:provenance|tags)"', article)[0]  # after the last field
        # The page's own section headings divide the fields; a heading an editor wrote (a line of text over a
        # line of "-" is one in Markdown) stays inside its field.
        sections = [
            m
            for m in re.finditer(r'<h2\b[^>]*\bid="([^"]*)"[^>]*>.*?</h2>', article, flags=re.S)
            if m.group(1) in _PAGE_HEADINGS
        ]
        head = article[: sections[0].start()] if sections else article
        start = head.index("<blockquote>")
        self.fields["summary"] = _text_of(_balanced(head[start:], "blockquote"))
        for index, match in enumerate(sections):
            if match.group(1) not in _SECTIONS:
                continue
            body = article[match.end() : sections[index + 1].start() if index + 1 < len(sections) else len(article)]
            if match.group(1) == "成效":
                body = body.split("<table", 1)[0]
            self.fields[_SECTIONS[match.group(1)]] = _text_of(body)


def _balanced(fragment: str, tag: str) -> str:
    """`fragment` up to the end of its first element (nested elements of the same name included)."""
    depth = 0
    for match in re.finditer(rf"<(/?){tag}\b[^>]*>", fragment):
        depth += -1 if match.group(1) else 1
        if depth == 0:
            return fragment[: match.end()]
    return fragment


def test_yaml_round_trip_of_generated_cases():
    """The helper writes what the loader reads back (sanity of the test's own data)."""
    texts = _reported_cases()[0] | {"summary": "a: b # c\n- d"}
    assert yaml.safe_load(_case_yaml("x-case", texts))["summary"] == "a: b # c\n- d"
