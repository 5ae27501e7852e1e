"""Blocks of a Word document → the fields of a draft case, and a report of everything not mapped one-to-one.

Every block ends up in a field or in the report: headings that name a field open it; other headings at the
same level become bold sub-headings at the end of 做法 (and are listed); lower headings stay inside their part;
labelled lines and the sign-off (unit, date) become proposed values; pictures, objects, text boxes, headers and
footers are listed as not imported.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass

from djkb.wordimport import headings as hd
from djkb.wordimport import propose as pp
from djkb.wordimport import template as tpl
from djkb.wordimport.reader import Block, DocxContent, escape_markdown

CASE_FIELDS = ("summary", "background", "practice", "results", "lessons")
MAX_TITLE_CHARS = 60
_LABEL_TARGETS = {
    "region": "region",
    "place": "place",
    "unit": "provenance",
    "year": "year",
    "domain": "domain",
    "org_type": "org_type",
    "date": "submitted",
}
_CHOICES_LINE = re.compile(r"^可选的(?:领域|组织类型)：")


@dataclass(frozen=True)
class ReportEntry:
    kind: str  # 待确认 / 未识别的标题 / 未导入 / 文字处理 / 缺少内容
    where: str  # 第 N 段, or ""
    text: str


@dataclass
class CaseText:
    """The Markdown parts of the case."""

    summary: str = ""
    background: str = ""
    practice: str = ""
    results: str = ""
    lessons: str = ""

    def any(self) -> bool:
        return any(getattr(self, name) for name in CASE_FIELDS)


@dataclass
class CaseFacts:
    """The case's other fields, as found (None: not found, left empty for the editor)."""

    place: str | None = None
    region: str | None = None
    org_type: str | None = None
    domain: str | None = None
    year: int | str | None = None  # text when the document's 年份 is not a four-digit number (the check says so)
    submitted: str = ""
    provenance: str = ""


@dataclass
class Draft:
    title: str
    fields: CaseText
    values: CaseFacts
    confirm: dict[str, str]  # record field name → why its value is only a proposal (marked in the draft)
    mapping: list[str]  # where each recognised heading's content went
    entries: list[ReportEntry]
    recognised: bool  # at least one of background/practice/results/lessons was found


def _where(index: int) -> str:
    return f"第 {index} 段" if index else "页眉页脚"


def table_markdown(rows: list[list[str]]) -> str:
    width = max(len(r) for r in rows)
    cells = [[c.replace("|", "\\|").replace("\n", " ") for c in r] + [""] * (width - len(r)) for r in rows]
    lines = ["| " + " | ".join(cells[0]) + " |", "|" + "---|" * width]
    lines += ["| " + " | ".join(r) + " |" for r in cells[1:]]
    return "\n".join(lines)


_BLOCK_START = re.compile(r"^(#|>|=+\s*$|-{3,}\s*$)")


def _paragraph_markdown(block: Block) -> str:
    text = block.markdown
    return "\\" + text if _BLOCK_START.match(text) else text


class _Sections:
    """Markdown chunks per field, lists kept together."""

    def __init__(self) -> None:
        self.chunks: dict[str, list[tuple[str, str]]] = {f: [] for f in CASE_FIELDS}  # (kind, markdown)
        self.notes: dict[str, list[str]] = {f: [] for f in CASE_FIELDS}  # footnote numbers referenced

    def add(self, target: str, kind: str, markdown: str, notes: list[str] = ()) -> bool:  # type: ignore[assignment]
        """Add a chunk; True when a list follows a list of the other kind directly (the site's Markdown joins them)."""
        previous = self.chunks[target][-1][0] if self.chunks[target] else ""
        self.chunks[target].append((kind, markdown))
        self.notes[target].extend(notes)
        return {previous, kind} == {"item", "item-ol"}

    def markdown(self, target: str, footnotes: dict[str, str]) -> str:
        out: list[str] = []
        previous = ""
        for kind, text in self.chunks[target]:
            if out:
                same_list = kind == previous and kind in ("item", "item-ol")
                out.append("\n" if same_list else "\n\n")
            out.append(text)
            previous = kind
        numbers = list(dict.fromkeys(self.notes[target]))
        for number in numbers:
            if number in footnotes:
                out.append(("\n\n" if out else "") + f"注{number}：{escape_markdown(footnotes[number])}")
        return "".join(out).strip()


