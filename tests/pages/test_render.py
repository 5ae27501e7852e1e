"""The render stage: editors' Markdown prepared for Chinese readers, and golden pages of the sample data."""

from __future__ import annotations

import os

import pytest

from djkb.data.pipeline import load_corpus
from djkb.pages.markdown import markdown_text
from djkb.pages.render import render_site
from tests.conftest import MINI_DATA, TESTS_DIR

GOLDEN = TESTS_DIR / "golden" / "render"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("筹资*余万元，新建**县**镇服务中心", r"筹资\*余万元，新建\*\*县\*\*镇服务中心"),
        ("全县**个村完成整改", r"全县\*\*个村完成整改"),
        ("在**街道**社区的**重点工作**中", r"在\*\*街道\*\*社区的**重点工作**中"),
        ("- **上下两级领导机构**：区里成立指导组", "- **上下两级领导机构**：区里成立指导组"),
        ("* 列表项 **县", r"* 列表项 \*\*县"),
        (r"已经转义的 \*", r"已经转义的 \*"),
    ],
)
def test_anonymising_asterisks_are_literal_and_bold_stays_bold(text, expected):
    assert markdown_text(text) == expected


def test_line_break_between_chinese_characters_is_dropped():
    text = "第一行中文，没有空格。\n第二行紧接着。\n\n- 列表项\n  续写的一行\n- 第二项\nEnglish line\n中文行"
    assert (
        markdown_text(text)
        == "第一行中文，没有空格。第二行紧接着。\n\n- 列表项续写的一行\n- 第二项\nEnglish line\n中文行"
    )


@pytest.mark.parametrize(
    "page_path", ["cases/county-position-upgrade.md", "standards/village-position-nine-haves.md", "glossary/index.md"]
)
def test_golden_pages(page_path):
    """The sample data renders to exactly the stored Markdown (DJKB_UPDATE_GOLDEN=1 rewrites it)."""
    pages = {p.path: p for p in render_site(load_corpus(MINI_DATA))}
    golden = GOLDEN / page_path
    if os.environ.get("DJKB_UPDATE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(pages[page_path].markdown, encoding="utf-8")
    assert pages[page_path].markdown == golden.read_text(encoding="utf-8")
