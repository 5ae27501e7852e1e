"""The editors' path end to end: good input reaches the page unchanged, unsafe HTML never does, drafts only in
the preview build, `djkb new` / `djkb schema` / `djkb check` annotations."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from djkb.data.ids import slug_from_title
from djkb.data.load import load_file
from djkb.data.pipeline import check_data
from djkb.data.schema import json_schemas
from djkb.pages import sanitize
from tests.conftest import ROOT, make_project, run_mkdocs_build

TRICKY_TITLE = "第一期 #党建 & “三会一课”"
TRICKY_PLACE = "**县（邮编 010010）"
TRICKY_SUMMARY = '他说"好" 而且 x=1，标准是 1.10 版'
TRICKY_BACKGROUND = "第一行中文，没有空格。\n第二行中文，紧接着上一行。\n"
TRICKY_CASE = """id: tricky-values
title: "第一期 #党建 & “三会一课”"
place: "**县（邮编 010010）"
region: "**县"
org_type: 村党组织
domain: 农村
year: 2023
summary: '他说"好" 而且 x=1，标准是 1.10 版'
background: |
  第一行中文，没有空格。
  第二行中文，紧接着上一行。
practice: |
  - 做法一
results: |
  成效
lessons: |
  启示
status: 已审核
submitted: "2024-02-01"
"""
DRAFT_CASE = (
    TRICKY_CASE.replace("id: tricky-values", "id: draft-case")
    .replace(TRICKY_TITLE, "尚未审核的草稿案例")
    .replace("status: 已审核", "status: 草稿")
    .replace("第一行中文，没有空格。", "草稿背景，与其他案例不同的文字。")
    .replace("第二行中文，紧接着上一行。", "草稿第二行内容。")
)
HOSTILE_DOC = """

## 安全测试

<div class="djkb-test" onclick="window.__pwned = 1">点击</div>

<script>window.__pwned = 2</script>

<img src="x.png" onerror="window.__pwned = 3">

[坏链接](javascript:window.__pwned=4)

## 样式测试

=== "甲"

    内容甲

=== "乙"

    内容乙

- [x] 已完成
- [ ] 未完成

!!! note "提示"
    提示内容

??? info "展开"
    详细内容

:material-flag: 图标

| 列 | 数值 |
|---|---:|
| 甲 | 1 |
"""


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    project = make_project(tmp_path_factory.mktemp("editor"))
    (project / "data" / "cases" / "tricky-values.yml").write_text(TRICKY_CASE, encoding="utf-8")
    (project / "data" / "cases" / "draft-case.yml").write_text(DRAFT_CASE, encoding="utf-8")
    with (project / "docs" / "guide.md").open("a", encoding="utf-8") as guide:
        guide.write(HOSTILE_DOC)
    return project


@pytest.fixture(scope="module")
def published(project) -> Path:
    result = run_mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    return project / "site"


@pytest.fixture(scope="module")
def preview(project) -> Path:
    site = project / "site-preview"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("DJKB_DATA_DIR", None)
    result = subprocess.run(
        [sys.executable, "-m", "djkb", "preview", "--build", "--site-dir", str(site)],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    return site


class _Page(HTMLParser):
    """Text of the article, the <title>, meta description attributes, and every tag with its attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.in_article = 0
        self.in_title = False
        self.article_text: list[str] = []
        self.title = ""
        self.description_attrs: list[tuple[str, str | None]] = []
        self.article_tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        if tag == "article":
            self.in_article += 1
        if self.in_article:
            self.article_tags.append((tag, dict(attrs)))
        if tag == "title":
            self.in_title = True
        if tag == "meta" and ("name", "description") in attrs:
            self.description_attrs = attrs

    def handle_endtag(self, tag):
        if tag == "article":
            self.in_article -= 1
        if tag == "title":
            self.in_title = False

    def handle_data(self, data):
        if self.in_article:
            self.article_text.append(data)
        if self.in_title:
            self.title += data


def parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def test_tricky_values_load_unchanged(project):
    doc = load_file(project / "data" / "cases" / "tricky-values.yml")
    assert doc.data["title"] == TRICKY_TITLE
    assert doc.data["place"] == TRICKY_PLACE
    assert doc.data["summary"] == TRICKY_SUMMARY
    assert doc.data["background"] == TRICKY_BACKGROUND
    assert check_data(project / "data", root=project).errors == []


def test_tricky_values_reach_the_page_byte_identical(published):
    page = parse(published / "cases" / "tricky-values" / "index.html")
    text = "".join(page.article_text)
    assert TRICKY_TITLE in text  # the heading: `#`, `&` and quotes kept
    assert TRICKY_PLACE in text  # leading zero of the quoted postcode kept
    # Chinese lines of a `|` block: every character kept, and the line break between two Chinese
    # characters dropped (browsers would show it as a space mid-sentence).
    assert "第一行中文，没有空格。第二行中文，紧接着上一行。" in text
    assert TRICKY_BACKGROUND.replace("\n", "") in text.replace("\n", "")
    assert page.title == f"{TRICKY_TITLE} - 党建品牌知识库"
    # The meta description is one attribute with exactly the summary: the quotes cannot break out of it.
    assert page.description_attrs == [("name", "description"), ("content", TRICKY_SUMMARY)]


def test_unsafe_html_never_reaches_the_page(published):
    raw = (published / "guide" / "index.html").read_text(encoding="utf-8")
    page = parse(published / "guide" / "index.html")
    for tag, attrs in page.article_tags:
        assert tag not in ("script", "iframe", "object", "embed"), tag
        assert not [name for name in attrs if name.startswith("on")], (tag, attrs)
        for name in ("href", "src"):
            assert not (attrs.get(name) or "").strip().lower().startswith(("javascript:", "data:")), (tag, attrs)
    assert "window.__pwned = 2" not in raw
    assert "点击" in "".join(page.article_text)  # the harmless text stays


def test_material_markup_survives_the_sanitiser(published):
    page = parse(published / "guide" / "index.html")
    tags = page.article_tags
    classes = " ".join(a.get("class") or "" for _t, a in tags)
    assert [a.get("type") for t, a in tags if t == "input"].count("radio") == 2  # content tabs
    assert any(t == "label" and a.get("for") for t, a in tags)
    assert "tabbed-set" in classes and "tabbed-labels" in classes
    assert [a.get("type") for t, a in tags if t == "input"].count("checkbox") == 2  # task list
    assert "task-list-item" in classes
    assert "admonition note" in classes
    assert any(t == "details" for t, _a in tags)
    assert any(t == "svg" for t, _a in tags) and any(t == "path" and a.get("d") for t, a in tags)  # icon
    assert any(t == "a" and "headerlink" in (a.get("class") or "") for t, a in tags)  # permalinks
    assert any(t == "td" and _style(a.get("style")) == "text-align:right" for t, a in tags)  # table alignment


def _style(value: str | None) -> str:
    """nh3 rewrites `text-align: right;` as `text-align:right` (same CSS)."""
    return "".join((value or "").split()).rstrip(";")


def _tokens(html: str) -> list[tuple]:
    """HTML as a comparable token list (serialisation details such as `<br/>` vs `<br>` ignored)."""
    void = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
    out: list[tuple] = []

    class Tokens(HTMLParser):
        def handle_starttag(self, tag, attrs):
            out.append(("start", tag, tuple(sorted((k, _style(v) if k == "style" else v or "") for k, v in attrs))))

        def handle_startendtag(self, tag, attrs):
            self.handle_starttag(tag, attrs)
            if tag not in void:
                out.append(("end", tag))

        def handle_endtag(self, tag):
            if tag not in void:
                out.append(("end", tag))

        def handle_data(self, data):
            out.append(("text", data))

    parser = Tokens(convert_charrefs=True)
    parser.feed(html)
    parser.close()
    return out


