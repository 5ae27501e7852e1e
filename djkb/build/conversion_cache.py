"""What keeps big builds fast: a content-addressed cache of Markdown→HTML results, a helper process that
fills it in parallel, and HTML whitespace trimming. Pure Python; the MkDocs side is in mkdocs_glue.

Cache entries are keyed by (everything that shapes the conversion: mkdocs.yml, package versions, djkb
source) + the page's path + its Markdown. An entry also records which other files the page's links
looked up and whether they existed, and the log lines the conversion emitted: a hit is used only if those
files still exist (or not) exactly as recorded, and its log lines are emitted again, so a strict build
fails on a cached broken link just as on a fresh one. Entries live on disk (one small file each) so that
`mkdocs serve` rebuilds, which start from a fresh MkDocs config, find them.
"""

from __future__ import annotations

import gc
import hashlib
import logging
import mmap
import os
import pickle
import shutil
import signal
import tempfile
import threading
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any, Callable, Iterable

from mkdocs.utils.meta import get_data

from djkb.build import invocation, page_states
from djkb.kept import kept_or_made
from djkb.pages.html_blocks import set_aside_html_blocks
from djkb.project import PACKAGE_DIR

CACHE_FORMAT = 1
PACKAGES = ("mkdocs", "mkdocs-material", "pymdown-extensions", "Markdown", "Jinja2", "nh3")


@dataclass
class RenderResult:
    """What MkDocs' `Page.render` produces, in plain data."""

    content: str
    toc: Any  # mkdocs TableOfContents (picklable)
    title: str | None
    present_anchor_ids: set[str]
    links_to_anchors: dict[str, dict[str, str]] | None  # target src_uri → {anchor: original link}
    lookups: dict[str, str | None] = field(default_factory=dict)  # src_uri looked up → its URL (None: missing)
    logs: list[tuple[str, int, str]] = field(default_factory=list)  # (logger, level, message)


def default_cache_root() -> Path | None:
    """Per-user cache folder for `mkdocs serve` (never a shared temporary folder: entries are pickles).

    None (a temporary cache for this build only) when disabled or for one-off builds, so test suites and CI
    building many temporary projects leave nothing behind.
    """
    if os.environ.get("DJKB_CACHE", "").lower() in ("0", "off", "no"):
        return None
    given = os.environ.get("DJKB_CACHE_DIR")
    if given:
        return Path(given)
    if not invocation.CURRENT.is_serve:
        return None  # a one-off build (tests, CI, bundles): a temporary cache, removed after the build
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "djkb" / "render"


def fingerprint(config_file: Path, *, extra: Iterable[str] = ()) -> str:
    """Everything besides a page's own Markdown that shapes its HTML."""
    digest = hashlib.sha256(f"djkb-render-cache-{CACHE_FORMAT}".encode())
    digest.update(Path(config_file).read_bytes())
    for name in PACKAGES:
        try:
            digest.update(f"{name}={metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name}=none".encode())
    digest.update(_CODE_STATE.encode())
    for item in extra:
        digest.update(item.encode())
    return digest.hexdigest()[:24]


