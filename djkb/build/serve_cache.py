"""What `mkdocs serve` keeps in memory from one rebuild to the next, so that an edit shows in seconds.

MkDocs rebuilds the whole site on every edit, with a fresh config; only loaded modules survive, so the store
lives here, one per project, and only in `mkdocs serve` (the command noted by `on_startup`,
djkb/build/conversion_cache.py). Every entry is keyed by everything its result depends on; nothing is ever invalidated
by hand, and a key that misses simply means the work is done again:

- `files`: each data file, loaded, validated and checked (djkb/data/pipeline.py), keyed by its bytes and path;
- `pages`: each generated page's Markdown with the trace of what it read from the corpus (djkb/pages/tracing.py),
  reused while every read gives the same value and the templates are unchanged;
- `frames`: each page's final HTML (theme frame included), keyed by the page as the theme sees it (content,
  table of contents, metadata, URL, neighbours…), the navigation, the configuration and the theme's files;
- `conversions`: Markdown→HTML results and post-processing (djkb/build/conversion_cache.py) without reading them back
  from disk.

Entries not used by the current or the previous build are dropped. Pure Python: MkDocs objects are read by
duck typing (the glue passes them in).
"""

from __future__ import annotations

import atexit
import collections
import contextlib
import gc
import hashlib
import logging
import os
import re
import shutil
import sysconfig
import tempfile
import threading
from pathlib import Path
from typing import Any, Callable, Iterable

import jinja2
import jinja2.bccache
from mkdocs.structure import StructureItem
from mkdocs.structure.files import File
from mkdocs.structure.toc import AnchorLink, TableOfContents

from djkb.build import invocation
from djkb.build.page_states import STATE_ATTRIBUTES, PageState, state_digest
from djkb.data.link import Corpus
from djkb.kept import Kept, kept_or_made
from djkb.pages.render import RenderedPage, Renderer
from djkb.pages.tracing import CorpusView, RecordView, Trace, Tracer, corpus_change
from djkb.project import TEMPLATES_DIR


class Generational:
    """A dict whose entries live while the current or the previous build uses them."""

    def __init__(self) -> None:
        self._current: dict[Any, Any] = {}
        self._previous: dict[Any, Any] = {}

    def get(self, key: Any, default: Any = None) -> Any:
        if key in self._current:
            return self._current[key]
        if key in self._previous:
            value = self._current[key] = self._previous.pop(key)
            return value
        return default

    def put(self, key: Any, value: Any) -> None:
        self._current[key] = value

    def __contains__(self, key: Any) -> bool:
        return key in self._current or key in self._previous

    def __len__(self) -> int:
        return len(self._current) + len(self._previous)

    def end_build(self) -> None:
        self._previous, self._current = self._current, {}


