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


def _record_renders(monkeypatch) -> list[str]:
    """The paths of the pages rendered (not reused) from now on."""
    rendered: list[str] = []
    original_record, original_index = Renderer.render_record, Renderer.render_index

    def record(self, kind, record):
        page = original_record(self, kind, record)
        rendered.append(page.path)
        return page

    def index(self, path, template_name, title):
        rendered.append(path)
        return original_index(self, path, template_name, title)

    monkeypatch.setattr(Renderer, "render_record", record)
    monkeypatch.setattr(Renderer, "render_index", index)
    return rendered


def test_pages_depend_on_the_numbers_they_show_not_on_every_record_behind_them(data, monkeypatch):
    """The home and statistics pages show the data download's size, rounded; a standard's page shows how many of
    its items have a case. An edit that leaves those the same re-renders neither."""
    store = serve_cache.ServeStore()
    _render(data, store)
    rendered = _record_renders(monkeypatch)
    case_file = sorted((data / "cases").glob("*-r*.yml"))[5]
    text = case_file.read_text(encoding="utf-8")
    case_file.write_text(re.sub(r"^summary: ", "summary: 修改后的摘要。", text, count=1, flags=re.M), encoding="utf-8")
    pages = _render(data, store)
    assert sorted(rendered) == sorted([f"cases/{case_file.stem}.md", "cases/index.md"])

    rendered.clear()
    added = data / "cases" / "zz-added.yml"
    added.write_text(_clone(data, "zz-added"), encoding="utf-8")
    pages = _render(data, store)
    named = set(load_corpus(data, root=data.parent).cases["zz-added"].standards)
    re_rendered_standards = {path.split("/")[1][: -len(".md")] for path in rendered if path.startswith("standards/")}
    assert re_rendered_standards - {"index", "coverage"} <= named, rendered
    monkeypatch.undo()
    assert pages == _cold(data)


def test_the_theme_files_are_listed_again_only_when_a_theme_folder_changed(tmp_path):
    import jinja2

    theme_dir = tmp_path / "theme"
    (theme_dir / "assets").mkdir(parents=True)
    (theme_dir / "assets" / "a.css").write_text("a", encoding="utf-8")
    (theme_dir / "main.html").write_text("x", encoding="utf-8")

    class Theme:  # what MkDocs' Theme offers the glue: its folders, static templates and a Jinja environment
        dirs = [str(theme_dir)]
        static_templates: list[str] = []

        def get_env(self):
            return jinja2.Environment(loader=jinja2.FileSystemLoader(self.dirs))

    def static(name: str) -> bool:
        return not name.endswith(".html")

    store = serve_cache.ServeStore()
    theme = Theme()
    serve_cache.list_theme_files_once(store, theme)
    assert theme.get_env().list_templates(filter_func=static) == ["assets/a.css"]
    (theme_dir / "assets" / "a.css").write_text("changed", encoding="utf-8")  # same names: the listing is kept
    assert theme.get_env().list_templates(filter_func=static) == ["assets/a.css"]
    assert store.stats["theme files listing kept"] == 1
    (theme_dir / "assets" / "fonts").mkdir()
    (theme_dir / "assets" / "fonts" / "b.woff2").write_bytes(b"b")
    assert theme.get_env().list_templates(filter_func=static) == ["assets/a.css", "assets/fonts/b.woff2"]
    (theme_dir / "assets" / "fonts" / "c.woff2").write_bytes(b"c")  # in a folder found by the last listing
    assert "assets/fonts/c.woff2" in theme.get_env().list_templates(filter_func=static)
    assert store.stats["theme files listing kept"] == 1


def test_the_garbage_collector_is_paused_during_a_rebuild_and_runs_after_it(monkeypatch):
    import gc
    import time

    monkeypatch.setattr(serve_cache._WhenIdle, "DELAY", 0.05)
    was_enabled = gc.isenabled()
    collections: list[int] = []

    def count(phase, info):
        if phase == "start":
            collections.append(1)

    gc.callbacks.append(count)
    store = serve_cache.ServeStore()
    try:
        store.start_build()
        assert not gc.isenabled()
        store.end_build()
        assert not gc.isenabled()  # still paused: the collection runs a moment later
        store.start_build()  # a rebuild starting before then: the pending collection is dropped
        time.sleep(0.2)
        assert not gc.isenabled()
        collections.clear()
        serve_cache._STORES["test-project"] = store
        serve_cache.build_failed()  # a failed rebuild resumes it too
        deadline = time.monotonic() + 10
        while not gc.isenabled() and time.monotonic() < deadline:
            time.sleep(0.01)
        assert gc.isenabled() and collections
        # What survived is frozen: later collections scan only what later builds made.
        assert gc.get_freeze_count() > 1000
    finally:
        serve_cache._STORES.pop("test-project", None)
        gc.callbacks.remove(count)
        gc.unfreeze()
        (gc.enable if was_enabled else gc.disable)()


def test_conversion_cache_disk_writes_wait_until_serve_is_idle_and_stop_when_a_rebuild_starts(monkeypatch, tmp_path):
    import gc
    import time

    from djkb.build.conversion_cache import RenderCache

    monkeypatch.setattr(serve_cache._WhenIdle, "DELAY", 0.05)
    was_enabled = gc.isenabled()
    store = serve_cache.ServeStore()
    cache = RenderCache(tmp_path / "cache", "fp", tmp_path, memory=store.conversions, disk_work=store.when_idle.later)
    ran: list[str] = []

    def wait_for(condition) -> bool:
        deadline = time.monotonic() + 10
        while not condition() and time.monotonic() < deadline:
            time.sleep(0.01)
        return condition()

    try:
        store.start_build()
        cache.put("k1", "<p>一</p>")
        assert cache.processed(["u"], "<p>二</p>", str.upper) == "<P>二</P>"
        assert not list(cache.dir.glob("*.pickle"))  # nothing on disk while the rebuild runs
        assert cache.has("k1")  # kept in memory meanwhile
        store.when_idle.later(lambda: (ran.append("first"), store.start_build()))  # a rebuild starts meanwhile
        store.when_idle.later(lambda: ran.append("second"))
        store.end_build()
        assert wait_for(lambda: ran == ["first"])
        assert len(list(cache.dir.glob("*.pickle"))) == 2  # written in the order given, before the rest
        time.sleep(0.2)
        assert ran == ["first"]  # the rest waits for the next idle time
        store.end_build()
        assert wait_for(lambda: ran == ["first", "second"])
        fresh = RenderCache(tmp_path / "cache", "fp", tmp_path)  # a later serve finds the entries on disk
        assert fresh.processed(["u"], "<p>二</p>", lambda html: "remade") == "<P>二</P>"
    finally:
        assert wait_for(gc.isenabled)
        gc.unfreeze()
        (gc.enable if was_enabled else gc.disable)()
