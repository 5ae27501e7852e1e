"""Content safety checks on record text: what must never reach a page.

Markdown fields may not carry raw HTML, script links, attribute lists with event handlers, character
references or include directives; plain-text fields (titles, names, places shown in page titles, meta
descriptions and link texts) may not carry any markup at all, because MkDocs prints page titles and
descriptions unescaped. (The rendered HTML is sanitised as well — see djkb/pages/sanitize.py — but an editor
should hear about it here, at the line, before merge.)
"""

from __future__ import annotations

import re
from typing import Iterator

_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>|<!--|<![A-Za-z\[]|<\?")
_DANGEROUS_NAMES = r"(script|iframe|frame|frameset|object|embed|applet|style|link|meta|base|form|svg|math|img|video|audio|source|template)\b"
_DANGEROUS_TAG = re.compile(r"<\s*" + _DANGEROUS_NAMES, re.I)
_DANGEROUS_CLOSE = re.compile(r"<\s*/\s*" + _DANGEROUS_NAMES, re.I)  # reported with its opening tag
_EVENT_ATTR = re.compile(r"\bon[a-z]+\s*=", re.I)
_LINK_TARGET = r"(?:\]\(\s*<?|\]:\s*<?|<|\bhref\s*=\s*[\"']?|\bsrc\s*=\s*[\"']?)\s*"
_BAD_SCHEME = re.compile(_LINK_TARGET + r"(javascript|data|vbscript|file)\s*:", re.I)
_BARE_BAD_SCHEME = re.compile(r"\b(javascript|vbscript)\s*:", re.I)
_SNIPPET = re.compile(r"-+8<-+")
_LINK_SCHEME = re.compile(r"(?:\]\(\s*<?|\]:\s*<?)\s*([A-Za-z][A-Za-z0-9+.-]*):")
_NAMED_ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
_ATTR_LIST = re.compile(r"\{:?\s*[^{}\n]*\}")

# Anything below can only match where one of these characters or words is present (fast path).
_MARKDOWN_SUSPECT = re.compile(r"[<>&:=]")  # every pattern above needs one of these
_PLAIN_SUSPECT = re.compile(r"[<>]|script\s*:", re.I)


def may_be_unsafe_markdown(text: str) -> bool:
    return _MARKDOWN_SUSPECT.search(text) is not None


def may_be_unsafe_plain(text: str) -> bool:
    return _PLAIN_SUSPECT.search(text) is not None


def check_markdown(text: str) -> Iterator[tuple[int, str]]:
    """Yield (offset, message) for unsafe constructs in a Markdown field."""
    for match in _SNIPPET.finditer(text):
        yield (
            match.start(),
            f"不允许使用文件包含指令“{match.group(0)}”：它可以把服务器上的任意文件插入页面。请直接写出内容。",
        )
    for match in _DANGEROUS_TAG.finditer(text):
        yield (
            match.start(),
            f"不允许使用 <{match.group(1).lower()}> 标签：它可能在读者的浏览器中执行代码或嵌入外部内容。请删除它；图片和附件请联系维护人员处理。",
        )
    for match in _EVENT_ATTR.finditer(text):
        if _inside_tag(text, match.start()) or _inside_attr_list(text, match.start()):
            yield (
                match.start(),
                f"不允许使用事件属性“{match.group(0).rstrip('= ')}=”：它会在浏览器中执行代码。请删除它。",
            )
    for match in _BAD_SCHEME.finditer(text):
        yield (
            match.start(1),
            f"不允许使用“{match.group(1).lower()}:”链接：它可能执行代码或嵌入未经审核的内容。链接请使用 http:// 或 https:// 开头的网址。",
        )
    for match in _LINK_SCHEME.finditer(text):
        scheme = match.group(1).lower()
        if scheme not in ("http", "https", "mailto", "javascript", "data", "vbscript", "file"):
            yield match.start(1), f"不允许使用“{scheme}:”链接。链接请使用 http:// 或 https:// 开头的网址。"
    for match in _BARE_BAD_SCHEME.finditer(text):
        if not _BAD_SCHEME.search(text[max(0, match.start() - 12) : match.end()]):
            yield match.start(), f"正文中不能出现“{match.group(1)}:”，它可能被当成执行代码的链接。请删除或改写。"
    for match in _NAMED_ENTITY.finditer(text):
        yield match.start(), f"不要写 HTML 字符实体“{match.group(0)}”（它可以用来隐藏代码）。请直接输入这个字符本身。"
    for match in _HTML_TAG.finditer(text):
        if _DANGEROUS_TAG.match(match.group(0)) or _DANGEROUS_CLOSE.match(match.group(0)):
            continue
        yield (
            match.start(),
            f"正文中不能直接写 HTML（这里是“{match.group(0)[:30]}”）。请改用 Markdown 写法，例如加粗用 **文字**、列表用“- ”；如果“<”是内容的一部分，请改用全角“＜”或书名号《》。",
        )


def check_plain(text: str) -> Iterator[tuple[int, str]]:
    """Yield (offset, message) for markup in a field shown as plain text (titles, names)."""
    for match in re.finditer(r"[<>]", text):
        yield (
            match.start(),
            "标题、名称、地点类字段中不能出现“<”或“>”：网站会把它们当成网页代码（页面标题不经转义）。请改用中文书名号《》、全角“＜＞”或删除。",
        )
        break
    for match in _BARE_BAD_SCHEME.finditer(text):
        yield match.start(), f"标题、名称类字段中不能出现“{match.group(1)}:”。请删除或改写。"


def _inside_tag(text: str, offset: int) -> bool:
    start = text.rfind("<", 0, offset)
    return start != -1 and text.rfind(">", start, offset) == -1


def _inside_attr_list(text: str, offset: int) -> bool:
    start = text.rfind("{", 0, offset)
    return start != -1 and text.find("}", start) >= offset and "\n" not in text[start:offset]
