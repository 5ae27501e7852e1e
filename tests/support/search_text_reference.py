"""The reference for djkb.search.text.html_to_text: the same rules through html.parser (slow, obviously right).
tests/search/test_search.py checks that the fast extractor gives exactly this text."""

from __future__ import annotations

from html.parser import HTMLParser

from djkb.search.text import _BLOCK_TAGS, _SKIP_CLASSES, _SKIP_TAGS, _VOID_TAGS, BLOCK_SEPARATOR, _flat, normalize


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip_stack: list[str] = []  # open elements being skipped (innermost last)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._skip_stack:
            if tag not in _VOID_TAGS:
                self._skip_stack.append(tag)
            return
        classes = set()
        for name, value in attrs:
            if name == "class" and value:
                classes.update(value.split())
        if tag in _SKIP_TAGS or classes & _SKIP_CLASSES:
            if tag not in _VOID_TAGS:
                self._skip_stack.append(tag)
            return
        if tag in _BLOCK_TAGS:
            self.parts.append(BLOCK_SEPARATOR)
        if tag == "img":
            alt = dict(attrs).get("alt")
            if alt:
                self.parts.append(BLOCK_SEPARATOR + _flat(alt) + BLOCK_SEPARATOR)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID_TAGS and self._skip_stack and self._skip_stack[-1] == tag:
            self._skip_stack.pop()

    def handle_endtag(self, tag: str) -> None:
        if self._skip_stack:
            # Pop up to the matching open element (tolerates unclosed children).
            if tag in self._skip_stack:
                while self._skip_stack:
                    if self._skip_stack.pop() == tag:
                        break
            return
        if tag in _BLOCK_TAGS:
            self.parts.append(BLOCK_SEPARATOR)

    def handle_data(self, data: str) -> None:
        if not self._skip_stack:
            self.parts.append(_flat(data))


def html_to_text_reference(html: str) -> str:
    """Visible text of an HTML fragment, normalised: html_to_text's rules through html.parser."""
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    return normalize("".join(parser.parts))
