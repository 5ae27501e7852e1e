"""The whole dataset as JSON and as CSV files that open correctly in Excel.

Pure: corpus → {file name: bytes}. The site (and offline bundles) carry them as ONE deterministic zip,
`export/djkb-data.zip`, with a Chinese 说明.txt (4.7 MB of text per 1,000 cases shrinks to about a
tenth); `djkb export` writes the plain files to a folder (`--zip`: the same zip). CSV details, for Excel: UTF-8 with BOM, CRLF line ends, one file per record type, headers
are the Chinese field names, a list is one value per line inside its cell, nested data (standard items, case
outcomes) is JSON, and a cell starting with = + - @ gets a leading apostrophe so Excel does not read it as a
formula. `read_csv` undoes all of this, so the export round-trips to the records.
"""

from __future__ import annotations

import csv
import io
import json
import re
import types
import typing
import zipfile
from typing import Any, Callable

from pydantic import BaseModel

from djkb.data.link import Corpus
from djkb.data.schema import RECORD_TYPE_BY_KIND, Record
from djkb.kept import Kept
from djkb.pages.tracing import read_whole

EXPORT_DIR = "export"
JSON_NAME = "djkb-data.json"
FORMAT = "djkb-export/1"
CSV_NAMES = {kind: f"{kind}.csv" for kind in RECORD_TYPE_BY_KIND}
ITEMS_CSV_NAME = "standard-items.csv"
ARCHIVE_NAME = "djkb-data.zip"
ARCHIVE_PATH = f"{EXPORT_DIR}/{ARCHIVE_NAME}"  # the site's one export file
README_NAME = "说明.txt"
# Fixed for a reproducible build: same data → byte-identical zip (MS-DOS dates start in 1980).
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)
_ZIP_LEVEL = 6  # zlib's default: ~0.1 s per 1,000 cases; level 9 saves 2 % and takes half as long again
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def record_dict(record: Record) -> dict[str, Any]:
    return record.model_dump(mode="json")


def export_json(corpus: Corpus, kept: Kept | None = None) -> str:
    """The whole corpus as indented JSON. Each record is written on its own and set into the document, as
    `json.dumps` of the whole would write it (Python writes indented JSON in pure Python, a tenth of a second
    per thousand cases): `kept` then spares writing again the records an edit did not change."""
    data: dict[str, Any] = {
        "format": FORMAT,
        "counts": {kind: len(corpus.records(kind)) for kind in Corpus.KINDS},
        "taxonomy": corpus.taxonomy.model_dump(mode="json"),
    }
    texts: list[str] = []
    for kind in Corpus.KINDS:
        data[kind] = []
        for _, record in sorted(corpus.records(kind).items()):
            data[kind].append(f"{_SLOT}{len(texts)}")
            texts.append(_record_json(record, kept))
    document = json.dumps(data, ensure_ascii=False, indent=1)
    # A record is two levels deep: its lines are indented by two more spaces than on its own.
    return _SLOT_TEXT.sub(lambda m: texts[int(m.group(1))].replace("\n", "\n  "), document) + "\n"


_SLOT = "\0djkb-record:"  # a control character: never in a record's JSON unescaped, so never in `document` as is
_SLOT_TEXT = re.compile(r'"\\u0000djkb-record:(\d+)"')


def _record_json(record: Record, kept: Kept | None) -> str:
    return _kept_text(
        kept, "record json", record, lambda: json.dumps(record_dict(record), ensure_ascii=False, indent=1)
    )


def _kept_text(kept: Kept | None, what: str, record: Record, make: Callable[[], str]) -> str:
    """`make()`, the text of one record in an export file; with `kept`, made again only for a changed record."""
    if kept is None:
        return make()
    key = (what, id(record))
    found = kept.get(key)
    if found is not None and found[0] is record:  # records are never changed after loading
        return found[1]
    text = make()
    kept.put(key, (record, text))
    return text


# -- CSV --------------------------------------------------------------------------------------------


def csv_headers(model: type[BaseModel]) -> dict[str, str]:
    """field name → Chinese column header (the field's label up to its first explanation bracket)."""
    headers: dict[str, str] = {}
    shared = [name for name in Record.model_fields if name != "id"]  # tags, sources…: after the record's own fields
    names = [name for name in model.model_fields if name not in shared] + shared
    for name in names:
        info = model.model_fields[name]
        label = (info.description or name).split("（", 1)[0].strip() or name
        headers[name] = label if label not in headers.values() else f"{label}（{name}）"
    return headers