class ServeStore:
    """Everything one project's `mkdocs serve` keeps between rebuilds."""

    def __init__(self) -> None:
        self.files = Generational()
        self.pages = Generational()
        self.frames = Generational()
        self.conversions = Generational()
        self.search_entries = Generational()  # a page's search index entry, by everything it is made from
        self.search_files = Generational()  # the index's word list and compressed files, by their inputs
        self.file_descriptions = Generational()  # MkDocs File objects' descriptions in frame keys, by attributes
        # What pages show made record by record: the data download's texts, the related cases' ranking inputs.
        self.record_parts = Generational()
        self.theme_scans: dict[Any, bool] = {}  # theme folder state → may its templates be reused (see below)
        self.theme_listings: dict[Any, tuple[list[tuple[str, int]], list[str]]] = {}  # see `list_theme_files_once`
        self.stats: dict[str, int] = {}
        self.new_frames: dict[str, str] = {}  # this build's, kept at its end if it logged no warning
        self.page_states: dict[str, PageState] = {}  # generated pages at the end of on_page_content (page_states.py)
        self.new_page_states: dict[str, PageState] = {}  # this build's, kept at its end if it logged no warning
        self.compiled_templates: dict[str, bytes] = {}  # Jinja bytecode (both the page and the theme templates)
        self.warnings = _WarningCounter()
        # The site folder of the last complete build, moved back after MkDocs empties it (`restore_previous_site`).
        self.previous_site: Path | None = None
        self.site_complete = False  # the last build got to its end: the folder holds all of its files
        self.site_files: set[str] = set()  # every file of the last complete build (dest paths of its Files)
        self.site_restored = False  # this build found the last complete build's files in the site folder
        # The last complete build's page files: dest path → their HTML's digest, or what determined it wholly.
        self.pages_written: dict[str, Any] = {}
        self.new_pages_written: dict[str, Any] = {}  # this build's
        self.unwritten = _UnwrittenPages()  # pages of this build whose file already held their HTML
        self.when_idle = _WhenIdle()
        self.build = 0  # counts the builds
        # The corpus pages were last rendered over, and its build: pages are checked against what changed since.
        self.rendered_corpus: tuple[int, Corpus] | None = None

    def start_build(self) -> None:
        """Called first in every build (on_config)."""
        self.build += 1
        self.when_idle.pause()
        self.stats = {}
        self.new_frames = {}
        self.new_page_states = {}
        self.site_restored = False
        self.new_pages_written = {}
        self.unwritten.src_uris.clear()
        self.warnings.count = 0
        mkdocs_log = logging.getLogger("mkdocs")
        if self.warnings not in mkdocs_log.handlers:
            mkdocs_log.addHandler(self.warnings)
        build_log = logging.getLogger(_BUILD_LOGGER)
        if self.unwritten not in build_log.filters:
            build_log.addFilter(self.unwritten)

    def end_build(self) -> None:
        """Called last in a build that got to its end (on_post_build).

        Frames and page states are kept only from a build that logged no warning: a theme template could have
        logged one, and a reused frame would not log it again (a strict build must fail the same way every time).
        """
        if self.warnings.count == 0:
            for key, html in self.new_frames.items():
                self.frames.put(key, html)
            self.page_states = self.new_page_states
        self.new_frames, self.new_page_states = {}, {}
        self.when_idle.resume()
        self.pages_written, self.new_pages_written = self.new_pages_written, {}
        for part in (
            self.files,
            self.pages,
            self.frames,
            self.conversions,
            self.search_entries,
            self.search_files,
            self.file_descriptions,
            self.record_parts,
        ):
            part.end_build()

    def count(self, what: str, n: int = 1) -> None:
        self.stats[what] = self.stats.get(what, 0) + n


class _WhenIdle:
    """What `mkdocs serve` leaves until no rebuild is running: the conversion cache's disk writes, and Python's
    cyclic garbage collector.

    What serve keeps between rebuilds is hundreds of thousands of objects; every full collection during a rebuild
    scans them all (at 1,000 cases about 0.2 s each, and a rebuild triggered several). Paused during the
    rebuild, one collection runs when no rebuild followed for `DELAY` seconds: while the editor looks at the
    page. (A rebuild's MkDocs pages, files and navigation are reference cycles: they are freed then; saves in
    quick succession leave theirs until the pause.) Disk writes wait likewise (`later`): the rebuild keeps its
    results in memory, and each write costs a temporary file on the way to the page; a rebuild starting stops
    them between two writes."""

    DELAY = 2.0  # seconds without a rebuild
    # What survives a collection (what serve keeps) is frozen: the next collections scan only what later builds
    # made, a few hundredths of a second instead of tenths (an edit saved during a collection waits for it).
    # Every FULL_EVERY-th collection scans everything again: kept objects may have become garbage since.
    FULL_EVERY = 10

    def __init__(self) -> None:
        self._timer: threading.Timer | None = None
        self._lock = threading.Lock()
        self._collections = 0
        self._tasks: collections.deque[Callable[[], None]] = collections.deque()

    def later(self, task: Callable[[], None]) -> None:
        """Run `task` once serve is idle (tasks run in the order given)."""
        with self._lock:
            self._tasks.append(task)

    def pause(self) -> None:
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
            gc.disable()

    def resume(self) -> None:
        """After a build, finished or failed: do the waiting work soon, then collect automatically again."""
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
            self._timer = threading.Timer(self.DELAY, self._run)
            self._timer.daemon = True
            self._timer.start()

    def _current(self) -> bool:
        """Is this thread the timer of the idle time now (no build started, no newer timer)? Under the lock."""
        return self._timer is not None and self._timer is threading.current_thread()

    def _run(self) -> None:
        while True:  # the lock is released between tasks: a build starting waits for one task at most
            with self._lock:
                if not self._current():
                    return
                if not self._tasks:
                    break
                task = self._tasks.popleft()
            task()
        with self._lock:
            if not self._current():
                return
            self._timer = None
            self._collections += 1
            if self._collections % self.FULL_EVERY == 0:
                gc.unfreeze()
            gc.collect()
            gc.freeze()
            gc.enable()


