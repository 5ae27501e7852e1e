"""Content guard for the real corpus under data/.

These tests pin down what the five seed speeches say, so that a later edit cannot silently drop a brand,
a standard or a term, change the number of items of a numbered standard, or leave a record unsourced.
"""

from __future__ import annotations

import pytest

from djkb.data.pipeline import load_corpus
from tests.conftest import ROOT

DATA_DIR = ROOT / "data"
SEED_FILES = {
    "000_cf5f2a6b7c58c2c2.txt",
    "001_6a75720a3855d8ec.txt",
    "002_c51521def9459f62.txt",
    "003_a44f27a9e567aeaf.txt",
    "004_5a978b368ec31e99.txt",
}

# Every name below must exist as a standard/brand name or alias, or a glossary term or alias.
BRAND_NAMES = [
    # brands, engineering programs, work methods
    "党旗引航工程",
    "基层组织建设美丽工程",
    "党员服务先锋",
    "驻村干部“三一”工作法",
    "四化同步",
    "星光增辉",
    "强堡垒·当先锋·打头阵",
    "五基三化",
    "机关党建品牌建设工程",
    "红色美丽村庄",
    "强村计划",
    "头雁培育",
    "能人治村",
    "领雁提能",
    "领头雁预备队",
    "农家党校",
    "双带头人培养工程",
    "共产党户挂牌",
    "党建+网格+大数据",
    "暖“新”驿站",
    "一提前四同步",
    "党组织书记能力素质提升工程",
    "党建质量管理体系试点",
    "契约化共建",
    "清廉社区",
    "党建工作联盟",
    "星级化管理",
    "机关星级党支部评选",
    "两个覆盖质量专项提升工程",
    "三大整体提升工程",
    "双向进入、交叉任职",
    "共享党课",
    "名人书记",
    "党课开讲啦",
    "学习身边榜样",
    "将《红色传奇》进行到底",
    "智慧教育",
    "党员积分评星",
    "党员夜校",
    "全程代办服务",
    "区有示范、乡有典型、村有亮点、屯有特色",
    # campaigns (brand_kind 专项行动)
    "基层组织建设年攻坚行动",
    "基层组织建设年",
    "百日行动",
    "提质增效年",
    "两新党建百日攻坚",
    "整乡推进·整县提升",
    "整镇推进、整县提升",
    "五好四强示范创建",
    "两学一做",
    "基层组织建设提升年",
    "达标升级",
    "六大行动",
    "下基层集中活动",
    "学党章、正党风、守党纪",
    "立足岗位、创先争优",
    "学讲话、转作风、促落实",
    "损害群众利益专项整治",
    "对标规范、晋级争星",
    "标准规范提升年",
    "重点工作提档年",
]
STANDARD_NAMES = [
    "一厅六室",
    "三通",
    "九有标准",
    "六有",
    "三会一课",
    "组织生活会",
    "一讲二评三公示",
    "四个一",
    "15分钟服务圈",
    "一定三有",
    "基本补贴＋工龄补贴＋实绩奖励＋绩效补贴",
    "五办一站两中心一队",
    "双报到双服务",
    "设岗定责·先锋承诺",
    "特色党支部",
    "书记集中轮训",
    "党员联系群众",
    "两个全覆盖",
    "七大新平台",
    "后进党组织整顿转化",
    "整顿软弱涣散村党组织",
    "选优配强村党组织带头人",
    "村级集体经济",
    "网格化管理",
    "达标升级验收",
    "书记抓、抓书记",
]
GLOSSARY_TERMS = [
    "四个意识",
    "四个自信",
    "两个维护",
    "两新组织",
    "两委",
    "村“两委”",
    "四风",
    "一岗双责",
    "两个覆盖",
    "三项制度",
    "农家七事",
    "软弱涣散",
    "后进党组织",
    "分类定级",
    "枫桥经验",
    "多网合一",
    "接诉即办",
    "民呼必应",
    "第一书记",
    "12371",
    "主题党日",
    "三比一创",
    "第一责任人",
    "主体责任",
    "党建指导员",
    "党建工作联络员",
    "流动党员",
    "党员中心户",
    "无职党员",
    "隐形党员",
    "产业链党组织",
    "网格党支部",
    "社区大党委",
    "兼职委员制",
    "党建联席会议制度",
    "党建入章",
    "新就业群体",
    "两新党工委",
    "不忘初心、牢记使命制度",
    "远程教育",
    "村级党建组织员",
    "在职党员",
    "社区工作者职业体系",
    "村主职干部",
    "届中分析",
    "县级联审",
    "村霸",
    "扫黑除恶专项斗争",
    "政策棚架",
    "两张皮",
    "回头看",
    "主题教育",
    "大兴调查研究",
    "一张网",
    "党群服务中心",
    "包点帮点",
    "述职评议考核",
    "共建共治共享",
]

