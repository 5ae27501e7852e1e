"""Resolve every reference between records and compute the back-links pages show."""

from __future__ import annotations

import difflib
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from djkb.data.load import LoadedDoc
from djkb.data.schema import (
    ID_RE,
    RECORD_TYPE_BY_KIND,
    REFERENCE_FIELDS,
    Brand,
    Case,
    Record,
    Source,
    Standard,
    Taxonomy,
    Term,
)
from djkb.data.validate import ValidRecord
from djkb.errors import Problem

RecordKey = tuple[str, str]  # (kind, id)


@dataclass
class Corpus:
    """All records, resolved and cross-linked. Plain data: no MkDocs, no rendering."""

    taxonomy: Taxonomy
    sources: dict[str, Source] = field(default_factory=dict)
    standards: dict[str, Standard] = field(default_factory=dict)
    brands: dict[str, Brand] = field(default_factory=dict)
    cases: dict[str, Case] = field(default_factory=dict)
    glossary: dict[str, Term] = field(default_factory=dict)
    # Where each record came from (for "edit this page" and messages), relative to the project root.
    source_paths: dict[RecordKey, str] = field(default_factory=dict)
    # Back-links, each list in a stable order (by id).
    cases_by_item: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    cases_by_standard: dict[str, list[str]] = field(default_factory=dict)
    brands_by_standard: dict[str, list[str]] = field(default_factory=dict)
    cases_by_brand: dict[str, list[str]] = field(default_factory=dict)
    brands_by_related: dict[str, list[str]] = field(default_factory=dict)
    citers_by_source: dict[str, list[RecordKey]] = field(default_factory=dict)
    superseded_by: dict[str, list[str]] = field(default_factory=dict)
    drafts: set[str] = field(default_factory=set)  # ids of draft cases (kept only in preview builds)

    KINDS = ("sources", "standards", "brands", "cases", "glossary")

    def records(self, kind: str) -> dict[str, Record]:
        return getattr(self, kind)

    def all_records(self) -> Iterator[tuple[str, Record]]:
        for kind in self.KINDS:
            for record in self.records(kind).values():
                yield kind, record

    def count(self) -> int:
        return sum(len(self.records(kind)) for kind in self.KINDS)

    def case_standards(self, case: Case) -> list[str]:
        """Standards a case applies: named directly or through one of their items."""
        ids = list(case.standards)
        for ref in case.standard_items:
            std_id = ref.split("#", 1)[0]
            if std_id not in ids:
                ids.append(std_id)
        return ids

    def item_title(self, ref: str) -> str:
        std_id, item_id = ref.split("#", 1)
        standard = self.standards[std_id]
        for item in standard.items:
            if item.id == item_id:
                return item.title
        raise KeyError(ref)


def _closest(value: str, valid: list[str]) -> str:
    close = difflib.get_close_matches(value, valid, n=3, cutoff=0.5)
    if close:
        return "最接近的编号：" + "、".join(close) + "。"
    return ""


def link(
    taxonomy: Taxonomy,
    valid: dict[str, list[ValidRecord]],
    root: Path | None = None,
    invalid_ids: dict[str, set[str]] | None = None,
    unvalidated: list[tuple[str, LoadedDoc]] | None = None,
    *,
    check: bool = True,
) -> tuple[Corpus, list[Problem]]:
    """Build the corpus from validated records; report unknown ids and duplicates.

    `invalid_ids` names records that exist but failed their schema (already reported): references to
    them are not reported again as unknown. `unvalidated`: (kind, loaded file) of those records, whose
    references are checked too from what the file holds, so an editor sees every problem in one run.
    `check=False`: records already checked together (a subset of them linked again): no problems looked for.
    """
    corpus = Corpus(taxonomy=taxonomy)
    problems: list[Problem] = []
    docs: dict[RecordKey, ValidRecord] = {}
    for kind in Corpus.KINDS:
        table = corpus.records(kind)
        for item in valid.get(kind, []):
            record = item.record
            if record.id in table:
                other = docs[(kind, record.id)].doc.display
                line, col = item.doc.position(("id",))
                problems.append(
                    Problem(item.doc.display, line, col, f"编号“{record.id}”与 {other} 重复。每条记录的编号必须唯一。")
                )
                continue
            table[record.id] = record
            docs[(kind, record.id)] = item
            corpus.source_paths[(kind, record.id)] = item.doc.display

    if check:
        problems.extend(_check_references(corpus, docs, invalid_ids or {}))
        for kind, doc in unvalidated or ():
            problems.extend(_unvalidated_references(corpus, kind, doc, invalid_ids or {}))
        problems.extend(_check_unique_items(corpus, docs))
        problems.extend(_check_unique_terms(corpus, docs))
    compute_backlinks(corpus)
    return corpus, problems


