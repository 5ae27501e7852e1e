"""Problems found in the data, and the one exception type the data stages raise."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one file, at a 1-based line and column (0 when not known)."""

    path: str
    line: int
    col: int
    message: str
    severity: str = ERROR

    def format(self) -> str:
        prefix = "" if self.severity == ERROR else "警告："
        return f"{self.path}:{self.line}:{self.col}: {prefix}{self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR


class DataError(Exception):
    """Raised with every problem found, never just the first."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems: list[Problem] = sorted(problems)
        super().__init__(self.report())

    def report(self) -> str:
        errors = [p for p in self.problems if p.is_error]
        lines = [p.format() for p in self.problems]
        lines.append(f"共发现 {len(errors)} 个错误，请逐条修改后再试。")
        return "\n".join(lines)

    def failed(self, outcome: str) -> str:
        """The report as every command shows it: what did not happen (“网站没有生成”), then every problem."""
        return f"数据检查未通过，{outcome}：\n" + self.report()


def display_path(path: Path, root: Path | None = None) -> str:
    """A path as the editor sees it: relative to the project root when possible, with forward slashes."""
    path = Path(path)
    for base in (root, Path.cwd()):
        if base is None:
            continue
        try:
            return path.resolve().relative_to(Path(base).resolve()).as_posix()
        except ValueError:
            continue
    return path.as_posix()
