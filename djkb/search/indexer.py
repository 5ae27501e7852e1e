"""Build the browser search index (pure Python, no MkDocs import).

Output, under ``<site_dir>/assets/djkb/search/``:

* ``manifest.js`` — small; calls ``djkbSearchRegister("manifest", {...})`` with the names of the other files;
* ``lexicon.<hash>.js`` — glossary expansions and pinyin readings of names and terms (compressed as the shards:
  ``djkbSearchRegister("lexicon", "<base64>")``);
* ``shard-<n>.<hash>.js`` — pages: ``[location, title, [names], text, label, tier, [headings], own]`` each, text
  normalised by :func:`djkb.search.text.normalize`; ``text[:own]`` is the page's own text, the rest its
  mentions of other records (lines that are a list item holding only a link: related terms, sources), which
  rank below the page's own words; ``label`` names the record type shown with a result (标准, 案例 …) and
  ``tier`` orders kinds of page at equal match (0 records, 1 listings and other pages, 2 home page and guide); the JSON rows are stored compressed (raw DEFLATE, base64 in a string:
  ``djkbSearchRegister("shard", n, "<base64>")``), which the browser inflates (:func:`read_index` reads an index
  the same way in Python). Shards hold their JSON as UTF-16LE, the lexicon as UTF-8: a browser turns UTF-16LE
  bytes into a string about three times as fast as UTF-8 (it is what its strings are made of), and Chinese text
  is shorter in UTF-16 (2 bytes a character, 3 in UTF-8) and compresses a little better; the lexicon is mostly
  ASCII pinyin, shorter in UTF-8.

Every file is a classic script, so the index loads through ``<script>`` tags over http and from ``file://``
alike (no ``fetch``, hence base64 rather than binary files). File names carry a content hash, so a browser
cache never mixes two builds.

Compression makes the index about a third of its JSON size on real text (a sixth on repetitive synthetic
text), on disk and in offline bundles once unpacked (zip compressed it inside the archive already); the
browser pays an inflate per file, native (``DecompressionStream``) where available, the vendored fflate
elsewhere.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import zlib
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from html import unescape
from pathlib import Path

from djkb.kept import Kept, kept_with_parts

from .pinyin import syllables
from .text import BLOCK_SEPARATOR, fold, html_to_text, normalize_line
from .words import SITE_FREQ, corpus_words, dictionary_total

INDEX_DIR = ("assets", "djkb", "search")
# 2: shards and lexicon hold base64 of raw DEFLATE of their JSON; the manifest lists their inflated sizes.
# 3: page rows carry label, tier, headings and the end of their own text; the lexicon carries the word list.
# 4: shards hold UTF-16LE JSON (the lexicon stays UTF-8); U+FFFD is escaped in the JSON, so a raw one in the
#    decoded text means bytes that did not decode (damage).
FORMAT_VERSION = 4
SHARD_ENCODING = "utf-16-le"  # of a shard's JSON (the lexicon's is UTF-8)
SHARD_TARGET_CHARS = 200_000  # about 0.4 MB of UTF-16 Chinese per shard (before compression)
COMPRESS_LEVEL = 9
_PACKED_SCRIPT = re.compile(
    r'^\(window\.djkbSearchRegister\|\|function\(\)\{\}\)\("(shard|lexicon)",(?:(\d+),)?"([A-Za-z0-9+/=]*)"\);\n$'
)
_LEADING_SYMBOLS = re.compile(r"^[^0-9A-Za-z\u3400-\u4dbf\u4e00-\u9fff]+")
_OWN_FILE = re.compile(r"^(manifest(\.[0-9a-f]+)?\.js|lexicon\.[0-9a-f]+\.js|shard-\d+\.[0-9a-f]+\.js)$")
MANIFEST_NAME = "manifest.js"  # the site names its manifest after the build's index (djkb/build/events.py)
_HEADING = re.compile(r"<h([2-6])\b[^>]*>(.*?)</h\1\s*>", re.S | re.I)
# A list item that starts and ends with a link: a mention of other records (related terms, sources, a case's
# standard items). Never across an item's end: in a long list of items that do not end with a link, an
# unbounded search from each item to the document's end made this quadratic in the list's length.
_LINK_ITEM = re.compile(r"<li\b[^>]*>\s*<a\b[^>]*>((?:(?!</?li\b).)*?)</a>\s*</li\s*>", re.S | re.I)
_TAG = re.compile(r"<[^>]*>")

# Type label and tier of a page, by the first part of its location (see the module docstring).
RECORD_LABELS = {
    "standards": "标准",
    "cases": "案例",
    "brands": "品牌",
    "glossary": "术语",
    "sources": "来源",
    "checklists": "自查表",
}
LISTING_LABELS = {
    "standards": "标准列表",
    "cases": "案例列表",
    "brands": "品牌列表",
    "glossary": "术语表",
    "sources": "来源列表",
}
GUIDE_PAGES = {"guide": "使用说明"}


def page_role(location: str) -> tuple[str, int]:
    """(type label, tier) of a page from its site-relative location ("cases/x/", "cases/x.html", "")."""
    path = location[: -len(".html")] if location.endswith(".html") else location.rstrip("/")
    parts = [p for p in path.split("/") if p]
    if parts and parts[-1] == "index":
        parts.pop()
    if not parts:
        return "首页", 2
    if len(parts) == 1 and parts[0] in GUIDE_PAGES:
        return GUIDE_PAGES[parts[0]], 2
    if len(parts) == 2 and parts[0] in RECORD_LABELS:
        return RECORD_LABELS[parts[0]], 0
    if len(parts) == 1 and parts[0] in LISTING_LABELS:
        return LISTING_LABELS[parts[0]], 1
    return "", 1


def _inline_text(html: str) -> str:
    return normalize_line(unescape(_TAG.sub("", html)))


def split_mentions(html: str, text: str) -> tuple[str, int]:
    """(text with the page's mention lines moved to its end, length of the page's own text before them, in
    UTF-16 code units)."""
    mentions = {m for m in (_inline_text(x) for x in _LINK_ITEM.findall(html)) if m}
    if not mentions:
        return text, _js_length(text)
    own: list[str] = []
    moved: list[str] = []
    for line in text.split(BLOCK_SEPARATOR):
        (moved if line in mentions else own).append(line)
    if not moved:
        return text, _js_length(text)
    head = BLOCK_SEPARATOR.join(own)
    return head + BLOCK_SEPARATOR + BLOCK_SEPARATOR.join(moved), _js_length(head)


def _js_length(text: str) -> int:
    """Length as JavaScript counts it (UTF-16 code units: 𠀀 counts 2), the unit of offsets the browser uses."""
    return len(text.encode("utf-16-le")) // 2


@dataclass(frozen=True)
class SearchExpansion:
    """A glossary term: a query equal to ``term`` or one of ``aliases`` also matches pages containing any
    alias (or the term), or all of ``components``."""

    term: str
    aliases: tuple[str, ...] = ()
    components: tuple[str, ...] = ()
    location: str = ""


@dataclass
class IndexEntry:
    location: str
    title: str
    names: list[str]
    text: str
    label: str = ""
    tier: int = 1
    headings: list[str] | None = None
    own: int = 0


def page_entry(location: str, title: str, html: str, names: Sequence[str] = (), text: str | None = None) -> IndexEntry:
    """One page as the index holds it (see `SearchIndexBuilder.add_page`); the same arguments give an equal entry."""
    title_n = normalize_line(title or "")
    clean_names: list[str] = []
    for name in names:
        n = normalize_line(name or "")
        if n and n not in clean_names:
            clean_names.append(n)
    html = html or ""
    full, own = split_mentions(html, html_to_text(html) if text is None else text)
    headings = [h for h in dict.fromkeys(normalize_line(html_to_text(m[1])) for m in _HEADING.findall(html)) if h]
    label, tier = page_role(location)
    return IndexEntry(location, title_n, clean_names, full, label, tier, headings, own)


class SearchIndexBuilder:
    """Collects pages during a build and writes the index files."""

    def __init__(self, expansions: Iterable[SearchExpansion] = ()) -> None:
        self.expansions = tuple(expansions)
        self._pages = {}

    def add_page(
        self, location: str, title: str, html: str, names: Sequence[str] = (), text: str | None = None
    ) -> None:
        """Add (or replace) one page. ``location`` is the site-relative URL, ``html`` the rendered content.

        ``text``: ``html_to_text(html)`` if the caller already has it (the build caches it across rebuilds).
        """
        self.add_entry(page_entry(location, title, html, names, text))

    def add_entry(self, entry: IndexEntry) -> None:
        """Add (or replace) a page made by `page_entry` (which `mkdocs serve` keeps for unchanged pages)."""
        self._pages[entry.location] = entry

    def __len__(self) -> int:
        return len(self._pages)

    # -- output ---------------------------------------------------------------------------------------

    def _lexicon(self, memo: Kept | None = None) -> dict:
        expansions = []
        names: dict[str, None] = {}
        for exp in self.expansions:
            term = normalize_line(exp.term)
            if not term:
                continue
            aliases = [a for a in dict.fromkeys(normalize_line(a) for a in exp.aliases) if a and a != term]
            components = [c for c in dict.fromkeys(normalize_line(c) for c in exp.components) if c]
            expansions.append([term, aliases, components, exp.location])
            names[term] = None
            for alias in aliases:
                names[alias] = None
        for page in self._pages.values():
            for name in page.names:
                names[name] = None
        readings = []
        seen: set[str] = set()
        for full_name in names:
            # Pinyin is matched from the first letter, digit or Chinese character (“党旗引航”工程 → 党旗引航…).
            name = _LEADING_SYMBOLS.sub("", full_name)
            syl = syllables(name)
            if not syl or name in seen:
                continue
            seen.add(name)
            ends = [end for _, end in syl]
            trivial = ends == list(range(1, len(ends) + 1))
            readings.append([name, " ".join(s for s, _ in syl), 0 if trivial else ends])
        # Word list for splitting queries: the site's vocabulary (kept whole), then dictionary words of the text.
        words: dict[str, int] = {}
        for name in names:
            key = fold(name)
            if len(key) >= 2:
                words[key] = SITE_FREQ
        general = corpus_words((t for p in self._pages.values() for t in (p.title, *p.names, p.text)), memo)
        for word, freq in sorted(general.items()):
            words.setdefault(word, freq)
        return {
            "expansions": expansions,
            "pinyin": readings,
            "words": sorted(words.items()),
            "total": dictionary_total(),
        }

    def write(self, site_dir: Path, manifest_name: str = MANIFEST_NAME, memo: Kept | None = None) -> list[Path]:
        """Write the index files; the manifest under `manifest_name` (the name the search engine loads).

        `memo` (`mkdocs serve`): results of earlier builds by their inputs, so that an edit compresses again only
        the shard it changed and makes the word list again only when a page's text changed."""
        out_dir = Path(site_dir).joinpath(*INDEX_DIR)
        out_dir.mkdir(parents=True, exist_ok=True)
        written: list[Path] = []
        names_written: set[str] = set()

        def emit(prefix: str, kind: str, payload: object, extra: str = "") -> str:
            body = payload if isinstance(payload, str) else _json(payload)
            digest = hashlib.sha256(body.encode("utf-8")).hexdigest()[:10]
            name = f"{prefix}.{digest}.js" if prefix != "manifest" else manifest_name
            script = f'(window.djkbSearchRegister||function(){{}})("{kind}",{extra}{body});\n'
            path = out_dir / name
            path.write_text(script, encoding="utf-8")
            written.append(path)
            names_written.add(name)
            return name

        shards: list[list[list]] = [[]]
        size = 0
        for location in sorted(self._pages):
            page = self._pages[location]
            if size >= SHARD_TARGET_CHARS:
                shards.append([])
                size = 0
            shards[-1].append(
                [page.location, page.title, page.names, page.text, page.label, page.tier, page.headings or [], page.own]
            )
            size += len(page.text) + len(page.title) + 40
        if shards == [[]]:
            shards = []
        raw = [_json(rows).encode(SHARD_ENCODING) for rows in shards]
        lexicon_inputs = (
            "lexicon",
            self.expansions,
            tuple((p.title, tuple(p.names), p.text) for p in self._pages.values()),
        )
        lexicon = kept_with_parts(memo, lexicon_inputs, lambda parts: _json(self._lexicon(parts)).encode("utf-8"))
        payloads = [*raw, lexicon]
        packed_by_data = {data: memo.get(("deflate", data)) for data in payloads} if memo is not None else {}
        missing = [data for data in payloads if packed_by_data.get(data) is None]
        if missing:  # zlib releases the GIL: files compress on both cores
            with ThreadPoolExecutor(max_workers=2) as pool:
                packed_by_data.update(zip(missing, pool.map(compress_payload, missing)))
        if memo is not None:
            for data in payloads:
                memo.put(("deflate", data), packed_by_data[data])
        *packed, lexicon_packed = [packed_by_data[data] for data in payloads]
        shard_files = [emit(f"shard-{i}", "shard", f'"{b64}"', f"{i},") for i, b64 in enumerate(packed)]
        lexicon_file = emit("lexicon", "lexicon", f'"{lexicon_packed}"')
        manifest = {
            "version": FORMAT_VERSION,
            "pages": len(self._pages),
            "shards": shard_files,
            # Inflated bytes of each file: the output buffer's size and a check against damaged files.
            "sizes": [len(b) for b in raw],
            "lexicon": lexicon_file,
            "lexiconSize": len(lexicon),
        }
        emit("manifest", "manifest", manifest)
        # Remove index files of earlier builds (mkdocs build --dirty, mkdocs serve).
        for old in out_dir.iterdir():
            if old.is_file() and _OWN_FILE.match(old.name) and old.name not in names_written:
                old.unlink()
        return written


