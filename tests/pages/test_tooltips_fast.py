"""Glossary tooltips: the annotator that jumps over elements it never annotates gives exactly what the
token-by-token reference gives, on hand-written edge cases and on every page of a built site."""

from __future__ import annotations

import re

import pytest

from djkb.data.pipeline import load_corpus
from djkb.pages.tooltips import TermMatcher, glossary_names
from djkb.project import PACKAGE_DIR
from tests.support.tooltips_reference import annotate_reference

REPO = PACKAGE_DIR.parent


@pytest.fixture(scope="module")
def matcher() -> TermMatcher:
    corpus = load_corpus(REPO / "data", root=REPO)
    return TermMatcher(glossary_names(corpus.glossary))


def href(term_id: str) -> str:
    return f"../glossary/{term_id}/"


@pytest.mark.parametrize(
    "html",
    [
        '<p>三会一课</p><div class="djkb-no-tooltips"><p>三会一课</p><div><p>软弱涣散</p></div></div><p>三会一课 软弱涣散</p>',
        "<p>三会一课</p><div class='x djkb-no-tooltips'><h2>新一节</h2></div><p>三会一课</p>",  # a heading inside
        "<p>三会一课</p><code><!-- </code> --> 三会一课</code><p>三会一课</p>",  # a comment holding an end tag
        "<A HREF='x'>三会一课</A><p>三会一课</p>",
        '<div class="djkb-no-tooltips"><p>never closed 三会一课',
        "<p><a>三会一课<a>嵌套</a>三会一课</a>三会一课</p>",
        "<svg><title>三会一课</title></svg><p>三会一课<br/>软弱涣散<img src=x></p>",
        "<p>三会一课</p><h3 id=a>三会一课</h3><p>三会一课</p><p><a/>三会一课</p>",
        "<ul><li>三会一课</li></ul></p></div><p>多余的结束标签 三会一课</p>",
    ],
)
def test_fast_annotation_equals_the_reference(matcher, html):
    assert matcher.annotate(html, href) == annotate_reference(matcher, html, href)


def test_fast_annotation_equals_the_reference_on_every_built_page(matcher, repo_site):
    pages = sorted(repo_site.rglob("*.html"))
    assert len(pages) > 150
    for page in pages:
        html = page.read_text(encoding="utf-8")
        # The built page carries its tooltips: annotate the text as it was before them.
        plain = re.sub(r'<a class="djkb-term" href="[^"]*">(.*?)</a>', r"\1", html)
        own = page.parent.name if page.parent.parent.name == "glossary" else None
        assert matcher.annotate(plain, href, own_term_id=own) == annotate_reference(
            matcher, plain, href, own_term_id=own
        ), page
