"""Site search: a build-time index (``indexer``) and a browser engine (``djkb/assets/search``).

Pages are matched by substring over normalised page text, for every word of the query (runs typed without
spaces are split in the browser with the site's word list, ``words``), with glossary expansions and pinyin of
names; the index is written as classic scripts so that search works over http and from ``file://`` without
network access.
"""

from .indexer import SearchExpansion, SearchIndexBuilder
from .text import fold, html_to_text, normalize, query_words

__all__ = ["SearchExpansion", "SearchIndexBuilder", "fold", "html_to_text", "normalize", "query_words"]
