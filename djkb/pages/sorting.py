"""Chinese ordering by pinyin (not by code point), for every list a reader sees."""

from __future__ import annotations

from functools import lru_cache

from pypinyin import Style, lazy_pinyin


@lru_cache(maxsize=65536)
def pinyin_key(text: str) -> tuple[str, ...]:
    """Sort key: the pinyin syllables with tone numbers, then the text itself to break ties."""
    syllables = lazy_pinyin(text.replace("*", ""), style=Style.TONE3, neutral_tone_with_five=True, errors="default")
    return (*[s.lower() for s in syllables], "\uffff", text)


def sort_by_pinyin(items, key=lambda item: item):
    return sorted(items, key=lambda item: pinyin_key(key(item)))
