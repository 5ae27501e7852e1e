"""One test per validation and linking message: each names the file, line, column and what to do."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from djkb.data.pipeline import check_data
from tests.conftest import MINI_DATA


@pytest.fixture
def data(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(MINI_DATA, target)
    return target


def problems_for(data: Path, edit: str, old: str, new: str) -> list[str]:
    path = data / edit
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text {old!r} not found in {edit}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    result = check_data(data, root=data.parent)
    return [p.format() for p in result.errors]


def test_sample_data_is_clean(data):
    result = check_data(data, root=data.parent)
    assert result.problems == []
    assert result.corpus is not None and result.corpus.count() == 7


def test_missing_required_field(data):
    assert problems_for(data, "cases/county-position-upgrade.yml", 'place: "**县"\n', "") == [
        "data/cases/county-position-upgrade.yml:1:1: 缺少必填字段“place”（地点（匿名化，如 **县**镇））。请补上这一项。"
    ]


def test_unknown_field_suggests_closest(data):
    assert problems_for(data, "cases/county-position-upgrade.yml", "title:", "titel:") == [
        "data/cases/county-position-upgrade.yml:1:1: 缺少必填字段“title”（标题）。请补上这一项。",
        "data/cases/county-position-upgrade.yml:2:1: 未知字段“titel”。你是不是想写“title”（标题）？可用字段："
        "id, tags, sources, not_personal, title, place, region, org_type, domain, year, brands, standards, "
        "standard_items, summary, background, practice, results, lessons, outcomes, provenance, status, submitted, updated, distinct_from。",
    ]


def test_text_where_number_expected(data):
    assert problems_for(data, "cases/county-position-upgrade.yml", "year: 2023", 'year: "2023"') == [
        "data/cases/county-position-upgrade.yml:7:7: 字段“year”（年份）应当是整数（不加引号），现在是文字“2023”。"
    ]


def test_number_where_text_expected(data):
    assert problems_for(
        data, "brands/party-flag-leading.yml", "goals: 推动基层党组织全面进步、全面过硬。", "goals: 2023"
    ) == [
        'data/brands/party-flag-leading.yml:10:8: 字段“goals”（目标（Markdown））应当是文字，现在是整数“2023”。如果它就是这段文字，请加引号："2023"。'
    ]


def test_list_expected(data):
    assert problems_for(data, "standards/village-position-nine-haves.yml", "domains: [农村]", "domains: 农村") == [
        "data/standards/village-position-nine-haves.yml:6:10: 字段“domains”（适用领域）应当是列表：每项单独一行、以“- ”开头，或写成 [甲, 乙]。现在是文字。"
    ]


def test_empty_required_text(data):
    assert problems_for(
        data, "cases/county-position-upgrade.yml", "summary: 对照“九有标准”逐村补齐村级活动场所短板。", 'summary: ""'
    ) == ["data/cases/county-position-upgrade.yml:13:10: 字段“summary”（一句话摘要）不能为空。这是必填项，请填写内容。"]


def test_bad_id_format(data):
    problems = problems_for(data, "brands/party-flag-leading.yml", "id: party-flag-leading", "id: Party_Flag")
    assert problems == [
        "data/brands/party-flag-leading.yml:1:5: 字段“id”（编号（与文件名相同））的值“Party_Flag”格式不对：编号只能由小写英文字母、数字和短横线组成（例如 village-position-nine-haves）。"
        "编号改正后，检查才能核对本文件对其他记录的引用，届时请再运行一次检查。"
    ]


def test_file_name_must_equal_id(data):
    assert problems_for(data, "brands/party-flag-leading.yml", "id: party-flag-leading", "id: party-flag") == [
        "data/brands/party-flag-leading.yml:1:5: 编号“party-flag”与文件名“party-flag-leading.yml”不一致。文件名必须是“编号.yml”："
        "请把文件改名为 party-flag.yml，或把 id 改为 party-flag-leading。"
    ]


def test_chinese_date_gets_corrected_form(data):
    assert problems_for(
        data, "cases/county-position-upgrade.yml", 'submitted: "2024-01-15"', "submitted: 2024年1月15日"
    ) == [
        'data/cases/county-position-upgrade.yml:27:12: 字段“submitted”（提交日期）的值“2024年1月15日”格式不对：日期请写成“年-月-日”的数字格式（月、日不足两位补 0）并加引号，这里应写作："2024-01-15"。'
    ]


def test_impossible_date(data):
    assert problems_for(
        data, "cases/county-position-upgrade.yml", 'submitted: "2024-01-15"', 'submitted: "2023-02-30"'
    ) == [
        "data/cases/county-position-upgrade.yml:27:12: 日期“2023-02-30”不存在：2023 年 2 月只有 28 天，没有 30 日。请核对原始材料中的日期。"
    ]


def test_value_outside_controlled_list(data):
    problems = problems_for(data, "cases/county-position-upgrade.yml", "domain: 农村", "domain: 乡村")
    assert problems == [
        "data/cases/county-position-upgrade.yml:6:9: “乡村”不是领域的可选值。你是不是想写“农村”？可选：农村、城市社区、街道、机关、国有企业、学校、非公企业、"
        "社会组织、新就业群体、流动党员、综合。如需新增，请在 data/taxonomy.yml 的 domains 中添加。"
    ]


def test_unknown_reference_lists_closest_ids(data):
    assert problems_for(
        data, "cases/county-position-upgrade.yml", "brands: [party-flag-leading]", "brands: [party-flag-lead]"
    ) == [
        "data/cases/county-position-upgrade.yml:8:10: 应用的品牌项目编号中的“party-flag-lead”不存在（data/brands/ 下没有 party-flag-lead.yml）。最接近的编号：party-flag-leading。"
    ]


def test_unknown_standard_item_lists_items(data):
    problems = problems_for(
        data,
        "cases/county-position-upgrade.yml",
        "village-position-nine-haves#equipment",
        "village-position-nine-haves#computer",
    )
    assert problems == [
        "data/cases/county-position-upgrade.yml:12:5: 标准“九有标准”中没有条目“computer”。可用条目：party-flag（有党旗）、sign（有标牌）、seal（有印章）、"
        "desks（有桌椅）、bookcase（有书柜）、rules（有制度）、records（有记录本）、equipment（有远程教育设备）、activities（有活动）。"
    ]


def test_duplicate_item_ids(data):
    problems = problems_for(
        data,
        "standards/village-position-nine-haves.yml",
        "{id: sign, title: 有标牌}",
        "{id: party-flag, title: 有标牌}",
    )
    assert (
        problems[-1]
        == "data/standards/village-position-nine-haves.yml:12:10: 条目编号“party-flag”在本标准中重复（第 1 条和第 2 条）。同一标准内条目编号必须唯一。"
    )


def test_term_defined_twice(data):
    problems = problems_for(data, "glossary/weak-and-lax.yml", "aliases: [软弱涣散党组织]", "aliases: [三会一课]")
    assert problems == [
        "data/glossary/weak-and-lax.yml:3:11: 术语“三会一课”已在 data/glossary/three-meetings-one-lesson-term.yml 中定义。同一个词只能属于一个术语条目。"
    ]


def test_record_outside_known_folder_is_not_ignored(data):
    (data / "case").mkdir()
    shutil.copy(data / "cases" / "county-position-upgrade.yml", data / "case" / "x.yml")
    (data / "cases" / "draft.yaml").write_text("id: draft\n", encoding="utf-8")
    result = check_data(data, root=data.parent)
    assert [p.format() for p in result.errors] == [
        "data/case/x.yml:1:1: 文件不在可识别的目录中，不会被发布。记录文件应放在 data/ 下这些子目录之一：sources、standards、brands、cases、glossary。",
        "data/cases/draft.yaml:1:1: 文件扩展名是“.yaml”，不会被读取。请把扩展名改为 .yml（文件名为 draft.yml）。",
    ]


def test_every_problem_in_every_file_is_reported_together(data):
    for name, old, new in [
        ("cases/county-position-upgrade.yml", "domain: 农村", "domain: 乡村"),
        ("brands/party-flag-leading.yml", "status: 实施中", "status: yes"),
        ("glossary/weak-and-lax.yml", "term: 软弱涣散", "term: 软弱涣散\nterm: 又一个"),
    ]:
        path = data / name
        path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    result = check_data(data, root=data.parent)
    assert sorted({p.path for p in result.errors}) == [
        "data/brands/party-flag-leading.yml",
        "data/cases/county-position-upgrade.yml",
        "data/glossary/weak-and-lax.yml",
    ]
