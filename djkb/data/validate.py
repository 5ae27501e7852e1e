"""Loaded YAML → validated record models, with every problem mapped to file:line:col in Chinese."""

from __future__ import annotations

import calendar
import datetime as dt
import difflib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from pydantic import BaseModel, ValidationError

from djkb.data import schema
from djkb.data.load import KeyPath, LoadedDoc
from djkb.data.schema import CONTROLLED_FIELDS, DATE_RE, RECORD_TYPE_BY_KIND, Record, Taxonomy
from djkb.errors import Problem

_TYPE_NAMES = {
    str: "文字",
    int: "整数",
    float: "小数",
    bool: "真假值（true/false）",
    list: "列表",
    dict: "“字段: 值”映射",
    type(None): "空值",
}


@dataclass(frozen=True)
class ValidRecord:
    """A record that passed its schema, with the loaded file it came from."""

    record: Record
    doc: LoadedDoc


def field_labels(model: type[BaseModel]) -> dict[str, str]:
    return {name: (info.description or name) for name, info in model.model_fields.items()}


def _all_labels() -> dict[str, str]:
    labels: dict[str, str] = {}
    for model in (*RECORD_TYPE_BY_KIND.values(), schema.StandardItem, schema.Outcome, schema.TaxonomyEntry, Taxonomy):
        for name, label in field_labels(model).items():
            labels.setdefault(name, label)
    return labels


def _model_at(model: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel]:
    """The (nested) model that owns the last field of a pydantic error location."""
    current = model
    for part in loc[:-1]:
        if isinstance(part, int) or part not in current.model_fields:
            continue
        annotation = current.model_fields[part].annotation
        for candidate in getattr(annotation, "__args__", ()) + (annotation,):
            if isinstance(candidate, type) and issubclass(candidate, BaseModel):
                current = candidate
                break
    return current


def _field_name(loc: tuple[Any, ...]) -> str:
    names = [str(p) for p in loc if not isinstance(p, int)]
    return names[-1] if names else ""


def _describe(value: Any) -> str:
    return _TYPE_NAMES.get(type(value), type(value).__name__)


def _pattern_hint(field: str, value: Any) -> str:
    if field in ("id",) or field in ("sources", "brands", "standards", "related", "supersedes"):
        return "编号只能由小写英文字母、数字和短横线组成（例如 village-position-nine-haves）。"
    if field in ("submitted", "updated", "effective", "date"):
        return _date_hint(str(value))
    if field == "url":
        return "网址必须以 http:// 或 https:// 开头，中间不能有空格（例如 https://www.12371.cn/）。"
    if field == "standard_items":
        return "应写成“标准编号#条目编号”，例如 village-position-nine-haves#party-flag。"
    return "请对照模板填写。"


_LOOSE_DATE = re.compile(r"^(\d{4})\s*[年/.\-－—]\s*(\d{1,2})\s*[月/.\-－—]\s*(\d{1,2})\s*日?$")


def _date_hint(value: str) -> str:
    """Chinese or loosely written dates are rejected, with the corrected form to copy (never rewritten silently)."""
    match = _LOOSE_DATE.match(unicodedata.normalize("NFKC", value).strip())
    if match:
        y, m, d = (int(g) for g in match.groups())
        return f'日期请写成“年-月-日”的数字格式（月、日不足两位补 0）并加引号，这里应写作："{y:04d}-{m:02d}-{d:02d}"。'
    return '日期请写成“年-月-日”的数字格式并加引号，例如 "2024-03-01"（月、日不足两位补 0）。'


