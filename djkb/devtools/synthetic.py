"""A synthetic data folder in the real schema, for benchmarks and scale tests (pure Python, no MkDocs).

`generate_corpus(out_dir, n_cases, seed=…)` writes taxonomy.yml, sources, standards (with items), brands,
glossary terms and `n_cases` cases with varied Chinese text (~1.5 KB per case in 背景/做法/成效/启示),
cross-linked to brands, standards and standard items. The same seed always gives the same files.

Places are anonymised the way editors write them (`**县**镇`); texts avoid anything a personal-data check
would flag (no names, no 11- or 18-digit numbers) and follow Chinese copywriting spacing (a space between
Chinese and digits).
"""

from __future__ import annotations

import json
import random
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from djkb.project import PACKAGE_DIR

REPO_DATA = PACKAGE_DIR.parent / "data"
RECORD_KINDS = ("sources", "standards", "brands", "glossary", "cases")


# -- vocabulary -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StandardSpec:
    id: str
    name: str
    aliases: tuple[str, ...]
    summary: str
    category: str
    domains: tuple[str, ...]
    org_types: tuple[str, ...]
    items: tuple[tuple[str, str, str | None], ...]  # (id, title, requirement)


STANDARDS: tuple[StandardSpec, ...] = (
    StandardSpec(
        "village-position-nine-haves",
        "九有标准",
        ("九有",),
        "村级组织活动场所应当具备的九项基本条件。",
        "阵地建设",
        ("农村",),
        ("村党组织",),
        (
            ("party-flag", "有党旗", None),
            ("sign", "有标牌", None),
            ("seal", "有印章", None),
            ("desks", "有桌椅", None),
            ("bookcase", "有书柜", None),
            ("rules", "有制度", None),
            ("records", "有记录本", None),
            ("equipment", "有远程教育设备", None),
            ("activities", "有活动", "每月至少开展一次"),
        ),
    ),
    StandardSpec(
        "one-hall-six-rooms",
        "一厅六室",
        ("一厅六室标准",),
        "村（社区）党群服务中心“一厅六室”功能配置要求。",
        "阵地建设",
        ("农村", "城市社区"),
        ("村党组织", "社区党组织"),
        (
            ("hall", "便民服务大厅", None),
            ("office", "办公室", None),
            ("meeting-room", "会议室", None),
            ("education-room", "党员教育室", None),
            ("mediation-room", "调解室", None),
            ("culture-room", "文化活动室", None),
            ("health-room", "卫生室", None),
        ),
    ),
    StandardSpec(
        "three-meetings-one-lesson",
        "三会一课制度",
        ("三会一课",),
        "党支部定期召开党员大会、支委会、党小组会和按时上党课的基本制度。",
        "组织生活",
        ("农村", "城市社区", "机关", "国有企业", "学校"),
        ("村党组织", "社区党组织", "机关党组织", "企业党组织", "学校党组织"),
        (
            ("members-meeting", "支部党员大会", "每季度至少召开一次"),
            ("committee", "支委会", "每月召开一次"),
            ("group-meeting", "党小组会", "每月召开一次"),
            ("lesson", "党课", "每季度至少上一次"),
        ),
    ),
    StandardSpec(
        "theme-party-day",
        "主题党日活动规范",
        ("主题党日",),
        "党支部每月固定一天开展主题党日活动的要求。",
        "组织生活",
        ("农村", "城市社区", "机关", "国有企业"),
        ("村党组织", "社区党组织", "机关党组织", "企业党组织"),
        (
            ("fixed-day", "固定活动日", "每月一次"),
            ("study", "集中学习", None),
            ("volunteer", "志愿服务", None),
            ("dues", "交纳党费", "按月交纳"),
        ),
    ),
    StandardSpec(
        "member-points",
        "党员积分管理办法",
        ("党员积分制",),
        "以积分量化党员日常表现并定期公示的管理办法。",
        "党员管理",
        ("农村", "城市社区", "流动党员"),
        ("村党组织", "社区党组织", "流动党员党组织"),
        (
            ("basic-points", "基础积分", None),
            ("contribution-points", "贡献积分", None),
            ("deduction", "扣分事项", None),
            ("publicity", "积分公示", "每季度公示一次"),
        ),
    ),
    StandardSpec(
        "grid-management",
        "网格化管理服务规范",
        ("网格化管理",),
        "党组织建在网格上、党员服务进网格的工作规范。",
        "服务群众",
        ("城市社区", "街道", "农村"),
        ("社区党组织", "街道党工委", "村党组织"),
        (
            ("grid-division", "网格划分", None),
            ("grid-party", "网格党支部（党小组）", None),
            ("grid-member", "党员网格员", None),
            ("grid-visit", "入户走访", "每月至少一次"),
            ("response", "诉求响应", "一般诉求 24 小时内响应"),
        ),
    ),
    StandardSpec(
        "star-rating",
        "星级党组织评定办法",
        ("星级评定",),
        "按五个方面评定基层党组织星级并动态管理的办法。",
        "考核评价",
        ("农村", "城市社区", "非公企业"),
        ("村党组织", "社区党组织", "企业党组织"),
        (
            ("organization-star", "组织建设星", None),
            ("position-star", "阵地建设星", None),
            ("service-star", "服务群众星", None),
            ("development-star", "发展致富星", None),
            ("discipline-star", "遵纪守法星", None),
        ),
    ),
    StandardSpec(
        "weak-lax-rectification",
        "软弱涣散党组织整顿标准",
        ("整顿软弱涣散",),
        "软弱涣散基层党组织排查、整顿和验收的标准。",
        "整顿提升",
        ("农村", "城市社区"),
        ("村党组织", "社区党组织"),
        (
            ("identify", "排查认定", "每年开展一次"),
            ("leader-contact", "县级领导包联", None),
            ("first-secretary", "选派第一书记", None),
            ("acceptance", "验收销号", None),
        ),
    ),
    StandardSpec(
        "member-contact-masses",
        "党员联系服务群众制度",
        ("党员联系群众",),
        "党员分片联系农户（居民）、收集和办理群众诉求的制度。",
        "服务群众",
        ("农村", "城市社区", "机关"),
        ("村党组织", "社区党组织", "机关党组织"),
        (
            ("households", "联系户数", "每名党员联系 5 至 10 户"),
            ("visit", "走访频次", "每月至少走访一次"),
            ("ledger", "民情台账", None),
            ("feedback", "办结反馈", None),
        ),
    ),
    StandardSpec(
        "party-dues",
        "党费收缴使用管理规定",
        ("党费管理",),
        "党员按月交纳党费、党组织规范使用和公开党费的规定。",
        "经费保障",
        ("综合",),
        ("各级党组织",),
        (
            ("rate", "交纳标准", None),
            ("monthly", "按月交纳", "每月交纳一次"),
            ("dues-ledger", "收缴台账", None),
            ("usage", "使用范围", None),
        ),
    ),
    StandardSpec(
        "member-development",
        "发展党员工作细则",
        ("发展党员",),
        "发展党员从递交申请到预备党员转正的程序要求。",
        "队伍建设",
        ("综合",),
        ("各级党组织",),
        (
            ("applicant", "入党申请人", None),
            ("activist", "入党积极分子", "培养考察一年以上"),
            ("target", "发展对象", None),
            ("probationary", "预备党员", "预备期一年"),
            ("full-member", "预备党员转正", None),
        ),
    ),
    StandardSpec(
        "org-life-review",
        "组织生活会和民主评议党员制度",
        ("组织生活会",),
        "党支部每年召开组织生活会、开展民主评议党员的制度。",
        "组织生活",
        ("综合",),
        ("各级党组织",),
        (
            ("annual", "组织生活会", "每年至少召开一次"),
            ("criticism", "批评和自我批评", None),
            ("review", "民主评议党员", "每年一次"),
            ("rectify", "问题整改", None),
        ),
    ),
    StandardSpec(
        "two-coverages",
        "两个覆盖工作规范",
        ("两个覆盖",),
        "非公有制企业和社会组织党的组织覆盖和工作覆盖的工作规范。",
        "组织设置",
        ("非公企业", "社会组织"),
        ("企业党组织", "社会组织党组织"),
        (
            ("org-coverage", "组织覆盖", None),
            ("work-coverage", "工作覆盖", None),
            ("instructor", "党建指导员", None),
            ("joint-branch", "联合党支部", None),
        ),
    ),
    StandardSpec(
        "courier-station",
        "新就业群体党建驿站建设规范",
        ("暖心驿站标准",),
        "面向快递员、外卖送餐员等新就业群体的党建驿站建设要求。",
        "阵地建设",
        ("新就业群体", "城市社区"),
        ("社区党组织", "街道党工委"),
        (
            ("site", "驿站选址", None),
            ("facilities", "基本设施", "饮水、充电、休息、应急药箱"),
            ("services", "服务项目", None),
            ("opening", "开放时间", "每天不少于 12 小时"),
        ),
    ),
    StandardSpec(
        "mobile-members",
        "流动党员管理办法",
        ("流动党员管理",),
        "流动党员登记报到、编入组织和参加组织生活的办法。",
        "党员管理",
        ("流动党员",),
        ("流动党员党组织",),
        (
            ("register", "登记报到", None),
            ("inflow-branch", "流入地党组织", None),
            ("regular-contact", "定期联系", "每季度至少联系一次"),
            ("online-life", "线上组织生活", None),
        ),
    ),
    StandardSpec(
        "secretary-team",
        "村党组织书记队伍建设标准",
        ("头雁队伍建设",),
        "村党组织书记选拔、培训、考核和激励的标准。",
        "队伍建设",
        ("农村",),
        ("村党组织",),
        (
            ("selection", "选拔任用", None),
            ("training", "集中培训", "每年至少一次"),
            ("assessment", "年度考核", None),
            ("incentive", "激励保障", None),
        ),
    ),
)

