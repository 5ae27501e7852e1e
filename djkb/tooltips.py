"""Glossary tooltips inside running Chinese text.

Material's abbreviation tooltips need a word boundary, so “落实三会一课制度” never gets one. Here every
glossary term and alias found in a page's text becomes a link to the term page whose `title` is the
explanation (Material's `content.tooltips` shows it on hover). One Aho-Corasick pass per text node
(leftmost-longest), so the cost is linear in the page size whatever the number of terms.

Rules: longest match first; never inside code, links, headings, buttons, scripts or existing tooltips;
not on the term's own page; at most the first occurrence of each term per section (a section starts at
each heading).
"""

from __future__ import annotations

import html as html_lib
import re
from dataclasses import dataclass
from typing import Callable, Iterable

import ahocorasick

# Elements whose text is never annotated.
SKIPPED_TAGS = frozenset({"a", "abbr", "button", "code", "kbd", "pre", "samp", "script", "style", "textarea", "select", "option", "label", "svg", "math", "title", "h1", "h2", "h3", "h4", "h5", "h6"})
HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
VOID_TAGS = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})
# Any element carrying this class (and everything inside it) is left alone.
NO_TOOLTIP_CLASS = "djkb-no-tooltips"

_TOKEN = re.compile(r"<!--.*?-->|<![^>]*>|<[^>]+>", re.S)
_TAG = re.compile(r"<\s*(/?)\s*([a-zA-Z][a-zA-Z0-9-]*)([^>]*?)(/?)\s*>", re.S)
_CLASS_ATTR = re.compile(r"""\bclass\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")
_ASCII_WORD = re.compile(r"[A-Za-z0-9]")


@dataclass(frozen=True)
class GlossaryName:
    """One name a term is known by (the term itself or an alias)."""

    name: str
    term_id: str
    tip: str  # plain text shown on hover


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
        for token in _TOKEN.finditer(html):
            if token.start() > position:
                text = html[position : token.start()]
                out.append(text if skipped_depth else self._annotate_text(text, href_for, own_term_id, seen))
            position = token.end()
            out.append(token.group())
            tag = _TAG.match(token.group())
            if tag is None:
                continue  # comment or doctype
            closing, name, attrs, self_closing = tag.group(1), tag.group(2).lower(), tag.group(3), tag.group(4)
            if closing:
                if any(open_name == name for open_name, _ in stack):
                    while stack:
                        open_name, was_skipped = stack.pop()
                        skipped_depth -= was_skipped
                        if open_name == name:
                            break
                continue
            if name in HEADING_TAGS:
                seen.clear()  # a new section starts
            if name in VOID_TAGS or self_closing:
                continue
            skip = name in SKIPPED_TAGS or _has_class(attrs, NO_TOOLTIP_CLASS)
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
            pieces.append(
                f'<a class="djkb-term" href="{html_lib.escape(href_for(term_id))}" '
                f'title="{html_lib.escape(match.name.tip)}">{text[match.start : match.end]}</a>'
            )
            cursor = match.end
        if not pieces:
            return text
        pieces.append(text[cursor:])
        return "".join(pieces)


def _has_class(attrs: str, wanted: str) -> bool:
    found = _CLASS_ATTR.search(attrs)
    if not found:
        return False
    classes = next(g for g in found.groups() if g is not None)
    return wanted in classes.split()


def glossary_names(glossary: dict, plain: Callable[[str], str]) -> list[GlossaryName]:
    """Every term and alias of the glossary, each with its tooltip text (`plain` flattens Markdown)."""
    names = []
    for term_id, term in sorted(glossary.items()):
        tip = plain(term.explanation)
        if term.expansion:
            tip = f"{term.expansion}。{tip}" if not term.expansion.endswith(("。", "；")) else term.expansion + tip
        tip = f"{term.term}：{tip}"
        for name in dict.fromkeys([term.term, *term.aliases]):
            names.append(GlossaryName(name=name, term_id=term_id, tip=tip))
    return names