def build_draft(
    content: DocxContent, *, domains: list[str], org_types: list[str], today: dt.date | None = None
) -> Draft:
    entries: list[ReportEntry] = []
    blocks = []
    for block in content.blocks:
        if block.text in tpl.guidance_texts() or _CHOICES_LINE.match(block.text):
            entries.append(
                ReportEntry(
                    "未导入",
                    _where(block.index),
                    f"这一段是案例模板中的填写说明，没有导入：“{block.text}”。请删除它，换成你的内容。",
                )
            )
        else:
            blocks.append(block)
    today = today or dt.date.today()
    mapping: list[str] = []
    found_headings = {b.index: hd.as_heading(b) for b in blocks}
    section_headings = [h for h in found_headings.values() if h and h.field in CASE_FIELDS]
    section_kind = section_headings[0].kind if section_headings else ""
    first_section = section_headings[0].block.index if section_headings else len(blocks) + 1

    # Title: a Title-style paragraph, the document's title property, a heading before the first part, or the first short line.
    title, title_index, title_note = "", 0, ""
    for block in blocks:
        heading = found_headings[block.index]
        if block.index >= first_section:
            break
        if heading and (heading.kind == "title" or not heading.field):
            title, title_index = block.text, block.index
            break
    if not title and content.core_title:
        title, title_note = content.core_title, "标题取自 Word 文档属性中的“标题”"
    if not title:
        first = next((b for b in blocks if b.kind == "para" and b.index < first_section), None)
        if first and len(first.text) <= MAX_TITLE_CHARS and not first.text.endswith(hd.SENTENCE_END):
            title, title_index = first.text, first.index
    if not title:
        title, title_note = content.path.stem, "文中没有找到标题，暂用文件名作标题"
    title = re.sub(r"\s+", " ", title).strip()
    if title_note:
        entries.append(ReportEntry("待确认", "", f"{title_note}：“{title}”。请确认或改写。"))
    elif title_index:
        mapping.append(f"{_where(title_index)}“{title}” → 标题（title）")

    # A sign-off at the end (unit, date) is metadata, not part of the last section.
    signoff: set[int] = set()
    for block in reversed(blocks):
        if (
            block.kind == "para"
            and len(block.text) <= 40
            and (pp.is_date_line(block.text) or pp.UNIT_LINE.match(block.text))
            and block.index > first_section
        ):
            signoff.add(block.index)
        else:
            break

    labelled: dict[str, tuple[str, int]] = {}  # field → (value, block index)
    unit_lines: list[tuple[str, int]] = []
    date_lines: list[tuple[str, int]] = []
    preamble: list[Block] = []
    sections = _Sections()
    current = "preamble"
    seen_fields: set[str] = set()
    unknown: list[list] = []  # [heading text, index, blocks under it]
    in_unknown = False
    for block in blocks:
        if block.index == title_index:
            continue
        heading = found_headings[block.index]
        if block.kind == "para" and block.index in signoff:
            is_date = pp.is_date_line(block.text)
            (date_lines if is_date else unit_lines).append((block.text, block.index))
            mapping.append(
                f"{_where(block.index)}“{block.text}”（落款） → {'提交日期（submitted）' if is_date else '报送单位，写入材料说明（provenance）'}"
            )
            continue
        if block.kind == "para" and current in ("preamble", "meta"):
            label = pp.LABEL_RE.match(block.text)
            if label and label.group(2).strip() in tpl.PLACEHOLDERS:
                entries.append(
                    ReportEntry(
                        "缺少内容",
                        _where(block.index),
                        f"“{label.group(1)}”还没有填写，仍是模板中的说明：“{block.text}”。",
                    )
                )
                continue
            if label and label.group(2).strip():
                name = pp.LABELS[label.group(1)]
                if name in labelled:
                    entries.append(
                        ReportEntry(
                            "未导入",
                            _where(block.index),
                            f"“{label.group(1)}”出现了不止一次，只用了第一处；这一行没有导入：“{block.text}”",
                        )
                    )
                else:
                    labelled[name] = (label.group(2).strip(), block.index)
                    mapping.append(f"{_where(block.index)}“{block.text}” → {label.group(1)}（{_LABEL_TARGETS[name]}）")
                continue
        if (
            heading
            and heading.field
            and (heading.field not in seen_fields or (section_kind and hd.outranks(heading.kind, section_kind)))
        ):
            current, in_unknown = heading.field, False
            seen_fields.add(current)
            mapping.append(f"{_where(block.index)} 标题“{block.text}” → {hd.FIELD_LABELS[current]}（{current}）")
            continue
        if (
            heading
            and heading.kind != "title"
            and current != "preamble"
            and section_kind
            and hd.outranks(heading.kind, section_kind)
        ):
            current, in_unknown = "practice", True
            unknown.append([block.text, block.index, 0])
            sections.add("practice", "para", f"**{escape_markdown(block.text)}**")
            continue
        if current == "preamble":
            if block.kind == "para" and len(block.text) <= 40 and pp.is_date_line(block.text):
                date_lines.append((block.text, block.index))
                mapping.append(f"{_where(block.index)}“{block.text}” → 提交日期（submitted）")
            elif block.kind == "para" and len(block.text) <= 40 and pp.UNIT_LINE.match(block.text):
                unit_lines.append((block.text, block.index))
                mapping.append(f"{_where(block.index)}“{block.text}” → 报送单位，写入材料说明（provenance）")
            else:
                preamble.append(block)
            continue
        if current == "meta":
            entries.append(
                ReportEntry(
                    "未导入",
                    _where(block.index),
                    f"“基本信息”中的这段文字不是“名称：内容”的形式，没有导入：“{block.text}”",
                )
            )
            continue
        if in_unknown:
            unknown[-1][2] += 1
        if heading and heading.kind != "title":
            sections.add(current, "para", f"**{escape_markdown(block.text)}**")
        elif block.kind == "table":
            sections.add(current, "table", table_markdown(block.rows))
        elif block.kind == "item":
            if sections.add(current, "item-ol" if block.list_ordered else "item", _list_item(block)):
                entries.append(
                    ReportEntry(
                        "待确认",
                        _where(block.index),
                        f"编号列表和项目符号列表紧挨在一起（“{block.text[:20]}”），网站会把两者显示成同一个列表。请在两个列表之间加一句话。",
                    )
                )
        else:
            sections.add(current, "para", _paragraph_markdown(block), block.footnotes)

    for text, index, count in unknown:
        entries.append(
            ReportEntry(
                "未识别的标题",
                _where(index),
                f"标题“{text}”不是背景、做法、成效、启示之一：它和下面 {count} 段内容放在“做法”（practice）的末尾，以加粗的小标题“{text}”开头。请确认放在哪一部分。",
            )
        )

    fields = CaseText(**{f: sections.markdown(f, content.footnotes) for f in CASE_FIELDS})
    if preamble:
        text = "\n\n".join(
            _paragraph_markdown(b)
            if b.kind == "para"
            else table_markdown(b.rows)
            if b.kind == "table"
            else _list_item(b)
            for b in preamble
        )
        where = "、".join(_where(b.index) for b in preamble)
        if not fields.summary:
            fields.summary = text
            entries.append(
                ReportEntry(
                    "待确认",
                    where,
                    "标题下、第一个小标题前的文字放入了“摘要”（summary）。摘要应是一句话，请确认或改写。",
                )
            )
        else:
            fields.background = (text + "\n\n" + fields.background).strip()
            entries.append(
                ReportEntry("待确认", where, "标题下、第一个小标题前的文字放在了“背景”（background）的开头。请确认。")
            )
    referenced = {n for b in blocks for n in b.footnotes}
    for number, text in content.footnotes.items():
        if number not in referenced and text:
            entries.append(ReportEntry("未导入", "脚注", f"脚注 {number} 在正文中没有找到引用位置，没有导入：“{text}”"))

    values, confirm = _values(
        content, title, blocks, labelled, unit_lines, date_lines, domains, org_types, today, entries
    )
    for item in content.skipped:
        entries.append(
            ReportEntry(
                "未导入",
                _where(item.index),
                f"{item.what}没有导入{('：' + item.detail) if item.detail else ''}。请在合并请求中说明，或联系维护人员处理。",
            )
        )
    for index, note in content.cleaned:
        entries.append(ReportEntry("文字处理", _where(index), note))
    recognised = any(getattr(fields, f) for f in CASE_FIELDS if f != "summary") and bool(section_headings)
    for name in CASE_FIELDS:
        if recognised and not getattr(fields, name):
            entries.append(
                ReportEntry(
                    "缺少内容", "", f"文中没有找到“{hd.FIELD_LABELS[name]}”（{name}）部分，草稿中这一项是空的，请补写。"
                )
            )
    return Draft(title, fields, values, confirm, mapping, entries, recognised)