# Brand names: (id, name, kind, domains, standards it applies, one-line summary)
BRANDS: tuple[tuple[str, str, str, tuple[str, ...], tuple[str, ...], str], ...] = (
    (
        "party-flag-leading",
        "党旗引航工程",
        "工程项目",
        ("农村", "城市社区"),
        ("village-position-nine-haves", "three-meetings-one-lesson"),
        "以党建引领基层治理和发展的综合性工程。",
    ),
    (
        "red-grid",
        "红色网格",
        "党建品牌",
        ("城市社区", "街道"),
        ("grid-management", "member-contact-masses"),
        "把党组织建在网格上、党员服务进网格。",
    ),
    (
        "pioneer-station",
        "先锋驿站",
        "党建品牌",
        ("新就业群体",),
        ("courier-station",),
        "为新就业群体提供歇脚、充电、学习的党建驿站。",
    ),
    (
        "original-aspiration-classroom",
        "初心讲堂",
        "党建品牌",
        ("机关", "国有企业"),
        ("three-meetings-one-lesson", "theme-party-day"),
        "党员轮流登台讲党课的学习品牌。",
    ),
    (
        "heart-bridge-method",
        "连心桥工作法",
        "工作法",
        ("农村", "城市社区"),
        ("member-contact-masses",),
        "党员包户、民情日记、限时办结的联系群众工作法。",
    ),
    (
        "red-property",
        "红色物业",
        "党建品牌",
        ("城市社区",),
        ("grid-management",),
        "社区党组织领导下的物业服务和小区治理。",
    ),
    ("leading-geese", "头雁工程", "工程项目", ("农村",), ("secretary-team",), "选优配强村党组织书记的队伍建设工程。"),
    (
        "secretary-projects",
        "书记项目",
        "工作法",
        ("综合",),
        ("star-rating",),
        "党组织书记每年领办一个重点项目、年底述职评议。",
    ),
    (
        "hundred-days-action",
        "基层组织建设百日行动",
        "专项行动",
        ("农村", "城市社区"),
        ("weak-lax-rectification", "village-position-nine-haves"),
        "集中一百天补齐基层组织建设短板的专项行动。",
    ),
    (
        "organization-year",
        "基层组织建设年",
        "专项行动",
        ("综合",),
        ("weak-lax-rectification",),
        "以整顿提升为重点的年度攻坚行动。",
    ),
    (
        "two-new-leading",
        "两新党建领航计划",
        "工程项目",
        ("非公企业", "社会组织"),
        ("two-coverages",),
        "扩大非公企业和社会组织党的两个覆盖。",
    ),
    (
        "mobile-home",
        "流动党员之家",
        "党建品牌",
        ("流动党员",),
        ("mobile-members",),
        "为外出流动党员建立的联络服务阵地。",
    ),
    (
        "branch-on-industry-chain",
        "支部建在产业链上",
        "工作法",
        ("农村",),
        ("star-rating",),
        "围绕主导产业设置党组织、带动群众增收。",
    ),
    (
        "points-for-goods",
        "积分超市",
        "工作法",
        ("农村", "城市社区"),
        ("member-points",),
        "党员群众以志愿服务积分兑换生活用品。",
    ),
    (
        "five-hearts-method",
        "五心工作法",
        "工作法",
        ("城市社区",),
        ("member-contact-masses", "grid-management"),
        "热心接待、耐心倾听、诚心帮助、用心办理、贴心回访。",
    ),
    (
        "standardized-branch",
        "支部标准化规范化建设",
        "工程项目",
        ("综合",),
        ("three-meetings-one-lesson", "org-life-review"),
        "按统一标准推进党支部建设达标。",
    ),
)
BRAND_PREFIXES = (
    "红色",
    "先锋",
    "初心",
    "连心",
    "暖心",
    "党群",
    "同心",
    "聚力",
    "领航",
    "共建",
    "红心",
    "星火",
    "惠民",
    "润心",
    "筑梦",
    "铸魂",
)
BRAND_SUFFIXES = (
    ("驿站", "党建品牌"),
    ("工程", "工程项目"),
    ("工作法", "工作法"),
    ("行动", "专项行动"),
    ("家园", "党建品牌"),
    ("课堂", "党建品牌"),
    ("服务队", "党建品牌"),
    ("计划", "工程项目"),
    ("议事厅", "工作法"),
    ("e家", "党建品牌"),
)

