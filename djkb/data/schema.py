"""Record schemas: one pydantic model per record type.

Strict models with unknown keys forbidden: the loader hands over only str / bool / None / int / float /
list / dict, so strict mode never has to coerce anything behind an editor's back. Field descriptions are
the Chinese labels used in error messages, templates and the exported JSON Schema.
"""

from __future__ import annotations

import json
import re
from typing import Annotated, ClassVar

from pydantic import BaseModel, ConfigDict, Field, field_validator

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
ID_RE = re.compile(ID_PATTERN)
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

RecordId = Annotated[str, Field(pattern=ID_PATTERN, min_length=2, max_length=80)]
# A reference to one numbered item of a standard: "standard-id#item-id".
ItemRef = Annotated[str, Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*#[a-z0-9]+(?:-[a-z0-9]+)*$")]
NonEmptyText = Annotated[str, Field(min_length=1)]
Year = Annotated[int, Field(ge=1921, le=2100)]
IsoDate = Annotated[str, Field(pattern=r"^\d{4}-\d{2}-\d{2}$")]
HttpUrl = Annotated[str, Field(pattern=r"^https?://\S+$")]


class Record(BaseModel):
    """Fields every record type shares."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)

    kind: ClassVar[str]  # folder name under data/ and URL prefix on the site
    label: ClassVar[str]  # Chinese name of the record type

    id: RecordId = Field(description="编号（与文件名相同）")
    tags: list[NonEmptyText] = Field(default_factory=list, description="标签")
    sources: list[RecordId] = Field(default_factory=list, description="来源文件编号")
    # Reviewer's confirmation that flagged numbers in this file are not personal data.
    not_personal: list[NonEmptyText] = Field(default_factory=list, description="已确认非个人信息的号码")

    @property
    def display_name(self) -> str:
        raise NotImplementedError


class Source(Record):
    kind: ClassVar[str] = "sources"
    label: ClassVar[str] = "来源"

    title: NonEmptyText = Field(description="标题")
    source_kind: NonEmptyText = Field(description="来源类型（讲话/文件/会议）")
    level: NonEmptyText = Field(description="层级")
    year: Year | None = Field(default=None, description="年份")
    date: IsoDate | None = Field(default=None, description="日期")
    speaker: str | None = Field(default=None, description="讲话人职务（不写姓名）")
    occasion: str | None = Field(default=None, description="场合/会议")
    summary: NonEmptyText = Field(description="内容摘要（用自己的话）")
    url: HttpUrl | None = Field(default=None, description="网址")
    seed_file: str | None = Field(default=None, description="原始材料文件名")

    @property
    def display_name(self) -> str:
        return self.title


class StandardItem(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)

    id: RecordId = Field(description="条目编号")
    title: NonEmptyText = Field(description="条目名称")
    text: str | None = Field(default=None, description="条目说明")
    requirement: str | None = Field(default=None, description="量化要求（如频次、数量，按原文）")


class Standard(Record):
    kind: ClassVar[str] = "standards"
    label: ClassVar[str] = "标准规范"

    name: NonEmptyText = Field(description="名称")
    aliases: list[NonEmptyText] = Field(default_factory=list, description="别称")
    summary: NonEmptyText = Field(description="一句话说明")
    category: NonEmptyText = Field(description="类别")
    domains: list[NonEmptyText] = Field(min_length=1, description="适用领域")
    org_types: list[NonEmptyText] = Field(default_factory=list, description="适用组织类型")
    level: NonEmptyText = Field(description="发布层级")
    issuer: str | None = Field(default=None, description="发布单位（匿名化）")
    description: str | None = Field(default=None, description="详细说明（Markdown）")
    items: list[StandardItem] = Field(min_length=1, description="条目")
    effective: IsoDate | None = Field(default=None, description="施行日期")
    year: Year | None = Field(default=None, description="年份")
    version: str | None = Field(default=None, description="版本")
    supersedes: RecordId | None = Field(default=None, description="取代的标准编号")

    @property
    def display_name(self) -> str:
        return self.name


class Brand(Record):
    kind: ClassVar[str] = "brands"
    label: ClassVar[str] = "品牌项目"

    name: NonEmptyText = Field(description="名称")
    aliases: list[NonEmptyText] = Field(default_factory=list, description="别称")
    brand_kind: NonEmptyText = Field(description="类型（党建品牌/工程项目/工作法/专项行动）")
    summary: NonEmptyText = Field(description="一句话简介")
    owner: NonEmptyText = Field(description="实施单位（匿名化，如 **市委组织部）")
    level: NonEmptyText = Field(description="层级")
    domains: list[NonEmptyText] = Field(min_length=1, description="领域")
    launched: Year | None = Field(default=None, description="启动年份")
    period: str | None = Field(default=None, description="实施期限（专项行动）")
    status: NonEmptyText = Field(description="状态")
    goals: str | None = Field(default=None, description="目标（Markdown）")
    measures: list[NonEmptyText] = Field(default_factory=list, description="主要做法")
    standards: list[RecordId] = Field(default_factory=list, description="关联标准编号")
    related: list[RecordId] = Field(default_factory=list, description="相关品牌编号")

    @property
    def display_name(self) -> str:
        return self.name


class Outcome(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)

    value: int | float | None = Field(default=None, description="数值（原文未给出时留空）")
    unit: NonEmptyText = Field(description="单位")
    what: NonEmptyText = Field(description="指标说明")
    note: str | None = Field(default=None, description="备注（如“原文未给出具体数字”）")


class Case(Record):
    kind: ClassVar[str] = "cases"
    label: ClassVar[str] = "典型案例"

    title: NonEmptyText = Field(description="标题")
    place: NonEmptyText = Field(description="地点（匿名化，如 **县**镇）")
    region: NonEmptyText = Field(description="地区（匿名化，用于筛选）")
    org_type: NonEmptyText = Field(description="组织类型")
    domain: NonEmptyText = Field(description="领域")
    year: Year = Field(description="年份")
    brands: list[RecordId] = Field(default_factory=list, description="应用的品牌项目编号")
    standards: list[RecordId] = Field(default_factory=list, description="应用的标准编号")
    standard_items: list[ItemRef] = Field(default_factory=list, description="应用的标准条目（标准编号#条目编号）")
    summary: NonEmptyText = Field(description="一句话摘要")
    background: NonEmptyText = Field(description="背景（Markdown）")
    practice: NonEmptyText = Field(description="做法（Markdown）")
    results: NonEmptyText = Field(description="成效（Markdown）")
    lessons: NonEmptyText = Field(description="启示（Markdown）")
    outcomes: list[Outcome] = Field(default_factory=list, description="量化成效")
    provenance: str | None = Field(default=None, description="材料说明（如“据讲话材料整理”）")
    status: NonEmptyText = Field(description="审核状态（草稿/已审核）")
    submitted: IsoDate = Field(description="提交日期")
    updated: IsoDate | None = Field(default=None, description="更新日期")
    # Reviewer's confirmation that this case is not a near-duplicate of the listed (similar) cases.
    distinct_from: list[RecordId] = Field(default_factory=list, description="已确认并非重复的相似案例编号")

    @property
    def display_name(self) -> str:
        return self.title


class Term(Record):
    kind: ClassVar[str] = "glossary"
    label: ClassVar[str] = "术语"

    term: NonEmptyText = Field(description="术语")
    expansion: str | None = Field(default=None, description="完整表述")
    components: list[NonEmptyText] = Field(default_factory=list, description="组成部分")
    aliases: list[NonEmptyText] = Field(default_factory=list, description="别称")
    explanation: NonEmptyText = Field(description="解释（Markdown）")
    related: list[RecordId] = Field(default_factory=list, description="相关术语编号")

    @property
    def display_name(self) -> str:
        return self.term


class TaxonomyEntry(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)

    id: RecordId = Field(description="编号（用于网址）")
    name: NonEmptyText = Field(description="名称")
    description: str | None = Field(default=None, description="说明")


class CheckSettings(BaseModel):
    """How strict the editorial checks are for this project (`checks:` in data/taxonomy.yml)."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)

    # Official Chinese documents write 10月中旬 without a space; a project whose house style wants 10 月中旬 turns this on.
    space_between_chinese_and_digits: bool = Field(default=False, description="中文与数字之间加空格的排版提醒")


class Taxonomy(BaseModel):
    """The controlled lists (data/taxonomy.yml), and the project's check settings."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)

    domains: list[TaxonomyEntry] = Field(min_length=1, description="领域")
    categories: list[TaxonomyEntry] = Field(min_length=1, description="标准类别")
    levels: list[TaxonomyEntry] = Field(min_length=1, description="层级")
    org_types: list[TaxonomyEntry] = Field(min_length=1, description="组织类型")
    brand_kinds: list[TaxonomyEntry] = Field(min_length=1, description="品牌项目类型")
    brand_statuses: list[TaxonomyEntry] = Field(min_length=1, description="品牌项目状态")
    review_statuses: list[TaxonomyEntry] = Field(min_length=1, description="审核状态")
    source_kinds: list[TaxonomyEntry] = Field(min_length=1, description="来源类型")
    checks: CheckSettings = Field(default_factory=CheckSettings, description="检查设置")

    @field_validator(
        "domains",
        "categories",
        "levels",
        "org_types",
        "brand_kinds",
        "brand_statuses",
        "review_statuses",
        "source_kinds",
    )
    @classmethod
    def _unique_names(cls, entries: list[TaxonomyEntry]) -> list[TaxonomyEntry]:
        names = [e.name for e in entries]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise ValueError("名称重复：" + "、".join(dupes))
        return entries

    def names(self, list_name: str) -> list[str]:
        return [e.name for e in getattr(self, list_name)]


RECORD_TYPES: tuple[type[Record], ...] = (Source, Standard, Brand, Case, Term)
RECORD_TYPE_BY_KIND: dict[str, type[Record]] = {t.kind: t for t in RECORD_TYPES}

# Which record fields must hold a value from which controlled list.
CONTROLLED_FIELDS: dict[str, dict[str, str]] = {
    "sources": {"source_kind": "source_kinds", "level": "levels"},
    "standards": {"category": "categories", "domains": "domains", "org_types": "org_types", "level": "levels"},
    "brands": {"brand_kind": "brand_kinds", "domains": "domains", "level": "levels", "status": "brand_statuses"},
    "cases": {"domain": "domains", "org_type": "org_types", "status": "review_statuses"},
    "glossary": {},
}

# Which record fields refer to which record kind (by id).
REFERENCE_FIELDS: dict[str, dict[str, str]] = {
    "sources": {},
    "standards": {"sources": "sources", "supersedes": "standards"},
    "brands": {"sources": "sources", "standards": "standards", "related": "brands"},
    "cases": {"sources": "sources", "brands": "brands", "standards": "standards"},
    "glossary": {"sources": "sources", "related": "glossary"},
}

# Fields rendered as Markdown (checked for unsafe content by validate).
MARKDOWN_FIELDS: dict[str, tuple[str, ...]] = {
    "sources": ("summary",),
    "standards": ("summary", "description"),
    "brands": ("summary", "goals", "measures"),
    "cases": ("summary", "background", "practice", "results", "lessons"),
    "glossary": ("explanation",),
}

PUBLISHED_STATUS = "已审核"
DRAFT_STATUS = "草稿"


def json_schemas() -> dict[str, str]:
    """File name → JSON Schema text, from the pydantic models (editors' YAML plugins validate as they type)."""
    out: dict[str, str] = {}
    for kind, model in RECORD_TYPE_BY_KIND.items():
        schema = model.model_json_schema()
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["title"] = f"{model.label}（data/{kind}/*.yml）"
        out[f"{kind}.schema.json"] = json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    taxonomy = Taxonomy.model_json_schema()
    taxonomy["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    taxonomy["title"] = "受控词表（data/taxonomy.yml）"
    out["taxonomy.schema.json"] = json.dumps(taxonomy, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    return out
