"""Glossary tooltips inside running Chinese text.

Material's abbreviation tooltips need a word boundary, so “落实三会一课制度” never gets one. Here every
glossary term and alias found in a page's text becomes a plain link to the term page,
`<a class="djkb-term" href="…/glossary/<id>/">`. One Aho-Corasick pass per text node (leftmost-longest), so
the cost is linear in the page size whatever the number of terms.

The explanations are not repeated in every page (~790 bytes per case page as `title` attributes).
They are in ONE generated classic script, `assets/djkb/browse/terms.<hash>.js` (`tips_script`), loaded by a
`<script>` tag on every page (works from file://, nothing fetched). browse.js gives each term link its
`title` from it before Material mounts `content.tooltips` (on DOMContentLoaded), so the tooltip is Material's,
as before; without JavaScript the term is still a link to its page.

Rules: longest match first; never inside code, links, headings, buttons, scripts or existing tooltips;
not on the term's own page; at most the first occurrence of each term per section (a section starts at
each heading).
"""

from __future__ import annotations

import hashlib
import html as html_lib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Mapping

import ahocorasick

# Elements whose text is never annotated.
SKIPPED_TAGS = frozenset(
    {
        "a",
        "abbr",
        "button",
        "code",
        "kbd",
        "pre",
        "samp",
        "script",
        "style",
        "textarea",
        "select",
        "option",
        "label",
        "svg",
        "math",
        "title",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
    }
)
HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
VOID_TAGS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
)
# Any element carrying this class (and everything inside it) is left alone.
NO_TOOLTIP_CLASS = "djkb-no-tooltips"