def _check_references(
    corpus: Corpus, docs: dict[RecordKey, ValidRecord], invalid_ids: dict[str, set[str]]
) -> list[Problem]:
    problems = []
    for (kind, record_id), item in docs.items():
        record = item.record
        fields = {
            name: getattr(record, name)
            for name in (*REFERENCE_FIELDS[kind], *(("standard_items",) if kind == "cases" else ()))
        }
        problems.extend(_reference_problems(corpus, kind, record_id, item.doc, fields, invalid_ids))
    return problems


def _unvalidated_references(
    corpus: Corpus, kind: str, doc: LoadedDoc, invalid_ids: dict[str, set[str]]
) -> list[Problem]:
    """The references of a record that failed its schema, read from its file: values of the wrong type or
    form are left out (their own errors are reported), list positions are kept for the line numbers."""
    record_id = doc.data.get("id")
    names = (*REFERENCE_FIELDS[kind], *(("standard_items",) if kind == "cases" else ()))
    fields: dict[str, object] = {}
    for name in names:
        value = doc.data.get(name)
        if isinstance(value, list):
            fields[name] = [ref if isinstance(ref, str) and _well_formed(name, ref) else None for ref in value]
        elif isinstance(value, str) and name != "standard_items" and _well_formed(name, value):
            fields[name] = value
    if not isinstance(record_id, str) or not ID_RE.match(record_id):
        return []  # its id error says why (UNCHECKED_REFERENCES_NOTE)
    return _reference_problems(corpus, kind, record_id, doc, fields, invalid_ids)


# Appended to the error of a broken id when the file refers to other records: those references wait for the id.
UNCHECKED_REFERENCES_NOTE = "编号改正后，检查才能核对本文件对其他记录的引用，届时请再运行一次检查。"


def references_wait_for_id(kind: str, doc: LoadedDoc) -> bool:
    """Whether a file that failed its schema has references that are skipped because its id is broken."""
    record_id = doc.data.get("id")
    if isinstance(record_id, str) and ID_RE.match(record_id):
        return False
    names = (*REFERENCE_FIELDS[kind], *(("standard_items",) if kind == "cases" else ()))
    return any(doc.data.get(name) not in (None, "", []) for name in names)


def _well_formed(field_name: str, ref: str) -> bool:
    if field_name == "standard_items":
        std_id, hash_sign, item_id = ref.partition("#")
        return bool(hash_sign) and bool(ID_RE.match(std_id)) and bool(ID_RE.match(item_id))
    return bool(ID_RE.match(ref))


def _reference_problems(
    corpus: Corpus, kind: str, record_id: str, doc: LoadedDoc, fields: dict, invalid_ids: dict[str, set[str]]
) -> list[Problem]:
    """Unknown or self references among `fields` (field name → id, list of ids, or None where a list value is
    not an id); `standard_items` for cases."""
    problems = []
    model = RECORD_TYPE_BY_KIND[kind]
    for field_name, target_kind in REFERENCE_FIELDS[kind].items():
        if field_name not in fields:
            continue
        value = fields[field_name]
        refs = value if isinstance(value, list) else ([value] if value else [])
        targets = corpus.records(target_kind)
        label = model.model_fields[field_name].description
        for index, ref in enumerate(refs):
            if ref is None:
                continue
            loc = (field_name, index) if isinstance(value, list) else (field_name,)
            if ref not in targets and ref not in invalid_ids.get(target_kind, ()):
                line, col = doc.position(loc)
                problems.append(
                    Problem(
                        doc.display,
                        line,
                        col,
                        f"{label}中的“{ref}”不存在（data/{target_kind}/ 下没有 {ref}.yml）。{_closest(ref, sorted(targets))}",
                    )
                )
            elif target_kind == kind and ref == record_id:
                line, col = doc.position(loc)
                problems.append(Problem(doc.display, line, col, f"{label}中不能引用记录自身“{ref}”。"))
    if kind == "cases":
        for index, ref in enumerate(fields.get("standard_items") or []):
            if ref is None:
                continue
            std_id, item_id = ref.split("#", 1)
            line, col = doc.position(("standard_items", index))
            standard = corpus.standards.get(std_id)
            if standard is None and std_id in invalid_ids.get("standards", ()):
                continue
            if standard is None:
                problems.append(
                    Problem(
                        doc.display,
                        line,
                        col,
                        f"应用的标准条目“{ref}”中的标准“{std_id}”不存在。{_closest(std_id, sorted(corpus.standards))}",
                    )
                )
                continue
            item_ids = [i.id for i in standard.items]
            if item_id not in item_ids:
                listing = "、".join(f"{i.id}（{i.title}）" for i in standard.items)
                problems.append(
                    Problem(
                        doc.display, line, col, f"标准“{standard.name}”中没有条目“{item_id}”。可用条目：{listing}。"
                    )
                )
    return problems


