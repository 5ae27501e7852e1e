"""Values the text states or suggests for 地区/地点/单位/年份/领域/组织类型 and the submission date.

A value given on a labelled line (“地区：**县”) is taken as written; a value inferred from the text is a
proposal the editor must confirm (it is marked in the draft and listed in the import report).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

# Labelled lines in the document (the template's 基本信息 part, or a preamble): label → field.
LABELS: dict[str, str] = {
    "地区": "region",
    "所在地区": "region",
    "县区": "region",
    "县（市、区）": "region",
    "地点": "place",
    "所在地": "place",
    "单位": "unit",
    "报送单位": "unit",
    "申报单位": "unit",
    "推荐单位": "unit",
    "供稿单位": "unit",
    "实施单位": "unit",
    "年份": "year",
    "年度": "year",
    "实施年份": "year",
    "领域": "domain",
    "所属领域": "domain",
    "组织类型": "org_type",
    "党组织类型": "org_type",
    "报送日期": "date",
    "报送时间": "date",
    "日期": "date",
    "提交日期": "date",
}
LABEL_RE = re.compile(r"^\s*(" + "|".join(sorted(map(re.escape, LABELS), key=len, reverse=True)) + r")\s*[:：]\s*(.*)$")

# Anonymised places as the data writes them: **县**镇, XX省**市, ××区.
_MASK = r"(?:\*\*|\*|XX|xx|××|ＸＸ|某)"
_PLACE_PART = _MASK + r"(?:省|自治区|市|州|盟|县|区|旗|镇|乡|街道|村|社区)"
PLACE_RE = re.compile(rf"(?:{_PLACE_PART})+")
_REGION_LEVEL = ("市", "州", "盟", "县", "区", "旗")

_CN_DIGITS = {
    "〇": 0,
    "○": 0,
    "零": 0,
    "Ｏ": 0,
    "O": 0,
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_DATE = re.compile(
    r"([〇○零Ｏ一二三四五六七八九O]{4})\s*年\s*([一二三四五六七八九十]{1,3})\s*月\s*([一二三四五六七八九十]{1,3})\s*日"
)
_NUM_DATE = re.compile(r"(\d{4})\s*[年/.\-－—]\s*(\d{1,2})\s*[月/.\-－—]\s*(\d{1,2})\s*日?")
_YEAR = re.compile(r"(?<!\d)((?:19[2-9]|20\d)\d)\s*年")
# A sender's name on a line of its own (“**县委组织部”, “中共**街道工作委员会”): anonymised names only, so a
# closing sentence that happens to end in 中心 is never taken for one.
UNIT_LINE = re.compile(
    r"^(?:中共)?(?:\*\*|\*|XX|xx|××|ＸＸ|某)[^。，,；;：:\s]{0,30}?(?:委员会|党委|党工委|党组|组织部|党支部|党总支|办公室|人民政府|局|中心|联合会)$"
)

# Domain and org-type words (the names in data/taxonomy.yml count as words too).
DOMAIN_WORDS: dict[str, tuple[str, ...]] = {
    "农村": ("农村", "乡村", "村党", "村“两委”", "村两委", "行政村", "农民", "村集体", "乡村振兴"),
    "城市社区": ("社区", "小区", "居民区", "物业"),
    "街道": ("街道",),
    "机关": ("机关",),
    "国有企业": ("国有企业", "国企", "央企", "集团公司"),
    "学校": ("学校", "高校", "中学", "小学", "大学", "院系", "师生"),
    "非公企业": ("非公", "民营企业", "私营企业", "两新组织"),
    "社会组织": ("社会组织", "行业协会", "商会", "协会"),
    "新就业群体": ("新就业", "快递员", "外卖", "网约车", "货车司机", "骑手", "快递"),
    "流动党员": ("流动党员",),
}
ORG_TYPE_WORDS: dict[str, tuple[str, ...]] = {
    "村党组织": ("村党组织", "村党支部", "村党委", "村党总支", "村“两委”", "村两委"),
    "社区党组织": ("社区党组织", "社区党委", "社区党支部", "社区党总支"),
    "街道党工委": ("街道党工委",),
    "乡镇党委": ("乡镇党委", "镇党委", "乡党委"),
    "机关党组织": ("机关党委", "机关党支部", "机关党组织"),
    "企业党组织": ("企业党委", "企业党组织", "公司党委", "企业党支部"),
    "学校党组织": ("学校党委", "学校党组织", "高校党委"),
    "社会组织党组织": ("社会组织党组织", "协会党支部", "商会党委"),
    "流动党员党组织": ("流动党员党组织", "流动党员党支部"),
    "组织部门": ("组织部",),
}


@dataclass
class Proposal:
    field: str
    value: str | int
    stated: bool  # given on a labelled line: no confirmation needed
    why: str  # for the report and the draft's comment


def normalise_date(text: str) -> str | None:
    """A date written in Chinese or loosely (2024年3月5日, 二〇二四年三月五日, 2024.3.5) as "2024-03-05" — the form `djkb check` asks for."""
    text = unicodedata.normalize("NFKC", text)
    match = _NUM_DATE.search(text)
    if match:
        y, m, d = (int(g) for g in match.groups())
        return f"{y:04d}-{m:02d}-{d:02d}"
    match = _CN_DATE.search(text)
    if match:
        y = int("".join(str(_CN_DIGITS[c]) for c in match.group(1)))
        return f"{y:04d}-{_cn_small(match.group(2)):02d}-{_cn_small(match.group(3)):02d}"
    return None


def _cn_small(text: str) -> int:
    """一…三十一."""
    if "十" not in text:
        return _CN_DIGITS[text]
    tens, _, ones = text.partition("十")
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0)


def is_date_line(text: str) -> bool:
    stripped = re.sub(r"\s", "", unicodedata.normalize("NFKC", text))
    return bool(re.fullmatch(r"\d{4}[年/.\-]\d{1,2}[月/.\-]\d{1,2}日?", stripped) or _CN_DATE.fullmatch(stripped))


def place_and_region(text: str) -> tuple[str, str] | None:
    """The first anonymised place in the text, and its region (the lowest city/county-level part)."""
    match = PLACE_RE.search(text)
    if not match:
        return None
    place = match.group(0)
    parts = re.findall(_PLACE_PART, place)
    region_parts = [p for p in parts if p.endswith(_REGION_LEVEL)]
    region = region_parts[-1] if region_parts else parts[0]
    return place, region


def years_mentioned(text: str) -> list[int]:
    this_year = dt.date.today().year
    return [int(y) for y in _YEAR.findall(unicodedata.normalize("NFKC", text)) if 1921 <= int(y) <= this_year]


def best_match(words: dict[str, tuple[str, ...]], allowed: list[str], title: str, body: str) -> tuple[str, str] | None:
    """The allowed name whose words occur most (the title counts thrice), with the words found; None on a tie or nothing."""
    scores: list[tuple[int, str, str]] = []
    for name in allowed:
        found = [w for w in (*words.get(name, ()), name) if w in title or w in body]
        score = sum(3 * title.count(w) + body.count(w) for w in set(found))
        if score:
            scores.append((score, name, "、".join(sorted(set(found), key=len, reverse=True)[:3])))
    scores.sort(reverse=True)
    if not scores or (len(scores) > 1 and scores[0][0] == scores[1][0]):
        return None
    return scores[0][1], scores[0][2]
