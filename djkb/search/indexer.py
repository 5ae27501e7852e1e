"""Build the browser search index (pure Python, no MkDocs import).

Output, under ``<site_dir>/assets/djkb/search/``:

* ``manifest.js`` — small; calls ``djkbSearchRegister("manifest", {...})`` with the names of the other files;
* ``lexicon.<hash>.js`` — glossary expansions and pinyin readings of names and terms;
* ``shard-<n>.<hash>.js`` — pages: ``[location, title, [names], text]`` each, text normalised by
  :func:`djkb.search.text.normalize`.

Every file is a classic script, so the index loads through ``<script>`` tags over http and from ``file://``
alike (no ``fetch``). File names carry a content hash, so a browser cache never mixes two builds.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .pinyin import syllables
from .text import fold, html_to_text, normalize_line

INDEX_DIR = ("assets", "djkb", "search")
FORMAT_VERSION = 1
SHARD_TARGET_CHARS = 200_000  # about 0.5 MB of UTF-8 Chinese per shard
_LEADING_SYMBOLS = re.compile(r"^[^0-9A-Za-z\u3400-\u4dbf\u4e00-\u9fff]+")
_OWN_FILE = re.compile(r"^(manifest\.js|lexicon\.[0-9a-f]+\.js|shard-\d+\.[0-9a-f]+\.js)$")


@dataclass(frozen=True)
class SearchExpansion:
    """A glossary term: a query equal to ``term`` or one of ``aliases`` also matches pages containing any
    alias (or the term), or all of ``components``."""

    term: str
    aliases: tuple[str, ...] = ()
    components: tuple[str, ...] = ()
    location: str = ""


@dataclass
class _Page:
    location: str
    title: str
    names: list[str]
    text: str


class SearchIndexBuilder:
    """Collects pages during a build and writes the index files."""

    def __init__(self, expansions: Iterable[SearchExpansion] = ()) -> None:
        self.expansions = tuple(expansions)
        self._pages = {}

    def add_page(self, location: str, title: str, html: str, names: Sequence[str] = (), text: str | None = None) -> None:
        """Add (or replace) one page. ``location`` is the site-relative URL, ``html`` the rendered content.

        ``text``: ``html_to_text(html)`` if the caller already has it (the build caches it across rebuilds).
        """
        title_n = normalize_line(title or "")
        clean_names: list[str] = []
        for name in names:
            n = normalize_line(name or "")
            if n and n not in clean_names:
                clean_names.append(n)
        self._pages[location] = _Page(location, title_n, clean_names, html_to_text(html or "") if text is None else text)

    def __len__(self) -> int:
        return len(self._pages)

    # -- output ---------------------------------------------------------------------------------------

    def _lexicon(self) -> dict:
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
        return {"expansions": expansions, "pinyin": readings}

    def write(self, site_dir: Path) -> list[Path]:
        out_dir = Path(site_dir).joinpath(*INDEX_DIR)
        out_dir.mkdir(parents=True, exist_ok=True)
        written: list[Path] = []
        names_written: set[str] = set()

        def emit(prefix: str, kind: str, payload: object, extra: str = "") -> str:
            body = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
            body = body.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
            digest = hashlib.sha256(body.encode("utf-8")).hexdigest()[:10]
            name = f"{prefix}.{digest}.js" if prefix != "manifest" else "manifest.js"
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
            shards[-1].append([page.location, page.title, page.names, page.text])
            size += len(page.text) + len(page.title) + 40
        if shards == [[]]:
            shards = []
        shard_files = [emit(f"shard-{i}", "shard", rows, f"{i},") for i, rows in enumerate(shards)]
        lexicon_file = emit("lexicon", "lexicon", self._lexicon())
        manifest = {
            "version": FORMAT_VERSION,
            "pages": len(self._pages),
            "shards": shard_files,
            "lexicon": lexicon_file,
        }
        emit("manifest", "manifest", manifest)
        # Remove index files of earlier builds (mkdocs build --dirty, mkdocs serve).
        for old in out_dir.iterdir():
            if old.is_file() and _OWN_FILE.match(old.name) and old.name not in names_written:
                old.unlink()
        return written


def page_matches(text: str, words: Sequence[str]) -> bool:
    """Reference semantics of a plain query (no expansion): every word is a substring of the folded text."""
    haystack = fold(text)
    return all(word in haystack for word in words)