class _WarningCounter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


class TemplateCodeCache(jinja2.BytecodeCache):
    """Compiled Jinja templates kept between rebuilds (each build makes new Jinja environments).

    Jinja stores each template's source checksum with its code and compiles again when the source changed;
    the key adds the environment's compile settings, so environments set up differently never share code.
    """

    def __init__(self, store: dict[str, bytes], env: jinja2.Environment):
        self._store = store
        settings = (
            type(env),
            env.block_start_string,
            env.block_end_string,
            env.variable_start_string,
            env.variable_end_string,
            env.comment_start_string,
            env.comment_end_string,
            env.line_statement_prefix,
            env.line_comment_prefix,
            env.trim_blocks,
            env.lstrip_blocks,
            env.newline_sequence,
            env.keep_trailing_newline,
            sorted(env.extensions),
            env.optimized,
            env.autoescape,
            env.finalize,
            env.is_async,
            env.code_generator_class,
            env.context_class,
        )
        self._settings = repr(settings)

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        return hashlib.sha256(f"{self._settings}\0{name}\0{filename}".encode("utf-8", "surrogatepass")).hexdigest()

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self._store.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._store[bucket.key] = bucket.bytecode_to_string()


_BUILD_LOGGER = "mkdocs.commands.build"  # the logger of `_build_page` (mkdocs 1.6.1, commands/build.py)


class _UnwrittenPages(logging.Filter):
    """Drops MkDocs' "Page skipped" notice for the pages `unless_on_disk` left unwritten on purpose (mkdocs 1.6.1,
    commands/build.py line 233: a page whose HTML is empty is not written, and said so at INFO level)."""

    def __init__(self) -> None:
        super().__init__()
        self.src_uris: set[str] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.src_uris or not record.msg.startswith("Page skipped: '"):
            return True
        return record.msg[len("Page skipped: '") :].rpartition("'. ")[0] not in self.src_uris


_STORES: dict[str, ServeStore] = {}  # project folder → its store; filled only under `mkdocs serve`


def build_failed() -> None:
    """A `mkdocs serve` rebuild stopped with an error (MkDocs' `on_build_error`, which names no project)."""
    for store in _STORES.values():
        store.when_idle.resume()


def store_for(project: Path) -> ServeStore | None:
    """This project's store under `mkdocs serve`; None for one-off builds (nothing to keep) or DJKB_CACHE=off."""
    if not invocation.CURRENT.is_serve or os.environ.get("DJKB_CACHE", "").lower() in ("0", "off", "no"):
        return None
    key = str(Path(project).resolve())
    store = _STORES.get(key)
    if store is None:
        store = _STORES[key] = ServeStore()
    return store


# -- the previous build's files ------------------------------------------------------------------------------

_set_aside: list[Path] = []  # folders of earlier builds' files still being deleted (removed at exit at the latest)


def set_aside_previous_site(store: ServeStore | None, site_dir: str) -> None:
    """Move the previous build's files out of the site folder at once: back in after MkDocs has emptied the folder
    (`restore_previous_site`) if that build was complete, else deleted in the background.

    MkDocs empties the site folder before every build, file by file (a thousand folders: 0.1 s on a quiet disk,
    seconds on a busy one) while the edited page waits. Renaming the top-level entries to a folder beside it
    takes milliseconds; MkDocs then finds nothing to delete. Hidden entries stay, as MkDocs leaves them too.
    Only under `mkdocs serve` without --dirty (a dirty build keeps the previous files on purpose).
    """
    if store is None or invocation.CURRENT.dirty:
        return
    complete, store.site_complete, store.previous_site = store.site_complete, False, None
    site = Path(site_dir)
    entries = [entry for entry in site.iterdir() if not entry.name.startswith(".")] if site.is_dir() else []
    if not entries:
        return
    try:
        previous = Path(tempfile.mkdtemp(prefix=".djkb-previous-site-", dir=site.parent))
    except OSError:
        return  # MkDocs deletes them itself
    if not _set_aside:
        atexit.register(_remove_set_aside)
    _set_aside.append(previous)
    moved = True
    for entry in entries:
        try:
            entry.rename(previous / entry.name)
        except OSError:
            moved = False  # left for MkDocs to delete
    if complete and moved:
        store.previous_site = previous  # moved back by `restore_previous_site`
    else:
        _remove_in_background(previous)


