"""Readers see the content, not the editorial state: no 审核状态 on published cases, no repeated gap badges on
standard pages (the coverage page keeps one marker per uncovered item), no fact shown twice; drafts only in
the preview, marked as drafts."""

from __future__ import annotations

from djkb.data.pipeline import load_corpus
from djkb.pages.render import render_site
from tests.conftest import ROOT


def _pages(include_drafts: bool = False):
    corpus = load_corpus(ROOT / "data", root=ROOT, include_drafts=include_drafts)
    return corpus, {p.path: p for p in render_site(corpus)}


def test_published_pages_hide_editorial_state():
    corpus, pages = _pages()
    for case_id, case in corpus.cases.items():
        text = pages[f"cases/{case_id}.md"].markdown
        assert "审核状态" not in text and "草稿" not in text, case_id
        # 地点 is shown only when it says more than 地区 (`**县` once, not twice).
        assert text.count(f"<dd>{case.place}</dd>") + text.count(f">{case.region}</a></dd>") <= (
            2 if case.place != case.region else 1
        ), case_id
    for standard_id in corpus.standards:
        assert "待补充" not in pages[f"standards/{standard_id}.md"].markdown, standard_id


def test_coverage_page_keeps_one_gap_marker_per_uncovered_item():
    corpus, pages = _pages()
    coverage = pages["standards/coverage.md"].markdown
    uncovered = sum(
        1 for s in corpus.standards.values() for item in s.items if not corpus.cases_by_item.get((s.id, item.id))
    )
    assert uncovered > 0
    with_gaps = sum(
        1 for s in corpus.standards.values() if any(not corpus.cases_by_item.get((s.id, i.id)) for i in s.items)
    )
    markers = coverage.count('<span class="djkb-gap">待补充</span>')
    # One in the explanation, then one per uncovered item (a standard with none covered: one for all its items).
    assert with_gaps < markers <= uncovered + 1