# Numbered standards: name (or alias) → exact number of items the speeches give.
STANDARD_ITEM_COUNTS = {
    "一厅六室": 7,  # 1 hall + 6 rooms, all named in the county speech
    "三通": 3,
    "九有标准": 9,
    "六有": 6,  # 社会组织党组织“六有”标准
    "三会一课": 4,  # 3 meetings + 1 lesson
    "基本补贴＋工龄补贴＋实绩奖励＋绩效补贴": 4,
    "两个全覆盖": 2,
    "双报到双服务": 2,  # unit party organisations + serving party members
    "特色党支部": 6,  # 区域型、产（行）业型、流动型、功能型、网络型、联合型
    "七大新平台": 7,
}
# Numbered formulations the speeches only name, never enumerate. They live in the glossary (and as single
# items of broader standards); no standard may be named after them, since its items would be invented.
NOT_ENUMERATED = [
    "四个一",
    "一定三有",
    "一讲二评三公示",
    "一提前四同步",
    "五办一站两中心一队",
    "三比一创",
    "五好四强",
    "六大行动",
]

GLOSSARY_COMPONENT_COUNTS = {
    "四个意识": 4,
    "四个自信": 4,
    "两个维护": 2,
    "两新组织": 2,
    "两委": 2,
    "四风": 4,
    "两个覆盖": 2,
    "两个全覆盖": 2,
    "农家七事": 7,
    "三会一课": 4,
}
BRAND_MEASURE_COUNTS = {"“四化同步”党建品牌": 4}

# Figures the speeches state exactly: (standard id, item id) → text that must stay in the requirement.
EXACT_REQUIREMENTS = {
    ("three-meetings-one-lesson", "committee"): "每月召开一次",
    ("three-meetings-one-lesson", "lesson"): "每两个月上一次",
    ("organization-life-meeting", "monthly"): "每月召开一次",
    ("secretary-rotational-training", "frequency"): "每人每年至少1次",
    ("secretary-rotational-training", "duration"): "3至5天",
    ("lagging-org-conversion-campaign", "satisfaction-70"): "低于70%",
    ("member-contact-households", "households"): "10-20户",
    ("village-leader-selection", "reserve"): "1至2名",
    ("party-service-center-15min", "fifteen-minute-circle"): "15分钟",
    ("village-position-upgrade-acceptance", "acceptance"): "10月中旬",
    ("hundred-days-responsibility", "standing-committee-contact"): "不少于两次",
}


@pytest.fixture(scope="module")
def corpus():
    return load_corpus(DATA_DIR)


def _names(corpus) -> set[str]:
    names: set[str] = set()
    for kind in ("standards", "brands"):
        for record in corpus.records(kind).values():
            names.add(record.name)
            names.update(record.aliases)
    for term in corpus.glossary.values():
        names.add(term.term)
        names.update(term.aliases)
    return names


def _by_name(records, name: str):
    return [r for r in records if r.name == name or name in r.aliases]


def test_every_seed_speech_has_one_source(corpus):
    seeds = [s.seed_file for s in corpus.sources.values()]
    assert sorted(seeds) == sorted(SEED_FILES)


@pytest.mark.parametrize("name", BRAND_NAMES + STANDARD_NAMES + GLOSSARY_TERMS)
def test_name_is_recorded(corpus, name):
    assert name in _names(corpus), f"“{name}”不再是任何标准、品牌或术语的名称/别称"


def test_campaigns_are_brand_records(corpus):
    campaigns = [b for b in corpus.brands.values() if b.brand_kind == "专项行动"]
    assert len(campaigns) >= 10
    for name in ("基层组织建设年攻坚行动", "百日行动", "提质增效年", "两新党建百日攻坚", "两学一做"):
        found = _by_name(corpus.brands.values(), name)
        assert found and all(b.brand_kind == "专项行动" for b in found), name


@pytest.mark.parametrize("name,expected", sorted(STANDARD_ITEM_COUNTS.items()))
def test_numbered_standard_item_count(corpus, name, expected):
    found = _by_name(corpus.standards.values(), name)
    assert len(found) == 1, f"“{name}”应恰好对应一项标准，实际 {len(found)} 项"
    assert len(found[0].items) == expected, f"“{name}”应有 {expected} 个条目，实际 {len(found[0].items)} 个"