def _remove_in_background(folder: Path) -> None:
    threading.Thread(target=shutil.rmtree, args=(folder, True), name="djkb-remove-previous-site", daemon=True).start()


def restore_previous_site(store: ServeStore | None, site_dir: str) -> None:
    """After MkDocs emptied the site folder (`on_files`): move the last complete build's files back, so that the
    build writes its pages into folders that exist (making a thousand folders again took over a second on a slow
    disk). Files of the last build that this one does not have are removed at its end (`remove_stale_files`)."""
    if store is None or store.previous_site is None:
        return
    previous, store.previous_site = store.previous_site, None
    site = Path(site_dir)
    try:
        for entry in list(previous.iterdir()):
            entry.rename(site / entry.name)
        store.site_restored = True
        store.count("site folder kept")
    except OSError:
        pass  # what came back is overwritten or removed as stale; the rest is written anew
    _remove_in_background(previous)


def unless_on_disk(store: ServeStore | None, page: Any, html: Callable[[], str], known_as: Any = None) -> str:
    """The page's final HTML (`html()`), or "" (MkDocs then does not write the file) when the file the last
    complete build wrote for it is still in the site folder and holds the same HTML: under `mkdocs serve` most
    pages of a rebuild are unchanged, and writing a thousand files took a fifth of an edit's rebuild.
    `known_as`: what determines the HTML wholly (a reused frame's key and names); compared instead of a hash of
    the HTML, which is then made only if the file needs writing."""
    if store is None:
        return html()
    text = None
    if known_as is None:
        text = html()
        known_as = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()
    dest = page.file.dest_uri
    store.new_pages_written[dest] = known_as
    if not store.site_restored or store.pages_written.get(dest) != known_as:
        return html() if text is None else text
    store.unwritten.src_uris.add(page.file.src_uri)
    store.count("pages not rewritten")
    return ""


def remove_stale_files(store: ServeStore | None, site_dir: str, files: Iterable[Any]) -> None:
    """At the end of a build: remove the files of the last build that this one does not have (a deleted case's
    page…), and remember this build's files; the folder is now complete."""
    if store is None:
        return
    current = {file.dest_uri for file in files}
    site = Path(site_dir)
    for dest in store.site_files - current:
        (site / dest).unlink(missing_ok=True)
        with contextlib.suppress(OSError):
            (site / dest).parent.rmdir()  # a page's own folder, once empty
    store.site_files = current
    store.site_complete = True


def _remove_set_aside() -> None:
    for folder in _set_aside:
        shutil.rmtree(folder, ignore_errors=True)


# -- the theme's static files ---------------------------------------------------------------------------------


def list_theme_files_once(store: ServeStore | None, theme: Any) -> None:
    """Under `mkdocs serve`, list the theme's files again only when a theme folder changed.

    Every build, MkDocs lists the theme folders to find their static files (mkdocs 1.6.1, structure/files.py
    `Files.add_files_from_theme`, lines 146–168: `env.list_templates` with a filter of fixed patterns plus the
    theme's `static_templates`). Material's folder holds 14,000 files (its icons), a tenth of a second or more
    per edit. The listing is kept with the modification time of every folder it walked: adding, removing or
    renaming a file changes its folder's time, and then the folders are listed again.
    """
    if store is None:
        return
    get_env = theme.get_env

    def get_env_with_kept_listing() -> Any:
        env = get_env()
        list_templates = env.list_templates

        def listed(extensions: Any = None, filter_func: Any = None) -> list[str]:
            key = (tuple(theme.dirs), tuple(theme.static_templates), repr(extensions), _filter_identity(filter_func))
            kept = store.theme_listings.get(key)
            if kept is not None and all(_mtime(folder) == mtime for folder, mtime in kept[0]):
                store.count("theme files listing kept")
                return list(kept[1])
            folders = [(folder, _mtime(folder)) for top in theme.dirs for folder, _, _ in os.walk(top)]
            names = list_templates(extensions=extensions, filter_func=filter_func)
            store.theme_listings[key] = (folders, list(names))
            return names

        env.list_templates = listed
        return env

    theme.get_env = get_env_with_kept_listing