def pydantic_problems(
    exc: ValidationError, model: type[BaseModel], doc: LoadedDoc, prefix: KeyPath = ()
) -> list[Problem]:
    """Map pydantic's errors to Chinese problems at the right line and column."""
    labels = _all_labels()
    problems = []
    for error in exc.errors():
        loc = prefix + tuple(error["loc"])
        kind = error["type"]
        field = _field_name(loc)
        owner = _model_at(model, tuple(error["loc"]))
        label = field_labels(owner).get(field) or labels.get(field, field)
        named = f"“{field}”（{label}）" if label != field else f"“{field}”"
        value = error.get("input")
        ctx = error.get("ctx") or {}
        if kind == "missing":
            line, col = doc.position(loc[:-1])
            message = f"缺少必填字段{named}。请补上这一项。"
        elif kind == "extra_forbidden":
            line, col = doc.position(loc, key=True)
            valid = list(owner.model_fields)
            close = difflib.get_close_matches(field, valid, n=1, cutoff=0.6)
            guess = f"你是不是想写“{close[0]}”（{field_labels(owner).get(close[0], close[0])}）？" if close else ""
            message = f"未知字段“{field}”。{guess}可用字段：{', '.join(valid)}。"
        else:
            line, col = doc.position(loc)
            required = field in owner.model_fields and owner.model_fields[field].is_required()
            if kind in ("string_type", "list_type", "int_type", "model_type", "dict_type") and value is None:
                if required:
                    message = f"字段{named}没有填写内容。这是必填项，请在冒号后填写。"
                else:
                    message = f"字段{named}没有填写内容。请在冒号后填写；不需要的话请删除这一行（列表也可以写成 []）。"
            elif kind == "string_type":
                message = f'字段{named}应当是文字，现在是{_describe(value)}“{value}”。如果它就是这段文字，请加引号："{value}"。'
            elif kind in ("int_type", "int_parsing"):
                message = f"字段{named}应当是整数（不加引号），现在是{_describe(value)}“{value}”。"
            elif kind in ("float_type", "float_parsing"):
                message = f"字段{named}应当是数字，现在是{_describe(value)}。"
            elif kind == "bool_type":
                message = f"字段{named}应当是 true 或 false。"
            elif kind == "list_type":
                message = (
                    f"字段{named}应当是列表：每项单独一行、以“- ”开头，或写成 [甲, 乙]。现在是{_describe(value)}。"
                )
            elif kind in ("model_type", "dict_type", "model_attributes_type"):
                message = f"字段{named}应当是“字段: 值”的映射，现在是{_describe(value)}。"
            elif kind == "string_too_short":
                message = (
                    f"字段{named}不能为空。这是必填项，请填写内容。"
                    if required
                    else f"字段{named}不能为空。请填写内容，或删除这一行。"
                )
            elif kind == "too_short":
                message = f"字段{named}至少要填 {ctx.get('min_length', 1)} 项。"
            elif kind == "string_too_long":
                message = f"字段{named}太长（最多 {ctx.get('max_length')} 个字符）。"
            elif kind == "string_pattern_mismatch":
                message = f"字段{named}的值“{value}”格式不对：{_pattern_hint(field, value)}"
            elif kind in ("greater_than_equal", "less_than_equal"):
                message = f"字段{named}的值 {value} 不在合理范围内（{ctx.get('ge', 1921)}–{ctx.get('le', 2100)}）。"
            elif kind == "value_error":
                message = f"字段{named}：{ctx.get('error', error['msg'])}"
            else:
                message = f"字段{named}的值不符合要求（{error['msg']}）。"
        problems.append(Problem(doc.display, line, col, message))
    return problems


def validate_doc(kind: str, doc: LoadedDoc) -> tuple[Record | None, list[Problem]]:
    """Validate one loaded record file of the given kind."""
    model = RECORD_TYPE_BY_KIND[kind]
    problems: list[Problem] = []
    try:
        record = model.model_validate(doc.data)
    except ValidationError as exc:
        return None, pydantic_problems(exc, model, doc)
    if record.id != doc.path.stem:
        line, col = doc.position(("id",))
        problems.append(
            Problem(
                doc.display,
                line,
                col,
                f"编号“{record.id}”与文件名“{doc.path.name}”不一致。文件名必须是“编号.yml”：请把文件改名为 {record.id}.yml，或把 id 改为 {doc.path.stem}。",
            )
        )
    problems.extend(_check_dates(doc))
    return record, problems


