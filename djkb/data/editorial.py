"""Editorial checks beyond the schema, run by `djkb check` and by every build.

- per loaded file (`DOC_CHECKS`, each (kind, LoadedDoc, CheckContext) → problems; also files that failed their
  schema): personal data (mainland ID numbers with a valid check digit, full-width digits included; mobile
  numbers), with the reviewer's per-file confirmation in `not_personal`;
- per loaded file, warnings only (`WARNING_DOC_CHECKS`, skipped by builds, which fail on errors only):
  Chinese copywriting conventions, via autocorrect;
- per valid record (`RECORD_CHECKS`, each (kind, ValidRecord, CheckContext) → problems): none yet;
- over all records (`CORPUS_CHECKS`, each (valid records by kind, CheckContext) → problems): near-duplicate
  cases, with the reviewer's per-file confirmation in `distinct_from`.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from typing import TYPE_CHECKING, Callable, Iterable

from stdnum.cn import ric

from djkb.data import neardup
from djkb.data.context import CheckContext, string_values, text_position
from djkb.data.load import LoadedDoc
from djkb.data.schema import MARKDOWN_FIELDS
from djkb.errors import WARNING, Problem

if TYPE_CHECKING:
    from djkb.data.validate import ValidRecord

# -- personal data ------------------------------------------------------------------------------------------

# A run of 11 to 18 digits (any script: full-width too), optionally grouped by spaces or hyphens, maybe
# ending in the ID check character X.
_DIGIT_RUN = re.compile(r"(?<![\d])\d(?:[ \-]?\d){10,16}(?:[ \-]?[\dXxＸｘ])?(?![\dXxＸｘ])")
_MAYBE_LONG_NUMBER = re.compile(r"\d[\d \-]{10}")  # fast pre-test for _DIGIT_RUN
_MOBILE = re.compile(r"^(?:86)?1[3-9]\d{9}$")
_SEPARATORS = re.compile(r"[\s\-]")
PERSONAL_FIELD = "not_personal"


def normalise_number(text: str) -> str:
    """NFKC (full-width digits become ASCII), without spaces and hyphens, X upper-case."""
    return _SEPARATORS.sub("", unicodedata.normalize("NFKC", text)).upper()


def _mask(number: str) -> str:
    return number[:4] + "*" * (len(number) - 8) + number[-4:]


def classify_number(candidate: str) -> str | None:
    """'id' for a mainland ID number with a valid check digit, 'mobile' for a mobile number, else None."""
    number = normalise_number(candidate)
    if len(number) == 18 and ric.is_valid(number):
        return "id"
    if number.isdigit() and _MOBILE.match(number):
        return "mobile"
    return None


def personal_data_problems(kind: str, doc: LoadedDoc, context: CheckContext) -> list[Problem]:
    """Runs on every loaded file, valid or not: a number must not slip through because a field is misspelt."""
    listed = doc.data.get(PERSONAL_FIELD)
    confirmed_list = [str(n) for n in listed if isinstance(n, (str, int))] if isinstance(listed, list) else []
    if not confirmed_list and not _MAYBE_LONG_NUMBER.search(doc.text):
        return []  # fast path: no long digit run anywhere in the file

    confirmed = {normalise_number(n): index for index, n in enumerate(confirmed_list)}
    used: set[str] = set()
    problems: list[Problem] = []
    for key, value in doc.data.items():
        if key == PERSONAL_FIELD:
            continue
        for loc, text in string_values(value, (key,), numbers=True):
            for match in _DIGIT_RUN.finditer(text):
                found = classify_number(match.group(0))
                if found is None:
                    continue
                number = normalise_number(match.group(0))
                if number in confirmed:
                    used.add(number)
                    continue
                line, col = text_position(doc, loc, text, match.start())
                hint = f'如果确认不是个人信息，请审核人核实后在本文件末尾添加一行 {PERSONAL_FIELD}: ["完整号码"]，表示已确认可以公开。'
                if found == "id":
                    message = f"这里像是一个居民身份证号码（{_mask(number)}，校验位正确）。个人身份信息不能公开发布：请删除，或改写为“**”。{hint}"
                else:
                    message = f"这里像是一个手机号码（{_mask(number)}）。个人联系方式不能公开发布：请删除，或改为单位公开的办公电话。{hint}"
                problems.append(Problem(doc.display, line, col, message))
    for number, index in confirmed.items():
        if number not in used:
            line, col = doc.position((PERSONAL_FIELD, index))
            problems.append(
                Problem(
                    doc.display,
                    line,
                    col,
                    f"{PERSONAL_FIELD} 中的“{confirmed_list[index]}”不是检查会提示的身份证号或手机号，不需要列出；可以删除这一项。",
                    WARNING,
                )
            )
    return problems


# -- Chinese copywriting (warnings) -------------------------------------------------------------------------

_CJK = "\u3400-\u9fff\uf900-\ufaff"
# Cheap test for anything autocorrect could change: CJK next to Latin letters or digits, half-width
# punctuation after CJK, spaces around full-width punctuation, full-width letters and digits.
_MAY_NEED_CORRECTION = re.compile(
    f"[A-Za-z0-9,.!?;:()](?<=[{_CJK}].)|[A-Za-z0-9()][{_CJK}]"  # (written so the regex scans fast)
    "| [，。！？；：、）】》」』”]|[（【《「『“] |[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]"
)
# Fields that hold identifiers, references or addresses, not prose.
_NOT_PROSE = {
    "id",
    "url",
    "seed_file",
    "sources",
    "brands",
    "standards",
    "standard_items",
    "related",
    "supersedes",
    "not_personal",
    "distinct_from",
    "submitted",
    "updated",
    "effective",
    "date",
    "version",
}


def copywriting_warnings(kind: str, doc: LoadedDoc, context: CheckContext) -> list[Problem]:
    if not _MAY_NEED_CORRECTION.search(doc.text):
        return []
    import autocorrect_py  # only when the copywriting rules are on

    markdown_fields = set(MARKDOWN_FIELDS.get(kind, ()))
    problems: list[Problem] = []
    for key, value in doc.data.items():
        if key in _NOT_PROSE:
            continue
        for loc, text in string_values(value, (key,), numbers=True):
            if not isinstance(text, str) or not _MAY_NEED_CORRECTION.search(text):
                continue
            result = autocorrect_py.lint_for(text, "md" if key in markdown_fields else "text")
            lines = text.split("\n")
            for found in result.lines:
                old, new = found.old, found.new
                if not context.settings.space_between_chinese_and_digits:
                    new = without_digit_spacing(old, new)
                    if new == old:
                        continue
                first = next((i for i, (a, b) in enumerate(zip(old, new)) if a != b), min(len(old), len(new)))
                offset = sum(len(line) + 1 for line in lines[: found.line - 1]) + found.col - 1 + first
                line, col = text_position(doc, loc, text, offset)
                start = max(0, first - 8)
                shown_old, shown_new = old[start : first + 12], new[start : first + 14]
                spacing = (
                    "中文与英文、数字之间加空格"
                    if context.settings.space_between_chinese_and_digits
                    else "中文与英文之间加空格"
                )
                problems.append(
                    Problem(
                        doc.display,
                        line,
                        col,
                        f"排版建议：“{shown_old}”宜写作“{shown_new}”（{spacing}；中文句子用全角标点；数字和英文字母用半角）。",
                        WARNING,
                    )
                )
    return problems


_CJK_CHAR = re.compile(f"[{_CJK}]")


def without_digit_spacing(old: str, new: str) -> str:
    """autocorrect's correction of `old` without the spaces it inserts between a Chinese character and a number
    (its rule for Latin words and for numbers is one rule; official documents write 10月中旬, 70%的), nor
    around the anonymising placeholder XX (XX县, 在XX镇: the house style for masked place names)."""
    pieces: list[str] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag == "insert" and new[j1:j2] == " " and 0 < i1 < len(old) and _keeps_together(old, i1):
            continue  # keep as written
        pieces.append(new[j1:j2] if tag != "equal" else old[i1:i2])
    return "".join(pieces)


_NUMBER_END = "%‰℃"
_MASK_BEFORE = re.compile(r"(?:XX+|xx+)$")
_MASK_AFTER = re.compile(r"^(?:XX+|xx+)")


def _keeps_together(text: str, index: int) -> bool:
    """Whether text[index-1] and text[index] are a Chinese character and a number or an XX placeholder."""
    before, after = text[index - 1], text[index]
    if _CJK_CHAR.match(before):
        return after.isdigit() or bool(_MASK_AFTER.match(text[index:]))
    if _CJK_CHAR.match(after):
        return before.isdigit() or before in _NUMBER_END or bool(_MASK_BEFORE.search(text[:index]))
    return False


# -- near-duplicate cases -----------------------------------------------------------------------------------

NEAR_DUPLICATE_FIELDS = ("title", "summary", "background", "practice", "results", "lessons")
DISTINCT_FIELD = "distinct_from"


def near_duplicate_problems(valid: dict[str, list["ValidRecord"]], context: CheckContext) -> list[Problem]:
    cases = {item.record.id: item for item in valid.get("cases", [])}
    if len(cases) < 2:
        return []
    texts = {
        cid: "\n".join(str(getattr(item.record, f, "") or "") for f in NEAR_DUPLICATE_FIELDS)
        for cid, item in cases.items()
    }
    # The earlier submission is the original; the later one is reported.
    order = sorted(cases, key=lambda cid: (cases[cid].record.submitted, cid))
    problems: list[Problem] = []
    for pair in neardup.find_near_duplicates(texts, order=order, kept=context.kept):
        later, original = cases[pair.second], cases[pair.first]
        if pair.first in getattr(later.record, DISTINCT_FIELD, ()) or pair.second in getattr(
            original.record, DISTINCT_FIELD, ()
        ):
            continue
        line, col = later.doc.position(("title",))
        problems.append(
            Problem(
                later.doc.display,
                line,
                col,
                f"这篇案例与 {original.doc.display}（“{original.record.title}”）高度相似（文字重合约 {pair.similarity:.0%}）。"
                f"如果是同一个案例，请直接修改原文件，不要另建文件；如果确是不同的案例，请用自己的文字写出它的不同之处，"
                f"或请审核人核实后在本文件中添加一行：{DISTINCT_FIELD}: [{pair.first}]。",
            )
        )
    for cid, item in cases.items():
        for index, other in enumerate(getattr(item.record, DISTINCT_FIELD, ())):
            if other not in cases:
                line, col = item.doc.position((DISTINCT_FIELD, index))
                problems.append(
                    Problem(
                        item.doc.display,
                        line,
                        col,
                        f"{DISTINCT_FIELD} 中的案例“{other}”不存在（data/cases/ 下没有 {other}.yml）。请检查编号或删除这一项。",
                    )
                )
    return problems


DocCheck = Callable[[str, LoadedDoc, CheckContext], Iterable[Problem]]
RecordCheck = Callable[[str, "ValidRecord", CheckContext], Iterable[Problem]]
CorpusCheck = Callable[[dict[str, list["ValidRecord"]], CheckContext], Iterable[Problem]]

DOC_CHECKS: list[DocCheck] = [personal_data_problems]  # every loaded file, valid or not
# Checks that only ever warn: `djkb check` shows them; a build, which fails on errors only, skips them.
WARNING_DOC_CHECKS: list[DocCheck] = [copywriting_warnings]
RECORD_CHECKS: list[RecordCheck] = []  # records that passed their schema
CORPUS_CHECKS: list[CorpusCheck] = [near_duplicate_problems]  # all valid records at once
