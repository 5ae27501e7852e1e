"""The loader never raises anything but DataError, whatever bytes it is given (property-based)."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from djkb.data.load import MAX_NESTING, LoadedDoc, load_bytes
from djkb.errors import DataError
from tests.conftest import MINI_DATA

VALID = (MINI_DATA / "cases" / "county-position-upgrade.yml").read_bytes()
# Characters that matter to YAML or to our checks, plus Chinese and the invisible ones editors paste.
YAML_ALPHABET = list(":-[]{}&*!|>#'\"\n ?,%@`~.0123456789abxyesnoONtrue中文：，　\t\r\u2028\u00a0\u200b\ufeff\\")
FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)


def _load(raw: bytes) -> LoadedDoc | None:
    try:
        doc = load_bytes(raw, path=Path("x.yml"), display="x.yml")
    except DataError as exc:
        assert exc.problems, "a DataError always says what is wrong"
        assert all(p.path == "x.yml" and p.line >= 1 and p.col >= 1 and p.message for p in exc.problems)
        return None
    assert isinstance(doc.data, dict)
    return doc


@FUZZ
@given(st.binary(max_size=2000))
def test_any_bytes(raw):
    _load(raw)


@FUZZ
@given(st.text(alphabet=YAML_ALPHABET, max_size=400))
def test_yaml_like_text(text):
    _load(text.encode("utf-8"))


@FUZZ
@given(st.lists(st.tuples(st.integers(0, len(VALID)), st.sampled_from(YAML_ALPHABET)), max_size=6))
def test_mutations_of_a_valid_record(edits):
    text = VALID.decode("utf-8")
    for position, ch in edits:
        position = min(position, len(text))
        text = text[:position] + ch + text[position:]
    _load(text.encode("utf-8"))


@FUZZ
@given(st.integers(1, 60_000), st.sampled_from(["[", "{", "[a, ", "{a: ", "- ", "? "]), st.booleans())
def test_deep_nesting_is_refused_not_crashed(depth, opener, closed):
    # Deep flow nesting crashes libyaml's composer (segfault): the loader refuses it before parsing;
    # block nesting ("- - - …") is caught by the iterative builder.
    closer = {"[": "]", "{": "}", "[a, ": "]", "{a: ": "}"}.get(opener, "")
    body = opener * depth + "x" + (closer * depth if closed else "")
    doc = _load(f"id: deep\nvalue: {body}\n".encode("utf-8"))
    if depth > MAX_NESTING + 1:
        assert doc is None


def test_very_deep_block_nesting_on_one_line():
    # "- - - … x" nests block sequences without brackets: the builder refuses it without recursion.
    raw = ("id: deep\nvalue:\n  " + "- " * 5000 + "x\n").encode("utf-8")
    assert _load(raw) is None
