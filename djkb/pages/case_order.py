"""The order lists of cases are shown in: newest year first, then by the pinyin of the title, then by id.

Every case gets its place once per corpus; a list is then sorted by places, an integer comparison per pair
instead of comparing pinyin tuples. Under `mkdocs serve` a page depends on the order of its list (one value)
rather than on every title and year behind it (djkb/pages/tracing.py `note_derived`).
"""

from __future__ import annotations

from typing import Any, Iterable

from djkb.data.link import Corpus
from djkb.pages.sorting import pinyin_key
from djkb.pages.tracing import DERIVED, derived, made_once, unwrap


def case_places(corpus: Corpus, memo: dict[Any, Any]) -> dict[str, int]:
    """Case id → its place in the site's order (computed once per corpus with `memo`)."""

    def places() -> dict[str, int]:
        ordered = sorted(corpus.cases.values(), key=lambda c: (-c.year, pinyin_key(c.title), c.id))
        return {case.id: place for place, case in enumerate(ordered)}

    return made_once(memo, ("case places", id(corpus)), places)


def ordered_ids(corpus: Corpus, memo: dict[Any, Any], ids: tuple[str, ...]) -> tuple[str, ...]:
    """`ids` (of cases of `corpus`) in the site's order."""
    places = case_places(corpus, memo)
    return tuple(sorted(ids, key=lambda i: (places.get(i, -1), i)))  # -1: a case no longer there


DERIVED["cases_newest_first"] = ordered_ids


def newest_first(corpus: Any, cases: Iterable[Any], memo: dict[Any, Any]) -> list[Any]:
    """`cases` (of `corpus`, or of a traced view of it) in the site's order."""
    by_id = {unwrap(case).id: case for case in cases}
    return [by_id[i] for i in derived(corpus, "cases_newest_first", (tuple(by_id),), memo)]
