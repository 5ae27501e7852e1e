"""Near-duplicate case detection: content-defined character fingerprints, an inverted index, then an exact check.

A case copied from another and lightly edited (place names, numbers, a few words) keeps most of its runs of
Chinese text. Each case's text is reduced to its CJK characters; a fingerprint is the run of `WINDOW`
characters starting at every "anchor" character (a fixed pseudo-random eighth of all characters), so the same
text yields the same fingerprints wherever it stands — edits elsewhere do not shift them (content-defined
sampling of character shingles, as in winnowing). Pairs sharing several uncommon fingerprints are candidates;
a candidate is reported when the Jaccard similarity of the two texts' full 3-character shingle sets reaches
`THRESHOLD`. Linear in the corpus apart from the few candidate pairs, and deterministic (no hash seeds).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Iterable, Mapping

from djkb.kept import Kept, kept_or_made

WINDOW = 6
THRESHOLD = 0.8  # shingle Jaccard at or above which two cases count as near-duplicates
SHINGLE = 3
MAX_POSTING = 20  # fingerprints shared by more cases than this are boilerplate, not evidence
RAREST = 6  # how many of a case's rarest fingerprints lead to candidates
MIN_SHARED = 3  # of those, how many a candidate must share

_CJK_FIRST, _CJK_LAST = 0x3400, 0x9FFF
_NOT_CJK = re.compile(r"[^\u3400-\u9fff\uf900-\ufaff]+")


def _is_anchor(code: int) -> bool:
    # Knuth's multiplicative hash: a fixed, content-independent choice of about one character in eight.
    return ((code * 2654435761) >> 13) & 7 == 0


_ANCHORS = "".join(chr(c) for c in range(_CJK_FIRST, _CJK_LAST + 1) if _is_anchor(c))
_FINGERPRINT = re.compile(f"(?=([{re.escape(_ANCHORS)}][\u3400-\u9fff]{{{WINDOW - 1}}}))")


def normalise(text: str) -> str:
    """Only the Chinese characters: punctuation, digits, Latin letters and `*` anonymisation do not count."""
    return _NOT_CJK.sub("", text)


def fingerprints(text: str) -> set[str]:
    return set(_FINGERPRINT.findall(text))


def shingles(text: str) -> set[str]:
    return {text[i : i + SHINGLE] for i in range(len(text) - SHINGLE + 1)}


def jaccard(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def _prepared(text: str) -> tuple[str, frozenset[str]]:
    return normalise(text), frozenset(fingerprints(text))


@dataclass(frozen=True)
class NearDuplicate:
    first: str  # the id kept as the original (order given by the caller)
    second: str
    similarity: float


def find_near_duplicates(
    texts: Mapping[str, str],
    *,
    threshold: float = THRESHOLD,
    order: Iterable[str] | None = None,
    kept: Kept | None = None,
) -> list[NearDuplicate]:
    """Pairs of ids whose texts are near-duplicates; `first` comes earlier in `order` (default: id order).
    `kept` (`mkdocs serve`): each text's normal form and fingerprints, by its text, for the next build."""
    rank = {key: i for i, key in enumerate(order if order is not None else sorted(texts))}
    prepared = {
        key: kept_or_made(kept, ("near-duplicate fingerprints", text), lambda text=text: _prepared(text))
        for key, text in texts.items()
    }
    normalised = {key: found[0] for key, found in prepared.items()}
    prints = {key: found[1] for key, found in prepared.items()}
    postings: dict[str, list[str]] = defaultdict(list)
    for key, found in prints.items():
        for fingerprint in found:
            postings[fingerprint].append(key)
    shingle_cache: dict[str, set[str]] = {}

    def shingle_set(key: str) -> set[str]:
        if key not in shingle_cache:
            shingle_cache[key] = shingles(normalised[key])
        return shingle_cache[key]

    pairs: dict[tuple[str, str], float] = {}
    for key, found in prints.items():
        # A near-duplicate shares most fingerprints, the rarest included: look only where those lead.
        # (Fingerprints only this case has say nothing; those in very many cases are boilerplate.)
        rarest = sorted((size, f) for f in found if 1 < (size := len(postings[f])) <= MAX_POSTING)[:RAREST]
        partners: Counter[str] = Counter()
        for _, fingerprint in rarest:
            partners.update(other for other in postings[fingerprint] if other != key)
        for other, count in partners.items():
            pair = (key, other) if rank[key] < rank[other] else (other, key)
            if count < MIN_SHARED or pair in pairs:
                continue
            if jaccard(found, prints[other]) < threshold - 0.25:
                pairs[pair] = 0.0
                continue
            pairs[pair] = jaccard(shingle_set(key), shingle_set(other))
    found_pairs = [NearDuplicate(a, b, sim) for (a, b), sim in pairs.items() if sim >= threshold]
    return sorted(found_pairs, key=lambda p: (rank[p.second], rank[p.first]))
