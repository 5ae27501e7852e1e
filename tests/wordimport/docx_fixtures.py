"""Word documents made by code with python-docx, shaped like the write-ups offices send (no binary fixtures)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches

# One minimal 1×1 PNG (a picture in a document).
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d4944415478da63f8cfc0f01f0005000201a5e2d3b00000000049454e44ae426082"
)

TITLE = "**县推行“党员联户”制度密切党群关系"
BACKGROUND = [
    "**县地处山区，村民居住分散，2022年以前部分村党组织联系群众不够紧密。",
    "群众反映的问题常常得不到及时回应。",
]
PRACTICE = ["按照就近就便原则，每名党员联系10至15户群众。", "建立“一月一走访、一季一报告”工作机制。"]
RESULTS = ["全县共收集群众意见建议1200余条，办结率达95%。"]
LESSONS = ["党员联户把组织触角延伸到每家每户。"]


def _para(document, text: str, *, bold: bool = False, style: str | None = None):
    paragraph = document.add_paragraph(style=style)
    run = paragraph.add_run(text)
    if bold:
        run.bold = True
    return paragraph


def write_case(
    path: Path,
    *,
    heading_style: str = "style",
    names: tuple[str, str, str, str] = ("背景", "做法", "成效", "启示"),
    title: str | None = TITLE,
    preamble: list[str] = (),
    signoff: list[str] = (),
    extra: dict | None = None,
) -> Path:  # type: ignore[assignment]
    """A case write-up whose four parts are titled `names`, as heading styles ("style"), bold paragraphs ("bold"),
    or numbered lines ("cn": 一、…; "cnparen": （一）…)."""
    document = docx.Document()
    if title:
        document.add_paragraph(title, style="Title") if heading_style == "style" else _para(document, title, bold=True)
    for line in preamble:
        _para(document, line)
    numbers = (
        ["一、", "二、", "三、", "四、"]
        if heading_style == "cn"
        else ["（一）", "（二）", "（三）", "（四）"]
        if heading_style == "cnparen"
        else [""] * 4
    )
    for number, name, body in zip(numbers, names, (BACKGROUND, PRACTICE, RESULTS, LESSONS)):
        if heading_style == "style":
            document.add_heading(name, level=1)
        else:
            _para(document, number + name, bold=heading_style == "bold")
        for text in body:
            _para(document, text)
        for hook in (extra or {}).get(name, ()):
            hook(document)
    for line in signoff:
        _para(document, line)
    document.save(str(path))
    return path


def add_lists(document) -> None:
    document.add_paragraph("建立党员联户台账", style="List Bullet")
    document.add_paragraph("公开党员联系方式", style="List Bullet")
    document.add_paragraph("走访分两步：")
    document.add_paragraph("走访", style="List Number")
    document.add_paragraph("记录", style="List Number")


def add_table(document) -> None:
    table = document.add_table(rows=3, cols=3)
    for r, row in enumerate([["镇", "党员数", "联系户数"], ["**镇", "120", "1500"], ["**乡", "86", "1030"]]):
        for c, text in enumerate(row):
            table.cell(r, c).text = text


def add_bold_run(document) -> None:
    paragraph = document.add_paragraph()
    paragraph.add_run("坚持").bold = False
    paragraph.add_run("“四必访”").bold = True
    paragraph.add_run("：困难户必访、老党员必访。")


def add_picture(document) -> None:
    document.add_paragraph("联户走访现场如下图。")
    document.add_picture(io.BytesIO(PNG), width=Inches(1))


def add_footnote(document) -> None:
    """A paragraph with a real Word footnote (python-docx has no footnote API: the part is added through its OPC layer)."""
    paragraph = document.add_paragraph("数据来自县委组织部统计")
    run = paragraph.add_run()
    ref = OxmlElement("w:footnoteReference")
    ref.set(qn("w:id"), "1")
    run._r.append(ref)
    paragraph.add_run("。")
    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
        ' xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        '<w:footnote w:id="1"><w:p><w:r><w:t>统计截至2023年底。</w:t></w:r></w:p></w:footnote>'
        "</w:footnotes>"
    ).encode("utf-8")
    part = Part(
        PackURI("/word/footnotes.xml"),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
        xml,
        document.part.package,
    )
    document.part.relate_to(part, RT.FOOTNOTES)


def add_unknown_heading_style(document) -> None:
    document.add_heading("下一步打算", level=1)
    document.add_paragraph("继续深化党员联户工作。")


def write_empty(path: Path) -> Path:
    docx.Document().save(str(path))
    return path


def write_no_sections(path: Path) -> Path:
    document = docx.Document()
    document.add_paragraph("关于近期工作的说明")
    document.add_paragraph("今年以来，我们认真落实各项工作要求，取得了一定成绩。")
    document.add_paragraph("下一步，我们将继续努力。")
    document.save(str(path))
    return path


def write_legacy_doc(path: Path) -> Path:
    """The first bytes of a Word 97–2003 file (OLE compound document)."""
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504)
    return path


def write_encrypted(path: Path) -> Path:
    """A password-protected .docx is an OLE container holding an "EncryptedPackage" stream."""
    path.write_bytes(
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 200 + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 200
    )
    return path


def write_corrupt(path: Path) -> Path:
    """A .docx cut short in transfer (zip without its central directory)."""
    good = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("内容")
    document.save(good)
    path.write_bytes(good.getvalue()[:1500])
    return path


def write_not_word_zip(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "not a document")
    return path


def add_object_textbox_and_header(document) -> None:
    """An embedded Excel sheet, a text box and a page header: none is imported as text, all are listed."""
    from docx.oxml import parse_xml

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    paragraph = document.add_paragraph("统计表见附件")
    paragraph._p.append(
        parse_xml(
            f'<w:r {w} xmlns:o="urn:schemas-microsoft-com:office:office"><w:object><o:OLEObject ProgID="Excel.Sheet.12"/></w:object></w:r>'
        )
    )
    paragraph._p.append(
        parse_xml(
            f'<w:r {w} xmlns:v="urn:schemas-microsoft-com:vml"><w:pict><v:shape><v:textbox><w:txbxContent>'
            "<w:p><w:r><w:t>文本框里的提示语</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></w:r>"
        )
    )
    document.sections[0].header.paragraphs[0].text = "**县委组织部案例材料"
