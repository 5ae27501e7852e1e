"""The reference for TermMatcher.annotate: the same rules, token by token, with no skipping ahead (the fast
version jumps over elements it never annotates). tests/pages/test_tooltips_fast.py checks they agree."""

from __future__ import annotations

import re
from typing import Callable

from djkb.pages.tooltips import HEADING_TAGS, NO_TOOLTIP_CLASS, SKIPPED_TAGS, VOID_TAGS, TermMatcher, _has_class

_TOKEN = re.compile(r"<!--.*?-->|<![^>]*>|<[^>]+>", re.S)
_TAG = re.compile(r"<\s*(/?)\s*([a-zA-Z][a-zA-Z0-9-]*)([^>]*?)(/?)\s*>", re.S)


def annotate_reference(
    matcher: TermMatcher, html: str, href_for: Callable[[str], str], *, own_term_id: str | None = None
) -> str:
    if matcher.empty:
        return html
    out: list[str] = []
    stack: list[tuple[str, bool]] = []
    skipped_depth = 0
    seen: set[str] = set()
    position = 0
    for token in _TOKEN.finditer(html):
        if token.start() > position:
            text = html[position : token.start()]
            out.append(text if skipped_depth else matcher._annotate_text(text, href_for, own_term_id, seen))
        position = token.end()
        out.append(token.group())
        tag = _TAG.match(token.group())
        if tag is None:
            continue
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
            seen.clear()
        if name in VOID_TAGS or self_closing:
            continue
        skip = name in SKIPPED_TAGS or _has_class(attrs, NO_TOOLTIP_CLASS)
        stack.append((name, skip))
        skipped_depth += skip
    if position < len(html):
        text = html[position:]
        out.append(text if skipped_depth else matcher._annotate_text(text, href_for, own_term_id, seen))
    return "".join(out)
