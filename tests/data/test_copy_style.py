"""The Chinese–number spacing rule is off unless a project turns it on (`checks:` in data/taxonomy.yml);
the other copywriting checks stay on."""

from __future__ import annotations

import shutil
from pathlib import Path

from djkb.data.pipeline import check_data
from tests.conftest import MINI_DATA, ROOT


def _data(tmp_path: Path, *, setting: bool | None) -> Path:
    data = tmp_path / "data"
    shutil.copytree(MINI_DATA, data)
    case = data / "cases" / "county-position-upgrade.yml"
    text = case.read_text(encoding="utf-8").replace(
        "阵地建设要对照标准逐项销号。", "10月中旬完成，占30%左右，XX县使用PDCA方法,逐项销号。"
    )
    case.write_text(text, encoding="utf-8")
    if setting is not None:
        taxonomy = data / "taxonomy.yml"
        taxonomy.write_text(
            taxonomy.read_text(encoding="utf-8")
            + f"checks:\n  space_between_chinese_and_digits: {'true' if setting else 'false'}\n",
            encoding="utf-8",
        )
    return data


def _style_warnings(data: Path) -> list[str]:
    result = check_data(data, root=data.parent)
    assert not result.errors, [p.format() for p in result.errors]
    return [p.message for p in result.warnings if "排版建议" in p.message]


def test_numbers_next_to_chinese_are_not_flagged_by_default(tmp_path):
    warnings = _style_warnings(_data(tmp_path, setting=None))
    assert len(warnings) == 1, warnings
    # The Latin word and the half-width comma are still pointed out; the numbers and XX are kept as written.
    assert "宜写作“左右，XX县使用 PDCA 方法，逐项销号。”" in warnings[0]
    assert "中文与英文之间加空格" in warnings[0] and "英文、数字之间" not in warnings[0]
    assert _style_warnings(_data(tmp_path / "off", setting=False)) == warnings


def test_a_project_can_turn_the_number_spacing_rule_on(tmp_path):
    warnings = _style_warnings(_data(tmp_path, setting=True))
    assert len(warnings) == 1, warnings
    assert "宜写作“10 月中旬完成，占 30% 左" in warnings[0] and "中文与英文、数字之间加空格" in warnings[0]


def test_the_setting_is_typed(tmp_path):
    data = _data(tmp_path, setting=None)
    taxonomy = data / "taxonomy.yml"
    taxonomy.write_text(
        taxonomy.read_text(encoding="utf-8") + "checks:\n  space_between_chinese_and_digit: true\n", encoding="utf-8"
    )
    errors = [p.format() for p in check_data(data, root=data.parent).errors]
    assert any("taxonomy.yml" in e and "space_between_chinese_and_digit" in e and "未知字段" in e for e in errors), (
        errors
    )


def test_the_repository_has_no_warnings():
    result = check_data(ROOT / "data", root=ROOT)
    assert [p.format() for p in result.problems] == []
