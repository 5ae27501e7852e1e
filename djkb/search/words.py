"""The site's word list, with which the browser splits queries typed without spaces (``村级阵地建设标准`` →
村级 阵地 建设 标准).

Words come from two places: the site's own vocabulary (record names, aliases, glossary terms and aliases; always
kept whole) and jieba's general dictionary (``jieba/dict.txt``, MIT licence, with its frequencies), of which
only the words that occur in the site's text are kept — a word no page holds cannot help to split a query into
words pages hold, and the list stays small (a few thousand words for the repository, about 100 KB of JSON).

The browser segments with the same maximum-probability rule jieba uses without its HMM (a route through the
query maximising the sum of log frequencies); the index itself is not tokenised (pages are matched by
substring), so build time and query time cannot split the same text differently.
"""

from __future__ import annotations

import importlib.util
import os
import re
from collections import Counter
from collections.abc import Callable, Iterable
from functools import lru_cache

from djkb.kept import Kept

MIN_FREQ = 1  # every entry: rare ones (网格化 2) are kept only where the pages hold them
MAX_LEN = 4  # longer general-dictionary words are mostly set phrases; the site's vocabulary has no limit
_ENTRY = re.compile(r"^([\u4e00-\u9fff]{1,%d}) (\d+) " % MAX_LEN, re.M)  # "word freq tag" lines
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")
# Frequency given to the site's own vocabulary: above every general word, so a record name is never split.
SITE_FREQ = 1_000_000


@lru_cache(maxsize=1)
def general_dictionary() -> dict[str, int]:
    """jieba's dictionary: Chinese words of 1–4 characters seen at least MIN_FREQ times → frequency."""
    spec = importlib.util.find_spec("jieba")  # its file only: importing jieba is not needed
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("jieba is not installed (requirements.txt)")
    path = os.path.join(list(spec.submodule_search_locations)[0], "dict.txt")
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    return {word: int(freq) for word, freq in _ENTRY.findall(text) if int(freq) >= MIN_FREQ}


def corpus_words(texts: Iterable[str], memo: Kept | None = None) -> dict[str, int]:
    """Words of the general dictionary that occur in ``texts`` → their dictionary frequency.

    Each distinct run of Chinese characters is scanned once (pages repeat headings, facts and phrases). With
    `memo` (`mkdocs serve`), each text's words and their counts are kept: a rebuild scans the texts it added and
    takes away the words of those it dropped, instead of joining every text's words again."""
    dictionary = general_dictionary()
    if memo is None:
        runs: set[str] = set()
        for text in texts:
            runs.update(_CJK_RUN.findall(text))
        return _words_in(runs, dictionary)

    union = memo.get(_WORDS_UNION) or _WordsUnion()
    union.update(Counter(texts), lambda text: frozenset(_words_in(set(_CJK_RUN.findall(text)), dictionary)))
    memo.put(_WORDS_UNION, union)
    return {word: dictionary[word] for word in union.texts_with}


_WORDS_UNION = ("words of all texts",)  # `corpus_words`' entry in its memo


class _WordsUnion:
    """The words of a collection of texts, kept up to date as texts come and go."""

    def __init__(self) -> None:
        self.texts: Counter[str] = Counter()  # the texts counted, each as often as given
        self.words: dict[str, frozenset[str]] = {}  # the words of each of them
        self.texts_with: Counter[str] = Counter()  # word → how many of those texts hold it

    def update(self, texts: Counter[str], scan: Callable[[str], frozenset[str]]) -> None:
        """Count `texts` instead of the texts counted so far; `scan(text)` finds a new text's words."""
        for text, times in (texts - self.texts).items():
            words = self.words.get(text)
            if words is None:
                words = self.words[text] = scan(text)
            for word in words:
                self.texts_with[word] += times
        for text, times in (self.texts - texts).items():
            for word in self.words[text]:
                self.texts_with[word] -= times
                if self.texts_with[word] <= 0:
                    del self.texts_with[word]
            if text not in texts:
                del self.words[text]
        self.texts = texts


def _words_in(runs: set[str], dictionary: dict[str, int]) -> dict[str, int]:
    found: dict[str, int] = {}
    get = dictionary.get
    for run in runs:
        n = len(run)
        for i in range(n):
            for length in range(1, min(MAX_LEN, n - i) + 1):
                word = run[i : i + length]
                if word not in found:
                    freq = get(word)
                    if freq:
                        found[word] = freq
    return found


@lru_cache(maxsize=1)
def dictionary_total() -> int:
    """Sum of the dictionary's frequencies: a word's probability is its frequency over this."""
    return sum(general_dictionary().values())
