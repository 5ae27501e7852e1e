"""What `mkdocs serve` keeps from one build to the next, as the stages that do not know MkDocs see it: a store with
`get` and `put` by key (djkb/build/serve_cache.py `Generational`). One-off builds pass None and keep nothing."""

from __future__ import annotations

from typing import Any, Callable, Protocol, TypeVar

T = TypeVar("T")

# The entry of a build's memo of values computed from its corpus (djkb/pages/browse.py `Browse.memo`) that holds
# the store `mkdocs serve` keeps between builds, when there is one.
BETWEEN_BUILDS = ("kept between builds",)


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


class _Recording:
    """A store that notes every entry it hands out or takes in (`kept_with_parts`)."""

    def __init__(self, kept: Kept) -> None:
        self.kept = kept
        self.used: dict[Any, Any] = {}

    def get(self, key: Any, default: Any = None) -> Any:
        found = self.kept.get(key)
        if found is None:
            return default
        self.used[key] = found
        return found

    def put(self, key: Any, value: Any) -> None:
        self.kept.put(key, value)
        self.used[key] = value


def kept_with_parts(kept: Kept | None, key: Any, make: Callable[[Kept | None], T]) -> T:
    """Like `kept_or_made`, for a whole made from parts that `make(parts_store)` keeps under their own keys.

    When the whole is found, its parts are put back too: a store that drops what a build did not use (serve's)
    would otherwise lose them while the whole is unchanged, and the next change would remake every part."""
    if kept is None:
        return make(None)
    found = kept.get(key)
    if found is not None:
        whole, parts = found
        for part_key, part in parts.items():
            kept.put(part_key, part)
        return whole
    recording = _Recording(kept)
    whole = make(recording)
    kept.put(key, (whole, recording.used))
    return whole
