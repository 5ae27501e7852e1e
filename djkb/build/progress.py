"""Progress output for long runs (site builds, bundles, benchmarks). Pure Python, no MkDocs.

On a terminal: one line redrawn in place with a bar and counts. Elsewhere (CI logs, pipes): a plain line at
every tenth of the way, so logs stay short and readable. Silent for small jobs.
"""

from __future__ import annotations

import os
import sys
import time
from typing import IO

BAR_WIDTH = 30


def _is_terminal(stream: IO[str]) -> bool:
    if os.environ.get("CI") or os.environ.get("DJKB_PROGRESS") == "plain":
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


class Progress:
    """Counts `done` out of `total` steps of one job labelled `label` (Chinese, e.g. “生成页面”)."""

    def __init__(
        self,
        label: str,
        total: int,
        *,
        stream: IO[str] | None = None,
        min_total: int = 200,
        terminal: bool | None = None,
    ):
        self.label = label
        self.total = max(int(total), 0)
        self.done = 0
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = self.total >= min_total and os.environ.get("DJKB_PROGRESS") != "off"
        self.terminal = _is_terminal(self.stream) if terminal is None else terminal
        self._next_tenth = 1
        self._last_draw = 0.0
        self._start = time.perf_counter()
        self._finished = False

    def advance(self, steps: int = 1) -> None:
        self.done += steps
        if not self.enabled or self._finished:
            return
        if self.terminal:
            now = time.perf_counter()
            if now - self._last_draw >= 0.1 or self.done >= self.total:
                self._last_draw = now
                self._draw()
        else:
            while self.total and self.done * 10 >= self._next_tenth * self.total and self._next_tenth <= 10:
                self._line(f"{self.label}：{min(self.done, self.total)}/{self.total}（{self._next_tenth * 10}%）")
                self._next_tenth += 1
        if self.done >= self.total:
            self.finish()

    def finish(self) -> None:
        if not self.enabled or self._finished:
            return
        self._finished = True
        elapsed = time.perf_counter() - self._start
        if self.terminal:
            self._draw()
            self.stream.write(f"  {elapsed:.1f} 秒\n")
            self.stream.flush()
        elif self._next_tenth <= 10:
            self._line(f"{self.label}：{self.done}/{self.total}，用时 {elapsed:.1f} 秒")

    def _draw(self) -> None:
        shown = min(self.done, self.total)
        filled = BAR_WIDTH * shown // self.total if self.total else BAR_WIDTH
        bar = "█" * filled + "░" * (BAR_WIDTH - filled)
        self.stream.write(f"\r{self.label} {bar} {shown}/{self.total}")
        self.stream.flush()

    def _line(self, text: str) -> None:
        self.stream.write(text + "\n")
        self.stream.flush()

    def __enter__(self) -> "Progress":
        return self

    def __exit__(self, *exc: object) -> None:
        self.finish()
