"""The whole dataset as JSON and as CSV files that open correctly in Excel.

Pure: corpus → {file name: bytes}. The glue puts the files into the site (`export/…`), `djkb export` writes
them to a folder. CSV details, for Excel: UTF-8 with BOM, CRLF line ends, one file per record type, headers
are the Chinese field names, a list is one value per line inside its cell, nested data (standard items, case
outcomes) is JSON, and a cell starting with = + - @ gets a leading apostrophe so Excel does not read it as a
formula. `read_csv` undoes all of this, so the export round-trips to the records.
"""

from __future__ import annotations

import csv
import io
import json
import types
import typing
from typing import Any

from pydantic import BaseModel

from djkb.link import Corpus
from djkb.schema import RECORD_TYPE_BY_KIND, Record

EXPORT_DIR = "export"
JSON_NAME = "djkb-data.json"
FORMAT = "djkb-export/1"
CSV_NAMES = {kind: f"{kind}.csv" for kind in RECORD_TYPE_BY_KIND}
ITEMS_CSV_NAME = "standard-items.csv"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def record_dict(record: Record) -> dict[str, Any]:
    return record.model_dump(mode="json")


def export_json(corpus: Corpus) -> str:
    data: dict[str, Any] = {
        "format": FORMAT,
        "counts": {kind: len(corpus.records(kind)) for kind in Corpus.KINDS},
        "taxonomy": corpus.taxonomy.model_dump(mode="json"),
    }
    for kind in Corpus.KINDS:
        data[kind] = [record_dict(r) for _, r in sorted(corpus.records(kind).items())]
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


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
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def export_csv(corpus: Corpus, kind: str) -> bytes:
    model = RECORD_TYPE_BY_KIND[kind]
    headers = csv_headers(model)
    shapes = {name: _field_shape(model, name) for name in headers}
    rows = []
    for _, record in sorted(corpus.records(kind).items()):
        data = record_dict(record)
        rows.append([encode_cell(shapes[name], data[name]) for name in headers])
    return _csv_bytes(list(headers.values()), rows)


def export_items_csv(corpus: Corpus) -> bytes:
    """One row per standard item, with how many cases apply it (the flat view editors filter in Excel)."""
    header = ["标准编号", "标准名称", "序号", "条目编号", "条目名称", "条目说明", "量化要求", "应用案例数"]
    rows = []
    for std_id, standard in sorted(corpus.standards.items()):
        for number, item in enumerate(standard.items, start=1):
            applied = len(corpus.cases_by_item.get((std_id, item.id), []))
            rows.append([std_id, _protect(standard.name), str(number), item.id, _protect(item.title), _protect(item.text or ""), _protect(item.requirement or ""), str(applied)])
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


def export_files(corpus: Corpus) -> dict[str, bytes]:
    """Every export file, by its path under the site (`export/…`)."""
    files = {f"{EXPORT_DIR}/{JSON_NAME}": export_json(corpus).encode("utf-8")}
    for kind in Corpus.KINDS:
        files[f"{EXPORT_DIR}/{CSV_NAMES[kind]}"] = export_csv(corpus, kind)
    files[f"{EXPORT_DIR}/{ITEMS_CSV_NAME}"] = export_items_csv(corpus)
    return files


# -- `djkb export` ----------------------------------------------------------------------------------


def cmd_export(args) -> int:
    import sys
    from pathlib import Path

    from djkb.cli import _project_root
    from djkb.errors import DataError
    from djkb.pipeline import load_corpus

    root = _project_root()
    data_dir = Path(args.data) if args.data else root / "data"
    try:
        corpus = load_corpus(data_dir, root=root, include_drafts=args.drafts)
    except DataError as exc:
        print("数据检查未通过，没有导出：\n" + exc.report(), file=sys.stderr)
        return 1
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for path, content in export_files(corpus).items():
        (out / path.rsplit("/", 1)[-1]).write_bytes(content)
    print(f"已导出 {corpus.count()} 条记录到 {out}（JSON 和 CSV，CSV 可用 Excel 直接打开）。")
    return 0


def register(sub) -> None:
    command = sub.add_parser("export", help="导出全部数据为 JSON 和 CSV（Excel 可直接打开）")
    command.add_argument("--out", default="export", help="输出目录（默认：export）")
    command.add_argument("--data", help="数据目录（默认：项目的 data/）")
    command.add_argument("--drafts", action="store_true", help="同时导出草稿案例")
    command.set_defaults(func=cmd_export)