def _filter_identity(filter_func: Any) -> Any:
    """A listing filter by its code (MkDocs makes a new closure each build; its patterns come from the code and
    the theme's `static_templates`, both in the key)."""
    return None if filter_func is None else getattr(filter_func, "__code__", filter_func)


def _mtime(folder: str) -> int | None:
    try:
        return os.stat(folder).st_mtime_ns
    except OSError:
        return None


# -- pages' Markdown (render stage) -------------------------------------------------------------------------


def renderer(corpus: Corpus, store: ServeStore | None, **options: Any) -> Renderer:
    """The build's Renderer: under serve, one that reuses pages whose traced reads are unchanged."""
    return Renderer(corpus, **options) if store is None else ReusingRenderer(corpus, store, **options)


def templates_digest(folder: Path = TEMPLATES_DIR) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


class ReusingRenderer(Renderer):
    """A Renderer over a traced view of the corpus: each page is reused while what it read is unchanged."""

    def __init__(self, corpus: Corpus, store: ServeStore, **options: Any):
        if options.get("link_filter") is not None:
            raise ValueError("ReusingRenderer: a link_filter is not traced")
        self._tracer = Tracer(build=store.build)
        super().__init__(CorpusView(corpus, self._tracer, Corpus.KINDS), **options)
        since, before = store.rendered_corpus or (None, None)
        self._change = corpus_change(before, corpus, since=since, build=store.build)
        store.rendered_corpus = (store.build, corpus)
        self.env.bytecode_cache = TemplateCodeCache(store.compiled_templates, self.env)
        self._real_corpus = corpus
        self._store = store
        # Everything besides the corpus that shapes a page (the Python code is fixed for the process's life).
        self._setup = hashlib.sha256(repr((templates_digest(), sorted(options.items()))).encode()).hexdigest()
        # Values of reads in this corpus, shared by all verifications, and with the pages' helpers (whose
        # values computed from the corpus, such as the data download, are then made once).
        self._now: dict[Any, Any] = self.browse_context["browse"].memo
        # The parts of the page being rendered, and of its last render: key → (text, what it read).
        self._parts: dict[tuple, tuple[str, Trace]] | None = None
        self._parts_before: dict[tuple, tuple[str, Trace]] = {}
        self.browse_context["browse"].keep_between_builds(store.record_parts)
        self.browse_context["browse"].start_export_archive()

    def _reuse(self, key: tuple, render: Callable[[], RenderedPage]) -> RenderedPage:
        key = (self._setup, *key)
        cached = self._store.pages.get(key)
        if cached is not None and cached[1].holds(self._real_corpus, self._now, self._change):
            self._store.count("pages reused")
            return cached[0]
        # The page's parts (`kept_fragment`) live with it: as long as the page is reused, and for its next render.
        self._parts_before = cached[2] if cached is not None else {}
        self._parts = {}
        try:
            page, trace = self._tracer.run(render)
        finally:
            parts, self._parts = self._parts, None
        self._store.pages.put(key, (page, trace, parts))
        self._store.count("pages rendered")
        return page

    def kept_fragment(self, page_path: str, key: tuple, make: Callable[[], str]) -> str:
        """A part of a page, reused while what it read is unchanged; what it read counts for the page."""
        if self._parts is None:  # not a page of this renderer's (`_reuse`)
            return make()
        cached = self._parts_before.get(key)
        if cached is not None and cached[1].holds(self._real_corpus, self._now, self._change):
            text, trace = cached
            outcome = "reused"
        else:
            text, trace = self._tracer.run(make)
            outcome = "rendered"
        self._store.count(f"parts {outcome}")
        self._store.count(f"parts {outcome}: {key[0]}")  # by the part's name, the first element of its key
        self._parts[key] = (text, trace)
        self._tracer.use(trace)
        return text

    def render_index(self, path: str, template_name: str, title: str) -> RenderedPage:
        return self._reuse(
            ("index", path, template_name, title), lambda: Renderer.render_index(self, path, template_name, title)
        )

    def render_record(self, kind: str, record: Any) -> RenderedPage:
        if type(record) is not RecordView:  # not a record of this corpus as seen through the view: not traced
            return Renderer.render_record(self, kind, record)
        return self._reuse(("record", kind, record._djkb_id), lambda: Renderer.render_record(self, kind, record))

    def render_checklist(self, standard: Any) -> RenderedPage:
        if type(standard) is not RecordView:
            return Renderer.render_checklist(self, standard)
        return self._reuse(("checklist", standard._djkb_id), lambda: Renderer.render_checklist(self, standard))