GLOSSARY: tuple[tuple[str, str, str | None, tuple[str, ...], tuple[str, ...], str], ...] = (
    # (id, term, expansion, components, aliases, explanation)
    (
        "three-meetings-one-lesson-term",
        "三会一课",
        "定期召开支部党员大会、支部委员会、党小组会，按时上好党课",
        ("支部党员大会", "支部委员会", "党小组会", "党课"),
        (),
        "党的组织生活的基本制度，是党支部经常性教育管理党员的主要方式。",
    ),
    (
        "weak-and-lax",
        "软弱涣散",
        None,
        (),
        ("软弱涣散党组织",),
        "指班子不健全、战斗力不强、作用发挥不明显的基层党组织，需要集中整顿。",
    ),
    ("nine-haves-term", "九有", None, (), (), "村级组织活动场所应具备的九项基本条件的简称，见“九有标准”。"),
    (
        "one-hall-six-rooms-term",
        "一厅六室",
        "一个便民服务大厅和办公室、会议室、党员教育室等六个功能室",
        (),
        (),
        "村（社区）党群服务中心功能配置的常见表述。",
    ),
    (
        "theme-party-day-term",
        "主题党日",
        None,
        (),
        ("党员活动日",),
        "党支部每月固定一天集中开展学习、议事、服务等活动。",
    ),
    ("first-secretary", "第一书记", None, (), ("驻村第一书记",), "上级选派到村任职、帮助抓党建促发展的党员干部。"),
    (
        "two-coverages-term",
        "两个覆盖",
        "党的组织覆盖和党的工作覆盖",
        ("组织覆盖", "工作覆盖"),
        (),
        "非公有制企业和社会组织党建工作的基本目标。",
    ),
    (
        "grid-term",
        "网格化管理",
        None,
        (),
        ("网格化治理",),
        "把社区（村）划分为若干网格，由网格员负责信息采集和服务群众的管理方式。",
    ),
    (
        "four-discussions-two-publics",
        "四议两公开",
        "党组织提议、两委会商议、党员大会审议、村民会议决议，决议公开、结果公开",
        (),
        (),
        "村级重大事项决策的基本程序。",
    ),
    ("head-goose", "头雁", None, (), ("领头雁",), "对村党组织书记的形象说法，强调其带头作用。"),
    ("points-system", "积分制管理", None, (), ("积分管理",), "用积分量化党员、群众参与情况并据此评先评优的做法。"),
    (
        "new-employment-groups",
        "新就业群体",
        None,
        (),
        ("新就业形态劳动者",),
        "快递员、外卖送餐员、网约车司机等依托平台就业的劳动者。",
    ),
    ("party-mass-center", "党群服务中心", None, (), ("党群服务站",), "基层党组织开展活动、服务党员群众的综合阵地。"),
    ("organizational-life", "组织生活", None, (), (), "党员在党组织中开展的学习、议事、批评和自我批评等活动的总称。"),
    ("star-rating-term", "星级评定", None, (), ("星级管理",), "按统一标准给基层党组织评定星级，并动态升降。"),
    (
        "branch-standardization",
        "支部标准化",
        None,
        (),
        ("标准化规范化建设",),
        "按组织设置、组织生活、阵地建设等统一标准建设党支部。",
    ),
)

SOURCE_KINDS = ("讲话", "文件", "会议")
LEVELS = ("省级", "市级", "县级", "乡镇（街道）")
SOURCE_TITLES = (
    "在全县基层组织建设“百日行动”动员会上的讲话",
    "关于加强村级组织活动场所建设的通知",
    "全市城市基层党建工作推进会材料",
    "关于推行党员积分管理的实施意见",
    "全县抓党建促乡村振兴现场观摩会交流材料",
    "关于加强新就业群体党建工作的指导意见",
    "全区党支部标准化规范化建设推进会讲话",
    "关于整顿软弱涣散基层党组织的工作方案",
    "全市非公企业和社会组织党建工作会议材料",
    "关于规范流动党员管理的通知",
    "全县村党组织书记培训班讲话",
    "关于深化网格化管理服务的实施方案",
)

