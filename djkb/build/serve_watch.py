"""`mkdocs serve` notices a saved file at once where the kernel reports changes.

MkDocs 1.6.1 polls the watched folders every half second (livereload/__init__.py line 134, `PollingObserver`):
polling works on Docker and network mounts, which report no changes. Each poll lists and stats every watched
file, about 25 ms for a thousand case files, so a saved file waits 0.25–0.6 s before the rebuild starts, and the
polls take the interpreter from the running build twice a second. On Linux, where every watched folder is on a
local file system (inotify reports its changes), serve is told of a change by the kernel instead; anywhere else
(other systems, network and virtual-machine mounts: NFS, SMB, WSL's 9p, Docker Desktop's shares) MkDocs'
polling stays.

This relies on `LiveReloadServer`'s private `_watched_paths` and `_watch_refs` (mkdocs 1.6.1,
livereload/__init__.py lines 136–161): the paths MkDocs watched before the `on_serve` event are watched again
through the new observer.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import Any, Iterable

from watchdog.events import (
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
)

# File systems whose changes inotify reports, whoever makes them (a bind mount shows the host's own type).
LOCAL_FILE_SYSTEMS = frozenset(
    {"ext2", "ext3", "ext4", "xfs", "btrfs", "tmpfs", "overlay", "zfs", "f2fs", "jfs", "reiserfs", "bcachefs"}
)
# Changes only: a build opens and reads every watched data file, which must not start another build.
CHANGES: list[type[FileSystemEvent]] = [FileCreatedEvent, FileModifiedEvent, FileDeletedEvent, FileMovedEvent]
MOUNT_TABLE = Path("/proc/self/mountinfo")


def watch_through_kernel(server: Any, later_paths: Iterable[str], mount_table: Path = MOUNT_TABLE) -> bool:
    """Watch what `server` watches, and the `later_paths` MkDocs will add after `on_serve`, through inotify
    when every one is on a local file system; False (MkDocs' polling kept) otherwise."""
    if sys.platform != "linux":
        return False
    try:
        from watchdog.observers.inotify import InotifyObserver  # here: importable on Linux only
    except ImportError:  # a watchdog built without inotify
        return False
    watched: dict[str, int] = dict(server._watched_paths)
    mounts = mount_points(mount_table)
    if not mounts or not all(file_system(p, mounts) in LOCAL_FILE_SYSTEMS for p in [*watched, *later_paths]):
        return False

    class ChangesObserver(InotifyObserver):
        """Watches for changes only, on the folder a symbolic link names. (A folder moved in is reported file by
        file, as polling would.)"""

        def schedule(self, event_handler: Any, path: Any, *, recursive: bool = False, **options: Any) -> Any:
            options["event_filter"] = options.get("event_filter") or CHANGES
            return super().schedule(event_handler, os.path.realpath(path), recursive=recursive, **options)

    server.observer = ChangesObserver()
    server._watched_paths.clear()
    server._watch_refs.clear()
    for path, count in watched.items():
        for _ in range(count):
            server.watch(path)
    return True


def mount_points(mount_table: Path = MOUNT_TABLE) -> dict[str, str]:
    """Mount point → file system type, from a `/proc/<pid>/mountinfo` table ({} when it cannot be read)."""
    try:
        lines = mount_table.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return {}
    found: dict[str, str] = {}
    for line in lines:
        fields = line.split(" ")
        if "-" not in fields[6:] or len(fields) < 5:
            continue
        after = fields.index("-", 6)
        if after + 1 < len(fields):
            found[_unescape(fields[4])] = fields[after + 1]
    return found


def file_system(path: str, mounts: dict[str, str]) -> str | None:
    """The type of the file system `path` (symbolic links followed) is on: its deepest mount point's."""
    real = os.path.realpath(path)
    best = None
    for point in mounts:
        if (real == point or real.startswith(point.rstrip("/") + "/")) and (best is None or len(point) > len(best)):
            best = point
    return mounts.get(best) if best is not None else None


def _unescape(field: str) -> str:
    """Mount points escape space, tab, newline and backslash as octal (\\040…)."""
    return _OCTAL.sub(lambda m: chr(int(m.group(1), 8)), field)


_OCTAL = re.compile(r"\\([0-7]{3})")