# A comment, a doctype, a tag (groups: "/" of an end tag, name, attributes, "/" of a self-closing tag) or
# anything else between < and > (no groups).
_TOKEN = re.compile(r"<!--.*?-->|<![^>]*>|<(?:\s*(/?)\s*([a-zA-Z][a-zA-Z0-9-]*)([^>]*?)(/?)\s*>|[^>]+>)", re.S)
_HEADING_OPEN = re.compile(r"<\s*h[1-6](?![a-zA-Z0-9-])", re.I)
_SAME_NAME: dict[str, re.Pattern[str]] = {}  # tag name → its start and end tags (compiled once per name)
_CLASS_ATTR = re.compile(r"""\bclass\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")
_ASCII_WORD = re.compile(r"[A-Za-z0-9]")

# The explanations script: site folder, file names (content hash: a browser cache never mixes two builds).
TIPS_DIR = ("assets", "djkb", "browse")
_TIPS_FILE = re.compile(r"^terms\.[0-9a-f]{10}\.js$")


@dataclass(frozen=True)
class GlossaryName:
    """One name a term is known by (the term itself or an alias)."""

    name: str
    term_id: str


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    name: GlossaryName


class TermMatcher:
    """Finds glossary names in text: leftmost-longest, non-overlapping."""

    def __init__(self, names: Iterable[GlossaryName]):
        self.automaton = ahocorasick.Automaton()
        count = 0
        for entry in names:
            # Texts come from HTML, so a name is searched in its escaped form.
            self.automaton.add_word(html_lib.escape(entry.name, quote=False), entry)
            count += 1
        self.empty = count == 0
        if not self.empty:
            self.automaton.make_automaton()

    def find(self, text: str) -> list[Match]:
        if self.empty or not text:
            return []
        found = []
        for end_index, entry in self.automaton.iter_long(text):
            length = len(html_lib.escape(entry.name, quote=False))
            start, end = end_index - length + 1, end_index + 1
            if _ASCII_WORD.match(entry.name[0]) and start > 0 and _ASCII_WORD.match(text[start - 1]):
                continue  # “PDCA” inside “XPDCA”: Latin names need a word boundary
            if _ASCII_WORD.match(entry.name[-1]) and end < len(text) and _ASCII_WORD.match(text[end]):
                continue
            found.append(Match(start, end, entry))
        return found

    def annotate(self, html: str, href_for: Callable[[str], str], *, own_term_id: str | None = None) -> str:
        """The page HTML with the first occurrence of each term per section turned into a tooltip link."""
        if self.empty:
            return html
        out: list[str] = []
        stack: list[tuple[str, bool]] = []  # (tag, skipped) of open elements
        skipped_depth = 0
        seen: set[str] = set()
        position = 0
        search = _TOKEN.search
        while (token := search(html, position)) is not None:
            if token.start() > position:
                text = html[position : token.start()]
                out.append(text if skipped_depth else self._annotate_text(text, href_for, own_term_id, seen))
            position = token.end()
            out.append(token.group())
            name = token.group(2)
            if name is None:
                continue  # comment, doctype or not a tag
            name = name.lower()
            if token.group(1):  # a closing tag
                if any(open_name == name for open_name, _ in stack):
                    while stack:
                        open_name, was_skipped = stack.pop()
                        skipped_depth -= was_skipped
                        if open_name == name:
                            break
                continue
            if name in HEADING_TAGS:
                seen.clear()  # a new section starts
            if name in VOID_TAGS or token.group(4):
                continue
            attrs = token.group(3)
            skip = name in SKIPPED_TAGS or ("class" in attrs and _has_class(attrs, NO_TOOLTIP_CLASS))
            if skip and not skipped_depth and (end := _element_end(html, name, position)) is not None:
                # Nothing inside is annotated: copied as it is, up to the element's end tag.
                inside = html[position:end]
                out.append(inside)
                position = end
                if _opens_heading(inside):
                    seen.clear()
                continue
            stack.append((name, skip))
            skipped_depth += skip
        if position < len(html):
            text = html[position:]
            out.append(text if skipped_depth else self._annotate_text(text, href_for, own_term_id, seen))
        return "".join(out)

    def _annotate_text(self, text: str, href_for: Callable[[str], str], own_term_id: str | None, seen: set[str]) -> str:
        pieces: list[str] = []
        cursor = 0
        for match in self.find(text):
            term_id = match.name.term_id
            if term_id == own_term_id or term_id in seen:
                continue
            seen.add(term_id)
            pieces.append(text[cursor : match.start])
            # No title here: browse.js sets it from the shared explanations script (tips_script).
            pieces.append(
                f'<a class="djkb-term" href="{html_lib.escape(href_for(term_id))}">{text[match.start : match.end]}</a>'
            )
            cursor = match.end
        if not pieces:
            return text
        pieces.append(text[cursor:])
        return "".join(pieces)


def _element_end(html: str, name: str, start: int) -> int | None:
    """Where the element whose start tag ends at `start` ends (after its end tag), counting nested elements of
    the same name; None if it is never closed."""
    pattern = _SAME_NAME.get(name)
    if pattern is None:
        pattern = _SAME_NAME[name] = re.compile(
            rf"<!--.*?-->|<\s*(/?)\s*{re.escape(name)}(?![a-zA-Z0-9-])[^>]*?(/?)\s*>", re.S | re.I
        )
    depth = 1
    for match in pattern.finditer(html, start):
        if match.group(1):
            depth -= 1
            if depth == 0:
                return match.end()
        elif match.group(1) is not None and not match.group(2):  # a start tag (not a comment, not self-closing)
            depth += 1
    return None


def _opens_heading(fragment: str) -> bool:
    """Whether a heading starts inside `fragment` (tags as the annotating loop reads them)."""
    if not _HEADING_OPEN.search(fragment):
        return False
    return any(
        token.group(2) and not token.group(1) and token.group(2).lower() in HEADING_TAGS
        for token in _TOKEN.finditer(fragment)
    )


def _has_class(attrs: str, wanted: str) -> bool:
    found = _CLASS_ATTR.search(attrs)
    if not found:
        return False
    classes = next(g for g in found.groups() if g is not None)
    return wanted in classes.split()


def glossary_names(glossary: Mapping) -> list[GlossaryName]:
    """Every term and alias of the glossary."""
    names = []
    for term_id, term in sorted(glossary.items()):
        for name in dict.fromkeys([term.term, *term.aliases]):
            names.append(GlossaryName(name=name, term_id=term_id))
    return names


def term_tips(glossary: Mapping, plain: Callable[[str], str]) -> dict[str, str]:
    """Term id → the plain text its tooltip shows (`plain` flattens Markdown), in id order."""
    tips = {}
    for term_id, term in sorted(glossary.items()):
        tip = plain(term.explanation)
        if term.expansion:
            tip = f"{term.expansion}。{tip}" if not term.expansion.endswith(("。", "；")) else term.expansion + tip
        tips[term_id] = f"{term.term}：{tip}"
    return tips


@dataclass(frozen=True)
class TipsScript:
    """The generated explanations script: its file name and its text (same tips → same bytes)."""

    name: str
    text: str

    @property
    def site_path(self) -> str:
        return "/".join((*TIPS_DIR, self.name))


def tips_script(tips: Mapping[str, str]) -> TipsScript:
    """A classic script handing `{term id: tooltip text}` to browse.js (`window.djkbTermTips`), or keeping it
    in `window.djkbTermTipsData` when browse.js comes later: either order works."""
    body = json.dumps(dict(sorted(tips.items())), ensure_ascii=False, separators=(",", ":"))
    body = body.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")  # line separators end a JS string
    text = f"(window.djkbTermTips||function(t){{window.djkbTermTipsData=t}})({body});\n"
    return TipsScript(f"terms.{hashlib.sha256(text.encode('utf-8')).hexdigest()[:10]}.js", text)


def is_tips_script(site_path: str) -> bool:
    """Whether a site path names an explanations script (of this build or an earlier one)."""
    head, _, name = site_path.rpartition("/")
    return head == "/".join(TIPS_DIR) and bool(_TIPS_FILE.match(name))


def write_tips_script(site_dir: Path, script: TipsScript) -> Path:
    """Write the script into the built site and remove those of earlier builds (`mkdocs serve`, --dirty)."""
    out_dir = Path(site_dir).joinpath(*TIPS_DIR)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / script.name
    path.write_bytes(script.text.encode("utf-8"))
    for old in out_dir.iterdir():
        if old.is_file() and _TIPS_FILE.match(old.name) and old.name != script.name:
            old.unlink()
    return path
