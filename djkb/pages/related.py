"""Related cases: what a reader of one case is likely to want next.

Ranked by what the cases share: a brand (3), a standard item (2 each), a standard (2), the domain (1), the
region (1); ties go to the closer year, then the id (stable). Candidates come from inverted indexes, so a case is
compared only with cases sharing something with it, not with the whole corpus.
"""

from __future__ import annotations

import hashlib
import heapq
from collections import defaultdict
from dataclasses import dataclass

from djkb.data.link import Corpus
from djkb.data.schema import Case
from djkb.kept import BETWEEN_BUILDS, Kept
from djkb.pages.sorting import pinyin_key
from djkb.pages.tracing import DERIVED, DERIVED_GUARDS

WEIGHTS = {"brand": 3, "item": 2, "standard": 2, "domain": 1, "region": 1}
REASON_LABELS = {
    "brand": "同品牌项目",
    "item": "同标准条目",
    "standard": "同标准",
    "domain": "同领域",
    "region": "同地区",
}
# A reason not spelled out when a stronger one implies it: a shared standard item is a shared standard.
IMPLIED_BY = {"standard": "item"}
# Large groups (a domain with a thousand cases) add only their nearest cases by year as candidates.
MAX_GROUP_CANDIDATES = 40


@dataclass(frozen=True)
class RelatedCase:
    case: Case
    score: int
    reasons: tuple[str, ...]  # Chinese labels, strongest first


def _keys(corpus: Corpus, case: Case) -> list[tuple[str, str]]:
    keys = [("brand", b) for b in case.brands]
    keys += [("item", ref) for ref in case.standard_items]
    keys += [("standard", s) for s in corpus.case_standards(case)]
    keys += [("domain", case.domain), ("region", case.region)]
    return keys


class RelatedIndex:
    """Built once per corpus; `related(case)` ranks the others."""

    def __init__(self, corpus: Corpus):
        self.corpus = corpus
        self.groups: dict[tuple[str, str], list[str]] = defaultdict(list)
        self.positions: dict[tuple[str, str, str], int] = {}
        for case in sorted(corpus.cases.values(), key=lambda c: (c.year, c.id)):
            for key in dict.fromkeys(_keys(corpus, case)):
                self.positions[(*key, case.id)] = len(self.groups[key])
                self.groups[key].append(case.id)

    def _candidates(self, case: Case, key: tuple[str, str]) -> list[str]:
        group = self.groups[key]
        if len(group) <= MAX_GROUP_CANDIDATES:
            return group
        # The group is ordered by year: take the window around this case's position.
        index = self.positions[(*key, case.id)]
        half = MAX_GROUP_CANDIDATES // 2
        start = max(0, min(index - half, len(group) - MAX_GROUP_CANDIDATES))
        return group[start : start + MAX_GROUP_CANDIDATES]

    def related(self, case: Case, limit: int = 6) -> list[RelatedCase]:
        scores: dict[str, int] = defaultdict(int)
        shared: dict[str, list[str]] = defaultdict(list)
        for key in dict.fromkeys(_keys(self.corpus, case)):
            weight = WEIGHTS[key[0]]
            for other_id in self._candidates(case, key):
                scores[other_id] += weight
                shared[other_id].append(key[0])
        scores.pop(case.id, None)
        cases = self.corpus.cases
        # Only the winners get their reasons spelled out: ranking stays a cheap pass over the candidates.
        best = heapq.nsmallest(
            limit, scores, key=lambda other_id: (-scores[other_id], abs(cases[other_id].year - case.year), other_id)
        )
        return [RelatedCase(cases[other_id], scores[other_id], _reasons(shared[other_id])) for other_id in best]


def _reasons(kinds: list[str]) -> tuple[str, ...]:
    """What two cases share, as labels, strongest first, without the reasons a stronger one implies (同标准 next
    to 同标准条目 says nothing more; the ranking still counts both)."""
    shown = [k for k in dict.fromkeys(kinds) if IMPLIED_BY.get(k) not in kinds]
    return tuple(REASON_LABELS[k] for k in sorted(shown, key=lambda k: -WEIGHTS[k]))


def cases_by_year(cases: list[Case]) -> list[tuple[int, list[Case]]]:
    """(year, cases) newest year first, cases by pinyin within a year."""
    grouped: dict[int, list[Case]] = defaultdict(list)
    for case in cases:
        grouped[case.year].append(case)
    return [(year, sorted(grouped[year], key=lambda c: pinyin_key(c.title))) for year in sorted(grouped, reverse=True)]


def summary(found: list[RelatedCase]) -> tuple:
    """What a page shows of a case's related cases besides their own fields: which, in which order, and why."""
    return tuple((r.case.id, r.score, r.reasons) for r in found)


def related_summary(index: RelatedIndex, case_id: str, limit: int) -> tuple:
    case = index.corpus.cases.get(case_id)
    return () if case is None else summary(index.related(case, limit))


def _related_now(corpus: Corpus, memo: dict, case_id: str, limit: int) -> tuple:
    key = ("related-index", id(corpus))
    index = memo.get(key)
    if index is None:
        index = memo[key] = RelatedIndex(corpus)
    return related_summary(index, case_id, limit)


def ranking_inputs(corpus: Corpus, kept: Kept | None = None) -> str:
    """A digest of everything the ranking reads, case by case: equal inputs give equal related cases. (A digest,
    not the inputs: every case page's trace holds it, and comparing a thousand pairs of long tuples is slow.)
    `kept` (`mkdocs serve`): each case's part by the case object, made again only for a case that changed."""
    digests = b"".join(_case_inputs(corpus, case, kept) for case in sorted(corpus.cases.values(), key=lambda c: c.id))
    return hashlib.sha256(digests).hexdigest()


def _case_inputs(corpus: Corpus, case: Case, kept: Kept | None) -> bytes:
    # What `_keys` reads of the corpus (a case's standards) comes from the case itself: the case object decides.
    key = ("related ranking inputs", id(case))
    found = kept.get(key) if kept is not None else None
    if found is not None and found[0] is case:
        return found[1]
    digest = hashlib.sha256(repr((case.id, case.year, tuple(dict.fromkeys(_keys(corpus, case))))).encode()).digest()
    if kept is not None:
        kept.put(key, (case, digest))  # the case is held with it: its id is not reused while the entry lives
    return digest


def _ranking_inputs_now(corpus: Corpus, memo: dict) -> str:
    return ranking_inputs(corpus, memo.get(BETWEEN_BUILDS))


# `mkdocs serve` reuses a case page while its related cases are the same; while no case's ranking inputs
# changed (an edit of a case's text), without ranking again.
DERIVED["related_cases"] = _related_now
DERIVED["related_inputs"] = _ranking_inputs_now
DERIVED_GUARDS["related_cases"] = "related_inputs"
