"""The handbook's pieces without typesetting: the site's Markdown configuration and the link rewriting."""

from __future__ import annotations

import shutil

import pytest

from djkb.bundle.handbook import HandbookError, LinkMap, localise, site_config
from tests.conftest import ROOT


def test_markdown_configured_as_the_site():
    config = site_config(ROOT)
    listed = []
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    for line in text.split("markdown_extensions:", 1)[1].splitlines()[1:]:
        if line and not line.startswith(" "):
            break
        if line.startswith("  - "):
            listed.append(line[4:].rstrip(":").strip())
    assert listed and set(listed) <= set(config.extensions)
    assert config.site_name == "党建品牌知识库"
    html = config.converter().convert("## 条目说明 {#item-x}\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] 已落实\n")
    assert 'id="item-x"' in html and "<table>" in html and "task-list" in html
    # The slugify of mkdocs.yml (pymdownx.slugs, lower case) keeps Chinese headings' ids.
    assert 'id="条目说明"' in config.converter().convert("## 条目说明")


def test_untrusted_python_names_in_mkdocs_yml_are_refused(tmp_path):
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    with open(tmp_path / "mkdocs.yml", "a", encoding="utf-8") as handle:
        handle.write("\nextra_bad: !!python/object/apply:os.system ['echo pwned']\n")
    with pytest.raises(HandbookError, match="os.system"):
        site_config(tmp_path)


def test_links_become_internal_or_text():
    links = LinkMap({"standards/nine": "r-standards-nine", "cases/a": "r-cases-a", "checklists/nine": "c-nine"})
    html = (
        '<h2 id="做法">做法</h2>'
        '<a href="../standards/nine.html#item-flag">有党旗</a>'
        '<a href="../standards/nine.md">九有标准</a>'
        '<a href="../cases/index.html?domain=%E5%86%9C%E6%9D%91">农村</a>'
        '<a href="../brands/left-out.html">未收录</a>'
        '<a href="https://example.org/x">网址</a>'
        '<a href="#做法">本页</a>'
        '<a href="../checklists/nine.html">自查表</a>'
    )
    out = localise(html, "cases/a.md", "r-cases-a", links)
    assert 'id="r-cases-a--做法"' in out
    assert '<a href="#r-standards-nine--item-flag">有党旗</a>' in out
    assert '<a href="#r-standards-nine">九有标准</a>' in out
    assert '<span class="hb-unlinked">农村</span>' in out
    assert '<span class="hb-unlinked">未收录</span>' in out
    assert '<a href="https://example.org/x">网址</a>' in out
    assert '<a href="#r-cases-a--做法">本页</a>' in out
    assert '<a href="#c-nine">自查表</a>' in out
