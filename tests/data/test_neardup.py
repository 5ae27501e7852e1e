"""Near-duplicate detection (djkb/data/neardup.py) with and without what `mkdocs serve` keeps between builds."""

from __future__ import annotations

from djkb.build.serve_cache import Generational
from djkb.data import editorial, neardup
from djkb.data.pipeline import load_corpus
from tests.conftest import ROOT


def _texts() -> dict[str, str]:
    corpus = load_corpus(ROOT / "data")
    texts = {
        cid: "\n".join(str(getattr(case, f, "") or "") for f in editorial.NEAR_DUPLICATE_FIELDS)
        for cid, case in corpus.cases.items()
    }
    first = sorted(texts)[0]
    texts["zz-copy"] = texts[first].replace("党员", "党员同志", 2)  # a lightly edited copy
    return texts


def test_kept_fingerprints_give_the_same_pairs_and_are_made_only_for_changed_texts(monkeypatch):
    texts = _texts()
    plain = neardup.find_near_duplicates(texts)
    assert any(pair.second == "zz-copy" for pair in plain)
    kept = Generational()
    assert neardup.find_near_duplicates(texts, kept=kept) == plain
    made: list[str] = []
    original = neardup.fingerprints
    monkeypatch.setattr(neardup, "fingerprints", lambda text: made.append(text) or original(text))
    kept.end_build()
    edited = {**texts, "zz-copy": texts["zz-copy"] + "另起一段新的内容。"}
    assert neardup.find_near_duplicates(edited, kept=kept) == neardup.find_near_duplicates(edited)
    assert made.count(edited["zz-copy"]) == 2 and len(made) == len(edited) + 1  # kept: the edited text only