def _field_shape(model: type[BaseModel], name: str) -> str:
    """'list', 'json' (nested models), 'int' or 'str': how a field is written into a cell."""
    target = model.model_fields[name].annotation
    if typing.get_origin(target) in (typing.Union, types.UnionType):
        target = next(a for a in typing.get_args(target) if a is not type(None))
    origin = typing.get_origin(target)
    if origin is typing.Annotated:
        target = typing.get_args(target)[0]
        origin = typing.get_origin(target)
    if origin is list:
        (inner,) = typing.get_args(target)
        if typing.get_origin(inner) is typing.Annotated:
            inner = typing.get_args(inner)[0]
        return "json" if isinstance(inner, type) and issubclass(inner, BaseModel) else "list"
    if target is int:
        return "int"
    return "str"


def _protect(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_START) else text


def _unprotect(text: str) -> str:
    return text[1:] if text.startswith("'") and text[1:].startswith(_FORMULA_START) else text


def encode_cell(shape: str, value: Any) -> str:
    if value is None:
        return ""
    if shape == "json":
        return json.dumps(value, ensure_ascii=False) if value else ""
    if shape == "list":
        if any("\n" in str(v) for v in value):
            return json.dumps(value, ensure_ascii=False)  # a value with line breaks: one JSON list instead
        return _protect("\n".join(str(v) for v in value))
    return _protect(str(value))


def decode_cell(shape: str, text: str) -> Any:
    if shape == "json":
        return json.loads(text) if text else []
    if shape == "list":
        if text.startswith('["'):
            return json.loads(text)
        return _unprotect(text).split("\n") if text else []
    if text == "":
        return None
    if shape == "int":
        return int(text)
    return _unprotect(text)


def _csv_bytes(header: list[str], rows: list[list[str]]) -> bytes:
    return (_csv_line(header) + "".join(_csv_line(row) for row in rows)).encode("utf-8-sig")


def _csv_line(row: list[str]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(row)
    return buffer.getvalue()


def export_csv(corpus: Corpus, kind: str, kept: Kept | None = None) -> bytes:
    """One CSV line per record of `kind`; `kept`: see `export_json`."""
    model = RECORD_TYPE_BY_KIND[kind]
    headers = csv_headers(model)
    shapes = {name: _field_shape(model, name) for name in headers}

    def line(record: Record) -> str:
        data = record_dict(record)
        return _csv_line([encode_cell(shapes[name], data[name]) for name in headers])

    lines = [
        _kept_text(kept, "record csv", record, lambda: line(record))
        for _, record in sorted(corpus.records(kind).items())
    ]
    return (_csv_line(list(headers.values())) + "".join(lines)).encode("utf-8-sig")


def export_items_csv(corpus: Corpus) -> bytes:
    """One row per standard item, with how many cases apply it (the flat view editors filter in Excel)."""
    header = ["标准编号", "标准名称", "序号", "条目编号", "条目名称", "条目说明", "量化要求", "应用案例数"]
    rows = []
    for std_id, standard in sorted(corpus.standards.items()):
        for number, item in enumerate(standard.items, start=1):
            applied = len(corpus.cases_by_item.get((std_id, item.id), []))
            rows.append(
                [
                    std_id,
                    _protect(standard.name),
                    str(number),
                    item.id,
                    _protect(item.title),
                    _protect(item.text or ""),
                    _protect(item.requirement or ""),
                    str(applied),
                ]
            )
    return _csv_bytes(header, rows)


def read_csv(kind: str, data: bytes) -> list[dict[str, Any]]:
    """A record-type CSV back into plain record dicts (inverse of `export_csv`)."""
    model = RECORD_TYPE_BY_KIND[kind]
    headers = csv_headers(model)
    by_header = {label: name for name, label in headers.items()}
    reader = csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""))
    header = next(reader)
    unknown = [h for h in header if h not in by_header]
    if unknown:
        raise ValueError(f"无法识别的列：{'、'.join(unknown)}")
    records = []
    for row in reader:
        values = {}
        for label, text in zip(header, row):
            name = by_header[label]
            values[name] = decode_cell(_field_shape(model, name), text)
        records.append(values)
    return records


