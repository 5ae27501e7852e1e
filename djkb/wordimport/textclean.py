"""Characters Word leaves in text that the record loader refuses (djkb/data/characters.py): replaced or removed, and said so.

Each change is returned as a note for the import report, so nothing is altered silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# character → (replacement, how the report names it)
_REPLACE: dict[str, tuple[str, str]] = {
    "\t": (" ", "TAB 制表符改为空格"),
    "\u3000": (" ", "全角空格改为半角空格"),
    "\u00a0": (" ", "不换行空格改为普通空格"),
    "\u2028": ("\n", "行分隔符改为换行"),
    "\u2029": ("\n", "段分隔符改为换行"),
    "\u0085": ("\n", "控制字符 NEL 改为换行"),
    "\r": ("\n", "回车符改为换行"),
    "\u00ad": ("", "删除了软连字符"),
    "\ufffd": ("", "删除了已损坏的字符（U+FFFD）"),
    "\ufeff": ("", "删除了字节顺序标记（U+FEFF）"),
}
_ZERO_WIDTH = "\u200b\u200c\u200d\u200e\u200f\u2060\u180e"
_BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_BAD = re.compile(
    "[" + "".join(_REPLACE) + _ZERO_WIDTH + _BIDI + "\ue000-\uf8ff\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f]"
)


@dataclass
class Cleaned:
    text: str
    notes: list[str] = field(default_factory=list)


def clean_text(text: str) -> Cleaned:
    if not _BAD.search(text):
        return Cleaned(text)
    counts: dict[str, int] = {}

    def replace(match: re.Match[str]) -> str:
        ch = match.group(0)
        if ch in _REPLACE:
            new, label = _REPLACE[ch]
        elif ch in _ZERO_WIDTH:
            new, label = "", "删除了零宽字符"
        elif ch in _BIDI:
            new, label = "", "删除了文字方向控制符"
        elif "\ue000" <= ch <= "\uf8ff":
            new, label = "", "删除了私用区字符（Word 符号字体的特殊符号，网页上显示为方框）"
        else:
            new, label = "", f"删除了控制字符 U+{ord(ch):04X}"
        counts[label] = counts.get(label, 0) + 1
        return new

    out = _BAD.sub(replace, text)
    # Leading full-width spaces are the first-line indent typed by hand: not worth a note each.
    notes = [
        f"{label}（{n} 处）"
        for label, n in counts.items()
        if not (label.startswith("全角空格") and not text.strip("\u3000 ").count("\u3000"))
    ]
    return Cleaned(out, notes)
