"""What every check is given, and where a character of a value stands in its file."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from djkb.data.load import KeyPath, LoadedDoc
from djkb.data.schema import CheckSettings
from djkb.kept import Kept


@dataclass
class CheckContext:
    root: Path
    data_dir: Path
    extra: dict[str, Any] = field(default_factory=dict)
    settings: CheckSettings = field(default_factory=CheckSettings)  # `checks:` in data/taxonomy.yml
    kept: Kept | None = None  # `mkdocs serve`: what checks across files may keep from one build to the next


def text_position(doc: LoadedDoc, loc: KeyPath, value: str, offset: int) -> tuple[int, int]:
    """Line and column of `offset` inside the string value at `loc`."""
    line, col = doc.position(loc)
    lines = doc.text.split("\n")
    source = lines[line - 1] if 0 < line <= len(lines) else ""
    before = value[:offset]
    if source[col - 1 : col] in ("|", ">"):
        target = line + 1 + before.count("\n")
        text_line = lines[target - 1] if 0 < target <= len(lines) else ""
        indent = len(text_line) - len(text_line.lstrip(" "))
        return target, indent + len(before.rsplit("\n", 1)[-1]) + 1
    quoted = 1 if source[col - 1 : col] in ("'", '"') else 0
    return line, col + quoted + offset


def string_values(value: Any, loc: KeyPath, *, numbers: bool = False) -> Iterator[tuple[KeyPath, str]]:
    """Every string inside a loaded value with its key path; with `numbers`, integers too (an unquoted ID or
    phone number is read as an integer)."""
    if isinstance(value, str):
        yield loc, value
    elif numbers and isinstance(value, int) and not isinstance(value, bool):
        yield loc, str(value)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from string_values(item, loc + (index,), numbers=numbers)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from string_values(item, loc + (key,), numbers=numbers)
