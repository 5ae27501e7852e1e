"""Content-hashed names for every script and stylesheet the pages load.

A browser may keep a script or stylesheet for as long as it likes; under a fixed name an update can pair a
cached old file with new pages (an old search engine with a new index). Under `<stem>.<hash>.<ext>` the
pages of a build always name the files of that build. One rule for all of them (our stylesheets merged,
browse.js, the search engine and the inflate fallback it loads, the search manifest, the glossary
explanations): `hashed_name` makes the name, `remove_stale` deletes the files of earlier builds (`mkdocs serve`
and `--dirty` write into a site folder that still holds them).

Pure: no MkDocs import.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Iterable

HASH_LENGTH = 10


def content_hash(content: bytes | str) -> str:
    data = content.encode("utf-8") if isinstance(content, str) else content
    return hashlib.sha256(data).hexdigest()[:HASH_LENGTH]


def hashed_name(name: str, content: bytes | str) -> str:
    """`browse.js` → `browse.<hash of content>.js` (the last suffix stays last; `fflate-0.8.3.min.js` →
    `fflate-0.8.3.min.<hash>.js`)."""
    stem, dot, ext = name.rpartition(".")
    if not dot:
        raise ValueError(f"no file extension: {name}")
    return f"{stem}.{content_hash(content)}.{ext}"


def unhashed_name(name: str) -> str:
    """The name a hashed name was made from (`browse.0123456789.js` → `browse.js`); other names unchanged."""
    match = _HASHED.match(name)
    return f"{match.group('stem')}.{match.group('ext')}" if match else name


_HASHED = re.compile(rf"^(?P<stem>.+)\.[0-9a-f]{{{HASH_LENGTH}}}\.(?P<ext>[A-Za-z0-9]+)$")


def remove_stale(folder: Path, current: Iterable[str]) -> list[Path]:
    """Delete hashed files in `folder` that have the unhashed name of a current file but another hash."""
    current = set(current)
    families = {unhashed_name(name) for name in current}
    removed = []
    if not Path(folder).is_dir():
        return removed
    for path in Path(folder).iterdir():
        if (
            path.is_file()
            and path.name not in current
            and _HASHED.match(path.name)
            and unhashed_name(path.name) in families
        ):
            path.unlink()
            removed.append(path)
    return removed
