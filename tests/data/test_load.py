"""Golden tests for the strict loader (tests/golden/load_cases.yml)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from djkb.data.load import load_bytes
from djkb.errors import DataError
from tests.conftest import TESTS_DIR

GOLDEN = yaml.safe_load((TESTS_DIR / "golden" / "load_cases.yml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", GOLDEN, ids=[c["name"] for c in GOLDEN])
def test_golden_load(case):
    raw = case["input"].encode("utf-8")
    if "data" in case:
        doc = load_bytes(raw, path=Path("x.yml"), display="x.yml")
        assert doc.data == case["data"]
    else:
        with pytest.raises(DataError) as info:
            load_bytes(raw, path=Path("x.yml"), display="x.yml")
        got = [p.format().removeprefix("x.yml:") for p in info.value.problems]
        assert got == case["errors"]


def test_positions_point_at_values():
    doc = load_bytes("id: a-b\nitems:\n  - id: first\n    title: 甲\n".encode(), path=Path("x.yml"))
    assert doc.position(("items", 0, "title")) == (4, 12)
    assert doc.position(("items", 0, "title"), key=True) == (4, 5)
    assert doc.position(("missing",)) == (1, 1)


def test_gbk_file_is_named_and_told_to_save_as_utf8():
    with pytest.raises(DataError) as info:
        load_bytes("title: 三会一课\n".encode("gbk"), path=Path("x.yml"), display="x.yml")
    (problem,) = info.value.problems
    assert problem.line == 1 and problem.col == 8
    assert "GBK/GB18030" in problem.message and "请另存为 UTF-8" in problem.message