# Domain → (org types, unit word used in narrative, whom the work serves)
DOMAINS: dict[str, tuple[tuple[str, ...], str, str]] = {
    "农村": (("村党组织", "乡镇党委", "产业党组织"), "村", "村民"),
    "城市社区": (("社区党组织",), "社区", "居民"),
    "街道": (("街道党工委",), "街道", "辖区群众"),
    "机关": (("机关党组织",), "机关", "服务对象"),
    "国有企业": (("企业党组织",), "企业", "职工"),
    "学校": (("学校党组织",), "学校", "师生"),
    "非公企业": (("企业党组织",), "企业", "员工"),
    "社会组织": (("社会组织党组织",), "协会", "会员单位"),
    "新就业群体": (("社区党组织", "街道党工委", "组织部门"), "街道", "快递员和外卖送餐员"),
    "流动党员": (("流动党员党组织",), "流动党员党支部", "外出务工党员"),
    "综合": (("组织部门", "各级党组织"), "县", "基层党组织"),
}
DOMAIN_WEIGHTS = {
    "农村": 30,
    "城市社区": 20,
    "街道": 8,
    "机关": 8,
    "国有企业": 6,
    "学校": 5,
    "非公企业": 6,
    "社会组织": 4,
    "新就业群体": 5,
    "流动党员": 3,
    "综合": 5,
}
# Standards that fit each domain (case links are drawn from these).
DOMAIN_STANDARDS: dict[str, tuple[str, ...]] = {
    "农村": (
        "village-position-nine-haves",
        "one-hall-six-rooms",
        "three-meetings-one-lesson",
        "member-points",
        "star-rating",
        "weak-lax-rectification",
        "member-contact-masses",
        "secretary-team",
        "theme-party-day",
    ),
    "城市社区": (
        "one-hall-six-rooms",
        "grid-management",
        "member-contact-masses",
        "three-meetings-one-lesson",
        "star-rating",
        "courier-station",
        "member-points",
    ),
    "街道": ("grid-management", "courier-station", "member-contact-masses", "org-life-review"),
    "机关": ("three-meetings-one-lesson", "theme-party-day", "member-contact-masses", "org-life-review", "party-dues"),
    "国有企业": ("three-meetings-one-lesson", "theme-party-day", "member-development", "org-life-review"),
    "学校": ("three-meetings-one-lesson", "member-development", "org-life-review"),
    "非公企业": ("two-coverages", "star-rating", "member-development"),
    "社会组织": ("two-coverages", "member-development"),
    "新就业群体": ("courier-station", "grid-management", "mobile-members"),
    "流动党员": ("mobile-members", "member-points", "party-dues"),
    "综合": ("party-dues", "member-development", "org-life-review", "weak-lax-rectification"),
}
REGION_FORMS = ("**市", "**县", "**区", "**自治县", "**旗", "**县级市", "**新区", "**自治州", "**地区", "**盟")
REGION_PREFIXES = ("东部", "西部", "南部", "北部", "中部", "沿海", "山区", "平原", "丘陵", "库区", "边境", "城郊")
PLACE_SUFFIX = {
    "村": "**镇**村",
    "社区": "**街道**社区",
    "街道": "**街道",
    "机关": "**局",
    "企业": "**公司",
    "学校": "**学校",
    "协会": "**协会",
    "流动党员党支部": "驻外流动党员党支部",
    "县": "",
}

