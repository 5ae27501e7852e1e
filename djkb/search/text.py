"""Page text extraction and normalisation for the search index.

The same normalisation is applied (in JavaScript) to queries, so that "a page contains what was typed" is
decided by a plain substring test over normalised text:

* NFKC (full-width digits and letters become ASCII, compatibility forms are folded), except that
  full-width punctuation (，：（）！？ …, U+FF01–FF0F, FF1A–FF20, FF3B–FF40, FF5B–FF5E) is kept as typed so
  that snippets read as Chinese text;
* whitespace runs are removed, except one space kept between two non-CJK characters ("party building",
  "12371 a"), so that a line break inside a Chinese sentence or a space typed between Chinese words does
  not hide a match;
* block boundaries (paragraphs, list items, table cells, headings) become a hard separator ``\\n`` that no
  query can span (``normalize`` treats every newline as one; ``html_to_text`` turns newlines inside text
  nodes into spaces first);
* case is folded with ``str.lower`` at search time (the stored text keeps its case for snippets).

A page is indexed for what it says about itself, not for the navigation it carries to other pages: an element
with the class ``djkb-noindex`` (:data:`NOINDEX_CLASS`) is left out together with everything inside it. The
templates put it on lists of other records — related cases, back-links (cases applying a standard item, a
brand's cases, a source's citers) and the listing pages' tables — so that a case title finds the case, not
every page that lists it. What the page declares about itself stays indexed: title, names, its own text and
facts, and the records it refers to (a case's brands and the standard items it applies). Decoration (permalink
markers, copy buttons) is skipped the same way.
"""

from __future__ import annotations

import re
import unicodedata
from html import unescape

BLOCK_SEPARATOR = "\n"

# Elements whose boundaries end a run of text (a query never matches across them).
_BLOCK_TAGS = frozenset(
    """address article aside blockquote br caption dd details dialog div dl dt fieldset figcaption figure
    footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary table tbody td tfoot th
    thead tr ul option legend""".split()
)
# Elements whose content is never page text.
_SKIP_TAGS = frozenset("script style template noscript svg math button select textarea".split())
_VOID_TAGS = frozenset("area base br col embed hr img input link meta source track wbr".split())
# Navigation to other pages, not this page's content (see the module docstring); kept by the sanitiser.
NOINDEX_CLASS = "djkb-noindex"
# Classes of elements left out of the page text: navigation, and decoration (permalink markers, copy buttons).
_SKIP_CLASSES = frozenset({NOINDEX_CLASS, "headerlink", "md-clipboard", "md-annotation__index"})

_WS_RUN = re.compile(r"[^\S\n]+")  # whitespace except the block separator
_SEP_RUN = re.compile(r"\s*\n[\s\n]*")


def is_cjk(ch: str) -> bool:
    """True for characters of scripts written without spaces (and full-width punctuation)."""
    return ord(ch) >= 0x2E80


def _join_space(match: re.Match[str]) -> str:
    text = match.string
    start, end = match.start(), match.end()
    if start == 0 or end == len(text):
        return ""
    before, after = text[start - 1], text[end]
    if before == BLOCK_SEPARATOR or after == BLOCK_SEPARATOR:
        return ""
    return " " if not is_cjk(before) and not is_cjk(after) else ""


_NFKC_RUN = re.compile(r"[^\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff5e]+")


def nfkc(text: str) -> str:
    """NFKC except full-width punctuation (mirrored by ``foldWord`` in djkb-search.js)."""
    return _NFKC_RUN.sub(lambda m: unicodedata.normalize("NFKC", m.group(0)), text)


def normalize(text: str) -> str:
    """NFKC + the whitespace rule above; keeps case and block separators (idempotent)."""
    text = nfkc(text)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _SEP_RUN.sub(BLOCK_SEPARATOR, text)
    text = _WS_RUN.sub(_join_space, text)
    return text.strip()


def _flat(text: str) -> str:
    """Newlines inside a run of text are ordinary whitespace."""
    return text.replace("\r", " ").replace("\n", " ")


def normalize_line(text: str) -> str:
    """Normalise a one-line value (title, name): newlines count as spaces."""
    return normalize(_flat(text))


def fold(text: str) -> str:
    """Normalised and lower-cased: the form that queries are matched against."""
    return normalize(text).lower()


def query_words(query: str) -> list[str]:
    """Split a query into words (whitespace separated), each folded; duplicates removed, order kept."""
    words: list[str] = []
    for raw in nfkc(query).split():
        word = fold(raw)
        if word and word not in words:
            words.append(word)
    return words


# One pass over the tags with a regular expression: the same result as an html.parser-based extractor (kept as
# the reference in tests/search_text_reference.py) at half the cost; html.parser's per-character bookkeeping was
# a tenth of a build.
_TOKEN = re.compile(
    r"<!--.*?(?:-->|\Z)"  # comment
    r"|<(/?)([a-zA-Z][^\s/>]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>"  # start or end tag: (/)(name)(attributes, / at the end)
    r"|<![^>]*>|<\?[^>]*>",  # doctype, processing instruction
    re.S,
)
_ATTR = re.compile(r"""([^\s=/>"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""")
_RAW_TEXT_END = {"script": re.compile(r"</script\s*>", re.I), "style": re.compile(r"</style\s*>", re.I)}


def _attributes(text: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for match in _ATTR.finditer(text):
        name = match.group(1).lower()
        if name not in found:
            found[name] = unescape(next((v for v in match.groups()[1:] if v is not None), ""))
    return found


def html_to_text(html: str) -> str:
    """Visible text of an HTML fragment, normalised (see module docstring), case kept."""
    parts: list[str] = []
    skip: list[str] = []  # open elements being skipped (innermost last)
    position = 0
    length = len(html)
    while position < length:
        match = _TOKEN.search(html, position)
        end = match.start() if match else length
        if end > position and not skip:
            parts.append(_flat(unescape(html[position:end])))
        if match is None:
            break
        position = match.end()
        closing, name, rest = match.group(1), match.group(2), match.group(3)
        if name is None:
            continue  # comment, doctype, processing instruction
        tag = name.lower()
        if closing:
            if skip:
                if tag in skip:  # pop up to the matching open element (tolerates unclosed children)
                    while skip and skip.pop() != tag:
                        pass
            elif tag in _BLOCK_TAGS:
                parts.append(BLOCK_SEPARATOR)
            continue
        self_closing = rest.rstrip().endswith("/")
        if tag in _RAW_TEXT_END:  # script and style: raw text up to their end tag
            found = _RAW_TEXT_END[tag].search(html, position)
            position = found.end() if found else length
            continue  # both are skipped tags: nothing of them is text
        if skip:
            if tag not in _VOID_TAGS and not self_closing:
                skip.append(tag)
            continue
        attrs = _attributes(rest) if (tag == "img" or "class" in rest.lower()) else {}
        classes = set(attrs.get("class", "").split())
        if tag in _SKIP_TAGS or classes & _SKIP_CLASSES:
            if tag not in _VOID_TAGS and not self_closing:
                skip.append(tag)
            continue
        if tag in _BLOCK_TAGS:
            parts.append(BLOCK_SEPARATOR)
        if tag == "img" and attrs.get("alt"):
            parts.append(BLOCK_SEPARATOR + _flat(attrs["alt"]) + BLOCK_SEPARATOR)
    return normalize("".join(parts))