def export_files(corpus: Corpus, kept: Kept | None = None) -> dict[str, bytes]:
    """Every export file by name: the JSON and one CSV per record type plus the standard items."""
    files = {JSON_NAME: export_json(corpus, kept).encode("utf-8")}
    for kind in Corpus.KINDS:
        files[CSV_NAMES[kind]] = export_csv(corpus, kind, kept)
    files[ITEMS_CSV_NAME] = export_items_csv(corpus)
    return files


# -- the zip ----------------------------------------------------------------------------------------


def readme_text(corpus: Corpus, *, site_name: str = "") -> str:
    counts = {kind: len(corpus.records(kind)) for kind in Corpus.KINDS}
    items = sum(len(standard.items) for standard in corpus.standards.values())
    lines = [
        f"{site_name} · 数据导出说明" if site_name else "数据导出说明",
        "",
        f"格式版本：{FORMAT}",
        f"记录数：案例 {counts['cases']} 个、标准规范 {counts['standards']} 项（条目 {items} 条）、品牌项目 {counts['brands']} 个、"
        f"术语 {counts['glossary']} 个、来源文件 {counts['sources']} 份，共 {sum(counts.values())} 条。",
        "",
        "文件：",
        f"  {JSON_NAME}：全部记录和受控词表（JSON，UTF-8），供程序读取。“format”为格式版本，“counts”为各类记录数。",
        f"  {CSV_NAMES['cases']}：典型案例，每行一个案例。",
        f"  {CSV_NAMES['standards']}：标准规范，每行一项标准（条目在“条目”列中，为 JSON 文本）。",
        f"  {ITEMS_CSV_NAME}：标准条目，每行一个条目，含应用这一条的案例数。",
        f"  {CSV_NAMES['brands']}：品牌项目，每行一个。",
        f"  {CSV_NAMES['glossary']}：术语，每行一个。",
        f"  {CSV_NAMES['sources']}：来源文件，每行一份。",
        "",
        "用 Excel 打开 CSV：",
        "  1. 先把压缩包解压（右键 →“全部解压缩”），再双击 CSV 文件，Excel 或 WPS 表格直接打开，中文不乱码（UTF-8 带 BOM 编码）。",
        "  2. 第一行是中文列名。列表字段（如标签、应用的标准条目）在单元格内每行一项；看不到换行时，选中该列，点“自动换行”。",
        "  3. 以 = + - @ 开头的内容前加了一个英文单引号 '，以免 Excel 把它当作公式。",
        "  4. 嵌套内容（标准的条目、案例的量化成效）是 JSON 文本。",
        "  5. 修改后如需保存，请另存为“CSV UTF-8（逗号分隔）”格式，否则中文可能变成乱码。",
        "",
    ]
    # Notepad on older Windows needs the BOM to read UTF-8, and CRLF to show the lines.
    return "\ufeff" + "\r\n".join(lines)


def archive_bytes(files: dict[str, bytes]) -> bytes:
    """A deterministic zip of named files: sorted entries, fixed dates and permissions, DEFLATE."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=_ZIP_LEVEL) as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
            info.create_system = 3  # Unix, whatever machine builds it
            info.external_attr = 0o100644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, files[name], compresslevel=_ZIP_LEVEL)
    return buffer.getvalue()


def export_archive(corpus: Corpus, *, site_name: str = "", kept: Kept | None = None) -> bytes:
    """The whole export as one zip: `export_files` plus 说明.txt. `kept`: see `export_json`."""
    corpus = read_whole(corpus)  # a page traced for `mkdocs serve` (djkb/pages/tracing.py) depends on every record here
    files = export_files(corpus, kept)
    files[README_NAME] = readme_text(corpus, site_name=site_name).encode("utf-8")
    return archive_bytes(files)


def read_archive(data: bytes) -> dict[str, bytes]:
    """The files inside an export zip, by name (tests and scripts read the data back with this)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def human_size(size: int) -> str:
    """A file size as a reader expects it next to a download link: 870 字节, 540 KB, 1.2 MB."""
    if size < 1024:
        return f"{size} 字节"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / 1024 / 1024:.1f} MB"