# -- pages' final HTML (theme frame) ------------------------------------------------------------------------

REUSED_FRAME = "djkb-reused-frame.html"  # a template that prints the page's reused HTML
REUSED_FRAME_SOURCE = "{{ page.djkb_frame }}"
_PACKAGES_DIR = Path(sysconfig.get_paths()["purelib"]).resolve()
_JINJA_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
_JINJA_COMMENT = re.compile(r"\{#.*?#\}", re.S)
# Context variables that are not part of the page, the navigation or the configuration: a theme using them
# shows something else in every build (the build time; every page's content), so its frames are not reused.
_UNKEYED_CONTEXT = re.compile(r"(?<![\w.])(build_date_utc|pages)\b")
# Page attributes MkDocs fills while converting the Markdown, for its anchor checks (mkdocs 1.6.1,
# structure/pages.py lines 288–314), not for themes: left out of the frame key (a fifth of its cost) unless a template names them.
_UNKEYED_PAGE_ATTRIBUTES = ("links_to_anchors", "present_anchor_ids")
_NAMES_UNKEYED_PAGE_ATTRIBUTE = re.compile(r"\b(" + "|".join(_UNKEYED_PAGE_ATTRIBUTES) + r")\b")


def describe(value: Any) -> str:
    """A digest that differs whenever `value` (as a template could read it) differs.

    Navigation objects (pages, sections, links) are described by class, title and URL: the whole navigation
    is part of the build's key (`frame_setup`), each page by its own description. Other objects are described
    by their attributes; what has none by its repr (a memory address there only costs a cache miss, never a
    stale page).
    """
    parts: list[str] = []
    _feed(parts, value, frozenset())
    return _digest(parts)


def _digest(parts: list[str], prefix: str = "") -> str:
    """One hash of the description's parts (gathered first: a page has about a hundred)."""
    return hashlib.sha256((prefix + "".join(parts)).encode("utf-8", "surrogatepass")).hexdigest()


def _feed(parts: list[str], value: Any, seen: frozenset[int], files: FileDescriptions | None = None) -> None:
    """`describe` into `parts`, unambiguous texts (texts are length-prefixed, containers counted and closed);
    `files` memoises the description of MkDocs File objects (many pages link one)."""
    kind = type(value)
    if kind is str:
        parts.append(f"s{len(value)}:{value}")
        return
    if value is None or kind in (int, float, bool, bytes):
        parts.append(f"v{value!r};")
        return
    if id(value) in seen:
        parts.append("<cycle>")
        return
    seen = seen | {id(value)}
    if isinstance(value, dict):
        entries = sorted(
            ((("s" + k) if type(k) is str else ("d" + _described(k, files)), k) for k in value),
            key=lambda entry: entry[0],
        )
        parts.append(f"{{{len(entries)}")
        for described, key in entries:
            parts.append(f"s{len(described)}:{described}")
            _feed(parts, value[key], seen, files)
        parts.append("}")
    elif isinstance(value, (list, tuple)):
        parts.append(f"[{len(value)}")
        for item in value:
            _feed(parts, item, seen, files)
        parts.append("]")
    elif isinstance(value, (set, frozenset)):
        _feed(
            parts, sorted(item if type(item) is str else "d" + _described(item, files) for item in value), seen, files
        )
    elif isinstance(value, StructureItem):  # pages, sections, links of the nav
        _feed(parts, ("nav", kind.__name__, getattr(value, "title", None), getattr(value, "url", None)), seen, files)
    elif isinstance(value, File):
        _feed(parts, ("File", _described(value, files)), seen, files)
    elif isinstance(value, (TableOfContents, AnchorLink)):
        _feed(parts, ("toc", repr(_toc_entries(value))), seen, files)  # one repr: pages have dozens of entries
    elif hasattr(value, "__dict__") and not callable(value):
        _feed(parts, (f"{kind.__module__}.{kind.__qualname__}", vars(value)), seen, files)
    else:
        _feed(parts, f"{kind.__module__}.{kind.__qualname__}:{value!r}", seen, files)


