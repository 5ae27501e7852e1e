"""A .docx file → a flat list of blocks in document order (paragraphs, list items, tables), plus what cannot be imported.

Everything is read through python-docx's objects (Document, Paragraph, Run, Table); the few things python-docx has
no API for (list numbering of a paragraph, footnotes, pictures and embedded objects inside a run, content
controls at body level) are read from python-docx's own element tree with XPath, never by parsing XML ourselves.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml import parse_xml
from docx.oxml.ns import nsmap
from docx.table import Table
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml import etree

from djkb.wordimport.textclean import Cleaned, clean_text

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word 97–2003 .doc, .wps, and password-protected .docx
RT_FOOTNOTES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
MAX_DOCX_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True)
class _Style:
    name: str  # as stored: Word keeps English names ("Heading 1", "Title") even in Chinese Word
    bold: bool | None
    based_on: str | None
    num_id: int | None  # list numbering given by the style
    ilvl: int


class ImportRefused(Exception):
    """A document that cannot be imported at all; the message (Chinese) says why and what to do."""


@dataclass
class Block:
    """One paragraph, list item or table of the document body, in order."""

    kind: str  # "para" | "item" | "table"
    index: int  # 1-based position among the body's blocks ("第 N 段")
    text: str = ""  # plain text (for recognising headings and metadata)
    markdown: str = ""  # the same text with bold kept as **…** and footnote references as ［注N］
    style: str = ""  # paragraph style name as stored (Word stores English names, e.g. "Heading 1", "Title")
    all_bold: bool = False
    list_ordered: bool = False
    list_level: int = 0
    rows: list[list[str]] = field(default_factory=list)  # table cells as Markdown-ready text
    footnotes: list[str] = field(default_factory=list)  # footnote numbers referenced here ("1", "2")


@dataclass
class Skipped:
    """Something in the document not imported as text (a picture, an embedded object, a text box…)."""

    what: str  # 图片 / 嵌入对象 / 文本框 / 页眉页脚 …
    index: int  # block position, 0 when outside the body
    detail: str = ""  # alt text, the text of a text box, nearby words


@dataclass
class DocxContent:
    path: Path
    blocks: list[Block]
    skipped: list[Skipped]
    footnotes: dict[str, str]  # number → text
    core_title: str
    cleaned: list[tuple[int, str]]  # (block index, what was removed or replaced)


def refuse_reason(path: Path, raw: bytes) -> str | None:
    """Why this file cannot be read as .docx (Chinese, naming the fix), or None when it looks like a .docx."""
    suffix = path.suffix.lower()
    if not raw:
        return "文件是空的（0 字节），可能在复制或下载时出错。请重新保存或重新获取这个文件。"
    if raw.startswith(OLE_MAGIC):
        if "EncryptedPackage".encode("utf-16-le") in raw:
            return "文件设置了打开密码（已加密），无法读取。请在 Word 中打开，删除密码（“文件”→“信息”→“保护文档”→“用密码进行加密”，清空密码）后另存为 .docx，再导入。"
        if suffix == ".wps":
            return "这是 WPS 文字的旧格式（.wps），无法直接读取。请在 WPS 中打开，“文件”→“另存为”，文件类型选择“Word 文档（*.docx）”，再导入新文件。"
        return "这是 Word 97–2003 的旧格式（.doc），无法直接读取。请在 Word 或 WPS 中打开，“文件”→“另存为”，保存类型选择“Word 文档（*.docx）”，再导入新文件。"
    if suffix == ".wps":
        return "这是 WPS 文字格式（.wps），无法直接读取。请在 WPS 中打开，“文件”→“另存为”，文件类型选择“Word 文档（*.docx）”，再导入新文件。"
    if suffix in (".odt", ".rtf", ".pdf", ".txt", ".html", ".htm"):
        return f"不支持 {suffix} 文件，只能导入 Word 文档（.docx）。请在 Word 或 WPS 中打开，另存为“Word 文档（*.docx）”，再导入。"
    if len(raw) > MAX_DOCX_BYTES:
        return f"文件过大（{len(raw) // (1024 * 1024)} MB）。一篇案例材料通常不超过几 MB：请删除文中的大图片后另存，再导入。"
    if not raw.startswith(b"PK"):
        return "文件已损坏，或不是 Word 文档（.docx 文件应是一个压缩包）。请在 Word 中打开确认，另存为 .docx 后再导入。"
    return None


def read_docx(path: Path) -> DocxContent:
    """Read one .docx file; raise `ImportRefused` (with a Chinese message) when it is not a readable .docx."""

    if not path.exists():
        raise ImportRefused("找不到这个文件。请检查文件名和路径（文件名中有空格时请加英文引号）。")
    if path.is_dir():
        raise ImportRefused("这是一个文件夹，里面没有找到 Word 文件（.docx）。")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ImportRefused(f"无法读取文件：{exc.strerror or exc}。请检查文件是否存在、是否有读取权限。") from None
    reason = refuse_reason(path, raw)
    if reason:
        raise ImportRefused(reason)
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile, AttributeError, TypeError):
        raise ImportRefused(
            "文件已损坏，或不是 Word 文档（压缩包里没有 Word 正文）。请在 Word 中打开，确认能正常显示后另存为 .docx，再导入。"
        ) from None
    except Exception as exc:  # lxml syntax errors and the like from a damaged package
        if type(exc).__module__.startswith(("lxml", "docx")):
            raise ImportRefused(
                "文件已损坏，Word 文档的内部结构无法读取。请在 Word 中打开，另存为 .docx 后再导入。"
            ) from None
        raise
    return _Reader(document, path).read()


_NUMBERED_FORMATS_BULLET = {"bullet", "none"}


class _Reader:
    def __init__(self, document: Any, path: Path):
        self.document = document
        self.path = path
        self.blocks: list[Block] = []
        self.skipped: list[Skipped] = []
        self.cleaned: list[tuple[int, str]] = []
        self.footnotes = self._footnotes()
        self._numbering = self._numbering_element()
        self._styles, self._default_paragraph_style = self._style_table()

    def read(self) -> DocxContent:
        body = self.document.element.body
        for element in self._body_children(body):
            tag = element.tag.rsplit("}", 1)[-1]
            if tag == "p":
                self._paragraph(Paragraph(element, self.document))
            elif tag == "tbl":
                self._table(Table(element, self.document))
        self._headers_footers()
        title = (self.document.core_properties.title or "").strip()
        return DocxContent(self.path, self.blocks, self.skipped, self.footnotes, title, self.cleaned)

    def _body_children(self, parent: Any) -> Iterator[Any]:
        """Paragraphs and tables in order, looking inside content controls (w:sdt) and custom XML wrappers."""
        for child in parent.iterchildren():
            tag = child.tag.rsplit("}", 1)[-1] if isinstance(child.tag, str) else ""
            if tag in ("p", "tbl"):
                yield child
            elif tag == "sdt":
                for content in _xp(child, "./w:sdtContent"):
                    yield from self._body_children(content)
            elif tag in ("customXml", "ins", "smartTag"):
                yield from self._body_children(child)

    # -- paragraphs ------------------------------------------------------------------------------------

    def _paragraph(self, paragraph: Any) -> None:
        index = len(self.blocks) + 1
        pieces: list[tuple[str, bool]] = []
        notes: list[str] = []
        for r in _xp(paragraph._p, ".//w:r[not(ancestor::w:txbxContent) and not(ancestor::w:del)]"):
            self._run_objects(r, index, paragraph)
            for ref in _xp(r, "./w:footnoteReference/@w:id"):
                notes.append(ref)
                pieces.append((f"［注{ref}］", False))
            text = _run_text(r)
            if text:
                pieces.append((text, self._is_bold(r, paragraph)))
        plain_raw = "".join(t for t, _ in pieces)
        if not plain_raw.strip():
            if plain_raw:
                self._clean(plain_raw, index)  # only spaces: nothing to keep
            return
        cleaned_pieces = [(self._clean(t, index), bold) for t, bold in pieces]
        text = "".join(t for t, _ in cleaned_pieces).strip()
        visible = [(t, b) for t, b in cleaned_pieces if t.strip()]
        all_bold = bool(visible) and all(b for t, b in visible if not t.startswith("［注"))
        block = Block(
            kind="para",
            index=index,
            text=text,
            markdown=_markdown_runs(cleaned_pieces).strip(),
            style=self._style_name(paragraph),
            all_bold=all_bold,
            footnotes=notes,
        )
        # Word-numbered headings (一、 generated by a heading style's numbering) stay headings, not list items.
        numbering = None if _HEADING_STYLE_NAME.match(block.style) else self._list_info(paragraph)
        if numbering is not None:
            block.kind = "item"
            block.list_ordered, block.list_level = numbering
        self.blocks.append(block)

    def _clean(self, text: str, index: int) -> str:
        result: Cleaned = clean_text(text)
        self.cleaned.extend((index, note) for note in result.notes)
        return result.text

    def _style_table(self) -> tuple[dict[str, _Style], str | None]:
        """Every style once (python-docx looks a style up by scanning all of them, per call)."""

        table: dict[str, _Style] = {}
        default_paragraph = None
        numbered: dict[str, tuple[int, int]] = {}  # one query for the few styles that carry list numbering
        for element in _xp(self.document.styles.element, "./w:style[w:pPr/w:numPr/w:numId]"):
            ilvl = _xp(element, "./w:pPr/w:numPr/w:ilvl/@w:val")
            numbered[element.styleId] = (
                int(_xp(element, "./w:pPr/w:numPr/w:numId/@w:val")[0]),
                int(ilvl[0]) if ilvl else 0,
            )
        for style in self.document.styles:
            element = style.element
            style_id = element.styleId
            if style_id is None:
                continue
            bold = style.font.bold if style.type in (WD_STYLE_TYPE.PARAGRAPH, WD_STYLE_TYPE.CHARACTER) else None
            num_id, ilvl = numbered.get(style_id, (None, 0))
            table[style_id] = _Style(element.name_val or style_id, bold, element.basedOn_val, num_id, ilvl)
            if style.type == WD_STYLE_TYPE.PARAGRAPH and element.default:
                default_paragraph = style_id
        return table, default_paragraph

    def _chain(self, style_id: str | None) -> Iterator[_Style]:
        seen: set[str] = set()
        while style_id and style_id in self._styles and style_id not in seen:
            seen.add(style_id)
            style = self._styles[style_id]
            yield style
            style_id = style.based_on

    def _paragraph_style_id(self, paragraph: Any) -> str | None:
        ppr = paragraph._p.pPr
        return (ppr.style if ppr is not None and ppr.style else None) or self._default_paragraph_style

    def _is_bold(self, r: Any, paragraph: Any) -> bool:
        rpr = r.rPr
        if rpr is not None and rpr.b is not None:
            return rpr.b.val is not False
        for style in self._chain(rpr.style if rpr is not None else None):
            if style.bold is not None:
                return style.bold
        for style in self._chain(self._paragraph_style_id(paragraph)):
            if style.bold is not None:
                return style.bold
        return False

    def _style_name(self, paragraph: Any) -> str:
        style_id = self._paragraph_style_id(paragraph)
        return self._styles[style_id].name if style_id in self._styles else ""

    def _run_objects(self, r: Any, index: int, paragraph: Any) -> None:
        """Pictures, embedded objects, charts and text boxes in a run: listed, never dropped silently."""
        near = paragraph.text.strip()[:20]
        if near:
            where = f"（所在段落：“{near}”）"
        elif self.blocks:
            index = self.blocks[-1].index
            where = f"（单独占一段，在第 {index} 段“{self.blocks[-1].text[:15]}”之后）"
        else:
            where = "（单独占一段，在正文最前面）"
        for box in _xp(r, ".//w:txbxContent"):
            text = "".join(_run_text(x) for x in _xp(box, ".//w:r"))
            if text.strip():
                self.skipped.append(Skipped("文本框", index, f"文字：“{clean_text(text).text.strip()}”"))
        for drawing in _xp(r, "./w:drawing"):
            if _xp(drawing, ".//w:txbxContent"):
                continue
            names = _xp(drawing, ".//wp:docPr/@descr") or _xp(drawing, ".//wp:docPr/@name")
            label = f"“{names[0]}”" if names and names[0] else ""
            uri = _xp(drawing, ".//a:graphicData/@uri")
            what = "图表" if uri and "chart" in uri[0] else "图片"
            self.skipped.append(Skipped(what, index, f"{label}{where}"))
        for _ in _xp(r, "./w:pict[not(.//w:txbxContent)]"):
            self.skipped.append(Skipped("图片", index, where))
        for obj in _xp(r, "./w:object"):
            prog = _xp(obj, ".//@ProgID")
            self.skipped.append(Skipped("嵌入对象", index, (f"类型：{prog[0]}" if prog else "") + where))

    def _list_info(self, paragraph: Any) -> tuple[bool, int] | None:
        """(ordered, level) when the paragraph is a Word list item (numbering on it or on its style)."""
        num_id, level = None, 0
        ppr = paragraph._p.pPr
        if ppr is not None and ppr.numPr is not None:
            if ppr.numPr.numId is not None:
                num_id = ppr.numPr.numId.val
            if ppr.numPr.ilvl is not None:
                level = ppr.numPr.ilvl.val
        if num_id is None:
            for style in self._chain(self._paragraph_style_id(paragraph)):
                if style.num_id is not None:
                    num_id, level = style.num_id, style.ilvl
                    break
        if num_id is None or num_id == 0:  # numId 0 means "numbering removed"
            name = self._style_name(paragraph).lower()
            if name.startswith("list bullet"):
                return False, _style_level(name)
            if name.startswith("list number"):
                return True, _style_level(name)
            return None
        return self._is_ordered(num_id, level), level

    def _numbering_element(self) -> Any:
        try:
            return self.document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return None

    def _is_ordered(self, num_id: int, level: int) -> bool:
        if self._numbering is None:
            return False
        abstract = _xp(self._numbering, f"./w:num[@w:numId='{num_id}']/w:abstractNumId/@w:val")
        if not abstract:
            return False
        fmt = _xp(
            self._numbering,
            f"./w:abstractNum[@w:abstractNumId='{abstract[0]}']/w:lvl[@w:ilvl='{level}']/w:numFmt/@w:val",
        )
        return bool(fmt) and fmt[0] not in _NUMBERED_FORMATS_BULLET

    # -- tables ----------------------------------------------------------------------------------------

    def _table(self, table: Any) -> None:
        index = len(self.blocks) + 1
        rows: list[list[str]] = []
        seen: list[Any] = []  # merged cells come back once per grid position: keep their text once
        for row in table.rows:
            cells: list[str] = []
            for cell in row.cells:
                if any(cell._tc is s for s in seen):
                    cells.append("")
                    continue
                seen.append(cell._tc)
                parts = []
                for p in _xp(cell._tc, ".//w:p[not(ancestor::w:txbxContent)]"):
                    para = Paragraph(p, cell)
                    pieces = []
                    for r in _xp(p, ".//w:r[not(ancestor::w:txbxContent) and not(ancestor::w:del)]"):
                        self._run_objects(r, index, para)
                        for ref in _xp(r, "./w:footnoteReference/@w:id"):
                            pieces.append((f"［注{ref}］", False))
                        text = _run_text(r)
                        if text:
                            pieces.append((self._clean(text, index), self._is_bold(r, para)))
                    md = _markdown_runs(pieces).strip()
                    if md:
                        parts.append(md)
                if _xp(cell._tc, ".//w:tbl"):
                    self.cleaned.append((index, "表格单元格中嵌套的表格已展开为文字"))
                cells.append(" ".join(parts))  # a cell's paragraphs: one line in a Markdown table
            rows.append(cells)
        if any(c.strip() for row in rows for c in row):
            self.blocks.append(
                Block(kind="table", index=index, rows=rows, text=" ".join(c for row in rows for c in row))
            )

    # -- footnotes, headers, footers -------------------------------------------------------------------

    def _footnotes(self) -> dict[str, str]:
        part = None
        for rel in self.document.part.rels.values():
            if rel.reltype == RT_FOOTNOTES and not rel.is_external:
                part = rel.target_part
        if part is None:
            return {}
        element = getattr(part, "element", None)
        if element is None:
            element = parse_xml(part.blob)
        notes: dict[str, str] = {}
        for note in _xp(element, "./w:footnote"):
            if _xp(note, "./@w:type"):
                continue  # separators, not notes
            number = _xp(note, "./@w:id")[0]
            text = "".join(_run_text(r) for r in _xp(note, ".//w:r"))
            notes[number] = clean_text(text).text.strip()
        return notes

    def _headers_footers(self) -> None:
        seen: set[str] = set()
        for section in self.document.sections:
            for what, part in (("页眉", section.header), ("页脚", section.footer)):
                if part.is_linked_to_previous:
                    continue
                text = " ".join(p.text.strip() for p in part.paragraphs if p.text.strip())
                if text and text not in seen and not re.fullmatch(r"[\d\s\-—/第页共PAGE]*", text):
                    seen.add(text)
                    self.skipped.append(Skipped(what, 0, f"文字：“{clean_text(text).text}”"))


def _xp(element: Any, expression: str) -> list[Any]:
    """XPath with Word's namespaces, on python-docx elements and on plain lxml ones (text boxes, footnotes) alike."""

    return etree._Element.xpath(element, expression, namespaces=nsmap)