def test_unenumerated_formulations_are_not_itemised_standards(corpus):
    for standard in corpus.standards.values():
        for name in [standard.name, *standard.aliases]:
            for phrase in NOT_ENUMERATED:
                assert phrase not in name, f"标准“{standard.name}”以讲话未列明内容的“{phrase}”命名，条目会是编造的"
    for phrase in NOT_ENUMERATED:
        terms = [t for t in corpus.glossary.values() if t.term == phrase]
        if terms:
            assert not terms[0].components, f"讲话未列出“{phrase}”的组成部分，不要补写"


@pytest.mark.parametrize("term,expected", sorted(GLOSSARY_COMPONENT_COUNTS.items()))
def test_glossary_component_count(corpus, term, expected):
    found = [t for t in corpus.glossary.values() if t.term == term]
    assert len(found) == 1, term
    assert len(found[0].components) == expected


@pytest.mark.parametrize("name,expected", sorted(BRAND_MEASURE_COUNTS.items()))
def test_brand_measure_count(corpus, name, expected):
    found = _by_name(corpus.brands.values(), name)
    assert len(found) == 1 and len(found[0].measures) == expected


@pytest.mark.parametrize("ref,text", sorted(EXACT_REQUIREMENTS.items()))
def test_exact_requirements(corpus, ref, text):
    std_id, item_id = ref
    items = {i.id: i for i in corpus.standards[std_id].items}
    assert text in (items[item_id].requirement or "")


def test_masked_figures_are_not_invented(corpus):
    for standard in corpus.standards.values():
        for item in standard.items:
            if item.requirement and "*" in item.requirement:
                assert "原文未给出" in item.requirement, f"{standard.id}#{item.id}"
    for case in corpus.cases.values():
        for outcome in case.outcomes:
            if outcome.value is None:
                assert outcome.note, f"{case.id}: 没有数值的量化成效要说明原因"


def test_item_ids_unique_within_standard(corpus):
    for standard in corpus.standards.values():
        ids = [i.id for i in standard.items]
        assert len(ids) == len(set(ids)), standard.id


def test_every_record_cites_a_source(corpus):
    for kind in ("standards", "brands", "cases", "glossary"):
        for record in corpus.records(kind).values():
            assert record.sources, f"{kind}/{record.id} 没有注明来源"
            for source_id in record.sources:
                assert source_id in corpus.sources, f"{kind}/{record.id}: {source_id}"


def test_every_source_is_cited(corpus):
    cited = {
        s
        for kind in ("standards", "brands", "cases", "glossary")
        for r in corpus.records(kind).values()
        for s in r.sources
    }
    assert cited == set(corpus.sources)


def test_every_case_applies_an_existing_item_or_brand(corpus):
    assert 12 <= len(corpus.cases) <= 20
    for case in corpus.cases.values():
        assert case.standard_items or case.brands, case.id
        for ref in case.standard_items:
            std_id, item_id = ref.split("#", 1)
            assert std_id in corpus.standards, f"{case.id}: {ref}"
            assert item_id in {i.id for i in corpus.standards[std_id].items}, f"{case.id}: {ref}"
        for brand_id in case.brands:
            assert brand_id in corpus.brands, f"{case.id}: {brand_id}"


def test_cases_are_reviewed_speech_material(corpus):
    for case in corpus.cases.values():
        assert case.provenance == "据讲话材料整理"
        assert case.status == "已审核"
        assert case.submitted == "2026-11-23"


def test_places_stay_anonymous(corpus):
    # Real place names that slipped through the speeches' own anonymisation must not reach the site.
    leaked = ["重庆", "黄坡", "东坡村", "河北镇", "来宝", "津街道", "红湾"]
    for kind, record in corpus.all_records():
        text = record.model_dump_json()
        for name in leaked:
            assert name not in text, f"{kind}/{record.id} 含有未匿名的地名“{name}”"


def test_markdown_fields_have_no_stray_asterisks(corpus):
    # "**县" and "*件" masks inside Markdown would turn into bold/italic; write "该县" or say the figure is hidden.
    import re

    from djkb.data.schema import MARKDOWN_FIELDS

    for kind, record in corpus.all_records():
        for field_name in MARKDOWN_FIELDS[kind]:
            value = getattr(record, field_name, None)
            for text in value if isinstance(value, list) else [value]:
                for line in (text or "").split("\n"):
                    assert "*" not in re.sub(r"\*\*[^*]+\*\*", "", line), f"{kind}/{record.id}.{field_name}: {line}"
