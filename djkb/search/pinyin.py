"""Pinyin readings of names, used to expand ASCII queries (``shyk`` → 三会一课).

A name is split into syllables: one per Chinese character (read in phrase context by pypinyin, so 引航 is
``yin hang``), and one per run of other characters (letters and digits kept, lower-cased; symbols dropped).
The browser matches an ASCII query against a prefix of the full pinyin or of the initials that ends on a
syllable boundary and spans at least two syllables, and expands it to the corresponding prefix of the name
(``dangqiyinhang`` → 党旗引航 for the name 党旗引航工程).
"""

from __future__ import annotations

import re
from functools import lru_cache

from pypinyin import Style, lazy_pinyin

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
_KEEP = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=65536)
def syllables(name: str) -> tuple[tuple[str, int], ...]:
    """``(syllable, end offset in name)`` pairs; empty if the name has fewer than two syllables."""
    readings = lazy_pinyin(name, style=Style.NORMAL, errors=lambda run: [run])
    result: list[tuple[str, int]] = []
    pos = 0
    it = iter(readings)
    n = len(name)
    while pos < n:
        if _HAN.match(name, pos):
            reading = next(it, "")
            end = pos + 1
            token = _KEEP.sub("", reading.lower())
        else:
            end = pos
            while end < n and not _HAN.match(name, end):
                end += 1
            run = next(it, name[pos:end])
            token = _KEEP.sub("", run.lower())
        pos = end
        if token:
            result.append((token, end))
    return tuple(result) if len(result) >= 2 else ()
