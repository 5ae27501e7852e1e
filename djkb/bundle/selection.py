"""Which records an offline bundle keeps: a selection (domain, brand, standard, tag, region) → record set.

Pure: a `Corpus` in, sets of record keys and restricted corpora out; no MkDocs, no rendering.

Semantics (also in README, 离线培训包):
- Criteria of the same kind are OR-ed (`--domain 农村 --domain 街道`: either domain); different kinds are
  AND-ed (`--domain 农村 --brand x`: rural cases that apply brand x).
- A case is selected when it meets every given criterion: domain = its domain, region = its region,
  tag = one of its tags, brand = one of its brands, standard = one of the standards it applies.
- A brand or standard is selected when it meets every given criterion the same way: domain = one of its
  domains, tag = one of its tags, brand = the brand itself (for a standard: one of the brands naming it),
  standard = the standard itself (for a brand: one of the standards it names). A region never matches a
  brand or standard (they have none), so a selection with a region selects cases only.
- What selected records need comes along: a case's brands and standards; a selected brand's standards; the
  sources every kept record cites; the glossary terms whose name or alias appears in any kept record
  (sources included), the terms those relate to, and their sources. Nothing else: links to records left
  out are shown as plain text, and lists of cases/citing records on kept pages show kept records only.
- No criterion at all selects the whole site.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, replace
from typing import Any, Iterable, Iterator

from djkb.data.link import Corpus, RecordKey, compute_backlinks
from djkb.data.schema import Brand, Case, Record, Standard

CRITERIA: tuple[tuple[str, str], ...] = (
    # (field of Selection, Chinese label); order is the order used in names and on the start page
    ("domains", "领域"),
    ("regions", "地区"),
    ("brands", "品牌项目"),
    ("standards", "标准规范"),
    ("tags", "标签"),
)

# The command-line options naming a selection, shared by `djkb bundle` and `djkb handbook`:
# (option, Selection field, help).
SELECTION_OPTIONS: tuple[tuple[str, str, str], ...] = (
    ("--domain", "domains", "领域名称或编号，如 农村"),
    ("--region", "regions", "案例地区，如 **县"),
    ("--brand", "brands", "品牌项目编号或名称，如 party-flag-leading"),
    ("--standard", "standards", "标准规范编号或名称，如 九有标准"),
    ("--tag", "tags", "标签"),
)


class SelectionError(ValueError):
    """A selection naming something that does not exist (message in Chinese, lists every problem)."""

    def __init__(self, messages: Iterable[str]):
        self.messages = list(messages)
        super().__init__("\n".join(self.messages))


@dataclass(frozen=True)
class Selection:
    """What a trainer asked for. Values are as resolved by `normalize`: domain names, region names, brand
    ids, standard ids, tags."""

    domains: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    brands: tuple[str, ...] = ()
    standards: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()

    @property
    def is_whole_site(self) -> bool:
        return not any(getattr(self, name) for name, _ in CRITERIA)

    def to_dict(self) -> dict[str, list[str]]:
        return {name: list(getattr(self, name)) for name, _ in CRITERIA if getattr(self, name)}

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> "Selection":
        data = dict(data or {})
        unknown = sorted(set(data) - {name for name, _ in CRITERIA})
        if unknown:
            raise SelectionError(
                [f"未知的选择条件：{'、'.join(unknown)}（可用：{'、'.join(n for n, _ in CRITERIA)}）。"]
            )
        values = {}
        for name, _ in CRITERIA:
            raw = data.get(name) or ()
            if isinstance(raw, str):
                raw = (raw,)
            values[name] = tuple(dict.fromkeys(str(v) for v in raw))
        return cls(**values)


# -- naming the selection -------------------------------------------------------------------------------


def _names(corpus: Corpus, kind: str, ids: Iterable[str]) -> list[str]:
    records = corpus.records(kind)
    return [records[i].display_name if i in records else i for i in ids]


def describe(corpus: Corpus, selection: Selection) -> list[tuple[str, list[str]]]:
    """(label, display names) per given criterion, for the start page."""
    parts = []
    for name, label in CRITERIA:
        values = list(getattr(selection, name))
        if not values:
            continue
        if name in ("brands", "standards"):
            values = _names(corpus, name, values)
        parts.append((label, values))
    return parts


def label(corpus: Corpus, selection: Selection) -> str:
    """Short human name of the selection, e.g. "农村" or "农村+党旗引航工程"; "全部" for the whole site."""
    if selection.is_whole_site:
        return "全部"
    return "+".join("、".join(values) for _, values in describe(corpus, selection))


# -- resolving what the trainer typed ------------------------------------------------------------------


def _closest(value: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(value, sorted(set(choices)), n=3, cutoff=0.4)
    return f"最接近的：{'、'.join(close)}。" if close else ""


def normalize(corpus: Corpus, selection: Selection) -> Selection:
    """Resolve names and ids the way a trainer may type them; raise `SelectionError` listing every unknown
    value. Domains by name or taxonomy id; brands and standards by id, name or alias; regions and tags as
    written in the records."""
    problems: list[str] = []

    def lookup(value: str, table: dict[str, str], what: str) -> str | None:
        if value in table:
            return table[value]
        problems.append(f"没有{what}“{value}”。{_closest(value, table)}")
        return None

    domain_table = {e.name: e.name for e in corpus.taxonomy.domains} | {e.id: e.name for e in corpus.taxonomy.domains}
    region_table = {c.region: c.region for c in corpus.cases.values()}
    tag_table = {t: t for _, r in corpus.all_records() for t in r.tags}

    def record_table(kind: str) -> dict[str, str]:
        table: dict[str, str] = {}
        for record in corpus.records(kind).values():
            for name in (record.display_name, *getattr(record, "aliases", ())):
                table.setdefault(name, record.id)
        for record_id in corpus.records(kind):
            table[record_id] = record_id
        return table

    tables = {
        "domains": (domain_table, "这个领域"),
        "regions": (region_table, "案例地区"),
        "brands": (record_table("brands"), "这个品牌项目"),
        "standards": (record_table("standards"), "这个标准规范"),
        "tags": (tag_table, "记录使用这个标签"),
    }
    values: dict[str, tuple[str, ...]] = {}
    for name, _ in CRITERIA:
        table, what = tables[name]
        found = [lookup(v, table, what) for v in getattr(selection, name)]
        values[name] = tuple(dict.fromkeys(v for v in found if v is not None))
    if problems:
        raise SelectionError(problems)
    return Selection(**values)


# -- which records -------------------------------------------------------------------------------------


def _case_matches(corpus: Corpus, case: Case, s: Selection) -> bool:
    checks = (
        (s.domains, lambda: case.domain in s.domains),
        (s.regions, lambda: case.region in s.regions),
        (s.brands, lambda: any(b in s.brands for b in case.brands)),
        (s.standards, lambda: any(x in s.standards for x in corpus.case_standards(case))),
        (s.tags, lambda: any(t in s.tags for t in case.tags)),
    )
    return all(test() for given, test in checks if given)


def _brand_matches(brand: Brand, s: Selection) -> bool:
    checks = (
        (s.domains, lambda: any(d in s.domains for d in brand.domains)),
        (s.regions, lambda: False),
        (s.brands, lambda: brand.id in s.brands),
        (s.standards, lambda: any(x in s.standards for x in brand.standards)),
        (s.tags, lambda: any(t in s.tags for t in brand.tags)),
    )
    return all(test() for given, test in checks if given)


def _standard_matches(corpus: Corpus, standard: Standard, s: Selection) -> bool:
    named_by_brands = {x for b in s.brands if b in corpus.brands for x in corpus.brands[b].standards}
    checks = (
        (s.domains, lambda: any(d in s.domains for d in standard.domains)),
        (s.regions, lambda: False),
        (s.brands, lambda: standard.id in named_by_brands),
        (s.standards, lambda: standard.id in s.standards),
        (s.tags, lambda: any(t in s.tags for t in standard.tags)),
    )
    return all(test() for given, test in checks if given)


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _strings(item)


def record_text(record: Record) -> str:
    """Every text of a record (what its page shows), for finding the glossary terms it uses."""
    return "\n".join(_strings(record.model_dump()))


@dataclass(frozen=True)
class BundleSet:
    """The records a bundle keeps: `primary` were selected, the rest of `keys` came along as needed."""

    selection: Selection
    primary: frozenset[RecordKey]
    keys: frozenset[RecordKey]

    def __contains__(self, key: object) -> bool:
        return key in self.keys

    def link_filter(self, kind: str, record_id: str) -> bool:
        return (kind, record_id) in self.keys

    def ids(self, kind: str) -> set[str]:
        return {record_id for k, record_id in self.keys if k == kind}

    def count(self) -> int:
        return len(self.keys)


def resolve(corpus: Corpus, selection: Selection) -> BundleSet:
    """The records kept for `selection` (already normalised): selected ones plus what they need."""
    if selection.is_whole_site:
        everything = frozenset((kind, record.id) for kind, record in corpus.all_records())
        return BundleSet(selection, everything, everything)

    primary: set[RecordKey] = set()
    primary |= {("cases", c.id) for c in corpus.cases.values() if _case_matches(corpus, c, selection)}
    primary |= {("brands", b.id) for b in corpus.brands.values() if _brand_matches(b, selection)}
    primary |= {("standards", x.id) for x in corpus.standards.values() if _standard_matches(corpus, x, selection)}
    if not primary:
        raise SelectionError([f"选择条件“{label(corpus, selection)}”没有匹配任何案例、品牌项目或标准规范。"])

    keys = set(primary)
    for kind, record_id in sorted(primary):
        if kind == "cases":
            case = corpus.cases[record_id]
            keys |= {("brands", b) for b in case.brands if b in corpus.brands}
            keys |= {("standards", x) for x in corpus.case_standards(case) if x in corpus.standards}
        elif kind == "brands":
            keys |= {("standards", x) for x in corpus.brands[record_id].standards if x in corpus.standards}

    keys |= _cited_sources(corpus, keys)
    # Glossary terms used in the kept records' text (sources included), and the terms those relate to.
    text = "\n".join(record_text(corpus.records(kind)[record_id]) for kind, record_id in sorted(keys))
    terms = {t.id for t in corpus.glossary.values() if any(name in text for name in (t.term, *t.aliases))}
    pending = list(terms)
    while pending:
        for other in corpus.glossary[pending.pop()].related:
            if other in corpus.glossary and other not in terms:
                terms.add(other)
                pending.append(other)
    keys |= {("glossary", t) for t in terms}
    keys |= _cited_sources(corpus, keys)
    return BundleSet(selection, frozenset(primary), frozenset(keys))


def _cited_sources(corpus: Corpus, keys: set[RecordKey]) -> set[RecordKey]:
    return {("sources", s) for kind, i in keys for s in corpus.records(kind)[i].sources if s in corpus.sources}


# -- corpora for rendering a bundle --------------------------------------------------------------------


def restricted_corpus(corpus: Corpus, kept: BundleSet) -> Corpus:
    """Only the kept records, with back-links recomputed among them (for listings, counts and search)."""
    tables = {kind: {i: r for i, r in corpus.records(kind).items() if (kind, i) in kept.keys} for kind in Corpus.KINDS}
    sub = replace(
        corpus,
        **tables,
        source_paths={k: v for k, v in corpus.source_paths.items() if k in kept.keys},
        drafts={d for d in corpus.drafts if ("cases", d) in kept.keys},
    )
    compute_backlinks(sub)
    return sub


def record_page_corpus(corpus: Corpus, sub: Corpus) -> Corpus:
    """Every record (so a left-out record is still named, as plain text) but lists of cases, citing records
    and brands using a standard among the kept ones only (so a standard's page lists the bundle's cases, not
    hundreds it does not contain). Supersession and related brands stay complete: a reader must see that a
    standard was replaced even when the newer one is not in the bundle."""
    return replace(
        corpus,
        cases_by_item=sub.cases_by_item,
        cases_by_standard=sub.cases_by_standard,
        brands_by_standard=sub.brands_by_standard,
        cases_by_brand=sub.cases_by_brand,
        citers_by_source=sub.citers_by_source,
    )
