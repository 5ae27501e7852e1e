"""Editors' text as readers see it: Markdown prepared for Chinese, escaping for templates, one-line text."""

from __future__ import annotations

import re
from typing import Any

from djkb.pages import visible_text

# Characters Python-Markdown (with the site's extensions) lets a backslash escape; `<` and `&` are written as
# entities instead (a backslash before them would be shown), `~ ^ =` mean nothing here and stay as they are.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]>#|!+])")


def md_escape(text: Any) -> str:
    """Escape plain text (titles, names) so Markdown shows it literally."""
    return _MD_SPECIAL.sub(r"\\\1", str(text).replace("&", "&amp;").replace("<", "&lt;"))


# Asterisks that mask a place or a figure, as the sources anonymise them (**县**镇, *余万元, **个村),
# are shown literally; `**bold**` of three or more characters stays bold.
_MASK_FOLLOWERS = set("县区市镇乡村州省旗盟屯组街社个名万千百亿元余人户次家所处条项期批支座间天年月%多")
_ASTERISK_RUN = re.compile(r"(?<!\\)\*+")


def _literal_asterisks(text: str) -> str:
    runs = list(_ASTERISK_RUN.finditer(text))
    keep: set[int] = set()  # indexes of runs kept as bold markers
    previous_mask_end = -10
    i = 0
    while i < len(runs):
        run = runs[i]
        follows_mask = run.start() - previous_mask_end <= 2  # the second half of **县**镇
        if not follows_mask and len(run.group(0)) == 2 and i + 1 < len(runs) and len(runs[i + 1].group(0)) == 2:
            closing = runs[i + 1]
            content = text[run.end() : closing.start()]
            if (
                len(content) >= 3
                and content == content.strip()
                and text[closing.end() : closing.end() + 1] not in _MASK_FOLLOWERS
            ):
                keep.update((i, i + 1))
                i += 2
                continue
        if follows_mask or text[run.end() : run.end() + 1] in _MASK_FOLLOWERS:
            previous_mask_end = run.end()
        i += 1
    pieces, last = [], 0
    for index, run in enumerate(runs):
        pieces.append(text[last : run.start()])
        pieces.append(run.group(0) if index in keep else "\\*" * len(run.group(0)))
        last = run.end()
    pieces.append(text[last:])
    return "".join(pieces)


# East Asian wide characters and full-width punctuation.
_WIDE = "\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3100-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\u201c\u201d\u2018\u2019\u2014\u2026"
_ENDS_WIDE = re.compile(f"[{_WIDE}]$")
_STARTS_WIDE = re.compile(f"^[ ]*[{_WIDE}]")


def markdown_text(text: Any) -> str:
    """An editor's Markdown field, prepared for Chinese readers.

    - Asterisks that anonymise places and figures (**县**镇, *余万元) are shown literally: as Markdown
      they would turn into bold or italics and swallow text. `**bold**` of three or more characters
      (not followed by a place suffix or measure word) and a list marker ("* " at a line start) keep
      their meaning.
    - A line break between two Chinese characters inside a paragraph is dropped (as Pandoc's
      east_asian_line_breaks does): browsers would show it as a space in the middle of a Chinese sentence.
    """
    lines: list[str] = []
    for line in str(text).split("\n"):
        body = line.lstrip()
        indent = line[: len(line) - len(body)]
        if body.startswith("* "):
            line = indent + "* " + _literal_asterisks(body[2:])
        else:
            line = _literal_asterisks(line)
        if lines and _ENDS_WIDE.search(lines[-1]) and _STARTS_WIDE.match(line):
            lines[-1] += line.lstrip(" ")
        else:
            lines.append(line)
    return "\n".join(lines)


def one_line(text: str | None, limit: int = 120, markdown: bool = True) -> str:
    """A field as one line of plain text (meta descriptions, listings, feed, tables), shortened with `…`.

    A Markdown field is rendered as on its page and its visible text taken (djkb/pages/visible_text.py): nothing
    the reader sees on the page is deleted or changed. `markdown=False` for plain fields (shown escaped on pages).
    """
    if not text:
        return ""
    flat = visible_text.markdown_visible_text(markdown_text(text)) if markdown else visible_text.collapse(str(text))
    return visible_text.shorten(flat, limit)
