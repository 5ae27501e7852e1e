"""One run of the check lists every problem of a file: field errors and reference errors together."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from djkb.data.pipeline import check_data
from tests.conftest import MINI_DATA

CASE = "cases/county-position-upgrade.yml"


@pytest.fixture
def data(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(MINI_DATA, target)
    return target


def _edit(data: Path, rel: str, *replacements: tuple[str, str]) -> None:
    path = data / rel
    text = path.read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")


def _problems(data: Path, rel: str) -> list[str]:
    result = check_data(data, root=data.parent)
    shown = f"data/{rel}"
    return [p.format().removeprefix(f"{shown}:") for p in result.problems if p.path == shown]


def test_a_file_with_several_kinds_of_errors_reports_them_all_in_one_run(data):
    _edit(
        data,
        CASE,
        ("year: 2023", "year: 1900"),  # out of range: the record fails its schema
        ("  - village-position-nine-haves#equipment", "  - village-position-nine-haves#equipments"),  # no such clause
        ("brands: [party-flag-leading]", "brands: [party-flag-leadng]"),  # no such brand
        ("domain: 农村", "domain: 农材"),  # not in the controlled list
        ("provenance: 据讲话材料整理", "provenanse: 据讲话材料整理"),  # misspelt field name
    )
    problems = _problems(data, CASE)
    # Before, only the year and the field name were listed; the rest appeared one fix later.
    assert problems == [
        "6:9: “农材”不是领域的可选值。你是不是想写“农村”？可选：农村、城市社区、街道、机关、国有企业、学校、非公企业、社会组织、新就业群体、流动党员、综合。如需新增，请在 data/taxonomy.yml 的 domains 中添加。",
        "7:7: 字段“year”（年份）的值 1900 不在合理范围内（1921–2100）。",
        "8:10: 应用的品牌项目编号中的“party-flag-leadng”不存在（data/brands/ 下没有 party-flag-leadng.yml）。最接近的编号：party-flag-leading。",
        "12:5: 标准“九有标准”中没有条目“equipments”。可用条目：party-flag（有党旗）、sign（有标牌）、seal（有印章）、desks（有桌椅）、bookcase（有书柜）、rules（有制度）、records（有记录本）、equipment（有远程教育设备）、activities（有活动）。",
        "25:1: 未知字段“provenanse”。你是不是想写“provenance”（材料说明（如“据讲话材料整理”））？可用字段：id, tags, sources, not_personal, title, place, region, org_type, domain, year, brands, standards, standard_items, summary, background, practice, results, lessons, outcomes, provenance, status, submitted, updated, distinct_from。",
    ], problems


def test_references_of_an_invalid_record_to_another_invalid_record_are_not_reported(data):
    _edit(data, "brands/party-flag-leading.yml", ("name:", "name_:"))  # the brand fails its schema but exists
    _edit(data, CASE, ("year: 2023", "year: 1900"))
    problems = _problems(data, CASE)
    assert problems == ["7:7: 字段“year”（年份）的值 1900 不在合理范围内（1921–2100）。"]


def test_a_record_whose_id_is_broken_says_why_its_references_wait(data):
    _edit(
        data,
        CASE,
        ("id: county-position-upgrade", "id: County_Upgrade"),
        ("brands: [party-flag-leading]", "brands: [no-such-brand]"),
    )
    problems = _problems(data, CASE)
    assert len(problems) == 1, problems
    assert problems[0].startswith("1:5: 字段“id”")
    assert problems[0].endswith("编号改正后，检查才能核对本文件对其他记录的引用，届时请再运行一次检查。")
