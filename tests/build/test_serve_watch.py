"""`mkdocs serve` is told of changes by the kernel on local file systems, and polls anywhere else."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest
from mkdocs.livereload import LiveReloadServer
from watchdog.observers.polling import PollingObserver

from djkb.build import serve_watch

MOUNTS = """\
22 27 0:21 / /proc rw,relatime - proc proc rw
29 27 254:0 / / rw,relatime shared:1 - ext4 /dev/vda rw
31 29 0:40 / /mnt/c rw,noatime - 9p drvfs rw,dirsync
32 29 0:41 / /home/编辑/共享\\040文件 rw master:2 - nfs4 server:/export rw
"""


def _table(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "mountinfo"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_mount_table_gives_each_folder_its_file_system(tmp_path):
    mounts = serve_watch.mount_points(_table(tmp_path, MOUNTS))
    assert mounts["/home/编辑/共享 文件"] == "nfs4"  # escaped space; optional fields before the "-"
    assert serve_watch.file_system("/home/编辑/共享 文件/data", mounts) == "nfs4"
    assert serve_watch.file_system("/home/编辑/共享", mounts) == "ext4"
    assert serve_watch.file_system("/mnt/c/Users/docs", mounts) == "9p"
    assert serve_watch.file_system("/mnt/cases", mounts) == "ext4"  # not under /mnt/c
    assert serve_watch.mount_points(tmp_path / "missing") == {}


def _server(tmp_path: Path) -> LiveReloadServer:
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path / "site"))
    for folder in ("docs", "data/cases"):
        (tmp_path / folder).mkdir(parents=True)
    server.watch(str(tmp_path / "docs"))
    return server


def _rebuild_wanted(server: LiveReloadServer, within: float) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        with server._rebuild_cond:
            if server._want_rebuild:
                server._want_rebuild = False
                return True
        time.sleep(0.01)
    return False


@pytest.mark.skipif(sys.platform != "linux", reason="inotify is Linux's")
def test_a_change_is_noticed_at_once_and_a_read_starts_no_rebuild(tmp_path):
    server = _server(tmp_path)
    data = tmp_path / "data"
    (data / "cases" / "a.yml").write_text("id: a\n", encoding="utf-8")
    local = serve_watch.file_system(str(tmp_path), serve_watch.mount_points())
    assert local in serve_watch.LOCAL_FILE_SYSTEMS, f"the test folder is on {local}"
    assert serve_watch.watch_through_kernel(server, [str(data)])
    server.watch(str(data))  # as MkDocs does after `on_serve` for `watch:` in mkdocs.yml
    assert not isinstance(server.observer, PollingObserver)
    assert sorted(server._watched_paths) == sorted([str(tmp_path / "docs"), str(data)])
    server.observer.start()
    try:
        time.sleep(0.2)
        (data / "cases" / "a.yml").read_text(encoding="utf-8")
        os.listdir(data / "cases")
        assert not _rebuild_wanted(server, 0.5), "reading the data must not start a build"
        (data / "cases" / "a.yml").write_text("id: a\ntitle: 改\n", encoding="utf-8")
        assert _rebuild_wanted(server, 0.5)
        (data / "cases" / "b.yml").with_suffix(".tmp").write_text("id: b\n", encoding="utf-8")
        os.replace(data / "cases" / "b.tmp", data / "cases" / "b.yml")  # how editors and git save a file
        assert _rebuild_wanted(server, 0.5)
        (data / "cases" / "a.yml").unlink()
        assert _rebuild_wanted(server, 0.5)
        (tmp_path / "docs" / "guide.md").write_text("# 指南\n", encoding="utf-8")
        assert _rebuild_wanted(server, 0.5)
        staged = tmp_path / "staged"
        staged.mkdir()
        (staged / "c.yml").write_text("id: c\n", encoding="utf-8")
        os.replace(staged, data / "more")  # a folder moved in: its files are new
        assert _rebuild_wanted(server, 0.5)
    finally:
        server.observer.stop()
        server.observer.join()


def test_polling_stays_where_the_kernel_reports_no_changes(tmp_path):
    server = _server(tmp_path)
    table = _table(tmp_path, f"29 27 254:0 / / rw - ext4 /dev/vda rw\n40 29 0:50 / {tmp_path} rw - 9p drvfs rw\n")
    assert not serve_watch.watch_through_kernel(server, [str(tmp_path / "data")], mount_table=table)
    assert isinstance(server.observer, PollingObserver)
    assert list(server._watched_paths) == [str(tmp_path / "docs")]
    assert not serve_watch.watch_through_kernel(server, [], mount_table=tmp_path / "no-table")
