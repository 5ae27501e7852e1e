"""Shared checks for the data export zip (djkb/pages/export.py): used on the pure export, the built site and the
offline bundles, so each proves the same round-trip guarantee on what a reader actually downloads."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from typing import Mapping

from djkb.data.schema import RECORD_TYPE_BY_KIND, Record
from djkb.pages import export

EXPECTED_NAMES = {export.JSON_NAME, export.ITEMS_CSV_NAME, export.README_NAME, *export.CSV_NAMES.values()}
COUNT_WORDS = {
    "cases": "案例 {} 个",
    "standards": "标准规范 {} 项",
    "brands": "品牌项目 {} 个",
    "glossary": "术语 {} 个",
    "sources": "来源文件 {} 份",
}


def unpack_export(data: bytes) -> dict[str, bytes]:
    """The files of an export zip, after checking it is the reproducible zip the site promises."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        infos = archive.infolist()
        names = [info.filename for info in infos]
        assert names == sorted(names)
        assert set(names) == EXPECTED_NAMES
        for info in infos:
            assert info.date_time == (1980, 1, 1, 0, 0, 0), info
            assert info.compress_type == zipfile.ZIP_DEFLATED, info
    files = export.read_archive(data)
    assert set(files) == EXPECTED_NAMES
    return files


def check_export(files: Mapping[str, bytes], expected: Mapping[str, Mapping[str, Record]]) -> None:
    """Exactly the expected records (kind → id → record), every field, in the JSON and in its CSV; the
    standard-items CSV and 说明.txt agree with them."""
    data = json.loads(files[export.JSON_NAME].decode("utf-8"))
    assert data["format"] == export.FORMAT
    for kind, model in RECORD_TYPE_BY_KIND.items():
        records = expected[kind]
        # JSON: every record, every field, exactly.
        in_json = {r["id"]: r for r in data[kind]}
        assert len(in_json) == len(data[kind]) and set(in_json) == set(records), kind
        assert data["counts"][kind] == len(records)
        for record_id, record in records.items():
            assert model.model_validate(in_json[record_id]) == record
        # CSV: BOM, CRLF, Chinese headers, and back to the same records.
        raw = files[export.CSV_NAMES[kind]]
        assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
        header = next(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
        assert header[0] == "编号" and len(header) == len(model.model_fields)
        rows = export.read_csv(kind, raw)
        assert len(rows) == len(records) and {r["id"] for r in rows} == set(records), kind
        for row in rows:
            assert model.model_validate(row) == records[row["id"]]
    items_raw = files[export.ITEMS_CSV_NAME]
    assert items_raw.startswith(b"\xef\xbb\xbf")
    items = list(csv.DictReader(io.StringIO(items_raw.decode("utf-8-sig"))))
    standards = expected["standards"]
    assert [(i["标准编号"], i["条目编号"]) for i in items] == [
        (s_id, item.id) for s_id in sorted(standards) for item in standards[s_id].items
    ]
    readme = files[export.README_NAME]
    assert readme.startswith(b"\xef\xbb\xbf")
    text = readme.decode("utf-8-sig")
    assert export.FORMAT in text and "Excel" in text
    for name in EXPECTED_NAMES - {export.README_NAME}:
        assert name in text
    for kind, words in COUNT_WORDS.items():
        assert words.format(len(expected[kind])) in text
    assert f"共 {sum(len(r) for r in expected.values())} 条" in text