# Narrative pieces. Slots: {unit} {people} {std} {item} {brand} {n…} {year}
BACKGROUND = (
    "该{unit}共有党员 {n1} 名、{people} {n2} 人，过去一段时间{problem}。",
    "随着城镇化推进和人口流动加快，{people}的诉求日益多样，{problem}。",
    "{year} 年初，上级党委在摸排中发现，该{unit}{problem}，群众对此反映较多。",
    "对照“{std}”逐项检查，该{unit}在“{item}”方面短板明显，{problem}。",
    "该{unit}地处{terrain}，党员年龄偏大、平均年龄超过 {n3} 岁，{problem}。",
    "此前组织生活存在“重形式、轻实效”的倾向，{problem}，党员参与积极性不高。",
    "部分党员认为党建工作是“软任务”，{problem}，党组织的凝聚力有待提升。",
    "在开展“{brand}”之前，该{unit}{problem}，与{people}的期待存在差距。",
)
PROBLEMS = (
    "活动场所面积小、功能单一",
    "党员教育管理手段比较传统",
    "服务群众的渠道不够畅通",
    "组织生活制度落实不够经常",
    "党员作用发挥不够明显",
    "基层治理中矛盾纠纷较多",
    "党员队伍后继乏人",
    "议事决策程序不够规范",
    "阵地资源分散、利用率不高",
    "党组织书记带头作用不突出",
    "党建与业务工作存在“两张皮”现象",
    "群众诉求办理时限较长",
)
DOMAIN_PROBLEMS: dict[str, tuple[str, ...]] = {
    "农村": ("村级集体经济收入薄弱", "年轻人外出务工多、党员队伍老化", "村级活动场所设施陈旧"),
    "城市社区": ("新建小区物业矛盾突出", "居民互不相识、参与社区事务不多", "老旧小区停车难、加装电梯难"),
    "街道": ("辖区单位各自为战、资源难以整合", "城市管理问题多头处理、响应较慢"),
    "机关": ("党建与业务工作存在“两张皮”现象", "窗口服务效率不高"),
    "国有企业": ("党组织在生产经营中作用发挥不够", "一线班组党员分布不均"),
    "学校": ("教师党支部活动与教学科研结合不紧", "学生党员示范作用不够明显"),
    "非公企业": ("企业员工流动性大、党员组织关系不在企业", "企业负责人对党建工作认识不足"),
    "社会组织": ("社会组织规模小、分布散，党组织难以单独组建", "党员在会员单位中分布零散"),
    "新就业群体": ("快递员、外卖送餐员歇脚难、就餐难", "新就业群体中的党员底数不清"),
    "流动党员": ("流动党员底数不清、联系不畅", "外出党员长期不参加组织生活"),
    "综合": ("部分基层党组织软弱涣散", "基层党建责任落实层层递减"),
}
TERRAINS = ("山区", "丘陵地带", "平原农区", "城乡接合部", "老城区", "工业园区", "库区移民安置点", "边远牧区")
PRACTICE = (  # fits every domain
    "对照“{std}”建立问题清单、任务清单和责任清单，逐项明确完成时限和责任人",
    "严格落实“三会一课”，支委会每月召开一次，党课由书记带头讲、党员轮流讲",
    "把“{item}”作为重点，逐项建立工作台账，实行周调度、月通报",
    "以“{brand}”为抓手，打造{adj}服务阵地，推出服务项目 {n6} 项",
    "固定每月一天为主题党日，集中开展学习研讨、议事决策和志愿服务",
    "组建党员志愿服务队 {n7} 支，围绕{people}最关心的事开展常态化服务",
    "与驻地单位签订共建协议，共享活动场地和培训资源",
    "定期召开组织生活会，开展批评和自我批评，查摆问题后建立整改清单",
    "用好党费，为困难党员和老党员送去慰问，党费使用情况每年公开",
    "设立党员先锋岗 {n8} 个，亮身份、亮承诺、亮实绩，接受{people}监督",
    "运用远程教育设备和线上平台开展学习，对年老体弱党员实行送学上门",
    "发展党员严格执行规定程序，注重从{people}中的优秀分子中发展党员",
)
DOMAIN_PRACTICE: dict[str, tuple[str, ...]] = {
    "农村": (
        "整合闲置校舍、老村部等资源，新建改建活动场所 {n4} 处，按“九有”要求配齐设施",
        "推行党员积分管理，将参加组织生活、志愿服务等情况量化计分，每季度公示一次",
        "选派机关优秀干部担任第一书记，实行县级领导包联、部门结对帮扶",
        "落实“四议两公开”工作法，重大事项经党组织提议、两委会商议后公开",
        "把党支部建在产业链上，组织党员带头领办合作社 {n9} 家，带动农户增收",
        "开展党员联系群众活动，每名党员联系 5 至 10 户，建立民情台账，群众诉求限时办结",
        "开展星级评定，按组织建设、阵地建设、服务群众等方面评星定级、动态管理",
        "实施“头雁”培养计划，每年集中培训村党组织书记，推行书记述职评议",
    ),
    "城市社区": (
        "划分网格 {n5} 个，每个网格配备党员网格员 1 至 2 名，做到“小事不出网格”",
        "推动物业企业成立党支部，社区党组织牵头召开小区议事会，化解物业矛盾",
        "建设党群服务中心，按“一厅六室”配置功能，节假日错时开放",
        "开展在职党员“双报到”，认领社区服务项目 {n6} 个",
        "推行“积分超市”，居民参加志愿服务可用积分兑换生活用品",
    ),
    "街道": (
        "划分网格 {n5} 个，建立“街道党工委—社区党组织—网格党支部—楼栋党小组”四级体系",
        "召开街道“大党委”联席会议，吸纳辖区单位共商共建",
        "建立群众诉求“接诉即办”机制，一般诉求 24 小时内响应",
    ),
    "机关": (
        "推行“党建+业务”双清单，把党建任务与业务工作同部署、同考核",
        "机关党员下沉社区报到，参与疫情防控、文明创建等志愿服务",
        "开展“窗口服务明星”评选，把服务对象评价纳入党员评议",
    ),
    "国有企业": (
        "把党建工作要求写入公司章程，落实党组织研究讨论前置程序",
        "在生产一线设立党员责任区 {n8} 个，围绕安全生产、技术攻关亮绩效",
        "开展“党员攻关项目”，组织技术骨干党员领衔攻克生产难题",
    ),
    "学校": (
        "推行党支部书记“双带头人”培育工程，选优配强教师党支部书记",
        "把思政教育融入课堂，党员教师结对帮扶学习困难学生",
        "在学生中开展“党员示范宿舍”创建，发挥学生党员示范作用",
    ),
    "非公企业": (
        "从机关选派 {n8} 名党建指导员驻企指导，推动企业党组织应建尽建",
        "对规模较小的企业按行业组建联合党支部，实现“两个覆盖”",
        "推动企业党组织书记与企业管理层双向进入、交叉任职",
    ),
    "社会组织": (
        "依托行业协会成立党委，对会员单位党建工作统一指导",
        "在社会组织登记、年检中同步了解党建工作情况",
        "组织社会组织党员参与社区公益服务项目 {n6} 个",
    ),
    "新就业群体": (
        "在快递网点和商圈设立党建驿站 {n4} 处，提供饮水、充电、休息、应急药箱等服务",
        "与快递、外卖平台企业共建，组织骑手党员亮身份、参与社区治理",
        "招募新就业群体担任“兼职网格员”，随手拍、随手报身边的安全隐患",
    ),
    "流动党员": (
        "建立流动党员信息库，逐一登记联系方式和务工地点",
        "在外出务工集中地建立流动党员党支部，通过线上平台组织过组织生活",
        "每季度与流动党员联系一次，春节返乡期间集中开展学习和慰问",
    ),
    "综合": (
        "全面排查基层党组织，对软弱涣散党组织逐个制定整顿方案",
        "建立县级领导包联制度，每名县级领导联系一个后进党组织",
        "把抓基层党建情况纳入书记述职评议考核，考核结果与评先评优挂钩",
    ),
}
ADJECTIVES = ("一站式", "全天候", "开放式", "多功能", "标准化", "家门口")
RESULTS = (
    "经过 {n10} 个月的努力，{result_a}，“{item}”要求全部落实到位。",
    "{year} 年，该{unit}党组织被评为先进基层党组织，{result_b}。",
    "党员参加组织生活的比例由 {p1}% 提高到 {p2}%，{result_a}。",
    "累计办理群众诉求 {n11} 件，办结率达到 {p3}%，{result_b}。",
    "群众满意度测评达到 {p4}%，{result_a}。",
    "{result_b}，相关做法被上级推广，{n12} 个兄弟单位前来学习交流。",
    "村级集体经济收入增加 {n13} 万元，{result_a}。",
    "原来的问题清单已销号 {n14} 项，{result_b}。",
)
RESULTS_A = (
    "活动场所全部达标",
    "组织生活更加规范",
    "党员作用更加明显",
    "党群关系更加密切",
    "矛盾纠纷明显减少",
    "服务群众更加精准",
    "党组织的凝聚力明显增强",
    "基层治理效能不断提升",
)
RESULTS_B = (
    "党员群众的获得感明显增强",
    "党组织在群众中的威信进一步提高",
    "形成了可复制的经验做法",
    "“有事找党员”成为群众的习惯",
    "党建与业务实现了深度融合",
    "软弱涣散状况得到根本扭转",
)
LESSONS = (
    "抓基层党建必须对照标准逐项销号，{lesson_a}。",
    "{lesson_a}，只有把党员作用发挥出来，党组织才有凝聚力和号召力。",
    "阵地建设要与服务功能同步推进，{lesson_b}。",
    "{lesson_b}，把“{brand}”的做法固定为长效机制，避免“一阵风”。",
    "党建工作要找准与中心工作的结合点，{lesson_a}。",
    "选好用好党组织书记是关键，{lesson_b}。",
    "{lesson_a}，让群众在家门口就能感受到党组织的温暖。",
)
LESSONS_A = (
    "不能停留在挂牌子、建台账上",
    "要把问题清单变成成效清单",
    "必须坚持书记带头、党员示范",
    "关键在于把制度落到经常",
    "要用群众满意度检验工作成效",
)
LESSONS_B = (
    "形成了看得见、摸得着的服务品牌",
    "离不开上级党组织的持续指导",
    "需要整合各方资源形成合力",
    "要把好的做法写进制度",
    "要注重激发党员的内生动力",
)
TITLE_PATTERNS = (
    "{place}以“{brand}”推动{topic}",
    "{place}{topic}的实践探索",
    "{place}对照“{std}”抓实{topic}",
    "{place}：{topic}见实效",
    "{place}创新{topic}工作机制",
    "{place}推进{topic}的做法与成效",
)
TOPICS = (
    "阵地建设",
    "三会一课",
    "党员联系群众",
    "网格化管理",
    "党员积分管理",
    "软弱涣散党组织整顿",
    "主题党日",
    "党群服务中心建设",
    "新就业群体党建",
    "流动党员管理",
    "两个覆盖",
    "支部标准化建设",
    "书记队伍建设",
    "组织生活会",
    "发展党员",
    "红色物业",
    "抓党建促乡村振兴",
    "党建引领基层治理",
)
# What a case about a standard is called in its title.
STANDARD_TOPICS: dict[str, tuple[str, ...]] = {
    "village-position-nine-haves": ("阵地建设", "村级活动场所建设"),
    "one-hall-six-rooms": ("党群服务中心建设", "阵地建设"),
    "three-meetings-one-lesson": ("三会一课", "组织生活规范化"),
    "theme-party-day": ("主题党日", "组织生活规范化"),
    "member-points": ("党员积分管理", "党员教育管理"),
    "grid-management": ("网格化管理", "党建引领基层治理"),
    "star-rating": ("星级评定", "支部标准化建设"),
    "weak-lax-rectification": ("软弱涣散党组织整顿", "整顿提升"),
    "member-contact-masses": ("党员联系群众", "服务群众"),
    "party-dues": ("党费收缴管理", "党员教育管理"),
    "member-development": ("发展党员", "队伍建设"),
    "org-life-review": ("组织生活会", "民主评议党员"),
    "two-coverages": ("两个覆盖", "两新党建"),
    "courier-station": ("新就业群体党建", "党建驿站建设"),
    "mobile-members": ("流动党员管理", "流动党员服务"),
    "secretary-team": ("书记队伍建设", "头雁培养"),
}
TAGS = (
    "阵地建设",
    "组织生活",
    "服务群众",
    "基层治理",
    "乡村振兴",
    "党员管理",
    "整顿提升",
    "志愿服务",
    "城市基层党建",
    "两新党建",
)