def _toc_entries(toc: Any) -> list:
    """A table of contents (or one entry) as nested plain data: every attribute of every entry."""
    entries = [toc] if isinstance(toc, AnchorLink) else list(toc)
    return [
        (sorted((k, v) for k, v in vars(entry).items() if k != "children"), _toc_entries(entry.children))
        for entry in entries
    ]


def _described(value: Any, files: FileDescriptions | None) -> str:
    if not isinstance(value, File):
        return describe(value)
    if files is not None:
        return files.describe(value)
    return _describe_file(value)


def _describe_file(file: Any) -> str:
    parts: list[str] = []
    _feed(parts, {k: v for k, v in vars(file).items() if k != "page"}, frozenset())
    return _digest(parts)


class FileDescriptions:
    """Descriptions of MkDocs File objects: by object while they live (many pages link one), and under
    `mkdocs serve` by their attributes across builds (each build makes a thousand new File objects, nearly all
    with the attributes of the last build's: the same texts, their Markdown the same object)."""

    def __init__(self, kept: Kept | None = None):
        self._by_object: dict[int, str] = {}
        self._kept = kept

    def describe(self, file: Any) -> str:
        found = self._by_object.get(id(file))
        if found is None:
            attributes = tuple(sorted((k, v) for k, v in vars(file).items() if k != "page"))
            try:
                hash(attributes)
            except TypeError:  # an attribute that cannot be a key: described every time
                attributes = None
            found = self._by_object[id(file)] = (
                _describe_file(file)
                if attributes is None
                else kept_or_made(self._kept, ("file", attributes), lambda: _describe_file(file))
            )
        return found


def _describe_nav(items: Iterable[Any]) -> list:
    """Every item of the navigation with its metadata, as themes read them (titles, URLs, `meta`, nesting)."""
    return [(item, getattr(item, "meta", None), _describe_nav(getattr(item, "children", None) or [])) for item in items]


def _theme_state(store: ServeStore, dirs: Iterable[str]) -> tuple[str, bool]:
    """(a digest of the theme folders' files, whether every page's frame depends only on keyed inputs).

    Folders inside installed packages are covered by the package versions in the fingerprint; others (the
    project's `overrides/`) are read file by file.
    """
    digest = hashlib.sha256()
    reusable = True
    for folder in dirs:
        path = Path(folder).resolve()
        packaged = path.is_relative_to(_PACKAGES_DIR)
        files = [] if packaged else sorted(p for p in path.rglob("*") if p.is_file())
        state = (
            str(path),
            tuple((p.relative_to(path).as_posix(), p.stat().st_size, p.stat().st_mtime_ns) for p in files),
        )
        digest.update(repr(state).encode())
        verdict = store.theme_scans.get(state)
        if verdict is None:
            sources = path.rglob("*.html") if packaged else [p for p in files if p.suffix == ".html"]
            verdict = store.theme_scans[state] = not any(
                _uses_unkeyed_context(p.read_text("utf-8", "replace")) for p in sources
            )
        reusable = reusable and verdict
    return digest.hexdigest(), reusable


def _uses_unkeyed_context(template: str) -> bool:
    template = _JINJA_COMMENT.sub("", template)
    return any(
        _UNKEYED_CONTEXT.search(tag) or _NAMES_UNKEYED_PAGE_ATTRIBUTE.search(tag)
        for tag in _JINJA_TAG.findall(template)
    )


