"""Defence in depth: every page's content HTML goes through an allowlist after rendering.

`djkb check` already refuses raw HTML, scripts and dangerous links in the data, so on a correct build this
changes nothing. It is here for what a check might miss (a Markdown extension quirk, a template bug, a hand-
written page under docs/). The allowlist keeps what Material for MkDocs and pymdown-extensions produce
(content tabs, task lists, icons/emoji as inline SVG, admonitions, details, tables, footnotes, permalinks,
code blocks) and our own markup (`class`, `title`, `data-*`, inline SVG charts), with only http/https/mailto
links. nh3's default `clean()` would strip Material's markup.

Also escapes page titles and meta descriptions: MkDocs' Jinja environment prints them unescaped.
"""

from __future__ import annotations

import html
from typing import Any, MutableMapping

import nh3
from markupsafe import Markup

_TEXT_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "caption",
    "cite",
    "code",
    "col",
    "colgroup",
    "dd",
    "del",
    "details",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "ins",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "samp",
    "small",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "time",
    "tr",
    "u",
    "ul",
    "var",
    "wbr",
    "nav",
    "section",
    "article",
    "aside",
    "header",
    "footer",
    "main",
}
# Content tabs (pymdownx.tabbed, alternate style) and task lists are radio buttons/checkboxes with labels.
_FORM_TAGS = {"input", "label"}
# Icons and emoji (material.extensions.emoji.to_svg) and our bar charts are inline SVG.
_SVG_TAGS = {
    "svg",
    "path",
    "g",
    "rect",
    "circle",
    "ellipse",
    "line",
    "polyline",
    "polygon",
    "text",
    "tspan",
    "title",
    "desc",
    "defs",
    "use",
    "symbol",
}

ALLOWED_TAGS = _TEXT_TAGS | _FORM_TAGS | _SVG_TAGS

_SVG_ATTRIBUTES = {
    "viewBox",
    "xmlns",
    "width",
    "height",
    "fill",
    "fill-rule",
    "clip-rule",
    "stroke",
    "stroke-width",
    "stroke-linecap",
    "stroke-linejoin",
    "d",
    "x",
    "y",
    "x1",
    "y1",
    "x2",
    "y2",
    "cx",
    "cy",
    "r",
    "rx",
    "ry",
    "points",
    "transform",
    "text-anchor",
    "dominant-baseline",
    "font-size",
    "font-weight",
    "font-family",
    "opacity",
    "fill-opacity",
    "role",
    "aria-hidden",
    "aria-label",
    "aria-labelledby",
    "focusable",
    "dx",
    "dy",
}
ALLOWED_ATTRIBUTES: dict[str, set[str]] = {
    # Our own markup and Material's hooks: class names, tooltips (title), data-* (set below), ids for anchors.
    "*": {
        "class",
        "id",
        "title",
        "lang",
        "dir",
        "hidden",
        "role",
        "aria-label",
        "aria-hidden",
        "aria-describedby",
        "markdown",
        "style",
    },
    "a": {"href", "name", "download", "type", "hreflang"},
    "img": {"src", "alt", "width", "height", "loading", "decoding"},
    "input": {"type", "name", "checked", "disabled"},
    "label": {"for", "tabindex"},
    "details": {"open"},
    "ol": {"start", "type", "reversed"},
    "li": {"value"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "col": {"span"},
    "time": {"datetime"},
    "abbr": set(),
    **{tag: set(_SVG_ATTRIBUTES) for tag in _SVG_TAGS},
}
# Only harmless CSS survives in `style` (tables align columns with it).
ALLOWED_STYLE_PROPERTIES = {"text-align", "width", "min-width", "max-width", "vertical-align", "white-space"}
URL_SCHEMES = {"http", "https", "mailto"}

_CLEANER = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    clean_content_tags={
        "script",
        "style",
        "iframe",
        "object",
        "embed",
        "template",
        "noscript",
        "math",
        "xmp",
        "noembed",
        "noframes",
    },
    attributes=ALLOWED_ATTRIBUTES,
    generic_attribute_prefixes={"data-"},
    url_schemes=URL_SCHEMES,
    link_rel=None,  # leaves our own links exactly as rendered
    strip_comments=True,
    filter_style_properties=ALLOWED_STYLE_PROPERTIES,
)


def sanitize_html(content: str) -> str:
    """The page content with everything outside the allowlist removed."""
    return _CLEANER.clean(content)


PAGE_META_TEXT_FIELDS = ("title", "description")


def escape_page_meta(meta: MutableMapping[str, Any]) -> None:
    """Escape the title and description MkDocs prints unescaped (once per page, in place).

    The values become `Markup`, so templates that do escape them (`| e`) do not escape them twice.
    """
    for key in PAGE_META_TEXT_FIELDS:
        value = meta.get(key)
        if isinstance(value, str) and not isinstance(value, Markup):
            meta[key] = Markup(html.escape(value, quote=True))