def _check_unique_items(corpus: Corpus, docs: dict[RecordKey, ValidRecord]) -> list[Problem]:
    problems = []
    for std_id, standard in corpus.standards.items():
        doc = docs[("standards", std_id)].doc
        seen: dict[str, int] = {}
        for index, item in enumerate(standard.items):
            if item.id in seen:
                line, col = doc.position(("items", index, "id"))
                problems.append(
                    Problem(
                        doc.display,
                        line,
                        col,
                        f"条目编号“{item.id}”在本标准中重复（第 {seen[item.id] + 1} 条和第 {index + 1} 条）。同一标准内条目编号必须唯一。",
                    )
                )
            else:
                seen[item.id] = index
    return problems


def _check_unique_terms(corpus: Corpus, docs: dict[RecordKey, ValidRecord]) -> list[Problem]:
    problems = []
    owner: dict[str, str] = {}
    for term_id, term in corpus.glossary.items():
        doc = docs[("glossary", term_id)].doc
        for index, name in enumerate([term.term, *term.aliases]):
            if name in owner and owner[name] != term_id:
                loc = ("term",) if index == 0 else ("aliases", index - 1)
                line, col = doc.position(loc)
                problems.append(
                    Problem(
                        doc.display,
                        line,
                        col,
                        f"术语“{name}”已在 data/glossary/{owner[name]}.yml 中定义。同一个词只能属于一个术语条目。",
                    )
                )
            owner.setdefault(name, term_id)
    return problems


def compute_backlinks(corpus: Corpus) -> None:
    """Fill every record's back-links (standard item → cases, brand → cases, source → citers, superseded-by)
    from the references of the records in `corpus` (also on a bundle's restricted corpus)."""
    cases_by_item: dict[tuple[str, str], list[str]] = defaultdict(list)
    cases_by_standard: dict[str, list[str]] = defaultdict(list)
    brands_by_standard: dict[str, list[str]] = defaultdict(list)
    cases_by_brand: dict[str, list[str]] = defaultdict(list)
    brands_by_related: dict[str, list[str]] = defaultdict(list)
    citers: dict[str, list[RecordKey]] = defaultdict(list)
    superseded_by: dict[str, list[str]] = defaultdict(list)

    for case_id in sorted(corpus.cases):
        case = corpus.cases[case_id]
        for ref in case.standard_items:
            std_id, item_id = ref.split("#", 1)
            if std_id in corpus.standards:
                cases_by_item[(std_id, item_id)].append(case_id)
        for std_id in corpus.case_standards(case):
            if std_id in corpus.standards:
                cases_by_standard[std_id].append(case_id)
        for brand_id in case.brands:
            if brand_id in corpus.brands:
                cases_by_brand[brand_id].append(case_id)
    for brand_id in sorted(corpus.brands):
        brand = corpus.brands[brand_id]
        for std_id in brand.standards:
            brands_by_standard[std_id].append(brand_id)
        for other in brand.related:
            if brand_id not in corpus.brands.get(other, brand).related:
                brands_by_related[other].append(brand_id)
    for std_id in sorted(corpus.standards):
        if corpus.standards[std_id].supersedes:
            superseded_by[corpus.standards[std_id].supersedes].append(std_id)
    for kind, record in corpus.all_records():
        for source_id in record.sources:
            citers[source_id].append((kind, record.id))

    corpus.cases_by_item = dict(cases_by_item)
    corpus.cases_by_standard = dict(cases_by_standard)
    corpus.brands_by_standard = dict(brands_by_standard)
    corpus.cases_by_brand = dict(cases_by_brand)
    corpus.brands_by_related = dict(brands_by_related)
    corpus.citers_by_source = {k: sorted(v) for k, v in citers.items()}
    corpus.superseded_by = dict(superseded_by)
