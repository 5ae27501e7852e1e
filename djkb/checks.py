"""Editorial checks beyond the schema: registered per-record checks run by `djkb check` and the build.

Each check is a function (kind, ValidRecord, CheckContext) → iterable of Problem.
"""

from __future__ import annotations

RECORD_CHECKS: list = []