def _list_item(block: Block) -> str:
    marker = "1. " if block.list_ordered else "- "
    return "    " * block.list_level + marker + block.markdown


def _values(
    content: DocxContent,
    title: str,
    blocks: list[Block],
    labelled: dict[str, tuple[str, int]],
    unit_lines: list[tuple[str, int]],
    date_lines: list[tuple[str, int]],
    domains: list[str],
    org_types: list[str],
    today: dt.date,
    entries: list[ReportEntry],
) -> tuple[CaseFacts, dict[str, str]]:
    values = CaseFacts()
    confirm: dict[str, str] = {}
    signoff = {i for _, i in unit_lines} | {i for _, i in date_lines}
    body = "\n".join(
        b.text for b in blocks if b.index not in signoff
    )  # the sender's own name says nothing about the case

    def propose(name: str, value: str | int, why: str) -> None:
        setattr(values, name, value)
        confirm[name] = why
        entries.append(
            ReportEntry("待确认", "", f"{name}：{why}，填为“{value}”。请核对后删除草稿中这一项上方的“请确认”注释。")
        )

    # 地区 / 地点
    if "region" in labelled:
        values.region = labelled["region"][0]
    if "place" in labelled:
        values.place = labelled["place"][0]
    if values.region is None or values.place is None:
        found = None
        for text, where in ((title, "标题"), ("\n".join(t for t, _ in unit_lines), "报送单位"), (body, "正文")):
            found = pp.place_and_region(text)
            if found:
                break
        if found:
            place, region = found
            if values.place is None:
                propose("place", place, f"据{where}中的“{place}”推定")
            if values.region is None:
                propose("region", region, f"据{where}中的“{place}”推定")
    # 单位 → provenance (the case schema keeps who supplied the material there)
    unit = labelled.get("unit", ("", 0))[0] or (unit_lines[0][0] if unit_lines else "")
    values.provenance = f"据{unit}报送的 Word 材料整理" if unit else "据报送的 Word 材料整理"
    if unit and "unit" not in labelled:
        confirm["provenance"] = f"报送单位据{_where(unit_lines[0][1])}“{unit}”推定"
        entries.append(
            ReportEntry(
                "待确认", _where(unit_lines[0][1]), f"“{unit}”作为报送单位写入了材料说明（provenance）。请确认。"
            )
        )
    # 领域 / 组织类型: stated values as written (djkb check compares them with data/taxonomy.yml)
    for name, words, allowed in (("domain", pp.DOMAIN_WORDS, domains), ("org_type", pp.ORG_TYPE_WORDS, org_types)):
        if name in labelled:
            setattr(values, name, labelled[name][0])
            continue
        match = pp.best_match(words, allowed, title, body)
        if match:
            propose(name, match[0], f"文中多次出现“{match[1]}”")
    # 日期 → submitted; 年份
    date_text = labelled.get("date", ("", 0))[0] or (date_lines[-1][0] if date_lines else "")
    submitted = pp.normalise_date(date_text) if date_text else None
    if date_text and submitted is None:
        entries.append(
            ReportEntry(
                "待确认", "", f"报送日期“{date_text}”无法识别，提交日期（submitted）暂填今天。请按“年-月-日”改写。"
            )
        )
    if submitted and "date" not in labelled:
        propose("submitted", submitted, f"据落款日期“{date_text}”")
    values.submitted = submitted or today.isoformat()
    if "year" in labelled:
        digits = re.sub(r"\D", "", labelled["year"][0])
        values.year = int(digits) if digits.isdigit() and len(digits) == 4 else labelled["year"][0]
    else:
        title_years = pp.years_mentioned(title)
        body_years = pp.years_mentioned(body)
        if title_years:
            propose("year", max(title_years), f"据标题中的“{max(title_years)}年”")
        elif body_years:
            common = Counter(body_years).most_common(1)[0][0]
            propose("year", max(body_years), f"文中提到的最近年份（提到最多的是 {common} 年）")
        elif submitted:
            propose("year", int(submitted[:4]), "据报送日期的年份")
    for name, why in (
        ("place", "地点"),
        ("region", "地区"),
        ("domain", "领域"),
        ("org_type", "组织类型"),
        ("year", "年份"),
    ):
        if getattr(values, name) is None:
            entries.append(ReportEntry("缺少内容", "", f"文中没有找到{why}（{name}），草稿中这一项是空的，请补写。"))
    return values, confirm
