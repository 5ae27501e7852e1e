"""What `mkdocs serve` keeps from one build to the next, as the stages that do not know MkDocs see it: a store with
`get` and `put` by key (djkb/build/serve_cache.py `Generational`). One-off builds pass None and keep nothing."""

from __future__ import annotations

from typing import Any, Callable, Protocol, TypeVar

T = TypeVar("T")


class Kept(Protocol):
    def get(self, key: Any, default: Any = None) -> Any: ...

    def put(self, key: Any, value: Any) -> None: ...


def kept_or_made(kept: Kept | None, key: Any, make: Callable[[], T]) -> T:
    """What `kept` holds under `key`, else `make()` (kept under `key` when there is a store)."""
    if kept is None:
        return make()
    found = kept.get(key)
    if found is None:
        found = make()
        kept.put(key, found)
    return found