# -- YAML writing (double-quoted JSON strings are valid YAML and never misread) ---------------------------


def _scalar(value: Any) -> str:
    if isinstance(value, bool) or value is None:
        raise TypeError(value)
    if isinstance(value, (int, float)):
        return str(value)
    return json.dumps(str(value), ensure_ascii=False)


def _flow(values: Iterable[Any]) -> str:
    return "[" + ", ".join(_scalar(v) for v in values) + "]"


def _block(text: str, indent: str = "  ") -> str:
    return "|\n" + "".join(f"{indent}{line}\n" if line else "\n" for line in text.rstrip("\n").split("\n"))


def _write(path: Path, fields: list[tuple[str, Any]]) -> None:
    lines: list[str] = []
    for key, value in fields:
        if value is None or value == [] or value == ():
            continue
        if isinstance(value, str) and "\n" in value:
            lines.append(f"{key}: {_block(value)}".rstrip("\n"))
        elif isinstance(value, (list, tuple)):
            if value and isinstance(value[0], dict):
                lines.append(f"{key}:")
                for entry in value:
                    lines.append(
                        "  - {" + ", ".join(f"{k}: {_scalar(v)}" for k, v in entry.items() if v is not None) + "}"
                    )
            else:
                lines.append(f"{key}: {_flow(value)}")
        else:
            lines.append(f"{key}: {_scalar(value)}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


# -- generation ---------------------------------------------------------------------------------------------


class _Generator:
    def __init__(self, out: Path, n_cases: int, rng: random.Random):
        self.out = out
        self.n_cases = n_cases
        self.rng = rng
        self.source_ids: list[str] = []
        self.standards: dict[str, StandardSpec] = {}
        self.standard_names: dict[str, str] = {}
        self.brands: list[tuple[str, str, tuple[str, ...], tuple[str, ...]]] = []  # (id, name, domains, standards)
        self.regions: list[str] = []

    def sources(self) -> int:
        count = len(SOURCE_TITLES) + self.n_cases // 100
        for i in range(count):
            rng = self.rng
            base = SOURCE_TITLES[i % len(SOURCE_TITLES)]
            year = 2016 + (i * 7) % 9
            title = base if i < len(SOURCE_TITLES) else f"{base}（{year} 年第 {i // len(SOURCE_TITLES) + 1} 期）"
            kind = "讲话" if "讲话" in base else ("会议" if "会" in base and "材料" in base else "文件")
            source_id = f"source-{i + 1:04d}"
            self.source_ids.append(source_id)
            _write(
                self.out / "sources" / f"{source_id}.yml",
                [
                    ("id", source_id),
                    ("title", title),
                    ("source_kind", kind),
                    ("level", rng.choice(LEVELS)),
                    ("year", year),
                    ("date", f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"),
                    ("speaker", "县委领导" if kind == "讲话" else None),
                    (
                        "summary",
                        f"围绕{rng.choice(TOPICS)}和{rng.choice(TOPICS)}作出部署，提出{rng.choice(PROBLEMS)}等问题的整改要求，"
                        f"明确“{rng.choice(STANDARDS).name}”等标准的落实时限。",
                    ),
                ],
            )
        return count

    def standards_(self) -> int:
        specs = list(STANDARDS)
        # Larger corpora get local versions of the base standards (provinces keep their own editions).
        for i in range(self.n_cases // 250):
            base = STANDARDS[i % len(STANDARDS)]
            edition = i // len(STANDARDS) + 1
            specs.append(
                StandardSpec(
                    f"{base.id}-local-{edition}",
                    f"{base.name}（**市第 {edition} 版）",
                    (),
                    base.summary,
                    base.category,
                    base.domains,
                    base.org_types,
                    base.items,
                )
            )
        for spec in specs:
            self.standards[spec.id] = spec
            self.standard_names[spec.id] = spec.name
            rng = self.rng
            year = rng.randint(2015, 2023)
            _write(
                self.out / "standards" / f"{spec.id}.yml",
                [
                    ("id", spec.id),
                    ("name", spec.name),
                    ("aliases", list(spec.aliases)),
                    ("summary", spec.summary),
                    ("category", spec.category),
                    ("domains", list(spec.domains)),
                    ("org_types", list(spec.org_types)),
                    ("level", rng.choice(("省级", "市级", "县级"))),
                    ("issuer", rng.choice(("**省委组织部", "**市委组织部", "**县委组织部"))),
                    (
                        "description",
                        f"本标准适用于{'、'.join(spec.domains)}领域的基层党组织。\n\n"
                        f"各级党组织应对照条目逐项检查，{rng.choice(LESSONS_A)}。",
                    ),
                    ("items", [{"id": iid, "title": title, "requirement": req} for iid, title, req in spec.items]),
                    ("year", year),
                    ("sources", [rng.choice(self.source_ids)]),
                ],
            )
        return len(specs)

    def brands_(self) -> int:
        rng = self.rng
        entries = [(bid, name, kind, domains, stds, summary) for bid, name, kind, domains, stds, summary in BRANDS]
        used = {e[1] for e in entries}
        extra = self.n_cases // 50
        i = 0
        while len(entries) < len(BRANDS) + extra:
            prefix = BRAND_PREFIXES[i % len(BRAND_PREFIXES)]
            suffix, kind = BRAND_SUFFIXES[(i // len(BRAND_PREFIXES)) % len(BRAND_SUFFIXES)]
            round_ = i // (len(BRAND_PREFIXES) * len(BRAND_SUFFIXES))
            name = f"{prefix}{suffix}" if round_ == 0 else f"“{prefix}{suffix}”{round_ + 1} 号"
            i += 1
            if name in used:
                continue
            used.add(name)
            domain = rng.choice(list(DOMAINS))
            stds = tuple(rng.sample(DOMAIN_STANDARDS[domain], k=min(2, len(DOMAIN_STANDARDS[domain]))))
            entries.append(
                (
                    f"brand-{len(entries) + 1:04d}",
                    name,
                    kind,
                    (domain,),
                    stds,
                    f"围绕{rng.choice(TOPICS)}打造的{kind}。",
                )
            )
        for bid, name, kind, domains, stds, summary in entries:
            self.brands.append((bid, name, domains, stds))
            launched = rng.randint(2012, 2023)
            _write(
                self.out / "brands" / f"{bid}.yml",
                [
                    ("id", bid),
                    ("name", name),
                    ("brand_kind", kind),
                    ("summary", summary),
                    ("owner", rng.choice(("**县委组织部", "**市委组织部", "**区委组织部", "**街道党工委", "**镇党委"))),
                    ("level", rng.choice(("市级", "县级", "乡镇（街道）"))),
                    ("domains", list(domains)),
                    ("launched", launched),
                    ("period", f"{launched} 年 3 月至 6 月" if kind == "专项行动" else None),
                    ("status", rng.choice(("实施中", "常态化", "已完成"))),
                    ("goals", f"到 {launched + 3} 年，{rng.choice(RESULTS_A)}，{rng.choice(RESULTS_B)}。"),
                    (
                        "measures",
                        [
                            t.format(**self._slots(rng, domains[0], brand=name))
                            for t in rng.sample(PRACTICE + DOMAIN_PRACTICE[domains[0]], 3)
                        ],
                    ),
                    ("standards", list(stds)),
                    ("sources", [rng.choice(self.source_ids)]),
                ],
            )
        return len(entries)

    def glossary(self) -> int:
        for tid, term, expansion, components, aliases, explanation in GLOSSARY:
            _write(
                self.out / "glossary" / f"{tid}.yml",
                [
                    ("id", tid),
                    ("term", term),
                    ("expansion", expansion),
                    ("components", list(components)),
                    ("aliases", list(aliases)),
                    ("explanation", explanation),
                    ("sources", [self.source_ids[0]]),
                ],
            )
        return len(GLOSSARY)

    def _slots(
        self, rng: random.Random, domain: str, std_id: str | None = None, brand: str | None = None
    ) -> dict[str, Any]:
        _, unit, people = DOMAINS[domain]
        std_id = std_id or rng.choice(DOMAIN_STANDARDS[domain])
        spec = self.standards.get(std_id) or next(s for s in STANDARDS if s.id == std_id)
        return {
            "unit": unit,
            "people": people,
            "std": spec.name,
            "item": rng.choice(spec.items)[1],
            "brand": brand or rng.choice(BRANDS)[1],
            "terrain": rng.choice(TERRAINS),
            "adj": rng.choice(ADJECTIVES),
            "problem": rng.choice(PROBLEMS + DOMAIN_PROBLEMS[domain] * 3),
            "year": rng.randint(2016, 2024),
            "result_a": rng.choice(RESULTS_A),
            "result_b": rng.choice(RESULTS_B),
            "lesson_a": rng.choice(LESSONS_A),
            "lesson_b": rng.choice(LESSONS_B),
            **{
                f"n{i}": rng.randint(lo, hi)
                for i, (lo, hi) in enumerate(
                    [
                        (0, 0),
                        (20, 180),
                        (300, 5000),
                        (52, 65),
                        (2, 12),
                        (6, 40),
                        (5, 30),
                        (2, 9),
                        (3, 20),
                        (2, 8),
                        (3, 18),
                        (60, 900),
                        (5, 60),
                        (5, 80),
                        (6, 40),
                    ]
                )
            },
            "p1": rng.randint(55, 80),
            "p2": rng.randint(88, 99),
            "p3": rng.randint(90, 99),
            "p4": rng.randint(90, 99),
        }

    def cases(self) -> int:
        rng = self.rng
        n_regions = max(10, min(120, self.n_cases // 40))
        self.regions = []
        for i in range(n_regions):
            form = REGION_FORMS[i % len(REGION_FORMS)]
            prefix = REGION_PREFIXES[(i // len(REGION_FORMS)) % len(REGION_PREFIXES)]
            round_ = i // (len(REGION_FORMS) * len(REGION_PREFIXES))
            self.regions.append(f"{prefix}{form}" + (f"（{round_ + 1}）" if round_ else ""))
        domains = list(DOMAIN_WEIGHTS)
        weights = [DOMAIN_WEIGHTS[d] for d in domains]
        brands_by_domain: dict[str, list[tuple[str, str, tuple[str, ...]]]] = {}
        for bid, name, bdomains, stds in self.brands:
            for d in bdomains:
                brands_by_domain.setdefault(d, []).append((bid, name, stds))
        for index in range(self.n_cases):
            domain = rng.choices(domains, weights)[0]
            org_types, unit, _people = DOMAINS[domain]
            region = rng.choice(self.regions)
            place = region + PLACE_SUFFIX.get(unit, "")
            candidates = (
                brands_by_domain.get(domain)
                or brands_by_domain.get("综合")
                or [(b[0], b[1], b[3]) for b in self.brands]
            )
            brand_links = rng.sample(candidates, k=min(len(candidates), rng.choice((0, 1, 1, 1, 2))))
            std_pool = list(DOMAIN_STANDARDS[domain])
            local = [s for s in self.standards if any(s.startswith(b + "-local-") for b in std_pool)]
            std_ids = rng.sample(std_pool + local, k=min(len(std_pool + local), rng.choice((1, 1, 2, 2, 3))))
            item_refs = []
            for std_id in std_ids:
                items = self.standards[std_id].items
                for iid, _title, _req in rng.sample(items, k=rng.randint(0, min(3, len(items)))):
                    item_refs.append(f"{std_id}#{iid}")
            # Some cases name the standard only through its items.
            named_stds = [s for s in std_ids if rng.random() < 0.7 or not any(r.startswith(s + "#") for r in item_refs)]
            main_std = std_ids[0]
            brand_name = brand_links[0][1] if brand_links else rng.choice(BRANDS)[1]

            def fill(template: str) -> str:
                return template.format(**self._slots(rng, domain, main_std, brand_name))

            topic = rng.choice(STANDARD_TOPICS[main_std.split("-local-")[0]])
            title = rng.choice(TITLE_PATTERNS).format(
                place=rng.choice((region, place)), brand=brand_name, topic=topic, std=self.standards[main_std].name
            )
            background = "".join(fill(t) for t in rng.sample(BACKGROUND, 3))
            own = DOMAIN_PRACTICE[domain]
            steps = rng.sample(own, min(len(own), rng.randint(2, 4))) + rng.sample(PRACTICE, rng.randint(3, 4))
            rng.shuffle(steps)
            practice = "\n".join(f"- {fill(t)}；" for t in steps)
            practice = practice[:-1] + "。"
            results = "".join(fill(t) for t in rng.sample(RESULTS, 3))
            lessons = "".join(fill(t) for t in rng.sample(LESSONS, 2))
            year = rng.randint(2016, 2024)
            outcomes = []
            for _ in range(rng.randint(0, 3)):
                what, unit_word = rng.choice(
                    (
                        ("新建改建活动场所", "处"),
                        ("办理群众诉求", "件"),
                        ("组建志愿服务队", "支"),
                        ("发展党员", "名"),
                        ("集体经济增收", "万元"),
                        ("群众满意度", "%"),
                    )
                )
                if rng.random() < 0.15:
                    outcomes.append({"unit": unit_word, "what": what, "note": "原文未给出具体数字"})
                else:
                    outcomes.append(
                        {
                            "value": rng.randint(2, 300) if unit_word != "%" else rng.randint(85, 99),
                            "unit": unit_word,
                            "what": what,
                        }
                    )
            case_id = f"case-{index + 1:05d}"
            _write(
                self.out / "cases" / f"{case_id}.yml",
                [
                    ("id", case_id),
                    ("title", title),
                    ("place", place),
                    ("region", region),
                    ("org_type", rng.choice(org_types)),
                    ("domain", domain),
                    ("year", year),
                    ("brands", [b[0] for b in brand_links]),
                    ("standards", named_stds),
                    ("standard_items", item_refs),
                    ("summary", f"{fill(rng.choice(DOMAIN_PRACTICE[domain]))}，{rng.choice(RESULTS_A)}。"),
                    ("background", background),
                    ("practice", practice),
                    ("results", results),
                    ("lessons", lessons),
                    ("outcomes", outcomes),
                    ("provenance", rng.choice(("据讲话材料整理", "据会议交流材料整理", "据上报材料整理"))),
                    ("status", "已审核"),
                    ("submitted", f"{min(year + 1, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"),
                    ("tags", sorted(set(rng.sample(TAGS, rng.randint(0, 2))))),
                    ("sources", [rng.choice(self.source_ids)]),
                ],
            )
        return self.n_cases


def generate_corpus(out_dir: Path, n_cases: int, *, seed: int = 0, base_data: Path | None = None) -> dict[str, int]:
    """Write a complete, valid data folder with `n_cases` cases into `out_dir`; return the count per kind.

    `base_data` is the data folder whose taxonomy.yml is used (default: the repository's data/).
    `out_dir` must be empty or missing: the generator never deletes anything.
    """
    out = Path(out_dir)
    if out.exists() and any(out.iterdir()):
        raise FileExistsError(f"{out} 不是空目录：请指定一个新的目录。")
    taxonomy = Path(base_data or REPO_DATA) / "taxonomy.yml"
    if not taxonomy.is_file():
        raise FileNotFoundError(f"找不到受控词表 {taxonomy}")
    for kind in RECORD_KINDS:
        (out / kind).mkdir(parents=True, exist_ok=True)
    shutil.copyfile(taxonomy, out / "taxonomy.yml")
    gen = _Generator(out, n_cases, random.Random(seed))
    counts = {
        "sources": gen.sources(),
        "standards": gen.standards_(),
        "brands": gen.brands_(),
        "glossary": gen.glossary(),
    }
    counts["cases"] = gen.cases()
    return counts
