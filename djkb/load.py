"""Strict YAML loading: bytes → plain data plus the position of every key and value.

PyYAML's `safe_load` silently changes data (duplicate keys, `yes` → True, `12:30` → 750, `010010` → 4104,
` #…` cut off, dates turned into objects, multi-line plain text gaining spaces between Chinese lines). This
loader builds the data itself from libyaml's event stream, so it decides every scalar's type, refuses
anchors, aliases and tags, and knows the line and column of everything it returns. It never raises
anything but `DataError`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from djkb.errors import DataError, Problem, display_path

MAX_FILE_BYTES = 256 * 1024
MAX_NESTING = 12

Position = tuple[int, int]  # 1-based line, 1-based column
KeyPath = tuple[Any, ...]

_NULLS = {"", "~", "null", "Null", "NULL"}
_TRUES = {"true", "True", "TRUE"}
_FALSES = {"false", "False", "FALSE"}
_YAML11_BOOLS = re.compile(r"^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$")
_DECIMAL_INT = re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$")
_DECIMAL_FLOAT = re.compile(r"^[-+]?(?:0|[1-9][0-9]*)\.[0-9]+$")
_LEADING_ZERO = re.compile(r"^[-+]?0[0-9_]+$")
_SEXAGESIMAL = re.compile(r"^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$")
_OTHER_NUMBER = re.compile(
    r"^(?:[-+]?0b[01_]+|[-+]?0o?[0-7_]+|[-+]?0x[0-9a-fA-F_]+|[-+]?[0-9][0-9_]*_[0-9_]*"
    r"|[-+]?(?:[0-9][0-9_]*)?\.[0-9_]+(?:[eE][-+]?[0-9]+)?|[-+]?[0-9][0-9_]*(?:\.[0-9_]*)?[eE][-+]?[0-9]+"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)


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


def load_file(path: Path, root: Path | None = None) -> LoadedDoc:
    """Load one record file strictly; raise `DataError` listing every problem found in it."""
    display = display_path(path, root)
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise DataError([Problem(display, 0, 0, f"无法读取文件：{exc.strerror or exc}")]) from None
    return load_bytes(raw, path=Path(path), display=display)


def load_bytes(raw: bytes, *, path: Path, display: str | None = None) -> LoadedDoc:
    display = display or path.as_posix()
    issues = _Collector(display)
    text = _decode(raw, issues)
    if text is None:
        raise DataError(issues.problems)
    from djkb import textcheck  # character-level checks shared with Markdown sources

    for line, col, message in textcheck.check_characters(text):
        issues.add(line, col, message)
    _check_nesting(text, issues)
    if issues.problems:
        raise DataError(issues.problems)
    doc = _Builder(text, path, display, issues).build()
    if issues.problems:
        raise DataError(issues.problems)
    assert doc is not None
    return doc


def _decode(raw: bytes, issues: _Collector) -> str | None:
    if len(raw) > MAX_FILE_BYTES:
        issues.add(0, 0, f"文件过大（{len(raw) // 1024} KB），单个记录文件不能超过 {MAX_FILE_BYTES // 1024} KB。请拆分内容或删去粘贴进来的多余文字。")
        return None
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        issues.add(1, 1, "文件是 UTF-16 编码，本库只接受 UTF-8。请在编辑器中“另存为”并选择 UTF-8 编码。")
        return None
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]  # a BOM at the very start is harmless (Windows Notepad writes one)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        hint = ""
        try:
            raw.decode("gb18030")
            hint = "看起来是 GBK/GB18030 编码（Windows 中文系统的默认编码）。"
        except UnicodeDecodeError:
            pass
        issues.add(line, col, f"文件不是 UTF-8 编码。{hint}请另存为 UTF-8（在记事本或 WPS 的“另存为”中选择“UTF-8”编码）。")
        return None
    if "\ufeff" in text:
        offset = text.index("\ufeff")
        line = text.count("\n", 0, offset) + 1
        col = offset - (text.rfind("\n", 0, offset) + 1) + 1
        issues.add(line, col, "文件中间出现了字节顺序标记（BOM，U+FEFF），通常是把两个文件拼在一起造成的。请删除这个不可见字符。")
        return None
    if not text.strip():
        issues.add(1, 1, "文件是空的。请按模板填写内容，或用 `djkb new` 生成新文件。")
        return None
    return text


def _check_nesting(text: str, issues: _Collector) -> None:
    """Refuse deep nesting before libyaml sees it (very deep flow nesting crashes libyaml)."""
    depth = 0
    quote = ""
    line, col = 1, 0
    for ch in text:
        col += 1
        if ch == "\n":
            line, col = line + 1, 0
            quote = "" if quote == "'" or quote == '"' else quote
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
                issues.add(line, col, f"括号嵌套超过 {MAX_NESTING} 层，记录文件不需要这么深的结构。请检查是否多写了“[”或“{{”。")
                return
        elif ch in "]}":
            depth = max(0, depth - 1)
    indents = {len(m.group(1)) for m in re.finditer(r"(?m)^( *)(?:- |[^\s#-][^:\n]*:(?: |$))", text)}
    if len(indents) > MAX_NESTING * 2:
        issues.add(1, 1, f"缩进层级过多（{len(indents)} 层），记录文件不需要这么深的结构。请检查缩进。")


def _pos(mark: Any) -> Position:
    return (mark.line + 1, mark.column + 1)


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

    def build(self) -> LoadedDoc | None:
        try:
            events = list(yaml.parse(self.text, Loader=yaml.CSafeLoader))
        except yaml.YAMLError as exc:
            self._syntax_error(exc)
            return None
        documents = [e for e in events if isinstance(e, yaml.DocumentStartEvent)]
        if len(documents) > 1:
            line, col = _pos(documents[1].start_mark)
            self.issues.add(line, col, "一个文件里只能有一条记录，这里出现了第二个 YAML 文档（“---”）。请把它拆到单独的文件中。")
            return None
        if not documents:
            self.issues.add(1, 1, "文件里只有注释，没有内容。请按模板填写。")
            return None
        body = [e for e in events if not isinstance(e, (yaml.StreamStartEvent, yaml.StreamEndEvent, yaml.DocumentStartEvent, yaml.DocumentEndEvent))]
        first = body[0]
        if not isinstance(first, yaml.MappingStartEvent):
            line, col = _pos(first.start_mark)
            if isinstance(first, yaml.ScalarEvent) and "：" in first.value:
                self.issues.add(line, col, "字段名后面用了全角冒号“：”，YAML 只认半角冒号加空格“: ”。请把字段名后的“：”改成“: ”（例如 `title: 标题`）。")
            else:
                self.issues.add(line, col, "文件最外层应当是“字段名: 值”的形式（YAML 映射），现在不是。请对照模板检查。")
            return None
        data, _ = self._node(body, 0, ())
        return LoadedDoc(self.path, self.display, data, self.value_positions, self.key_positions, self.text)

    # -- events → data ---------------------------------------------------------------------------------
    def _node(self, events: list[Any], i: int, key_path: KeyPath) -> tuple[Any, int]:
        event = events[i]
        self.value_positions[key_path] = _pos(event.start_mark)
        if isinstance(event, yaml.AliasEvent):
            self._refuse_alias(event)
            return None, i + 1
        self._refuse_anchor_and_tag(event)
        if isinstance(event, yaml.ScalarEvent):
            return self._scalar(event, key_path), i + 1
        if isinstance(event, yaml.SequenceStartEvent):
            items: list[Any] = []
            i += 1
            while not isinstance(events[i], yaml.SequenceEndEvent):
                value, i = self._node(events, i, key_path + (len(items),))
                items.append(value)
            return items, i + 1
        if isinstance(event, yaml.MappingStartEvent):
            return self._mapping(events, i, key_path)
        raise AssertionError(f"unexpected YAML event {event!r}")  # pragma: no cover - libyaml guarantees order

    def _mapping(self, events: list[Any], i: int, key_path: KeyPath) -> tuple[dict[str, Any], int]:
        mapping: dict[str, Any] = {}
        first_seen: dict[str, Position] = {}
        i += 1
        while not isinstance(events[i], yaml.MappingEndEvent):
            key_event = events[i]
            key_pos = _pos(key_event.start_mark)
            key: Any = None
            if isinstance(key_event, yaml.ScalarEvent):
                self._refuse_anchor_and_tag(key_event)
                if key_event.value == "<<" and not key_event.style:
                    self.issues.add(*key_pos, "不支持合并键“<<”。请把要复用的字段直接写出来。")
                elif not key_event.style and not self._plain_key_is_text(key_event.value):
                    self.issues.add(*key_pos, f"字段名“{key_event.value}”会被 YAML 当成数字或真假值，而字段名必须是文字。请改用模板中的字段名。")
                else:
                    key = key_event.value
                i += 1
            else:
                self.issues.add(*key_pos, "字段名必须是一段文字，不能是列表或映射。请检查这一行的缩进和冒号。")
                _, i = self._node(events, i, key_path + ("?",))
            if key is not None and key in first_seen:
                first_line = first_seen[key][0]
                self.issues.add(*key_pos, f"字段“{key}”重复出现（第 {first_line} 行和第 {key_pos[0]} 行）。YAML 只会保留后一个，前一个的内容会丢失。请合并为一个。")
                key = None
            value, i = self._node(events, i, key_path + ((key,) if key is not None else ("?",)))
            if key is not None:
                first_seen[key] = key_pos
                self.key_positions[key_path + (key,)] = key_pos
                mapping[key] = value
        return mapping, i + 1

    @staticmethod
    def _plain_key_is_text(value: str) -> bool:
        return not (
            value in _NULLS or value in _TRUES or value in _FALSES or _YAML11_BOOLS.match(value)
            or _DECIMAL_INT.match(value) or _DECIMAL_FLOAT.match(value) or _OTHER_NUMBER.match(value)
        )

    def _scalar(self, event: Any, key_path: KeyPath) -> Any:
        value: str = event.value
        style = event.style or ""
        line, col = _pos(event.start_mark)
        if style == ">":
            self.issues.add(line, col, "不要用“>”折叠块：它会把换行变成空格，在中文里插入多余空格。请把“>”改成“|”。")
            return value
        if style in ("'", '"'):
            if event.start_mark.line != event.end_mark.line and style == '"' and "\n" not in value:
                self.issues.add(line, col, "引号中的文字跨了多行，YAML 会把换行变成空格，在中文里插入多余空格。多行文字请用“|”块。")
            return value
        if style == "|":
            return value
        # Plain (unquoted) scalar: YAML 1.1 would guess its type; we accept only what cannot surprise.
        if event.start_mark.line != event.end_mark.line:
            self.issues.add(line, col, "没有加引号的文字跨了多行，YAML 会把换行变成空格，在中文里插入多余空格。多行文字请写成“|”块（字段名后写“: |”，内容另起一行并缩进）。")
            return value
        self._check_trailing_comment(event)
        if value in _NULLS:
            return None
        if value in _TRUES:
            return True
        if value in _FALSES:
            return False
        if _YAML11_BOOLS.match(value):
            self.issues.add(line, col, f"“{value}”在 YAML 中会被当成真假值。表示“是/否”请写 true 或 false；如果是文字，请加引号：\"{value}\"。")
            return value
        if _DECIMAL_INT.match(value):
            return int(value)
        if _DECIMAL_FLOAT.match(value):
            number = float(value)
            if repr(number) != value.lstrip("+"):
                self.issues.add(line, col, f"“{value}”会被当成数字 {number!r}，写法会被改变。如果是文字（如版本号），请加引号：\"{value}\"。")
            return number
        if _LEADING_ZERO.match(value) or _SEXAGESIMAL.match(value) or _OTHER_NUMBER.match(value):
            self.issues.add(line, col, f"“{value}”会被 YAML 当成另一个数字（例如以 0 开头的数会按八进制读，12:30 会变成 750）。如果是编号、电话、时间等文字，请加引号：\"{value}\"。")
            return value
        return value

    def _check_trailing_comment(self, event: Any) -> None:
        end = event.end_mark
        rest = self.lines[end.line][end.column:] if end.line < len(self.lines) else ""
        if re.match(r"^[ \t]+#", rest):
            line, col = end.line + 1, end.column + 1 + (len(rest) - len(rest.lstrip(" \t")))
            self.issues.add(line, col, "值后面的“ #”及其后文字会被 YAML 当作注释丢掉。如果“#”是内容的一部分，请给整个值加引号，例如：title: \"第一期 #党建\"。")

    def _refuse_anchor_and_tag(self, event: Any) -> None:
        line, col = _pos(event.start_mark)
        if getattr(event, "anchor", None):
            self.issues.add(line, col, f"不支持锚点“&{event.anchor}”（也不支持别名“*”）。如果值以“*”开头（例如 **县），请给整个值加引号：\"**县\"。")
        tag = getattr(event, "tag", None)
        if tag and tag != "!":
            self.issues.add(line, col, f"不支持显式类型标签“{tag}”。请删除它，直接写值。")

    def _refuse_alias(self, event: Any) -> None:
        line, col = _pos(event.start_mark)
        self.issues.add(line, col, f"“*{event.anchor}”被 YAML 当成了别名（引用）。如果这是文字（例如 **县 这样的匿名地名），请给整个值加引号：\"*{event.anchor}\"。")

    def _syntax_error(self, exc: yaml.YAMLError) -> None:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line, col = (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)
        problem = str(getattr(exc, "problem", "") or exc)
        source_line = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
        if "*" in source_line and ("alias" in problem or "alphabetic or numeric" in problem):
            hint = "以“*”开头的值（例如 **县）必须加引号：\"**县\"。"
        elif "：" in source_line and ": " not in source_line:
            hint = "这一行用了全角冒号“：”作分隔，YAML 只认半角冒号加空格“: ”。"
        elif "mapping values are not allowed" in problem:
            hint = "值里出现了“: ”（冒号加空格），YAML 以为这是新的字段。请给整个值加引号，或改用全角冒号“：”。"
        elif "could not find expected ':'" in problem:
            hint = "这一行缺少“字段名: 值”中的冒号，或者上一行的引号没有配对。"
        elif "found character '\\t'" in problem or "\t" in source_line:
            hint = "YAML 不允许用 TAB 键缩进，请改用空格。"
        elif "did not find expected key" in problem or "expected <block end>" in problem:
            hint = "缩进不一致：同一层的字段必须左对齐，列表项“- ”也要对齐。"
        elif "while scanning a quoted scalar" in problem or "found unexpected end of stream" in problem:
            hint = "引号没有配对，请检查这一行或上面几行的引号。"
        else:
            hint = "请对照模板检查这一行的冒号、缩进和引号。"
        self.issues.add(line, col, f"YAML 格式错误：{hint}（解析器原文：{problem}）")