def _code_state() -> str:
    package_dir = PACKAGE_DIR
    digest = hashlib.sha256()
    # By content, not file times: the same code gives the same key in every checkout (the published names of the
    # search files depend on it, and two clones must build the same site).
    for path in sorted(package_dir.rglob("*.py")):
        digest.update(f"{path.relative_to(package_dir).as_posix()}\0".encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


# The djkb code this process runs, read once when it is loaded: `mkdocs serve` rebuilds after an edit to djkb/*.py
# but keeps running the code it started with, so results it makes must not be filed under the edited code's key.
_CODE_STATE = _code_state()


class RenderCache:
    """Disk-backed store of RenderResults for one site configuration (one `fingerprint`)."""

    def __init__(
        self,
        root: Path | None,
        fp: str,
        project: Path,
        memory: Any = None,
        disk_work: Callable[[Callable[[], None]], None] | None = None,
    ):
        self._temporary = root is None
        # `mkdocs serve` (djkb/build/serve_cache.py): entries also kept in memory, never read back from disk there,
        # and the disk written when serve is idle (`disk_work` takes the writes; None: written at once).
        self._memory = memory
        self._disk_work = disk_work
        self._fp = fp
        if root is None:
            base = Path(tempfile.mkdtemp(prefix="djkb-render-"))
        else:
            project_key = hashlib.sha256(str(Path(project).resolve()).encode()).hexdigest()[:16]
            base = Path(root) / project_key
        self.dir = base / fp
        self.dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        if not self._temporary:
            # Older configurations of this project: their entries can never be hit again.
            for other in base.iterdir():
                if other.is_dir() and other.name != fp:
                    shutil.rmtree(other, ignore_errors=True)
        self.hits = 0
        self.misses = 0
        self.used: set[str] = set()
        self._urls: dict[str, str | None] = {}  # this build's page URLs by source path (links of cache hits)

    @property
    def memory(self) -> Any:
        """What `mkdocs serve` keeps between rebuilds (a `serve_cache.Generational`); None in one-off builds."""
        return self._memory

    @staticmethod
    def key(src_uri: str, markdown: str) -> str:
        digest = hashlib.sha256(src_uri.encode())
        digest.update(b"\0")
        digest.update(markdown.encode("utf-8", "surrogatepass"))
        return digest.hexdigest()

    def _path(self, key: str) -> Path:
        return self.dir / f"{key}.pickle"

    def has(self, key: str) -> bool:
        return (self._memory is not None and (self._fp, key) in self._memory) or self._path(key).exists()

    def _load(self, key: str) -> Any:
        if self._memory is not None:
            found = self._memory.get((self._fp, key))
            if found is not None:
                return found
        with open(self._path(key), "rb") as handle:
            found = pickle.load(handle)
        if self._memory is not None:
            self._memory.put((self._fp, key), found)
        return found

    def get(self, key: str, url_of: Callable[[str], str | None]) -> RenderResult | None:
        try:
            result = self._load(key)
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError):
            return None
        if not isinstance(result, RenderResult):
            return None
        if any(url_of(src_uri) != url for src_uri, url in result.lookups.items()):
            return None
        self.used.add(key)
        return result

    def put(self, key: str, result: RenderResult | str) -> None:
        self.used.add(key)
        if self._memory is not None:
            self._memory.put((self._fp, key), result)
        if self._disk_work is not None:
            self._disk_work(lambda: self._write(key, result))
        else:
            self._write(key, result)

    def _write(self, key: str, result: RenderResult | str) -> None:
        target = self._path(key)
        fd, tmp = tempfile.mkstemp(dir=self.dir, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as handle:
                pickle.dump(result, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, target)
        except OSError:
            Path(tmp).unlink(missing_ok=True)

    def url_of(self, files: Any, src_uri: str) -> str | None:
        """The URL of a page of this build (None if there is none); files do not change while pages convert."""
        try:
            return self._urls[src_uri]
        except KeyError:
            url = self._urls[src_uri] = _url_or_none(files, src_uri)
            return url

    @property
    def persistent(self) -> bool:
        return not self._temporary

    def processed(
        self,
        inputs: Iterable[str],
        html: str,
        process: Callable[[str], str],
        *,
        keep: bool | None = None,
        keys: list[str] | None = None,
    ) -> str:
        """`process(html)`, reused while `html` and `inputs` are unchanged.

        For pure steps after the conversion (glossary tooltips, sanitising, search text); `inputs` names
        everything else the step depends on (the page URL, the glossary). Results are kept for the next
        `mkdocs serve` rebuild, or when `keep` says so (the helper process works ahead of the build).
        `keys` collects the entry's key.
        """
        digest = hashlib.sha256(b"processed\0")
        for part in (*inputs, html):
            digest.update(part.encode("utf-8", "surrogatepass"))
            digest.update(b"\0")
        key = "p" + digest.hexdigest()
        if keys is not None:
            keys.append(key)
        try:
            stored = self._load(key)
            if isinstance(stored, str):
                self.used.add(key)
                return stored
        except (OSError, EOFError, pickle.UnpicklingError):
            pass
        result = process(html)
        if self.persistent if keep is None else keep:
            self.put(key, result)
        return result

    def close(self) -> None:
        """End of a build: drop entries this build did not use once they outnumber the used ones."""
        if self._temporary:
            shutil.rmtree(self.dir.parent, ignore_errors=True)
        elif self._disk_work is not None:
            self._disk_work(self._prune)
        else:
            self._prune()

    def _prune(self) -> None:
        stored = [p for p in self.dir.glob("*.pickle")]
        if len(stored) > 2 * len(self.used) + 100:
            for path in stored:
                if path.stem not in self.used:
                    path.unlink(missing_ok=True)


class LogCapture(logging.Handler):
    """Collects what a conversion logs (to replay it when the cached result is used)."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.INFO:
            self.records.append((record.name, record.levelno, record.getMessage()))


def replay(logs: Iterable[tuple[str, int, str]]) -> None:
    for name, level, message in logs:
        logging.getLogger(name).log(level, message)


def start_helper(work: Callable[[], None]) -> int | None:
    """Run `work` in a forked helper process (uses the second core); returns its pid, or None if not possible.

    Only in `mkdocs build` (never under `mkdocs serve`, whose server and file-watcher threads may hold
    locks a forked child would wait on forever), and only while this process has no other thread. The
    helper never returns into MkDocs: it exits right after `work`.
    """
    if invocation.CURRENT.command != "build" or threading.active_count() > 1:
        return None
    if not hasattr(os, "fork") or (os.cpu_count() or 1) < 2:
        return None
    # Objects that exist now are left out of the cyclic collector's scans (in both processes): a scan writes to
    # every object it visits, and each write makes the kernel copy a page the two processes shared. At 10,000
    # cases that copying cost more CPU than the helper saved. (Python's documented use of gc.freeze.)
    gc.freeze()
    pid = os.fork()
    if pid:
        return pid
    status = 0
    try:
        # The parent prints and counts warnings; the helper only records them in cache entries.
        logging.getLogger().handlers = []
        logging.getLogger("mkdocs").handlers = []
        work()
    except BaseException:  # noqa: BLE001 — the parent renders whatever the helper did not
        status = 1
    finally:
        os._exit(status)


def stop_helper(pid: int | None) -> None:
    if not pid:
        return
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        pass
    try:
        os.waitpid(pid, 0)
    except ChildProcessError:
        pass


# -- the render step of a page (called as the `render` method of the glue's Page subclass) -----------------


class _LookupRecorder:
    """Stands in for MkDocs' Files during one conversion, noting every link target looked up."""

    def __init__(self, files: Any):
        self._files = files
        self.lookups: dict[str, str | None] = {}

    def get_file_from_path(self, path: str) -> Any:
        found = self._files.get_file_from_path(path)
        self.lookups[path] = found.url if found is not None else None
        return found

    def __getattr__(self, name: str) -> Any:
        return getattr(self._files, name)


class RenderProgress:
    """Shared between the build process and its helper: how far the build has got through the pages."""

    def __init__(self) -> None:
        self._shared = mmap.mmap(-1, 8)  # anonymous shared memory survives fork
        self.display: Any = None  # a djkb.build.progress.Progress shown to the person running the build

    @property
    def done(self) -> int:
        return int.from_bytes(self._shared[:8], "little")

    def advance(self) -> None:
        self._shared[:8] = (self.done + 1).to_bytes(8, "little")
        if self.display is not None:
            self.display.advance()


def cached_render(page: Any, config: Any, files: Any) -> None:
    """`Page.render` with the cache: reuse the stored result for unchanged Markdown, else convert and store.
    Under `mkdocs serve` a page unchanged since the last build (`page.djkb_state`, djkb/build/page_states.py)
    takes that build's result without hashing its Markdown."""
    cache: RenderCache = page.djkb_render_cache
    state = getattr(page, "djkb_state", None)
    if state is not None and page_states.links_hold(state, lambda uri: cache.url_of(files, uri)):
        _apply(page, state.conversion, files)
        cache.used.update(state.cache_keys)
        cache.hits += 1
    else:
        page.djkb_state = None
        key = cache.key(page.file.src_uri, page.markdown)
        hit = cache.get(key, lambda uri: cache.url_of(files, uri))
        if hit is not None:
            _apply(page, hit, files)
            cache.hits += 1
        else:
            hit = _render_fresh(page, config, files)
            cache.put(key, hit)
            cache.misses += 1
        if cache.memory is not None:  # `mkdocs serve`: the page's state is kept with it (page_states.py)
            page.djkb_conversion = (key, hit)
    tracker = getattr(page, "djkb_render_progress", None)
    if tracker is not None:
        tracker.advance()


def _apply(page: Any, hit: RenderResult, files: Any) -> None:
    """What Page.render sets, attribute for attribute (mkdocs 1.6.1, structure/pages.py lines 285-292;
    `_title_from_render` is private there and read by the `title` property, line 247)."""
    page.content = hit.content
    page.toc = hit.toc
    page._title_from_render = hit.title
    page.present_anchor_ids = set(hit.present_anchor_ids)
    if hit.links_to_anchors is not None:
        # Stored as the File's own `src_uri`: looked up as it is (`get_file_from_path` normalises through PurePath).
        by_uri = files.src_uris
        page.links_to_anchors = {
            target: dict(links)
            for uri, links in hit.links_to_anchors.items()
            if (target := by_uri.get(uri)) is not None
        }
    replay(hit.logs)


def cached_read_source(page: Any, config: Any) -> None:
    """`Page.read_source` (mkdocs 1.6.1, structure/pages.py lines 208–220) for generated pages, with the front
    matter read once per text under `mkdocs serve` (a YAML parse per page, over a thousand unchanged pages per
    edit). The page gets its own copy of the metadata: the build adds to it."""
    source = config.plugins.on_page_read_source(page=page, config=config)
    if source is None:
        source = page.file.content_string
    markdown, meta = kept_or_made(page.djkb_render_cache.memory, ("front matter", source), lambda: get_data(source))
    page.markdown, page.meta = markdown, page_states.fresh_meta(meta)


def _url_or_none(files: Any, uri: str) -> str | None:
    found = files.get_file_from_path(uri)
    return found.url if found is not None else None


class PageConverter:
    """MkDocs' `Page.render` (mkdocs 1.6.1, structure/pages.py lines 263-292) with one Markdown instance per build
    instead of one per page: building it (every extension's setup) costs about as much as converting a record
    page. Between pages it is reset, as Python-Markdown documents, and MkDocs' four per-page processors are
    registered anew under their names (a registration replaces the previous one of that name). The processors
    are MkDocs' private classes of that version (`_RawHTMLPreprocessor`, `_ExtractAnchorsTreeprocessor`,
    `_RelativePathTreeprocessor`, `_ExtractTitleTreeprocessor`); tests compare whole sites with MkDocs' own
    conversion byte for byte."""

    def __init__(self, config: Any):
        import markdown  # here, not at import time: only builds that convert pages need it

        self._md = markdown.Markdown(
            extensions=config["markdown_extensions"], extension_configs=config["mdx_configs"] or {}
        )

    def render(self, page: Any, config: Any, files: Any) -> None:
        from mkdocs.structure import pages as mkdocs_pages  # the build layer's MkDocs, pinned as above

        md = self._md
        md.reset()
        raw_html = mkdocs_pages._RawHTMLPreprocessor()
        raw_html._register(md)
        anchors = mkdocs_pages._ExtractAnchorsTreeprocessor(page.file, files, config)
        anchors._register(md)
        relative_paths = mkdocs_pages._RelativePathTreeprocessor(page.file, files, config)
        relative_paths._register(md)
        title = mkdocs_pages._ExtractTitleTreeprocessor()
        title._register(md)
        page.content = md.convert(page.markdown)
        page.toc = mkdocs_pages.get_toc(getattr(md, "toc_tokens", []))
        page._title_from_render = title.title
        page.present_anchor_ids = anchors.present_anchor_ids | raw_html.present_anchor_ids
        if mkdocs_pages.log.getEffectiveLevel() > logging.DEBUG:
            page.links_to_anchors = relative_paths.links_to_anchors


def _render_fresh(page: Any, config: Any, files: Any) -> RenderResult:
    recorder = _LookupRecorder(files)
    capture = LogCapture()
    mkdocs_log = logging.getLogger("mkdocs")
    mkdocs_log.addHandler(capture)
    source = page.markdown
    set_aside = set_aside_html_blocks(source)
    converter: PageConverter | None = getattr(page, "djkb_converter", None)

    def convert() -> None:
        # `recorder` stands in for Files, of which the conversion only calls get_file_from_path.
        if converter is not None:
            converter.render(page, config, recorder)
        else:  # MkDocs' own Page.render (mkdocs 1.6.1, structure/pages.py line 263), bypassing the cached override
            super(type(page), page).render(config, recorder)

    try:
        # The final HTML blocks are set aside during the conversion (djkb/pages/html_blocks.py).
        page.markdown = set_aside.markdown
        convert()
        restored = set_aside.restore(page.content)
        if restored is None:  # a block did not come through as its own paragraph: convert the Markdown as it is
            page.markdown = source
            capture.records.clear()
            convert()
        else:
            page.content = restored
            page.present_anchor_ids = set(page.present_anchor_ids or ()) | set_aside.anchor_ids()
    finally:
        page.markdown = source
        mkdocs_log.removeHandler(capture)
    links = page.links_to_anchors
    return RenderResult(
        content=page.content,
        toc=page.toc,
        title=page._title_from_render,
        present_anchor_ids=set(page.present_anchor_ids or ()),
        links_to_anchors={target.src_uri: dict(found) for target, found in links.items()}
        if links is not None
        else None,
        lookups=recorder.lookups,
        logs=capture.records,
    )


def prefill(
    pages: list[Any],
    config: Any,
    files: Any,
    progress: RenderProgress,
    finish: Callable[[Any], None] = lambda page: None,
) -> None:
    """Helper process: convert pages from the last one backwards until meeting the build coming forwards.

    `finish(page)` runs the pure steps that follow the conversion (they store their results in the cache).
    """
    for index in range(len(pages) - 1, -1, -1):
        if index < progress.done + 2:
            return
        page = pages[index]
        if getattr(page, "djkb_state", None) is not None:
            continue  # unchanged since the last `mkdocs serve` build: nothing to convert
        page.read_source(config)
        cache: RenderCache = page.djkb_render_cache
        key = cache.key(page.file.src_uri, page.markdown)
        if cache.has(key):
            continue
        cache.put(key, _render_fresh(page, config, files))
        finish(page)
