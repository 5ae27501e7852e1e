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
