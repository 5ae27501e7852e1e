"""Record ids: made from a title's pinyin, never taken twice (`djkb new`, `djkb import`)."""

from __future__ import annotations

import re
from pathlib import Path

MAX_SLUG_WORDS = 8


def slug_from_title(title: str) -> str:
    """A lowercase ASCII id from a Chinese title, by pinyin: “三会一课质量提升” → san-hui-yi-ke-zhi-liang-ti-sheng."""
    from pypinyin import lazy_pinyin  # loads its dictionaries (~0.5 s): only when an id is made

    words: list[str] = []
    for piece in lazy_pinyin(title.replace("*", " ")):
        words.extend(re.findall(r"[a-z0-9]+", piece.lower()))
    return "-".join(words[:MAX_SLUG_WORDS]) or "record"


def free_id(wanted: str, folder: Path, taken: set[str] | frozenset[str] = frozenset()) -> str:
    """`wanted`, or `wanted-2`, `wanted-3`… whichever has no file yet (nor is in `taken`)."""
    candidate, number = wanted, 1
    while candidate in taken or (folder / f"{candidate}.yml").exists():
        number += 1
        candidate = f"{wanted}-{number}"
    return candidate