def test_sanitiser_changes_nothing_on_our_own_pages(tmp_path, monkeypatch):
    """In-process build of the sample data: every page's HTML before and after the sanitiser is the same."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from djkb.build import events as mkdocs_glue

    project = make_project(tmp_path)
    seen: list[tuple[str, str]] = []

    def recording(html: str) -> str:
        cleaned = sanitize.sanitize_html(html)
        seen.append((html, cleaned))
        return cleaned

    monkeypatch.setattr(mkdocs_glue, "sanitize_html", recording)
    monkeypatch.chdir(project)
    monkeypatch.delenv("DJKB_DATA_DIR", raising=False)
    build(load_config(str(project / "mkdocs.yml"), site_dir=str(project / "site")))
    assert len(seen) >= 20
    for before, after in seen:
        assert _tokens(after) == _tokens(before)


def test_sanitiser_removes_script_vectors():
    cases = {
        '<img src="x" onerror="alert(1)">': '<img src="x">',
        '<a href="javascript:alert(1)">x</a>': "<a>x</a>",
        '<a href="jav&#x61;script:alert(1)">x</a>': "<a>x</a>",
        "<script>alert(1)</script>正文": "正文",
        '<iframe src="https://example.org"></iframe>': "",
        '<div onclick="x" data-id="1" class="c">y</div>': '<div data-id="1" class="c">y</div>',
        '<a href="data:text/html,x">d</a>': "<a>d</a>",
    }
    for dirty, clean in cases.items():
        assert sanitize.sanitize_html(dirty) == clean


def test_page_meta_is_escaped_once():
    meta = {"title": 'A & "B"', "description": '"><script>x</script>'}
    sanitize.escape_page_meta(meta)
    sanitize.escape_page_meta(meta)  # idempotent: already escaped values are left alone
    assert meta["title"] == "A &amp; &quot;B&quot;"
    assert meta["description"] == "&quot;&gt;&lt;script&gt;x&lt;/script&gt;"


def test_drafts_only_in_preview_marked_as_drafts(published, preview):
    assert not (published / "cases" / "draft-case").exists()
    assert "尚未审核的草稿案例" not in (published / "cases" / "index.html").read_text(encoding="utf-8")
    page = parse(preview / "cases" / "draft-case" / "index.html")
    text = "".join(page.article_text)
    assert "草稿" in text and "本案例尚未审核" in text
    assert any(
        "admonition" in (a.get("class") or "") and "warning" in (a.get("class") or "") for _t, a in page.article_tags
    )
    assert "草稿" in (preview / "cases" / "index.html").read_text(encoding="utf-8")
    # Published cases are in both builds.
    assert (published / "cases" / "tricky-values" / "index.html").is_file()
    assert (preview / "cases" / "tricky-values" / "index.html").is_file()


def _djkb(*args: str, cwd: Path, stdin: str | None = "") -> subprocess.CompletedProcess:
    env = {**os.environ}
    env.pop("DJKB_DATA_DIR", None)
    return subprocess.run(
        [sys.executable, "-m", "djkb", *args],
        cwd=cwd,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_new_case_without_terminal_takes_options_and_picks_a_free_id(tmp_path):
    project = make_project(tmp_path)
    first = _djkb(
        "new",
        "case",
        "--title",
        "**县三会一课质量提升",
        "--domain",
        "城市社区",
        "--org-type",
        "社区党组织",
        "--place",
        "**县**社区",
        "--region",
        "**县",
        "--year",
        "2024",
        cwd=project,
    )
    assert first.returncode == 0, first.stderr
    created = project / "data" / "cases" / "xian-san-hui-yi-ke-zhi-liang-ti.yml"
    assert created.is_file()
    text = created.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schemas/cases.schema.json\n")
    doc = load_file(created)
    assert doc.data["title"] == "**县三会一课质量提升" and doc.data["status"] == "草稿" and doc.data["year"] == 2024
    # The same title again gets the next free id; nothing is overwritten.
    second = _djkb("new", "case", "--title", "**县三会一课质量提升", cwd=project)
    assert second.returncode == 0, second.stderr
    assert (project / "data" / "cases" / "xian-san-hui-yi-ke-zhi-liang-ti-2.yml").is_file()
    # The fresh file is rejected only for what is still to be written, each at its line.
    check = _djkb("check", "data/cases/xian-san-hui-yi-ke-zhi-liang-ti.yml", cwd=project)
    assert check.returncode == 1
    reported = {
        line.split(":")[3].split("”")[0].split("“")[-1]
        for line in check.stderr.splitlines()
        if line.startswith("data/cases/")
    }
    assert reported == {"summary", "background", "practice", "results", "lessons"}


def test_new_without_title_and_without_terminal_fails_instead_of_prompting(tmp_path):
    project = make_project(tmp_path)
    result = _djkb("new", "term", cwd=project, stdin="")
    assert result.returncode == 2
    assert "--title" in result.stderr
    before = sorted(p.name for p in (ROOT / "tests" / "fixtures" / "mini" / "data" / "glossary").glob("*.yml"))
    assert sorted(p.name for p in (project / "data" / "glossary").glob("*.yml")) == before


@pytest.mark.parametrize(
    "what,title,folder",
    [
        ("brand", "红色引擎工程", "brands"),
        ("standard", "党群服务中心建设规范", "standards"),
        ("term", "两学一做", "glossary"),
    ],
)
def test_new_other_kinds_create_loadable_files(tmp_path, what, title, folder):
    project = make_project(tmp_path)
    result = _djkb("new", what, "--title", title, cwd=project)
    assert result.returncode == 0, result.stderr
    created = project / "data" / folder / f"{slug_from_title(title)}.yml"
    assert load_file(created).data["id"] == created.stem


def test_slug_is_pinyin_ascii():
    assert slug_from_title("三会一课") == "san-hui-yi-ke"
    assert slug_from_title("**县“九有”标准 2023") == "xian-jiu-you-biao-zhun-2023"


def test_committed_json_schemas_are_up_to_date():
    for name, text in json_schemas().items():
        committed = ROOT / "schemas" / name
        assert committed.is_file(), f"schemas/{name} missing: run djkb schema"
        assert committed.read_text(encoding="utf-8") == text, f"schemas/{name} is stale: run djkb schema"
    case_schema = json.loads((ROOT / "schemas" / "cases.schema.json").read_text(encoding="utf-8"))
    assert case_schema["additionalProperties"] is False
    assert "title" in case_schema["required"] and case_schema["properties"]["title"]["description"] == "标题"


def test_scaffold_templates_point_editors_at_the_schema():
    for template in (ROOT / "djkb" / "scaffold").glob("*.yml.j2"):
        first = template.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema=../../schemas/")
        assert (ROOT / "schemas" / first.rsplit("/", 1)[1]).is_file()


def test_check_prints_github_annotations_and_gitlab_report(tmp_path):
    project = make_project(tmp_path)
    bad = project / "data" / "cases" / "county-position-upgrade.yml"
    bad.write_text(bad.read_text(encoding="utf-8").replace("year: 2023", "year: 2023\ntitel: 多余"), encoding="utf-8")
    report = tmp_path / "gl-code-quality.json"
    result = _djkb("check", "--github", "--gitlab-report", str(report), cwd=project)
    assert result.returncode == 1
    annotations = [line for line in result.stdout.splitlines() if line.startswith("::error ")]
    assert annotations and annotations[0].startswith(
        "::error file=data/cases/county-position-upgrade.yml,line=8,col=1::未知字段“titel”"
    )
    entries = json.loads(report.read_text(encoding="utf-8"))
    assert entries[0]["location"] == {"path": "data/cases/county-position-upgrade.yml", "lines": {"begin": 8}}
    assert entries[0]["severity"] == "major"
