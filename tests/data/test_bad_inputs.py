"""Every mistake an editor can make is rejected at its line with a Chinese message (tests/bad_inputs)."""

from __future__ import annotations

import shutil

import pytest
import yaml

from djkb.data.pipeline import check_data
from tests.conftest import MINI_DATA, TESTS_DIR

BAD_INPUTS = TESTS_DIR / "bad_inputs"
CASES = yaml.safe_load((BAD_INPUTS / "expected.yml").read_text(encoding="utf-8"))


def test_corpus_covers_every_kind_of_mistake():
    assert len(CASES) >= 40
    files = {case["file"] for case in CASES}
    assert len(files) == len(CASES)
    on_disk = {p.name for p in BAD_INPUTS.iterdir() if p.name != "expected.yml"}
    assert on_disk == files, "every bad input file has an entry in expected.yml and the other way round"


@pytest.mark.parametrize("case", CASES, ids=[c["file"] for c in CASES])
def test_bad_input_is_rejected_with_its_message_at_its_line(case, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(MINI_DATA, data)
    target = data / case["target"]
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(BAD_INPUTS / case["file"], target)

    result = check_data(data, root=tmp_path)

    shown = f"data/{case['target']}"
    got = [p.format().removeprefix(f"{shown}:") for p in result.problems if p.path == shown]
    assert got == case["expect"]
    assert any(p.is_error and p.path == shown for p in result.problems), "a bad input must be an error, not a warning"
    # Nothing else in the sample data is blamed for this file's mistake.
    assert [p for p in result.problems if p.path != shown] == []
