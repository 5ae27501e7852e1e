"""Final HTML in generated Markdown: set aside before the Markdown conversion, put back after it.

Record and listing pages are mostly final HTML (fact lists, item links, listings, tables) written by the
templates between the editors' Markdown. Python-Markdown passes such a raw HTML block through unchanged, but
only after parsing it with `html.parser` twice (its own block extractor and MkDocs' anchor collector) — most
of a large build's conversion time. Here each such block is replaced by a one-line token paragraph before
the conversion and substituted back into the converted HTML, so the output is the same, byte for byte, and
the HTML is never parsed. Blocks Markdown would treat otherwise (a `markdown` attribute, a block not ending
where its first tag closes, a block not standing between blank lines) are left in the Markdown.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

# Tags that open a raw HTML block at the start of a line: Python-Markdown 3.11.3's
# `Markdown.block_level_elements` (markdown/core.py), as md_in_html and MkDocs leave it.
BLOCK_TAGS = frozenset(
    "address article aside blockquote body canvas center colgroup dd details div dl dt fieldset figcaption figure "
    "footer form group h1 h2 h3 h4 h5 h6 header hgroup hr html iframe legend li main map math menu nav noscript "
    "object ol option output p pre progress script section style summary table tbody td textarea tfoot th thead "
    "tr ul video".split()
)
VOID_TAGS = frozenset("area base br col embed hr img input link meta param source track wbr".split())
# Content that is not HTML markup: a `<` inside it does not open a tag.
RAW_TEXT_TAGS = frozenset(("script", "style", "pre", "textarea"))

_OPENING = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)(?=[\s/>])")
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)(?:\s[^<>]*?)?(/?)>|<!--.*?-->", re.S)
_MARKDOWN_ATTRIBUTE = re.compile(r"<[^<>]*\smarkdown(?:\s*=|[\s/>])", re.S)
_TOKEN_PREFIX = "djkbhtml"
_TOKEN_PARAGRAPH = re.compile(rf"<p>({_TOKEN_PREFIX}[0-9a-f]{{12}}n[0-9]+)</p>")
_ANCHOR_ID = re.compile(r"<(?:[a-zA-Z][^<>]*?\s)?(?:id|(?<=<a\s)name)=\"([^\"]+)\"")


@dataclass
class SetAside:
    """The Markdown with its HTML blocks replaced by tokens, and the blocks to put back."""

    markdown: str
    blocks: dict[str, str] = field(default_factory=dict)  # token → the HTML block it stands for

    def restore(self, html: str) -> str | None:
        """The converted HTML with every block back in place; None if a token did not come through as its own
        paragraph (the caller then converts the original Markdown instead)."""
        if not self.blocks:
            return html
        parts = _TOKEN_PARAGRAPH.split(html)
        if len(parts) != 2 * len(self.blocks) + 1 or sorted(parts[1::2]) != sorted(self.blocks):
            return None
        # Python-Markdown 3.11.3 puts a raw block back with a line break after it (the `\n\n` its block
        # extractor leaves), and strips the document's ends (`Markdown.convert`).
        parts[1::2] = [self.blocks[token] + "\n" for token in parts[1::2]]
        return "".join(parts).strip()

    def anchor_ids(self) -> set[str]:
        """The `id`s (and `<a name>`s) inside the set-aside blocks: MkDocs validates links to them."""
        return {match for block in self.blocks.values() for match in _ANCHOR_ID.findall(block)}


def set_aside_html_blocks(markdown: str) -> SetAside:
    """Replace each raw HTML block of `markdown` by a token paragraph (see the module's docstring)."""
    if "<" not in markdown:
        return SetAside(markdown)
    nonce = hashlib.sha1(markdown.encode("utf-8")).hexdigest()[:12]  # editors' text cannot predict the token
    lines = markdown.split("\n")
    out: list[str] = []
    blocks: dict[str, str] = {}
    index, previous_blank = 0, True
    while index < len(lines):
        line = lines[index]
        end = _block_end(lines, index) if previous_blank and line.startswith("<") else None
        if end is None:
            out.append(line)
            previous_blank = not line.strip()
            index += 1
            continue
        token = f"{_TOKEN_PREFIX}{nonce}n{len(blocks)}"
        blocks[token] = "\n".join(lines[index : end + 1])
        out.append(token)
        index = end + 1
        previous_blank = False
    return SetAside("\n".join(out), blocks)


def _block_end(lines: list[str], start: int) -> int | None:
    """The last line of the raw HTML block opening at `lines[start]`, if it is one Markdown would pass through
    whole: a block-level tag at the line start, closed at the end of a line that a blank line (or the end)
    follows, with no `markdown` attribute inside; blocks following each other line by line count as one."""
    if not _opens_block(lines[start]):
        return None
    depth = 0
    raw_text: str | None = None
    for index in range(start, len(lines)):
        line = lines[index]
        if _MARKDOWN_ATTRIBUTE.search(line) or line.count("<!--") != line.count("-->"):
            return None
        # Tags as tuples, not match objects: listing pages are tens of thousands of tags (a third of the time).
        tags = _TAG.findall(line)
        last = len(tags) - 1
        for position, (closing, name, self_closing) in enumerate(tags):
            if not name:  # a comment
                continue
            name = name.lower()
            if raw_text is not None:
                if closing and name == raw_text:
                    raw_text = None
                    depth -= 1
                continue
            if closing:
                depth -= 1
            elif name not in VOID_TAGS and not self_closing:
                depth += 1
                if name in RAW_TEXT_TAGS:
                    raw_text = name
            if depth < 0:
                return None
            # Text after the block's end on its line (another tag, or the tail after the last): Markdown treats
            # that tail itself.
            if depth == 0 and (position < last or _text_after_last_tag(line)):
                return None
        if depth == 0:
            if line[-1:].isspace():
                return None  # Markdown strips the whitespace after a block's end (and a tab can open code)
            following = lines[index + 1] if index + 1 < len(lines) else ""
            if not following.strip():
                return index
            if not _opens_block(following):
                return None
            # Another block right on the next line: Python-Markdown passes the run through as one piece.
    return None


def _text_after_last_tag(line: str) -> bool:
    end = 0
    for match in _TAG.finditer(line):
        end = match.end()
    return bool(line[end:].strip())


def _opens_block(line: str) -> bool:
    opening = _OPENING.match(line)
    return opening is not None and opening.group(1).lower() in BLOCK_TAGS
