"""`mkdocs serve` re-renders only the pages an edit changes: an added or deleted case changes the related cases of
a few other cases, not of all of them; an edit of a case's text ranks nothing again. Every page stays equal to
a cold render of the same data."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from djkb.build import serve_cache
from djkb.data.pipeline import load_corpus
from djkb.devtools.realistic import generate_realistic
from djkb.pages import related
from djkb.pages.render import Renderer

N_CASES = 120


def _render(data: Path, store: serve_cache.ServeStore) -> dict[str, str]:
    store.start_build()
    corpus = load_corpus(data, root=data.parent)
    pages = serve_cache.renderer(corpus, store, site_name="测试", directory_urls=True).render_all()
    store.end_build()
    return {page.path: page.markdown for page in pages}


def _cold(data: Path) -> dict[str, str]:
    corpus = load_corpus(data, root=data.parent)
    return {page.path: page.markdown for page in Renderer(corpus, site_name="测试", directory_urls=True).render_all()}


@pytest.fixture
def data(tmp_path) -> Path:
    generate_realistic(tmp_path / "data", N_CASES, seed=3)
    return tmp_path / "data"


def _clone(data: Path, new_id: str) -> str:
    """A copy of a case under a new id, marked as distinct from its original (the near-duplicate check)."""
    original = sorted((data / "cases").glob("*-r*.yml"))[0]
    source = re.sub(r"^id: .*$", f"id: {new_id}", original.read_text(encoding="utf-8"), count=1, flags=re.M)
    source = re.sub(r"^title: .*$", "title: “新增测试案例”推进组织建设", source, count=1, flags=re.M)
    return source.rstrip("\n") + f"\ndistinct_from: [{original.stem}]\n"


def _count_case_renders(monkeypatch) -> list[str]:
    rendered: list[str] = []
    original = Renderer.render_record

    def counting(self, kind, record):
        if kind == "cases":
            rendered.append(record.id)
        return original(self, kind, record)

    monkeypatch.setattr(Renderer, "render_record", counting)
    return rendered


def test_adding_and_deleting_a_case_re_renders_few_case_pages(data, monkeypatch):
    store = serve_cache.ServeStore()
    _render(data, store)
    rendered = _count_case_renders(monkeypatch)
    added = data / "cases" / "zz-added.yml"
    added.write_text(_clone(data, "zz-added"), encoding="utf-8")
    pages = _render(data, store)
    # The new page and those whose related cases now include it (it shares a brand, items, a region… with them).
    assert "zz-added" in rendered and 1 < len(rendered) < N_CASES // 4, rendered
    rendered.clear()
    added.unlink()
    after_delete = _render(data, store)
    assert 1 <= len(rendered) < N_CASES // 4, rendered
    monkeypatch.undo()
    assert "cases/zz-added.md" in pages and "cases/zz-added.md" not in after_delete
    assert after_delete == _cold(data)
    added.write_text(_clone(data, "zz-added"), encoding="utf-8")
    assert pages == _cold(data)


def test_editing_a_case_text_ranks_no_related_cases_again(data, monkeypatch):
    store = serve_cache.ServeStore()
    _render(data, store)
    case_file = sorted((data / "cases").glob("*-r*.yml"))[5]
    text = case_file.read_text(encoding="utf-8")
    case_file.write_text(re.sub(r"^summary: ", "summary: 修改后的摘要。", text, count=1, flags=re.M), encoding="utf-8")
    calls = []
    original = related.RelatedIndex.related
    monkeypatch.setattr(
        related.RelatedIndex, "related", lambda self, *a, **k: calls.append(1) or original(self, *a, **k)
    )
    pages = _render(data, store)
    rendered = store.stats["pages rendered"]
    assert rendered <= 12, store.stats  # the page, the listings showing its summary, its related cases' pages
    assert len(calls) <= rendered  # ranking only for pages rendered again, never to check a reused one
    monkeypatch.setattr(related.RelatedIndex, "related", original)
    assert pages == _cold(data)