def _run_text(r: Any) -> str:
    return Run(r, None).text


def _style_level(name: str) -> int:
    match = re.search(r"(\d)$", name)
    return max(int(match.group(1)) - 1, 0) if match else 0


_HEADING_STYLE_NAME = re.compile(r"^(?:heading|标题)\s*\d$|^title$", re.I)
_MD_SPECIAL = re.compile(r"([\\`*_\[\]])")


def escape_markdown(text: str) -> str:
    """Text as Markdown that shows exactly this text (anonymised “**县” must not turn bold)."""
    return _MD_SPECIAL.sub(r"\\\1", text)


def _markdown_runs(pieces: list[tuple[str, bool]]) -> str:
    """Runs → Markdown with bold kept: neighbouring bold runs merge into one **…**."""
    out: list[str] = []
    bold_buffer: list[str] = []

    def flush() -> None:
        if bold_buffer:
            joined = "".join(bold_buffer)
            inner = joined.strip()
            if inner:
                lead = joined[: len(joined) - len(joined.lstrip())]
                trail = joined[len(joined.rstrip()) :]
                out.append(f"{lead}**{escape_markdown(inner)}**{trail}")
            else:
                out.append(joined)
            bold_buffer.clear()

    for text, bold in pieces:
        if bold and not text.startswith("［注"):
            bold_buffer.append(text)
        else:
            flush()
            out.append(text if text.startswith("［注") else escape_markdown(text))
    flush()
    return "".join(out)
