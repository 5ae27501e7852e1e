"""Coverage of standards by cases: which item of which standard has an example yet.

Pure data from the corpus (no rendering): the coverage page, the statistics page and the tests use it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from djkb.data.link import Corpus
from djkb.data.schema import Case, Standard
from djkb.pages import case_order
from djkb.pages.sorting import pinyin_key
from djkb.pages.tracing import DERIVED, unwrap

MATRIX_COLUMNS = 20


@dataclass(frozen=True)
class ItemCoverage:
    standard_id: str
    item_id: str
    number: int  # 1-based position in the standard, as shown on its page
    title: str
    case_ids: tuple[str, ...]  # cases applying this item, newest first

    @property
    def covered(self) -> bool:
        return bool(self.case_ids)

    @property
    def anchor(self) -> str:
        return f"item-{self.item_id}"


@dataclass(frozen=True)
class StandardCoverage:
    standard: Standard
    items: tuple[ItemCoverage, ...]
    columns: tuple[Case, ...]  # cases applying at least one item: the matrix columns, newest first
    standard_only: tuple[Case, ...]  # cases naming the standard without saying which item

    @property
    def covered_count(self) -> int:
        return sum(item.covered for item in self.items)

    @property
    def rate(self) -> float:
        return self.covered_count / len(self.items) if self.items else 0.0

    @property
    def gaps(self) -> list[ItemCoverage]:
        return [item for item in self.items if not item.covered]

    @property
    def layout(self) -> tuple:
        """What the standard's section of the coverage page shows besides what it reads of the records: its
        items with their cases, its columns and its other cases (the key of the section kept under serve)."""
        return (self.items, tuple(unwrap(c).id for c in self.columns), tuple(unwrap(c).id for c in self.standard_only))

    def applies(self, item: ItemCoverage, case: Case) -> bool:
        return case.id in item.case_ids

    @property
    def shown_columns(self) -> tuple[Case, ...]:
        """The matrix shows the newest cases only: beyond a few dozen columns it is unreadable and its size grows
        with items × cases (5,000 cases: 4 MB). Gaps and per-item counts still count every case."""
        return self.columns[:MATRIX_COLUMNS]

    @property
    def shown_standard_only(self) -> tuple[Case, ...]:
        return self.standard_only[:MATRIX_COLUMNS]


@dataclass(frozen=True)
class CoverageMatrix:
    standards: tuple[StandardCoverage, ...]

    @property
    def total_items(self) -> int:
        return sum(len(s.items) for s in self.standards)

    @property
    def covered_items(self) -> int:
        return sum(s.covered_count for s in self.standards)

    @property
    def rate(self) -> float:
        return self.covered_items / self.total_items if self.total_items else 0.0

    @property
    def gaps(self) -> list[ItemCoverage]:
        return [item for s in self.standards for item in s.gaps]


def covered_items(corpus: Corpus, standard_id: str) -> int:
    """How many items of the standard have at least one case (as `StandardCoverage.covered_count`)."""
    standard = corpus.standards.get(standard_id)
    if standard is None:
        return 0
    return sum(bool(corpus.cases_by_item.get((standard_id, item.id))) for item in standard.items)


# `mkdocs serve` reuses a standard's page while the number it shows is the same (djkb/pages/tracing.py).
DERIVED["covered_items"] = lambda corpus, memo, standard_id: covered_items(corpus, standard_id)


def coverage_matrix(corpus: Corpus, newest_first: Callable[[list[Case]], list[Case]] | None = None) -> CoverageMatrix:
    """Standards (in category order, then by pinyin) × their items × the cases applying each item.
    `newest_first` sorts cases in the site's order (djkb/pages/case_order.py; given, it shares its memo)."""
    if newest_first is None:
        memo: dict = {}
        newest_first = lambda cases: case_order.newest_first(corpus, cases, memo)  # noqa: E731
    category_order = {name: index for index, name in enumerate(corpus.taxonomy.names("categories"))}
    standards = sorted(
        corpus.standards.values(),
        key=lambda s: (category_order.get(s.category, len(category_order)), pinyin_key(s.name)),
    )
    result = []
    for standard in standards:
        items = []
        column_ids: set[str] = set()
        for number, item in enumerate(standard.items, start=1):
            case_ids = corpus.cases_by_item.get((standard.id, item.id), [])
            column_ids.update(case_ids)
            ordered = newest_first([corpus.cases[i] for i in case_ids])
            items.append(ItemCoverage(standard.id, item.id, number, item.title, tuple(c.id for c in ordered)))
        named = [corpus.cases[i] for i in corpus.cases_by_standard.get(standard.id, []) if i not in column_ids]
        result.append(
            StandardCoverage(
                standard=standard,
                items=tuple(items),
                columns=tuple(newest_first([corpus.cases[i] for i in column_ids])),
                standard_only=tuple(newest_first(named)),
            )
        )
    return CoverageMatrix(tuple(result))
