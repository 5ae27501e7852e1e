"""Site search: a build-time index (``indexer``) and a browser engine (``djkb/assets/search``).

Exact substring matching over normalised page text, glossary expansions and pinyin of names; the index is
written as classic scripts so that search works over http and from ``file://`` without network access.
"""

from .indexer import SearchExpansion, SearchIndexBuilder
from .text import fold, html_to_text, normalize, query_words

__all__ = ["SearchExpansion", "SearchIndexBuilder", "fold", "html_to_text", "normalize", "query_words"]
