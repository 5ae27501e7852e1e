"""What MkDocs announced about this process: the command it runs and whether it was given --dirty.

MkDocs announces both once, in `on_startup`, before the first build, and `mkdocs serve` then builds many times,
each with a fresh config; so they belong to the process, not to a build's config. (mkdocs 1.6.1: `__main__.py`
lines 286 and 313 and `commands/serve.py` line 55 call `on_startup(command=…, dirty=…)` once; the hooks module
stays loaded for the life of the process.)
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Invocation:
    command: str | None = None  # "build", "serve", "gh-deploy"; None when MkDocs is driven without its CLI
    dirty: bool = False  # `--dirty`: MkDocs keeps the previous build's files

    @property
    def is_serve(self) -> bool:
        return self.command == "serve"


CURRENT = Invocation()


def announce(command: str | None, dirty: bool = False) -> None:
    """Called from `on_startup` (and by code that drives MkDocs' build itself, as `mkdocs build` would)."""
    CURRENT.command, CURRENT.dirty = command, dirty
