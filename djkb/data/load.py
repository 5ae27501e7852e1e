"""Strict YAML loading: bytes → plain data plus the position of every key and value.

PyYAML's `safe_load` silently changes data (duplicate keys, `yes` → True, `12:30` → 750, `010010` → 4104,
` #…` cut off, dates turned into objects, multi-line plain text gaining spaces between Chinese lines). This
loader builds the data itself from libyaml's event stream, so it decides every scalar's type, refuses
anchors, aliases and tags, and knows the line and column of everything it returns. It never raises
anything but `DataError`: the event stream is consumed iteratively (no recursion, nesting capped), and very
deep bracket nesting is refused before libyaml sees it.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from djkb.data import characters  # character-level checks shared with Markdown sources
from djkb.errors import DataError, Problem, display_path

MAX_FILE_BYTES = 256 * 1024
MAX_NESTING = 12

Position = tuple[int, int]  # 1-based line, 1-based column
KeyPath = tuple[Any, ...]

_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_TRUES = frozenset({"true", "True", "TRUE"})
_FALSES = frozenset({"false", "False", "FALSE"})
_YAML11_BOOLS = frozenset("y Y yes Yes YES n N no No NO on On ON off Off OFF".split())
_DECIMAL_INT = re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$")
_DECIMAL_FLOAT = re.compile(r"^[-+]?(?:0|[1-9][0-9]*)\.[0-9]+$")
_LEADING_ZERO = re.compile(r"^[-+]?0[0-9_]+$")
_SEXAGESIMAL = re.compile(r"^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$")
_OTHER_NUMBER = re.compile(
    r"^(?:[-+]?0b[01_]+|[-+]?0o?[0-7_]+|[-+]?0x[0-9a-fA-F_]+|[-+]?[0-9][0-9_]*_[0-9_]*"
    r"|[-+]?(?:[0-9][0-9_]*)?\.[0-9_]+(?:[eE][-+]?[0-9]+)?|[-+]?[0-9][0-9_]*(?:\.[0-9_]*)?[eE][-+]?[0-9]+"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)
# Could the first character start a plain scalar that is a number, bool or null? (fast path for text)
_MAYBE_TYPED = frozenset("0123456789+-.~nNyYoOtTfF")
_TRAILING_COMMENT = re.compile(r"[ \t]+#")
# A line `key: "value…` whose double-quoted value is (or is not) closed on the same line.
_OPEN_QUOTED_VALUE = re.compile(r'^\s*(?:- )?[A-Za-z_][A-Za-z0-9_]*: +(")')
_CLOSED_QUOTED_VALUE = re.compile(r'^\s*(?:- )?[A-Za-z_][A-Za-z0-9_]*: +"(?:[^"\\]|\\.)*"\s*(?:#.*)?$')
_KEY_WITHOUT_SPACE = re.compile(r"^\s*(?:- )?[A-Za-z_][A-Za-z0-9_]*:[^\s/]")


@dataclass
class LoadedDoc:
    """One YAML file, loaded: its data and where each part of it stands in the file."""

    path: Path
    display: str  # the path as printed in messages
    data: dict[str, Any]
    value_positions: dict[KeyPath, Position] = field(default_factory=dict)
    key_positions: dict[KeyPath, Position] = field(default_factory=dict)
    text: str = ""

    def position(self, key_path: KeyPath, *, key: bool = False) -> Position:
        """Where a value (or its key) stands; falls back to the nearest enclosing part that was found."""
        table = self.key_positions if key else self.value_positions
        path = tuple(key_path)
        while path:
            if path in table:
                return table[path]
            if path in self.key_positions:
                return self.key_positions[path]
            path = path[:-1]
        return self.value_positions.get((), (1, 1))


class _Collector:
    """Collects the problems of one file."""

    def __init__(self, display: str):
        self.display = display
        self.problems: list[Problem] = []

    def add(self, line: int, col: int, message: str) -> None:
        self.problems.append(Problem(self.display, line, col, message))


def load_file(path: Path, root: Path | None = None, *, display: str | None = None) -> LoadedDoc:
    """Load one record file strictly; raise `DataError` listing every problem found in it."""
    display = display or display_path(path, root)
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise DataError(
            [Problem(display, 1, 1, f"无法读取文件：{exc.strerror or exc}。请检查文件是否存在、是否有读取权限。")]
        ) from None
    return load_bytes(raw, path=Path(path), display=display)


def load_bytes(raw: bytes, *, path: Path, display: str | None = None) -> LoadedDoc:
    display = display or path.as_posix()
    issues = _Collector(display)
    try:
        text = _decode(raw, issues)
        if text is None:
            raise DataError(issues.problems)
        for line, col, message in characters.check_characters(text):
            issues.add(line, col, message)
        _check_nesting(text, issues)
        if issues.problems:
            raise DataError(issues.problems)
        doc = _Builder(text, path, display, issues).build()
    except DataError:
        raise
    except (
        RecursionError,
        MemoryError,
        ValueError,
        TypeError,
        yaml.YAMLError,
    ) as exc:  # pragma: no cover - defence in depth
        issues.add(1, 1, f"文件无法解析（{type(exc).__name__}）。请对照模板检查格式，或把文件发给维护人员。")
        raise DataError(issues.problems) from None
    if issues.problems or doc is None:
        raise DataError(issues.problems or [Problem(display, 1, 1, "文件无法解析。请对照模板检查格式。")])
    return doc


def _line_col(raw: bytes, offset: int, encoding: str) -> Position:
    line_start = raw.rfind(b"\n", 0, offset) + 1
    col = len(raw[line_start:offset].decode(encoding, errors="replace")) + 1
    return raw.count(b"\n", 0, offset) + 1, col


def _decode(raw: bytes, issues: _Collector) -> str | None:
    if len(raw) > MAX_FILE_BYTES:
        issues.add(
            1,
            1,
            f"文件过大（{len(raw) // 1024} KB），单个记录文件不能超过 {MAX_FILE_BYTES // 1024} KB。请把内容拆成几条记录，或删去粘贴进来的多余文字（例如整篇原文）。",
        )
        return None
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or _looks_like_utf16(raw):
        issues.add(
            1,
            1,
            "文件是 UTF-16 编码（Windows 记事本的“Unicode”选项），本库只接受 UTF-8。请另存为 UTF-8：在“另存为”对话框的“编码”中选择“UTF-8”。",
        )
        return None
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]  # a BOM at the very start is harmless (Windows Notepad writes one)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        try:
            raw.decode("gb18030")
        except UnicodeDecodeError:
            line, col = _line_col(raw, exc.start, "utf-8")
            issues.add(
                line,
                col,
                "文件不是 UTF-8 编码，这里的字节无法识别。请另存为 UTF-8（在记事本或 WPS 的“另存为”中选择“UTF-8”编码），再检查这一处文字是否完好。",
            )
        else:
            line, col = _line_col(raw, exc.start, "gb18030")
            issues.add(
                line,
                col,
                "文件是 GBK/GB18030 编码（Windows 中文系统的默认编码），本库只接受 UTF-8。请另存为 UTF-8（在记事本或 WPS 的“另存为”中选择“UTF-8”编码）。",
            )
        return None
    if "\ufeff" in text:
        offset = text.index("\ufeff")
        line = text.count("\n", 0, offset) + 1
        col = offset - (text.rfind("\n", 0, offset) + 1) + 1
        issues.add(
            line,
            col,
            "文件中间出现了字节顺序标记（BOM，U+FEFF，不可见），通常是把两个文件的内容拼在一起造成的。请删除这个不可见字符（可以删掉这一处前后的字再重新输入）。",
        )
        return None
    if not text.strip():
        issues.add(1, 1, "文件是空的。请按模板填写内容，或用 `djkb new` 生成新文件。")
        return None
    return text


def _looks_like_utf16(raw: bytes) -> bool:
    """UTF-16 without a BOM: every other byte of ASCII text is NUL."""
    sample = raw[:200]
    return len(sample) >= 4 and sample.count(0) * 3 >= len(sample)


def _check_nesting(text: str, issues: _Collector) -> None:
    """Refuse deep bracket nesting before libyaml sees it (PyYAML's C composer crashes on very deep nesting).

    The builder below is iterative and caps nesting too; this pass is a cheap, early and clear refusal.
    """
    if text.count("[") + text.count("{") <= MAX_NESTING:
        return  # cannot nest deeper than the number of opening brackets
    depth = 0
    quote = ""
    line, col = 1, 0
    for ch in text:
        col += 1
        if ch == "\n":
            line, col = line + 1, 0
            quote = ""
            continue
        if quote:
            if ch == quote:
                quote = ""
            continue
        if ch in "\"'":
            quote = ch
        elif ch in "[{":
            depth += 1
            if depth > MAX_NESTING:
                issues.add(
                    line, col, f"括号嵌套超过 {MAX_NESTING} 层，记录文件不需要这么深的结构。请检查是否多写了“[”或“{{”。"
                )
                return
        elif ch in "]}":
            depth = max(0, depth - 1)


# Every field name of every record model: known to be read as text when unquoted.
_PLAIN_TEXT_KEYS = frozenset(
    {
        "id",
        "title",
        "name",
        "term",
        "place",
        "region",
        "org_type",
        "domain",
        "domains",
        "year",
        "brands",
        "standards",
        "standard_items",
        "summary",
        "background",
        "practice",
        "results",
        "lessons",
        "outcomes",
        "value",
        "unit",
        "what",
        "note",
        "provenance",
        "status",
        "submitted",
        "updated",
        "sources",
        "tags",
        "aliases",
        "items",
        "requirement",
        "text",
        "category",
        "level",
        "description",
        "explanation",
        "related",
        "components",
        "expansion",
        "brand_kind",
        "owner",
        "launched",
        "period",
        "goals",
        "measures",
        "source_kind",
        "speaker",
        "occasion",
        "url",
        "date",
        "seed_file",
        "org_types",
        "issuer",
        "effective",
        "version",
        "supersedes",
        "not_personal",
        "distinct_from",
    }
)


@functools.lru_cache(maxsize=1024)
def _plain_key_is_text(value: str) -> bool:
    """An unquoted key YAML would not read as a number, bool or null (cached: keys repeat in every file)."""
    return not (
        value in _NULLS
        or value in _TRUES
        or value in _FALSES
        or value in _YAML11_BOOLS
        or _DECIMAL_INT.match(value)
        or _DECIMAL_FLOAT.match(value)
        or _OTHER_NUMBER.match(value)
    )


def _pos(mark: Any) -> Position:
    return (mark.line + 1, mark.column + 1)


_EXPECT_KEY = object()  # mapping frame waiting for a key
_BAD_KEY = object()  # the key was refused: the value is read (for its problems) but not stored


class _Frame:
    __slots__ = ("container", "is_list", "key_path", "pending", "seen")

    def __init__(self, container: Any, key_path: KeyPath):
        self.container = container
        self.is_list = isinstance(container, list)
        self.key_path = key_path
        self.pending: Any = _EXPECT_KEY
        self.seen: dict[str, Position] = {}


class _Builder:
    """Builds plain data from libyaml events, checking every event on the way."""

    def __init__(self, text: str, path: Path, display: str, issues: _Collector):
        self.text = text
        self.lines = text.split("\n")
        self.path = path
        self.display = display
        self.issues = issues
        self.value_positions: dict[KeyPath, Position] = {}
        self.key_positions: dict[KeyPath, Position] = {}
        self.may_have_comments = "#" in text

    def _events(self) -> list[Any]:
        parser = yaml.CSafeLoader(self.text)
        try:
            events = []
            get = parser.get_event
            event = get()
            while event is not None:
                events.append(event)
                event = get()
            return events
        finally:
            parser.dispose()

    def build(self) -> LoadedDoc | None:
        try:
            events = self._events()
        except yaml.YAMLError as exc:
            self._syntax_error(exc)
            return None
        # [StreamStart, DocumentStart, <root>…, DocumentEnd, (DocumentStart … DocumentEnd)*, StreamEnd]
        if len(events) < 4 or events[1].__class__ is not yaml.DocumentStartEvent:
            self.issues.add(1, 1, "文件里只有注释，没有内容。请按模板填写。")
            return None
        first = events[2]
        if first.__class__ is not yaml.MappingStartEvent:
            self._top_level_problem(first)
            return None
        data, end = self._walk(events, 2)
        following = events[end + 1] if end + 1 < len(events) else None  # after the first DocumentEnd
        if following is not None and following.__class__ is yaml.DocumentStartEvent:
            line, col = _pos(following.start_mark)
            self.issues.add(
                line,
                col,
                "一个文件里只能有一条记录，这里出现了第二个 YAML 文档（由“---”或“...”分隔）。请删除这一行，或把后面的内容拆到单独的文件中。",
            )
            return None
        return LoadedDoc(self.path, self.display, data, self.value_positions, self.key_positions, self.text)

    def _top_level_problem(self, first: Any) -> None:
        line, col = _pos(first.start_mark)
        if first.__class__ is yaml.ScalarEvent:
            value = first.value
            if "：" in value.split("\n", 1)[0]:
                self.issues.add(
                    line,
                    col,
                    "字段名后面用了全角冒号“：”，YAML 只认半角冒号加空格“: ”。请把字段名后的“：”改成“: ”（例如 `title: 标题`），可以先把输入法切换到英文再输入冒号。",
                )
                return
            if _KEY_WITHOUT_SPACE.match(self.lines[line - 1] if line <= len(self.lines) else ""):
                self.issues.add(
                    line,
                    col,
                    "字段名后的冒号后面缺少空格：YAML 要求“字段名: 值”（冒号后有一个空格）。请在冒号后加一个空格。",
                )
                return
            if not value.strip() and first.style == "":
                self.issues.add(line, col, "文件里没有内容（只有“---”或注释）。请按模板填写。")
                return
            self.issues.add(
                line,
                col,
                "文件最外层应当是“字段名: 值”的形式（YAML 映射），现在是一段文字。请对照模板检查：每个字段一行，写成 `字段名: 值`。",
            )
        elif first.__class__ is yaml.SequenceStartEvent:
            self.issues.add(
                line,
                col,
                "文件最外层应当是“字段名: 值”的形式（YAML 映射），现在是列表（以“- ”或“[”开头）。一个文件只写一条记录：请删去最外层的“- ”并对照模板调整缩进。",
            )
        else:
            self.issues.add(line, col, "文件最外层应当是“字段名: 值”的形式（YAML 映射）。请对照模板检查。")

    # -- events → data ---------------------------------------------------------------------------------
    def _walk(self, events: list[Any], start: int) -> tuple[dict[str, Any], int]:
        """Turn the root mapping's events into data, iteratively (no recursion, whatever the nesting).

        Returns the data and the index of the event after the root mapping."""
        stack: list[_Frame] = []
        result: Any = None
        skip = 0  # >0 while skipping a subtree that is nested too deeply (or used as a key)
        value_positions = self.value_positions
        Scalar, MapStart, SeqStart = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent
        MapEnd, SeqEnd = yaml.MappingEndEvent, yaml.SequenceEndEvent
        index = start
        for index in range(start, len(events)):
            event = events[index]
            cls = event.__class__
            if skip:
                if cls is MapStart or cls is SeqStart:
                    skip += 1
                elif cls is MapEnd or cls is SeqEnd:
                    skip -= 1
                    if not skip:
                        self._attach(stack, None)
                continue
            if cls is MapEnd or cls is SeqEnd:
                frame = stack.pop()
                if stack:
                    self._attach(stack, frame.container)
                    continue
                result = frame.container
                break
            parent = stack[-1] if stack else None
            if parent is None:
                key_path: KeyPath = ()
            elif parent.is_list:
                key_path = parent.key_path + (len(parent.container),)
            elif parent.pending is _EXPECT_KEY:
                if (
                    cls is Scalar
                    and event.style == ""
                    and event.anchor is None
                    and event.tag is None
                    and event.value in _PLAIN_TEXT_KEYS
                    and event.value not in parent.seen
                ):
                    # Fast path for the usual case: a plain field name seen for the first time in this mapping.
                    mark = event.start_mark
                    key = event.value
                    parent.seen[key] = pos = (mark.line + 1, mark.column + 1)
                    self.key_positions[parent.key_path + (key,)] = pos
                    parent.pending = key
                    continue
                self._key(parent, event)
                if cls is MapStart or cls is SeqStart:
                    skip = 1  # a refused collection key: its content is not needed
                continue
            else:
                pending = parent.pending
                key_path = parent.key_path + ((pending,) if pending is not _BAD_KEY else ("?",))
            mark = event.start_mark
            pos = (mark.line + 1, mark.column + 1)
            value_positions[key_path] = pos
            if cls is Scalar:
                self._attach(stack, self._scalar(event, pos))
            elif cls is yaml.AliasEvent:
                self.issues.add(
                    *pos,
                    f'“*{event.anchor}”被 YAML 当成了别名（引用），本库不支持别名。如果这是文字（例如 **县 这样的匿名地名），请给整个值加引号："*{event.anchor}"。',
                )
                self._attach(stack, None)
            else:
                if event.anchor is not None or event.tag is not None:
                    self._refuse_anchor_and_tag(event, pos)
                if len(stack) >= MAX_NESTING:
                    self.issues.add(
                        *pos, f"结构嵌套超过 {MAX_NESTING} 层，记录文件不需要这么深的结构。请检查缩进或多余的“- ”。"
                    )
                    skip = 1
                    continue
                stack.append(_Frame({} if cls is MapStart else [], key_path))
        return (result if isinstance(result, dict) else {}), index + 1

    @staticmethod
    def _attach(stack: list[_Frame], value: Any) -> None:
        if not stack:
            return
        parent = stack[-1]
        if parent.is_list:
            parent.container.append(value)
            return
        pending = parent.pending
        if pending is _EXPECT_KEY:  # end of a refused collection key
            parent.pending = _BAD_KEY
            return
        if pending is not _BAD_KEY:
            parent.container[pending] = value
        parent.pending = _EXPECT_KEY

    def _key(self, frame: _Frame, event: Any) -> None:
        mark = event.start_mark
        pos = (mark.line + 1, mark.column + 1)
        cls = event.__class__
        if cls is not yaml.ScalarEvent:
            if cls is yaml.AliasEvent:
                self.issues.add(*pos, f"字段名不能是别名“*{event.anchor}”。请直接写出字段名。")
            else:
                self.issues.add(*pos, "字段名必须是一段文字，不能是列表或映射。请检查这一行的缩进和冒号。")
            frame.pending = _BAD_KEY if cls is yaml.AliasEvent else _EXPECT_KEY
            return
        if event.anchor is not None or event.tag is not None:
            self._refuse_anchor_and_tag(event, pos)
        value = event.value
        if value == "<<" and not event.style:
            self.issues.add(*pos, "不支持合并键“<<”。请把要复用的字段直接写出来。")
            frame.pending = _BAD_KEY
            return
        if not event.style and not _plain_key_is_text(value):
            shown = value if value else "（空）"
            self.issues.add(
                *pos,
                f"字段名“{shown}”会被 YAML 当成数字、真假值或空值，而字段名必须是模板中的英文字段名。请改用模板中的字段名。",
            )
            frame.pending = _BAD_KEY
            return
        if value in frame.seen:
            first_line = frame.seen[value][0]
            self.issues.add(
                *pos,
                f"字段“{value}”重复出现（第 {first_line} 行和第 {pos[0]} 行）。YAML 只会保留后一个，前一个的内容会丢失。请把两处合并为一个。",
            )
            frame.pending = _BAD_KEY
            return
        frame.seen[value] = pos
        self.key_positions[frame.key_path + (value,)] = pos
        frame.pending = value

    def _scalar(self, event: Any, pos: Position) -> Any:
        value: str = event.value
        style = event.style
        if event.anchor is not None or event.tag is not None:
            self._refuse_anchor_and_tag(event, pos)
            return value
        if style == "|":
            return value
        multi_line = event.start_mark.line != event.end_mark.line
        if style == ">":
            self.issues.add(*pos, "不要用“>”折叠块：它会把换行变成空格，在中文里插入多余空格。请把“>”改成“|”。")
            return value
        if style:  # quoted
            if multi_line:
                self.issues.add(
                    *pos,
                    "引号中的文字跨了多行，YAML 会把换行变成空格，在中文里插入多余空格。多行文字请改用“|”块：字段名后写“: |”，内容另起一行并缩进两个空格。",
                )
            return value
        # Plain (unquoted) scalar: YAML 1.1 would guess its type; we accept only what cannot surprise.
        if multi_line:
            self.issues.add(
                *pos,
                "没有加引号的文字跨了多行，YAML 会把换行变成空格，在中文里插入多余空格。多行文字请写成“|”块：字段名后写“: |”，内容另起一行并缩进两个空格。",
            )
            return value
        if self.may_have_comments:
            self._check_trailing_comment(event)
        if not value or value[0] in _MAYBE_TYPED:
            return self._typed(value, pos)
        return value

    def _typed(self, value: str, pos: Position) -> Any:
        if value in _NULLS:
            return None
        if value in _TRUES:
            return True
        if value in _FALSES:
            return False
        if value in _YAML11_BOOLS:
            self.issues.add(
                *pos,
                f'“{value}”在 YAML 中会被当成真假值。表示“是/否”请写 true 或 false；如果是文字，请加引号："{value}"。',
            )
            return value
        if _DECIMAL_INT.match(value):
            return int(value)
        if _DECIMAL_FLOAT.match(value):
            number = float(value)
            if repr(number) != value.lstrip("+"):
                self.issues.add(
                    *pos,
                    f'“{value}”会被 YAML 读成数字 {number!r}，写法被改变。如果是文字（如版本号、编号），请加引号："{value}"。',
                )
            return number
        if _LEADING_ZERO.match(value):
            self.issues.add(
                *pos,
                f'“{value}”以 0 开头，YAML 会把它读成八进制数{self._yaml11_reading(value)}，开头的 0 和原来的数字都会丢失。如果是邮编、编号、电话等文字，请加引号："{value}"。',
            )
            return value
        if _SEXAGESIMAL.match(value):
            self.issues.add(
                *pos,
                f'“{value}”会被 YAML 按六十进制读成数字{self._yaml11_reading(value)}。如果是时间、比分等文字，请加引号："{value}"。',
            )
            return value
        if _OTHER_NUMBER.match(value):
            reading = self._yaml11_reading(value)
            if reading:
                self.issues.add(
                    *pos,
                    f'“{value}”会被 YAML 读成数字{reading}，写法被改变。如果是文字（如编号），请加引号："{value}"；如果是数字，请写成普通的整数或小数。',
                )
            else:
                self.issues.add(
                    *pos,
                    f'“{value}”在一些 YAML 工具中会被当成数字。如果是文字，请加引号："{value}"；如果是数字，请写成普通的整数或小数。',
                )
            return value
        return value

    @staticmethod
    def _yaml11_reading(value: str) -> str:
        """What PyYAML's own loader would make of a number-like value, to show the editor."""
        try:
            read = yaml.load(value, Loader=yaml.CSafeLoader)
        except (yaml.YAMLError, ValueError, OverflowError):
            return ""
        if isinstance(read, (int, float)) and not isinstance(read, bool):
            return f" {read!r}"
        return ""

    def _check_trailing_comment(self, event: Any) -> None:
        end = event.end_mark
        rest = self.lines[end.line][end.column :] if end.line < len(self.lines) else ""
        match = _TRAILING_COMMENT.match(rest)
        if match:
            line, col = end.line + 1, end.column + match.end()
            self.issues.add(
                line,
                col,
                f'值后面的“ #”及其后文字（“{rest[match.end() - 1 :].strip()[:20]}”）会被 YAML 当作注释丢掉。如果“#”是内容的一部分，请给整个值加引号，例如：title: "第一期 #党建"；如果是注释，请另起一行写。',
            )

    def _refuse_anchor_and_tag(self, event: Any, pos: Position) -> None:
        if event.anchor is not None:
            self.issues.add(
                *pos,
                f"不支持锚点“&{event.anchor}”（也不支持别名“*”）：请把内容直接写出来。如果值以“&”或“*”开头（例如 **县），请给整个值加引号。",
            )
        tag = event.tag
        if tag is not None:
            shown = tag.replace("tag:yaml.org,2002:", "!!")
            self.issues.add(
                *pos, f"不支持显式类型标签“{shown}”。请删除它，直接写值；如果值本身以“!”开头，请给整个值加引号。"
            )

    def _unpaired_quote(self, error_line: int) -> Position | None:
        """The first line before an error whose double-quoted value never closes (the usual cause of odd errors)."""
        for number, text in enumerate(self.lines[: max(error_line - 1, 0)], start=1):
            match = _OPEN_QUOTED_VALUE.match(text)
            if match and not _CLOSED_QUOTED_VALUE.match(text):
                return number, match.start(1) + 1
        return None

    def _syntax_error(self, exc: yaml.YAMLError) -> None:
        problem = str(getattr(exc, "problem", "") or exc)
        context = str(getattr(exc, "context", "") or "")
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        if "could not find expected ':'" in problem and getattr(exc, "context_mark", None) is not None:
            mark = exc.context_mark  # the line that lacks its colon, not the line after it
        line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        unpaired = self._unpaired_quote(line)
        if unpaired is not None:
            self.issues.add(
                *unpaired,
                f'YAML 格式错误：这一行的引号没有配对（只有开头的“"”，缺少结尾的“"”），后面的内容都被当成了这个值的一部分。请补上结尾的引号。（解析器在第 {line} 行报告：{problem}）',
            )
            return
        source_line = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
        if "*" in source_line and ("alias" in problem or "alphabetic or numeric" in problem):
            hint = '以“*”开头的值（例如 **县）必须加引号："**县"。'
        elif "&" in source_line and "anchor" in (problem + context):
            hint = "以“&”开头的值必须加引号。"
        elif "：" in source_line and ": " not in source_line:
            hint = "这一行用了全角冒号“：”作分隔，YAML 只认半角冒号加空格“: ”。请把字段名后的“：”改成“: ”。"
        elif _KEY_WITHOUT_SPACE.match(source_line):
            hint = "字段名后的冒号后面缺少空格：请写成“字段名: 值”（冒号后有一个空格）。"
        elif "mapping values are not allowed" in problem:
            hint = "值里出现了“: ”（冒号加空格），YAML 以为这是新的字段。请给整个值加引号，或改用全角冒号“：”。"
        elif "could not find expected ':'" in problem:
            hint = "这一行缺少“字段名: 值”中的冒号，或者上一行的引号没有配对。"
        elif "found character '\\t'" in problem or "\t" in source_line:
            hint = "YAML 不允许用 TAB 键缩进，请改用空格。"
        elif "found undefined tag handle" in problem or "tag" in context:
            hint = "以“!”开头的值必须加引号。"
        elif "did not find expected key" in problem or "expected <block end>" in problem:
            hint = "缩进不一致：同一层的字段必须左对齐，列表项“- ”也要对齐。"
        elif "quoted scalar" in context or "found unexpected end of stream" in problem:
            hint = "引号没有配对，请检查这一行或上面几行的引号。"
        elif "reserved indicator" in problem:
            hint = "以“@”或“`”开头的值必须加引号。"
        elif "block scalar" in context:
            hint = "“|”后面只能换行，内容要另起一行并缩进。"
        else:
            hint = "请对照模板检查这一行的冒号、缩进和引号。"
        self.issues.add(line, col, f"YAML 格式错误：{hint}（解析器原文：{problem}）")
