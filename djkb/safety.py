"""Content safety checks on record text: what must never reach a page.

Markdown fields may not carry raw HTML, script links or include directives; plain-text fields (titles,
names, summaries shown in page titles and meta descriptions) may not carry any markup at all, because
MkDocs prints page titles and descriptions unescaped.
"""

from __future__ import annotations

import re
from typing import Iterator

_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>|<!--")
_DANGEROUS_TAG = re.compile(r"<\s*/?\s*(script|iframe|object|embed|style|link|meta|form|svg|math|base)\b", re.I)
_EVENT_ATTR = re.compile(r"\bon[a-z]+\s*=", re.I)
_BAD_SCHEME = re.compile(r"(?:\]\(|<|\bhref\s*=\s*[\"']?|\bsrc\s*=\s*[\"']?)\s*(javascript|data|vbscript|file)\s*:", re.I)
_BARE_BAD_SCHEME = re.compile(r"\b(javascript|vbscript)\s*:", re.I)
_SNIPPET = re.compile(r"^\s*(?:-{2,}8<-{2,}|;*-{2,}8<-{2,})|--8<--", re.M)
_MD_LINK_SCHEME = re.compile(r"\]\(\s*<?\s*([A-Za-z][A-Za-z0-9+.-]*):")


def check_markdown(text: str) -> Iterator[tuple[int, str]]:
    """Yield (offset, message) for unsafe constructs in a Markdown field."""
    for match in _SNIPPET.finditer(text):
        yield match.start(), "不允许使用文件包含指令“--8<--”：它可以把服务器上的任意文件插入页面。请直接写出内容。"
    for match in _DANGEROUS_TAG.finditer(text):
        yield match.start(), f"不允许使用 <{match.group(1).lower()}> 标签：它可能在读者的浏览器中执行代码。请删除它。"
    for match in _EVENT_ATTR.finditer(text):
        if _inside_tag(text, match.start()):
            yield match.start(), f"不允许使用事件属性“{match.group(0).rstrip('= ')}=”：它会在浏览器中执行代码。请删除它。"
    for match in _BAD_SCHEME.finditer(text):
        yield match.start(), f"不允许使用“{match.group(1).lower()}:”链接：它可能执行代码或嵌入未经审核的内容。链接请使用 http:// 或 https:// 网址。"
    for match in _MD_LINK_SCHEME.finditer(text):
        scheme = match.group(1).lower()
        if scheme not in ("http", "https", "mailto", "javascript", "data", "vbscript", "file"):
            yield match.start(), f"不允许使用“{scheme}:”链接。链接请使用 http:// 或 https:// 网址。"
    for match in _HTML_TAG.finditer(text):
        if _DANGEROUS_TAG.match(match.group(0)):
            continue
        yield match.start(), f"正文中不能直接写 HTML（这里是“{match.group(0)[:30]}”）。请改用 Markdown 写法，例如加粗用 **文字**、列表用“- ”。"


def check_plain(text: str) -> Iterator[tuple[int, str]]:
    """Yield (offset, message) for markup in a field shown as plain text (titles, names)."""
    for match in re.finditer(r"[<>]", text):
        yield match.start(), "标题、名称类字段中不能出现“<”或“>”：它们会被当成网页代码。请改用中文书名号《》或删除。"
        return
    for match in _BARE_BAD_SCHEME.finditer(text):
        yield match.start(), f"标题、名称类字段中不能出现“{match.group(1)}:”。"


def _inside_tag(text: str, offset: int) -> bool:
    start = text.rfind("<", 0, offset)
    return start != -1 and text.rfind(">", start, offset) == -1