def _json(payload: object) -> str:
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    # U+2028/2029 end a line in JavaScript before ES2019: escape them inside the script. U+FFFD too: the browser
    # decodes index files leniently and takes a raw U+FFFD for bytes that did not decode (damage).
    return body.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029").replace("\ufffd", "\\ufffd")


def compress_payload(data: bytes) -> str:
    """Raw DEFLATE (no zlib header: what ``DecompressionStream('deflate-raw')`` reads), base64."""
    packer = zlib.compressobj(COMPRESS_LEVEL, zlib.DEFLATED, -15)
    return base64.b64encode(packer.compress(data) + packer.flush()).decode("ascii")


def _inflate_script(script: str, kind: str) -> tuple[int | None, bytes]:
    match = _PACKED_SCRIPT.match(script)
    if not match or match.group(1) != kind or (match.group(2) is None) != (kind != "shard"):
        raise ValueError(f"not a search {kind} script")
    number = int(match.group(2)) if match.group(2) else None
    try:
        return number, zlib.decompress(base64.b64decode(match.group(3), validate=True), -15)
    except zlib.error as exc:
        raise ValueError(f"damaged {kind} data: {exc}") from exc


def read_index(site_dir: Path) -> tuple[dict, list[list], dict]:
    """(manifest, rows of every shard in order, lexicon) of an index written by :meth:`SearchIndexBuilder.write`;
    raises ``ValueError`` when a file does not decode to what the manifest says."""
    out_dir = Path(site_dir).joinpath(*INDEX_DIR)
    named = sorted(out_dir.glob("manifest.*.js"))
    text = (out_dir / MANIFEST_NAME if (out_dir / MANIFEST_NAME).is_file() or len(named) != 1 else named[0]).read_text(
        encoding="utf-8"
    )
    prefix = '(window.djkbSearchRegister||function(){})("manifest",'
    if not (text.startswith(prefix) and text.endswith(");\n")):
        raise ValueError("manifest.js: not a search manifest script")
    manifest = json.loads(text[len(prefix) : -3])

    def load(name: str, kind: str, size: int, number: int | None = None) -> object:
        found, data = _inflate_script(out_dir.joinpath(name).read_text(encoding="utf-8"), kind)
        if found != number or len(data) != size:
            raise ValueError(f"{name}: {kind} {found} of {len(data)} bytes, expected {number} of {size} bytes")
        return json.loads(data.decode(SHARD_ENCODING if kind == "shard" else "utf-8"))

    rows: list[list] = []
    for number, (name, size) in enumerate(zip(manifest["shards"], manifest["sizes"], strict=True)):
        rows += load(name, "shard", size, number)
    return manifest, rows, load(manifest["lexicon"], "lexicon", manifest["lexiconSize"])


def page_matches(text: str, words: Sequence[str]) -> bool:
    """Reference semantics of a plain query (no expansion): every word is a substring of the folded text."""
    haystack = fold(text)
    return all(word in haystack for word in words)
