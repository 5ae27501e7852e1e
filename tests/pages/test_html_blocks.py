"""Final HTML blocks set aside before the Markdown conversion: the converted page is the same, byte for byte."""

from __future__ import annotations

import re

import markdown
import pytest
from mkdocs.config import load_config

from djkb.data.pipeline import load_corpus
from djkb.pages.html_blocks import BLOCK_TAGS, set_aside_html_blocks
from djkb.pages.render import Renderer
from djkb.project import PACKAGE_DIR

REPO = PACKAGE_DIR.parent


@pytest.fixture(scope="module")
def converter():
    config = load_config(str(REPO / "mkdocs.yml"))
    md = markdown.Markdown(extensions=config["markdown_extensions"], extension_configs=config["mdx_configs"] or {})

    def convert(text: str) -> str:
        md.reset()
        return md.convert(text)

    return convert


def converted_with_blocks_set_aside(convert, text: str) -> str:
    set_aside = set_aside_html_blocks(text)
    restored = set_aside.restore(convert(set_aside.markdown))
    assert restored is not None, "every token comes back as its own paragraph"
    return restored


@pytest.mark.parametrize(
    "text",
    [
        '# 标题\n\n<ul>\n<li><a href="x/">甲</a></li>\n</ul>\n\n正文 **加粗**\n',
        '<dl class="djkb-facts">\n<div><dt>地区</dt><dd>**市</dd></div>\n</dl>\n\n> 摘要\n',
        "<div>\n<div>\n<p>嵌套</p>\n</div>\n</div>\n\n<table><tr><td>1 < 2</td></tr></table>\n",
        "<script>if (a < b) { x = '</div>'; }</script>\n\n文字\n",
        '<p class="djkb-tags"><strong>标签：</strong> <code>网格</code></p>\n',
        '## 年份\n\n<ul>\n<li><a href="x/">甲</a></li>\n</ul>\n<p class="djkb-more"><a href="../">全部</a></p>\n\n## 下一节\n',
    ],
)
def test_blocks_are_set_aside_and_the_output_is_unchanged(converter, text):
    set_aside = set_aside_html_blocks(text)
    assert set_aside.blocks, "the example has a block to set aside"
    assert converted_with_blocks_set_aside(converter, text) == converter(text)


@pytest.mark.parametrize(
    "text",
    [
        '<div class="x" markdown="1">\n**Markdown inside**\n</div>\n',  # Markdown must process it
        '<div class="x" markdown>\n*inside*\n</div>\n',
        "<div>block</div> and a tail on its line\n",  # Markdown handles the tail itself
        "<div>block</div> a tail with a > in it\n",
        "<div>block</div><!-- a comment after its end -->\n",
        "<div><p>a</p></div><p>b</p> <em>c</em>\n",  # closed mid-line, more tags after
        "<div>spaces after its end</div>   \n\n文字\n",  # Markdown strips them
        "<div>a tab after its end</div>\t\n\n文字\n",
        "<div>\n<p>x</p>\n</div>  \n<p>y</p>\n\n文字\n",  # a run of blocks, spaces after the first
        "段落\n<div>right after a paragraph line</div>\n",  # not preceded by a blank line
        "<div>\nfollowed without a blank line\n</div>\nmore text\n",
        "<ul>\n<li>a</li>\n</ul>\n<p>a block</p>\nthen text on the next line\n",
        "<span>inline tags open no block</span>\n",
        "<div>\nnever closed\n",
        "<!-- a comment\nover lines --><div>x</div>\n",
    ],
)
def test_what_markdown_would_treat_otherwise_stays_in_the_markdown(converter, text):
    set_aside = set_aside_html_blocks(text)
    assert not set_aside.blocks
    assert set_aside.markdown == text
    assert converted_with_blocks_set_aside(converter, text) == converter(text)


def test_tokens_cannot_be_predicted_from_editors_text():
    first = set_aside_html_blocks("<ul>\n<li>a</li>\n</ul>\n")
    second = set_aside_html_blocks("<ul>\n<li>b</li>\n</ul>\n")
    assert set(first.blocks).isdisjoint(second.blocks)


def test_a_token_lost_in_conversion_is_reported_so_the_page_is_converted_as_it_is():
    set_aside = set_aside_html_blocks("<ul>\n<li>a</li>\n</ul>\n")
    token = next(iter(set_aside.blocks))
    assert set_aside.restore(f"<p>{token}</p>") == "<ul>\n<li>a</li>\n</ul>"
    assert set_aside.restore("<p>something else</p>") is None
    assert set_aside.restore(f"<blockquote>{token}</blockquote>") is None


def test_ids_inside_set_aside_blocks_stay_known_to_link_validation():
    set_aside = set_aside_html_blocks('<ol>\n<li id="item-a">甲</li>\n<li><a name="old">乙</a></li>\n</ol>\n')
    assert set_aside.anchor_ids() == {"item-a", "old"}


def test_every_page_of_the_site_converts_the_same_with_its_blocks_set_aside(converter):
    """The repository's own pages (every template): identical HTML, and on case pages no final HTML block
    left for the Markdown converter to parse."""
    corpus = load_corpus(REPO / "data", root=REPO)
    pages = Renderer(corpus).render_all()
    block_start = re.compile(r"^<(" + "|".join(sorted(BLOCK_TAGS)) + r")[\s>]")
    checked = 0
    for page in pages:
        text = page.markdown.split("\n---\n", 1)[1] if page.markdown.startswith("---\n") else page.markdown
        assert converted_with_blocks_set_aside(converter, text) == converter(text), page.path
        if page.kind == "cases":  # the thousands of pages (other pages keep some `markdown` blocks on purpose)
            left = set_aside_html_blocks(text).markdown
            for line in left.split("\n"):
                assert not block_start.match(line), f"{page.path}: an HTML block is still converted: {line[:80]}"
            checked += 1
    assert checked == sum(p.kind == "cases" for p in pages) >= 20
