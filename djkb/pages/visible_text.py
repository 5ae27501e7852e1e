"""What a reader sees of an editor's field, as plain text (for one-line texts: descriptions, listings, feed).

A one-line text is never made by deleting characters that look like Markdown: `10-20户`, `(试行)`, `注[1]`,
`a_b_c`, `3*4` and `第#3号` are what the editor wrote and what the page shows. Instead the field is rendered
exactly as its page renders it — the same preparation for Chinese text (`render.markdown_text`) and the same
Markdown extensions as the site — and the text of the resulting HTML is taken: emphasis markers disappear as
they do on the page, every character the page shows is there, in the same order.

Pure (Python-Markdown, no MkDocs). Results are cached per source text: listings ask for the same summaries
on several pages.
"""

from __future__ import annotations

import functools
import html
import re
import threading
from typing import Any

import markdown

# The site's Markdown extensions (MkDocs' built-in toc, tables, fenced_code, then mkdocs.yml `markdown_extensions`)
# that can change what text a field shows, in the same order, with the same options. `toc` is left out: it only
# adds heading ids and permalink markers, which are not text. tests/pages/test_visible_text.py checks this list
# against the site's configuration.
EXTENSIONS: tuple[str, ...] = (
    "tables",
    "fenced_code",
    "admonition",
    "attr_list",
    "md_in_html",
    "def_list",
    "pymdownx.details",
    "pymdownx.superfences",
    "pymdownx.tabbed",
    "pymdownx.tasklist",
    "pymdownx.emoji",
)
LEFT_OUT = frozenset({"toc"})  # extensions of the site that never change a field's visible text


def _extension_configs() -> dict[str, dict[str, Any]]:
    configs: dict[str, dict[str, Any]] = {
        "pymdownx.tabbed": {"alternate_style": True},
        "pymdownx.tasklist": {"custom_checkbox": True},
    }
    try:
        # Material's emoji index, as in mkdocs.yml, when Material is installed: an icon's shortcode disappears
        # from one-line text as from the page. Optional: another site builder gets pymdownx's default index.
        from material.extensions.emoji import to_svg, twemoji

        configs["pymdownx.emoji"] = {"emoji_index": twemoji, "emoji_generator": to_svg}
    except ImportError:  # pragma: no cover - Material is a dependency of the site
        pass
    return configs


_local = threading.local()


def _converter() -> markdown.Markdown:
    converter = getattr(_local, "converter", None)
    if converter is None:
        converter = _local.converter = markdown.Markdown(
            extensions=list(EXTENSIONS), extension_configs=_extension_configs()
        )
    return converter


_COMMENT = re.compile(r"<!--.*?-->", re.S)
_HIDDEN = re.compile(r"<(script|style|template|svg|math)\b.*?</\1\s*>", re.S | re.I)
# Boundaries of blocks (paragraphs, list items, cells…): a browser shows them apart, one line joins them with a space.
_BLOCK_TAG = re.compile(
    r"</?(?:address|article|aside|blockquote|br|caption|dd|details|div|dl|dt|figcaption|figure|footer|h[1-6]|header|hr|"
    r"li|main|nav|ol|p|pre|section|summary|table|tbody|td|tfoot|th|thead|tr|ul|label|input)\b[^>]*>",
    re.I,
)
_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")


def html_text(fragment: str) -> str:
    """The text a browser shows for an HTML fragment (tags gone, entities resolved), whitespace collapsed."""
    text = _HIDDEN.sub(" ", _COMMENT.sub("", fragment))
    text = _TAG.sub("", _BLOCK_TAG.sub(" ", text))
    return collapse(html.unescape(text))


def collapse(text: str) -> str:
    """Whitespace runs (line breaks included) as one space, none at the ends."""
    return _SPACE.sub(" ", text).strip()


@functools.lru_cache(maxsize=16384)
def markdown_visible_text(source: str) -> str:
    """The visible text of prepared Markdown (what `render.markdown_text` returns), on one line."""
    converter = _converter()
    try:
        return html_text(converter.convert(source))
    finally:
        converter.reset()


def shorten(text: str, limit: int) -> str:
    """Cut at a character boundary, marking the cut with `…` (the result has at most `limit` characters)."""
    if limit < 1 or len(text) <= limit:
        return text
    return text[: limit - 1].rstrip() + "…"
