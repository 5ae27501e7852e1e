"""Facet data for the case and brand listings.

The listing carries the facet definitions (keys, labels and values in display order) once, as JSON in
`data-facet-defs`; each row carries only the positions of its values in those lists, in `data-f`, so the
filter script needs no fetch and works from `file://`, and a row costs a few bytes instead of its values
spelt out. Without JavaScript the full listing is simply shown. Values are display names, ordered
the way a reader expects: controlled lists in taxonomy order, years newest first, everything else by pinyin.

Row attribute `data-f` (FacetListing.encode_row / decode_row here, `decodeRow` in assets/browse/browse.js):
one field per facet, in the order of `data-facet-defs`, fields separated by `;` (so there are always exactly
`len(facets) - 1` semicolons); a field lists the row's values in that facet as decimal indexes into the
facet's `values`, separated by `,`, in the row's own order (a case's brands as the case lists them); an
empty field means no value. Example with facets domain, region, year, brand, standard, org, tag:
`data-f="3;12;0;;4,17;2;"` is domain values[3], region values[12], year values[0], no brand, two standards,
org values[2], no tag. Only digits, `,` and `;`: nothing to escape in HTML or to collide with a value.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from functools import cached_property
from typing import Iterable

from djkb.data.link import Corpus
from djkb.data.schema import Brand, Case, Record
from djkb.pages.sorting import sort_by_pinyin


@dataclass(frozen=True)
class Facet:
    key: str  # used in the URL (`#domain=农村&year=2023`)
    label: str
    values: tuple[str, ...]  # display order


FIELD_SEPARATOR = ";"  # between facets in a row's `data-f`
INDEX_SEPARATOR = ","  # between a facet's value indexes


@dataclass(frozen=True)
class FacetRow:
    record: Record
    values: dict[str, tuple[str, ...]]


@dataclass(frozen=True)
class FacetListing:
    kind: str  # "cases" or "brands"
    noun: str  # what a row is called (“个案例”)
    facets: tuple[Facet, ...]
    rows: tuple[FacetRow, ...]

    @property
    def defs_attr(self) -> str:
        defs = [{"key": f.key, "label": f.label, "values": list(f.values)} for f in self.facets]
        return html.escape(json.dumps(defs, ensure_ascii=False, separators=(",", ":")))

    @cached_property
    def _value_indexes(self) -> tuple[dict[str, int], ...]:
        return tuple({value: index for index, value in enumerate(f.values)} for f in self.facets)

    def encode_row(self, row: FacetRow) -> str:
        """The row's `data-f` value (format in the module docstring)."""
        return FIELD_SEPARATOR.join(
            INDEX_SEPARATOR.join(str(indexes[value]) for value in row.values.get(f.key, ()))
            for f, indexes in zip(self.facets, self._value_indexes)
        )

    def decode_row(self, code: str) -> dict[str, tuple[str, ...]]:
        """A `data-f` value back to {facet key: values}, as browse.js reads it."""
        fields = code.split(FIELD_SEPARATOR) if self.facets or code else []  # no facets: ""
        if len(fields) != len(self.facets):
            raise ValueError(f"data-f {code!r}: {len(fields)} fields for {len(self.facets)} facets")
        return {
            f.key: tuple(f.values[_index(index, code)] for index in field.split(INDEX_SEPARATOR)) if field else ()
            for f, field in zip(self.facets, fields)
        }


def _index(text: str, code: str) -> int:
    if not (text.isascii() and text.isdigit()):
        raise ValueError(f"data-f {code!r}: {text!r} is not a value index")
    return int(text)


def _ordered(values: Iterable[str], order: list[str] | None = None, *, newest_first: bool = False) -> tuple[str, ...]:
    present = set(values)
    if newest_first:
        return tuple(sorted(present, key=lambda v: (-int(v), v) if v.isdigit() else (0, v)))
    if order is not None:
        ranked = [v for v in order if v in present]
        return tuple(ranked + sort_by_pinyin(present - set(ranked)))
    return tuple(sort_by_pinyin(present))


def _facets(specs: list[tuple[str, str, list[str] | None, bool]], rows: list[FacetRow]) -> tuple[Facet, ...]:
    facets = []
    for key, label, order, newest_first in specs:
        values = [v for row in rows for v in row.values.get(key, ())]
        if values:
            facets.append(Facet(key, label, _ordered(values, order, newest_first=newest_first)))
    return tuple(facets)


def case_facet_values(corpus: Corpus, case: Case) -> dict[str, tuple[str, ...]]:
    return {
        "domain": (case.domain,),
        "region": (case.region,),
        "year": (str(case.year),),
        "brand": tuple(corpus.brands[b].name for b in case.brands if b in corpus.brands),
        "standard": tuple(corpus.standards[s].name for s in corpus.case_standards(case) if s in corpus.standards),
        "org": (case.org_type,),
        "tag": tuple(dict.fromkeys(case.tags)),
    }


def case_listing(
    corpus: Corpus, cases: Iterable[Case], values: Iterable[dict[str, tuple[str, ...]]] | None = None
) -> FacetListing:
    """Facets over the given cases (already in display order); `values`: their `case_facet_values`, if known."""
    cases = list(cases)
    if values is None:
        values = [case_facet_values(corpus, case) for case in cases]
    rows = [FacetRow(case, found) for case, found in zip(cases, values, strict=True)]
    taxonomy = corpus.taxonomy
    specs = [
        ("domain", "领域", taxonomy.names("domains"), False),
        ("region", "地区", None, False),
        ("year", "年份", None, True),
        ("brand", "品牌项目", None, False),
        ("standard", "标准规范", None, False),
        ("org", "组织类型", taxonomy.names("org_types"), False),
        ("tag", "标签", None, False),
    ]
    return FacetListing("cases", "个案例", _facets(specs, rows), tuple(rows))


def brand_facet_values(corpus: Corpus, brand: Brand) -> dict[str, tuple[str, ...]]:
    return {
        "kind": (brand.brand_kind,),
        "domain": tuple(dict.fromkeys(brand.domains)),
        "status": (brand.status,),
        "level": (brand.level,),
        "year": (str(brand.launched),) if brand.launched else (),
        "standard": tuple(corpus.standards[s].name for s in brand.standards if s in corpus.standards),
        "tag": tuple(dict.fromkeys(brand.tags)),
    }


def brand_listing(corpus: Corpus, brands: Iterable[Brand]) -> FacetListing:
    rows = [FacetRow(brand, brand_facet_values(corpus, brand)) for brand in brands]
    taxonomy = corpus.taxonomy
    specs = [
        ("kind", "类型", taxonomy.names("brand_kinds"), False),
        ("domain", "领域", taxonomy.names("domains"), False),
        ("status", "状态", taxonomy.names("brand_statuses"), False),
        ("level", "层级", taxonomy.names("levels"), False),
        ("year", "启动年份", None, True),
        ("standard", "关联标准", None, False),
        ("tag", "标签", None, False),
    ]
    return FacetListing("brands", "个品牌项目", _facets(specs, rows), tuple(rows))
