"""Final HTML made smaller without changing what the browser shows."""

from __future__ import annotations

import re

_KEEP_AS_IS = re.compile(r"(<(pre|textarea|script|style)\b.*?</\2>)", re.S | re.I)
_INDENTED_NEWLINE = re.compile(r"\n[ \t\r\n]*")


def squeeze_html(html: str) -> str:
    """Drop the indentation and blank lines the theme templates leave (a third of a page's bytes).

    A run of whitespace containing a newline becomes one newline: the browser renders both the same, except
    inside <pre>, <textarea>, <script> and <style>, which are kept byte for byte.
    """
    parts = _KEEP_AS_IS.split(html)
    # split() with two groups yields: text, whole kept block, tag name, text, …
    out = []
    for index, part in enumerate(parts):
        kind = index % 3
        if kind == 0:
            out.append(_INDENTED_NEWLINE.sub("\n", part))
        elif kind == 1:
            out.append(part)
    return "".join(out)


# Parts of Material's base.html (9.8.1) that are empty or unused on record pages (overrides/record.html), where
# every byte counts thousands of times. Its script mounts both only if present: no announcement is configured,
# and the dialog shows nothing but 已复制 after a copy button, which the record pages' features never make.
_RECORD_FRAME_UNUSED = (
    '<div data-md-component="announce">\n</div>\n',
    '<div class="md-dialog" data-md-component="dialog">\n<div class="md-dialog__inner md-typeset"></div>\n</div>\n',
)


def trim_record_frame(html: str) -> str:
    """A squeezed record page without the empty announcement bar and the unused dialog (~150 bytes)."""
    for part in _RECORD_FRAME_UNUSED:
        html = html.replace(part, "", 1)
    return html
