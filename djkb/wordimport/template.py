"""The Word template for case write-ups (案例模板.docx): the headings `djkb import` expects, with short guidance.

Guidance paragraphs and placeholders are fixed strings: an import finds any left in a document and lists them
in the report instead of importing them as case text. The bytes are reproducible (fixed dates in the document
properties and the zip), so a site build always serves the same file for the same controlled lists.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import zipfile

import docx
from docx.enum.text import WD_COLOR_INDEX
from docx.shared import RGBColor

TEMPLATE_SITE_PATH = "downloads/case-template.docx"
TEMPLATE_FILE_NAME = "案例模板.docx"

TITLE_PLACEHOLDER = "（在此填写案例标题，例如：**县推行“党员联户”制度）"
INTRO = (
    "填写说明：请保留“基本信息”和“摘要、背景、做法、成效、启示”这几个标题，把每个标题下括号里的说明换成你的内容。"
    "地名请匿名，用 ** 代替（如 **县**镇）；不写真实人名、身份证号和手机号。写好后交给编辑，或自己运行 djkb import 导入。"
)
# (label, placeholder) of the 基本信息 lines; labels are those propose.LABELS knows.
INFO_LINES: tuple[tuple[str, str], ...] = (
    ("地区", "（县、区或市，如 **县）"),
    ("地点", "（具体到乡镇、村或社区，如 **县**镇**村）"),
    ("组织类型", "（从下面列出的组织类型中选一个）"),
    ("领域", "（从下面列出的领域中选一个）"),
    ("年份", "（四位数字，如 2024）"),
    ("报送单位", "（如 **县委组织部）"),
    ("报送日期", "（如 2024年3月15日）"),
)
SECTIONS: tuple[tuple[str, str], ...] = (
    ("摘要", "（用一句话概括：谁、针对什么问题、用什么办法、取得什么效果。）"),
    ("背景", "（写清起因：当地面临什么问题，为什么要这样做。可以写几段。）"),
    ("做法", "（分条写主要做法。可以用 Word 的编号或项目符号列表、加粗的小标题、表格。）"),
    ("成效", "（写取得的成效。原文没有给出数字的，不要自己估算。）"),
    ("启示", "（写可供其他地方借鉴的经验。）"),
)


def guidance_texts(domains: list[str] = (), org_types: list[str] = ()) -> frozenset[str]:  # type: ignore[assignment]
    """Every fixed text of the template that is not case content (an import reports them if left in)."""
    texts = {TITLE_PLACEHOLDER, INTRO, _choices_line("领域", domains), _choices_line("组织类型", org_types)}
    texts.update(text for _, text in SECTIONS)
    return frozenset(t for t in texts if t)


PLACEHOLDERS = frozenset(p for _, p in INFO_LINES)


def _choices_line(label: str, names: list[str]) -> str:
    return f"可选的{label}：{'、'.join(names)}。" if names else ""


@functools.lru_cache(maxsize=4)
def template_bytes(domains: tuple[str, ...] = (), org_types: tuple[str, ...] = ()) -> bytes:
    document = docx.Document()
    fixed = dt.datetime(2024, 1, 1)
    props = document.core_properties
    props.title, props.author, props.created, props.modified, props.last_modified_by = (
        "",
        "党建品牌知识库",
        fixed,
        fixed,
        "党建品牌知识库",
    )
    props.revision = 1

    def guidance(text: str) -> None:
        run = document.add_paragraph().add_run(text)
        run.italic = True
        run.font.color.rgb = RGBColor(0x59, 0x59, 0x59)

    document.add_paragraph(TITLE_PLACEHOLDER, style="Title")
    guidance(INTRO)
    document.add_heading("基本信息", level=1)
    for label, placeholder in INFO_LINES:
        paragraph = document.add_paragraph(f"{label}：")
        run = paragraph.add_run(placeholder)
        run.font.highlight_color = WD_COLOR_INDEX.YELLOW
    for line in (_choices_line("领域", list(domains)), _choices_line("组织类型", list(org_types))):
        if line:
            guidance(line)
    for heading, text in SECTIONS:
        document.add_heading(heading, level=1)
        guidance(text)
    out = io.BytesIO()
    document.save(out)
    return _fixed_zip_dates(out.getvalue())


def _fixed_zip_dates(data: bytes) -> bytes:
    """The same package with every member dated 2024-01-01, so equal content gives equal bytes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=(2024, 1, 1, 0, 0, 0))
            member.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(member, source.read(info.filename))
    return out.getvalue()