def frame_setup(
    store: ServeStore,
    config: Any,
    nav: Any,
    *,
    fingerprint: str,
    skip_keys: Iterable[str],
    volatile: dict[str, str] | None = None,
) -> str | None:
    """The part of every frame key shared by all pages of this build; None when frames cannot be reused.

    `fingerprint` covers mkdocs.yml, package versions and djkb's code (render_cache.fingerprint); `skip_keys`
    are config entries that are ours and not read by the theme (the build state). `volatile`: names that change
    with the data (role → name, e.g. the search engine's hashed file name), keyed by role, filled in on reuse.
    """
    # PluginCollection.events (mkdocs 1.6.1, plugins.py): the registered handlers of each event, hooks included.
    if any(config.plugins.events.get(event) for event in ("page_context", "template_context")):
        return None  # another plugin adds to what the theme sees: unknown inputs
    theme_digest, reusable = _theme_state(store, config.theme.dirs)
    if not reusable:
        return None
    skip = set(skip_keys)
    digest = hashlib.sha256()
    for part in (fingerprint, theme_digest, describe(_describe_nav(nav.items))):
        digest.update(part.encode("utf-8", "surrogatepass") + b"\0")
    for key in sorted(k for k in config.keys() if k not in skip):
        digest.update(_with_roles(f"{key}={config[key]!r}\0", volatile).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def _with_roles(text: str, volatile: dict[str, str] | None) -> str:
    for role, name in (volatile or {}).items():
        text = text.replace(name, f"\0djkb-volatile:{role}\0")
    return text


def _with_names(text: str, volatile: dict[str, str] | None) -> str:
    for role, name in (volatile or {}).items():
        text = text.replace(f"\0djkb-volatile:{role}\0", name)
    return text


def frame_key(setup: str, page: Any, files: FileDescriptions | None = None) -> str:
    """The key of one page's final HTML: the build's setup and the page as the theme sees it: its converted and
    processed state (by digest, reused for a page unchanged since the last build: page_states.py) and the rest."""
    attributes = {
        k: v
        for k, v in vars(page).items()
        if not k.startswith("djkb_") and k not in _UNKEYED_PAGE_ATTRIBUTES and k not in STATE_ATTRIBUTES
    }
    for name in ("title", "url", "is_index", "is_homepage"):
        attributes[name] = getattr(page, name)
    parts: list[str] = ["state:", state_digest(page, describe)]
    _feed(parts, attributes, frozenset(), files)
    return _digest(parts, setup)


def reuse_frames(store: ServeStore, pages: Iterable[Any], setup: str | None) -> int:
    """Give each page whose final HTML is known the reused frame; key the others for `keep_frame`."""
    if setup is None:
        return 0
    reused = 0
    files = FileDescriptions(store.file_descriptions)
    for page in pages:
        key = page.djkb_frame_key = frame_key(setup, page, files)
        html = store.frames.get(key)
        if html is not None:
            page.djkb_frame = html
            page.meta["template"] = REUSED_FRAME
            reused += 1
    store.count("frames reused", reused)
    return reused


def reused_output(store: ServeStore | None, page: Any, volatile: dict[str, str] | None = None) -> str | None:
    """What `on_post_page` gives MkDocs for a page whose frame is reused (see `unless_on_disk`); None for others.
    The frame's key and the names filled in determine the HTML: when the last build wrote the same, the page's
    file already holds it, and the HTML is neither made nor hashed."""
    frame = getattr(page, "djkb_frame", None)
    if frame is None:
        return None
    return unless_on_disk(store, page, lambda: _with_names(frame, volatile), frame_identity(page, volatile))


def frame_identity(page: Any, volatile: dict[str, str] | None = None) -> Any:
    """What determines a keyed page's final HTML wholly (its frame key and the names filled in); None for a page
    without a frame key."""
    key = getattr(page, "djkb_frame_key", None)
    return None if key is None else ("frame", key, tuple(sorted((volatile or {}).items())))


def keep_frame(store: ServeStore | None, page: Any, html: str, volatile: dict[str, str] | None = None) -> None:
    """Remember the final HTML of a page that was keyed by `reuse_frames` (kept at the end of the build), with
    the `volatile` names replaced by their roles."""
    key = getattr(page, "djkb_frame_key", None)
    if store is not None and key is not None:
        store.new_frames[key] = _with_roles(html, volatile)


def prepare_frames(
    store: ServeStore | None,
    env: Any,
    config: Any,
    nav: Any,
    files: Iterable[Any],
    *,
    fingerprint: str,
    skip_keys: Iterable[str],
    volatile: dict[str, str] | None = None,
) -> None:
    """In `on_env`, once every page is converted: reuse the final HTML of pages whose frame key is known."""
    if store is None:
        return
    env.bytecode_cache = TemplateCodeCache(store.compiled_templates, env)
    if nav is None:
        return
    setup = frame_setup(store, config, nav, fingerprint=fingerprint, skip_keys=skip_keys, volatile=volatile)
    if setup is None:
        return
    env.loader = jinja2.ChoiceLoader([jinja2.DictLoader({REUSED_FRAME: REUSED_FRAME_SOURCE}), env.loader])
    reuse_frames(store, [f.page for f in files if f.is_documentation_page() and f.page is not None], setup)
