"""Traced pages under `mkdocs serve`: a page that held against the last build's corpus is checked against what
changed since, without computing its reads again; everything else is checked read by read."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from pydantic import BaseModel

from djkb.pages import tracing
from djkb.pages.tracing import CorpusView, Tracer, corpus_change


class Item(BaseModel):
    id: str
    title: str


@dataclass
class Tiny:
    cases: dict[str, Item]
    by_tag: dict[str, list[str]] = field(default_factory=dict)
    site: str = "站点"


def _corpus(**titles: str) -> Tiny:
    return Tiny(cases={i: Item(id=i, title=t) for i, t in titles.items()}, by_tag={"党建": sorted(titles)})


def _record(corpus: Tiny, build: int, read) -> tracing.Trace:
    tracer = Tracer(build=build)
    view = CorpusView(corpus, tracer, ("cases",))
    _, trace = tracer.run(lambda: read(view))
    return trace


@pytest.fixture
def computed(monkeypatch) -> list[tuple]:
    """The reads whose value is computed while checking."""
    seen: list[tuple] = []
    original = tracing.current_value

    def counting(corpus, read, memo=None):
        seen.append(read)
        return original(corpus, read, memo)

    monkeypatch.setattr(tracing, "current_value", counting)
    return seen


def test_the_change_names_the_entries_tables_and_attributes_that_differ():
    before = _corpus(a="甲", b="乙")
    now = Tiny(cases={"a": before.cases["a"], "b": Item(id="b", title="乙改"), "c": Item(id="c", title="丙")})
    now.by_tag = {"党建": ["a", "b"]}  # an equal list, not the same object
    now.site = "新站点"
    change = corpus_change(before, now, since=1, build=2)
    assert change.entries == {("cases", "b"), ("cases", "c")}
    assert change.tables == {"cases"}
    assert change.attributes == {"cases", "site"}
    assert corpus_change(None, now, since=None, build=2).since is None


def test_a_page_untouched_by_the_change_holds_without_computing_its_reads(computed):
    before = _corpus(a="甲", b="乙")
    trace = _record(before, 1, lambda c: c.cases["a"].title)
    now = Tiny(cases={"a": before.cases["a"], "b": Item(id="b", title="乙改")}, by_tag=before.by_tag)
    assert trace.holds(now, {}, corpus_change(before, now, since=1, build=2))
    assert computed == []
    assert trace.checked == 2


def test_a_page_that_read_the_changed_record_is_checked_read_by_read(computed):
    before = _corpus(a="甲", b="乙")
    trace = _record(before, 1, lambda c: c.cases["b"].title)
    edited = Tiny(cases={"a": before.cases["a"], "b": Item(id="b", title="乙改")}, by_tag=before.by_tag)
    assert not trace.holds(edited, {}, corpus_change(before, edited, since=1, build=2))
    assert ("field", "cases", "b", "title") in computed
    assert trace.checked == 1

    other_field = Tiny(cases={"a": before.cases["a"], "b": Item(id="b", title="乙")}, by_tag=before.by_tag)
    assert trace.holds(other_field, {}, corpus_change(before, other_field, since=1, build=2))  # equal: not changed


def test_a_page_not_checked_in_the_last_build_is_checked_read_by_read(computed):
    first = _corpus(a="甲")
    trace = _record(first, 1, lambda c: c.cases["a"].title)
    second = _corpus(a="甲改")
    third = Tiny(cases={"a": Item(id="a", title="甲")}, by_tag=second.by_tag)
    # Build 3 compares with build 2's corpus, which the trace was never checked against.
    assert trace.holds(third, {}, corpus_change(second, third, since=2, build=3))
    assert computed
    assert trace.checked == 3


def test_listing_the_records_depends_on_which_there_are(computed):
    before = _corpus(a="甲")
    trace = _record(before, 1, lambda c: [r.title for r in c.cases.values()])
    added = Tiny(cases={**before.cases, "b": Item(id="b", title="乙")}, by_tag=before.by_tag)
    assert not trace.holds(added, {}, corpus_change(before, added, since=1, build=2))
    renamed_site = Tiny(cases=before.cases, by_tag=before.by_tag, site="新站点")
    assert trace.holds(renamed_site, {}, corpus_change(before, renamed_site, since=1, build=2))


def test_a_shared_result_is_checked_against_the_change_too(computed):
    class Pages:
        def __init__(self, corpus):
            self.corpus = corpus

        @tracing.shared_result
        def titles(self):
            return [self.corpus.cases[i].title for i in self.corpus.by_tag["党建"]]

    before = _corpus(a="甲", b="乙")
    tracer = Tracer(build=1)
    pages = Pages(CorpusView(before, tracer, ("cases",)))
    _, trace = tracer.run(lambda: pages.titles)
    assert trace.used and not trace.reads
    same = Tiny(cases=dict(before.cases), by_tag=before.by_tag, site="新站点")
    assert trace.holds(same, {}, corpus_change(before, same, since=1, build=2))
    assert computed == []
    edited = Tiny(cases={**before.cases, "b": Item(id="b", title="乙改")}, by_tag=before.by_tag)
    assert not trace.holds(edited, {}, corpus_change(same, edited, since=2, build=3))