def _check_dates(doc: LoadedDoc) -> Iterable[Problem]:
    for name in ("submitted", "updated", "effective", "date"):
        value = doc.data.get(name)
        if isinstance(value, str) and DATE_RE.match(value):
            try:
                dt.date.fromisoformat(value)
            except ValueError:
                line, col = doc.position((name,))
                yield Problem(
                    doc.display, line, col, f"日期“{value}”不存在：{_why_impossible(value)}请核对原始材料中的日期。"
                )


def _why_impossible(value: str) -> str:
    year, month, day = (int(part) for part in value.split("-"))
    if not 1 <= month <= 12:
        return f"一年只有 12 个月，没有 {month} 月。"
    if year < 1:
        return "年份不对。"
    days = calendar.monthrange(year, month)[1]
    return f"{year} 年 {month} 月只有 {days} 天，没有 {day} 日。" if day else "日不能是 0。"


def validate_taxonomy(doc: LoadedDoc) -> tuple[Taxonomy | None, list[Problem]]:
    try:
        return Taxonomy.model_validate(doc.data), []
    except ValidationError as exc:
        return None, pydantic_problems(exc, Taxonomy, doc)


def check_controlled_values(kind: str, valid: ValidRecord, taxonomy: Taxonomy, taxonomy_display: str) -> list[Problem]:
    """Every controlled field holds a name from data/taxonomy.yml."""
    values = {field: getattr(valid.record, field) for field in CONTROLLED_FIELDS[kind]}
    return _controlled_problems(kind, valid.doc, values, taxonomy, taxonomy_display)


def check_unvalidated_controlled_values(
    kind: str, doc: LoadedDoc, taxonomy: Taxonomy, taxonomy_display: str
) -> list[Problem]:
    """`check_controlled_values` for a record that failed its schema, from what its file holds: an editor sees a
    misspelt domain together with the record's other errors. Values that are not text are left out (reported already)."""
    values: dict[str, Any] = {}
    for field in CONTROLLED_FIELDS[kind]:
        value = doc.data.get(field)
        if isinstance(value, list):
            values[field] = [item if isinstance(item, str) and item else None for item in value]
        elif isinstance(value, str) and value:
            values[field] = value
    return _controlled_problems(kind, doc, values, taxonomy, taxonomy_display)


def _controlled_problems(
    kind: str, doc: LoadedDoc, fields: dict[str, Any], taxonomy: Taxonomy, taxonomy_display: str
) -> list[Problem]:
    problems = []
    for field, value in fields.items():
        list_name = CONTROLLED_FIELDS[kind][field]
        allowed = taxonomy.names(list_name)
        values = value if isinstance(value, list) else [value]
        for index, item in enumerate(values):
            if item is None or item in allowed:
                continue
            loc = (field, index) if isinstance(value, list) else (field,)
            line, col = doc.position(loc)
            close = difflib.get_close_matches(item, allowed, n=1, cutoff=0.3)
            guess = f"你是不是想写“{close[0]}”？" if close else ""
            label = RECORD_TYPE_BY_KIND[kind].model_fields[field].description
            problems.append(
                Problem(
                    doc.display,
                    line,
                    col,
                    f"“{item}”不是{label}的可选值。{guess}可选：{'、'.join(allowed)}。如需新增，请在 {taxonomy_display} 的 {list_name} 中添加。",
                )
            )
    return problems


def record_kind_for(path: Path, data_dir: Path) -> str | None:
    try:
        parts = Path(path).resolve().relative_to(Path(data_dir).resolve()).parts
    except ValueError:
        parts = Path(path).parts[-2:]
    if len(parts) == 2 and parts[0] in RECORD_TYPE_BY_KIND:
        return parts[0]
    return None
