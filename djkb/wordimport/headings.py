"""Which paragraphs are headings, and which case field a heading names: the one synonym table lives here.

Offices title the parts of a case write-up in several ways (selection templates use 背景与起因 / 做法与经过 /
成效及启示; reports use 一、基本情况 二、主要做法 三、取得成效 四、经验启示; others number them （一）（二）). A heading
may be a Word heading style, a paragraph in bold, or a short numbered line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from djkb.wordimport.reader import Block

# Field → headings that name it (after numbering and trailing punctuation are removed). Exact matches first;
# KEYWORDS below catch the rest. Extend here, and only here.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "summary": (
        "摘要",
        "案例摘要",
        "内容摘要",
        "内容提要",
        "提要",
        "简介",
        "案例简介",
        "导语",
        "概述",
        "案例概述",
        "一句话摘要",
        "简要介绍",
    ),
    "background": (
        "背景",
        "案例背景",
        "背景与起因",
        "背景和起因",
        "背景及起因",
        "起因",
        "缘起",
        "基本情况",
        "基本概况",
        "概况",
        "工作背景",
        "实施背景",
        "项目背景",
        "背景情况",
        "背景介绍",
        "现状",
        "存在问题",
        "问题的提出",
        "面临的问题",
        "案例背景与起因",
    ),
    "practice": (
        "做法",
        "主要做法",
        "具体做法",
        "做法与经过",
        "做法和经过",
        "做法及经过",
        "主要举措",
        "工作举措",
        "具体举措",
        "举措",
        "工作做法",
        "经过",
        "实施过程",
        "实施情况",
        "工作措施",
        "主要措施",
        "具体措施",
        "做法与措施",
        "主要内容",
        "工作内容",
        "创新做法",
        "特色做法",
    ),
    "results": (
        "成效",
        "取得成效",
        "工作成效",
        "主要成效",
        "实施成效",
        "初步成效",
        "取得的成效",
        "效果",
        "工作成果",
        "主要成果",
        "成果",
        "取得成果",
        "成效与反响",
        "社会反响",
        "成效及反响",
        "实施效果",
        "应用成效",
    ),
    "lessons": (
        "启示",
        "经验启示",
        "成效及启示",
        "经验与启示",
        "经验和启示",
        "经验及启示",
        "体会",
        "经验体会",
        "工作体会",
        "几点体会",
        "几点启示",
        "启示与思考",
        "思考与启示",
        "经验",
        "主要经验",
        "经验做法与启示",
        "案例启示",
        "点评",
        "专家点评",
        "案例点评",
    ),
    "meta": ("基本信息", "案例信息", "案例基本信息", "报送信息"),
}
# Looser: a short heading containing exactly one of these groups' words names that field.
KEYWORDS: dict[str, tuple[str, ...]] = {
    "summary": ("摘要", "简介", "提要"),
    "background": ("背景", "起因", "基本情况", "概况"),
    "practice": ("做法", "举措", "措施", "经过"),
    "results": ("成效", "成果", "效果"),
    "lessons": ("启示", "体会", "经验"),
}
FIELD_LABELS = {
    "summary": "摘要",
    "background": "背景",
    "practice": "做法",
    "results": "成效",
    "lessons": "启示",
    "meta": "基本信息",
}

_CN_NUM = "一二三四五六七八九十"
_NUMBER_PREFIXES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("cn", re.compile(rf"^[{_CN_NUM}]{{1,3}}\s*[、.．]\s*")),
    ("cnparen", re.compile(rf"^[（(]\s*[{_CN_NUM}]{{1,3}}\s*[）)]\s*[、.．]?\s*")),
    ("part", re.compile(rf"^第[{_CN_NUM}]{{1,3}}(?:部分|章|节)[、:：.．\s]*")),
    ("arabic", re.compile(r"^\d{1,2}\s*[、.．]\s*(?!\d)")),
    ("arabicparen", re.compile(r"^[（(]\s*\d{1,2}\s*[）)]\s*")),
)
MAX_HEADING_CHARS = 30
SENTENCE_END = ("。", "？", "！", "；", "?", "!", ";")
_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*(\d)$", re.I)


@dataclass(frozen=True)
class Heading:
    block: Block
    kind: str  # "title", "style1".."style9", "cn", "cnparen", "part", "arabic", "arabicparen", "bold"
    text: str  # without its number
    field: str | None  # the case field it names, when it names one


def strip_number(text: str) -> tuple[str | None, str]:
    for kind, pattern in _NUMBER_PREFIXES:
        match = pattern.match(text)
        if match and match.end() < len(text):
            return kind, text[match.end() :]
    return None, text


def normalise(text: str) -> str:
    return re.sub(r"[\s:：。.．、,，;；!！]+$", "", re.sub(r"\s+", "", text))


def field_for(text: str) -> str | None:
    """The case field a heading names, or None."""
    name = normalise(strip_number(text.strip())[1])
    for field_name, names in SYNONYMS.items():
        if name in names:
            return field_name
    if len(name) > 12:
        return None
    found = {f for f, words in KEYWORDS.items() if any(w in name for w in words)}
    return found.pop() if len(found) == 1 else None


def as_heading(block: Block) -> Heading | None:
    """The block as a heading, if it is one: a heading style, or a short numbered or bold line."""
    if (
        block.kind == "item"
        and len(block.text) <= 15
        and field_for(block.text)
        and (block.all_bold or block.list_level == 0)
    ):
        return Heading(
            block, "numbered-item", normalise(block.text), field_for(block.text)
        )  # 一、基本情况 numbered by Word itself
    if block.kind != "para" or not block.text:
        return None
    style = block.style.strip()
    text = block.text.strip()
    number_kind, rest = strip_number(text)
    if style.lower() == "title":
        return Heading(block, "title", text, None)
    match = _HEADING_STYLE.match(style)
    if match:
        return Heading(block, f"style{match.group(1)}", normalise(rest) or text, field_for(text))
    short = len(rest) <= MAX_HEADING_CHARS and "\n" not in text
    if number_kind and short and (not rest.endswith(SENTENCE_END) or field_for(text)):
        return Heading(block, number_kind, normalise(rest), field_for(text))
    if block.all_bold and len(text) <= MAX_HEADING_CHARS and not text.endswith(SENTENCE_END):
        return Heading(block, number_kind or "bold", normalise(rest), field_for(text))
    return None


def outranks(kind: str, section_kind: str) -> bool:
    """Is a heading of `kind` at the level of the case's sections (or above), rather than a sub-heading inside one?"""
    if kind == section_kind or kind == "title":
        return True
    if kind.startswith("style") and section_kind.startswith("style"):
        return int(kind[5:]) <= int(section_kind[5:])
    if kind.startswith("style") and not section_kind.startswith("style"):
        return True  # a Word heading style above numbered or bold section lines
    return False
