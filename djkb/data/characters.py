"""Character-level checks for text typed on Windows or pasted from Word."""

from __future__ import annotations

import re
from typing import Iterator

_CHAR_MESSAGES: dict[str, str] = {
    "\t": "这里有 TAB 字符。YAML 不允许用 TAB 缩进，文中也不要用 TAB：请改成空格。",
    "\u3000": "这里有全角空格（U+3000，中文输入法下按空格键产生）。缩进和分隔请用半角空格；正文中的全角空格请删除。",
    "\u00a0": "这里有不换行空格（NBSP，常从 Word 或网页复制而来）。请删除后重新输入普通空格。",
    "\u2028": "这里有 Unicode 行分隔符（U+2028，常从网页或 Word 复制而来），会打乱行号。请删除后重新换行。",
    "\u2029": "这里有 Unicode 段分隔符（U+2029，常从网页或 Word 复制而来），会打乱行号。请删除后重新换行。",
    "\u0085": "这里有控制字符 NEL（U+0085，常由编码转换造成）。请删除它。",
    "\r": "这里有单独的回车符（CR，老式 Mac 换行）。请把文件的换行方式改为 LF（编辑器右下角可以切换）。",
    "\u00ad": "这里有看不见的软连字符（U+00AD，常从 Word 复制而来）。请删除它（可以把这几个字重新输入一遍）。",
    "\ufffd": "这里有替换字符“\ufffd”（U+FFFD）：文字在转换编码时已经损坏。请对照原文重新输入这几个字。",
}
# Bidirectional controls reorder what the reader sees relative to what is stored ("Trojan source").
_BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_BIDI_MESSAGE = "这里有看不见的文字方向控制符（U+{code:04X}），会让显示的文字与实际内容不一致。请删除它（可以把这几个字重新输入一遍）。"
_PRIVATE_MESSAGE = "这里有私用区字符（U+{code:04X}，常由 Word 的特殊符号字体产生），在读者的设备上会显示成方框或乱码。请改用普通文字或标点。"
_ZERO_WIDTH = "\u200b\u200c\u200d\u200e\u200f\u2060\u180e"
_ZERO_WIDTH_MESSAGE = "这里有看不见的零宽字符（U+{code:04X}，常从网页复制而来），会让检索和比对失灵。请删除它（可以把这几个字重新输入一遍）。"
_CONTROL_MESSAGE = "这里有控制字符（U+{code:04X}），文本中不应出现。请删除它。"

MAX_REPORTED_PER_CHARACTER = 5

_BAD_CHARS = re.compile(
    "[\t\u3000\u00a0\u2028\u2029\u0085\u00ad\ufffd"
    + _ZERO_WIDTH
    + _BIDI
    + "\ue000-\uf8ff\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f]|\r(?!\n)"
)


def check_characters(text: str) -> Iterator[tuple[int, int, str]]:
    """Yield (line, col, message) for every character an editor did not mean to type."""
    if not _BAD_CHARS.search(text):
        return
    seen: dict[str, int] = {}
    for line_no, line in enumerate(text.split("\n"), start=1):
        for match in _BAD_CHARS.finditer(line.rstrip("\r") if line.endswith("\r") else line):
            ch = match.group(0)
            col = match.start() + 1
            seen[ch] = seen.get(ch, 0) + 1
            if seen[ch] > MAX_REPORTED_PER_CHARACTER:
                if seen[ch] == MAX_REPORTED_PER_CHARACTER + 1:
                    total = text.count(ch) if ch != "\r" else len(_BAD_CHARS.findall(text))
                    yield (
                        line_no,
                        col,
                        f"同一个字符（U+{ord(ch):04X}）在文件中共出现 {total} 处，这里只列出前 {MAX_REPORTED_PER_CHARACTER} 处。可以用编辑器的“查找替换”一次改完。",
                    )
                continue
            if ch in _CHAR_MESSAGES:
                yield line_no, col, _CHAR_MESSAGES[ch]
            elif ch in _ZERO_WIDTH:
                yield line_no, col, _ZERO_WIDTH_MESSAGE.format(code=ord(ch))
            elif ch in _BIDI:
                yield line_no, col, _BIDI_MESSAGE.format(code=ord(ch))
            elif "\ue000" <= ch <= "\uf8ff":
                yield line_no, col, _PRIVATE_MESSAGE.format(code=ord(ch))
            else:
                yield line_no, col, _CONTROL_MESSAGE.format(code=ord(ch))
