"""Trainers' printed handbook: one A4 PDF per bundle selection (`djkb handbook`, `djkb bundle --pdf`).

Built from the site's own generated content: the selected records are rendered by the same `Renderer` as
the offline bundle (same templates, same link rules), their Markdown converted with the `markdown_extensions`
of mkdocs.yml, sanitised like every site page, then placed into one HTML frame (templates/handbook.html.j2)
styled by one print stylesheet (templates/handbook.css) and typeset by WeasyPrint. No MkDocs here.

Inside the one document every record is an anchor: links between record pages become internal links (a
case's standard item jumps to that item), links to pages a handbook has no room for (listings, filters,
statistics) become plain text.
"""

from __future__ import annotations

import datetime as dt
import importlib
import posixpath
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import markdown
import yaml

from djkb.bundle.selection import (
    BundleSet,
    Selection,
    describe,
    label,
    normalize,
    record_page_corpus,
    resolve,
    restricted_corpus,
)
from djkb.data.link import Corpus
from djkb.pages.render import RenderedPage, Renderer
from djkb.pages.sanitize import sanitize_html
from djkb.pages.sorting import pinyin_key
from djkb.pages.templating import environment
from djkb.project import TEMPLATES_DIR

FRAME_TEMPLATE = "handbook.html.j2"
# Beside its frame template, not under assets/: every file there is copied into the site and each bundle.
STYLESHEET = TEMPLATES_DIR / "handbook.css"
# The book's parts after the cover and contents, in reading order: (record kind, heading).
SECTIONS: tuple[tuple[str, str], ...] = (
    ("standards", "标准规范"),
    ("brands", "品牌项目"),
    ("cases", "典型案例"),
    ("glossary", "术语"),
    ("sources", "来源文件"),
)
CHECKLIST_SECTION = "自查表"
COUNT_UNITS = (
    ("cases", "个案例"),
    ("standards", "项标准规范"),
    ("brands", "个品牌项目"),
    ("glossary", "个术语"),
    ("sources", "份来源文件"),
)
# Python-Markdown extensions MkDocs always adds to the configured ones (MkDocs' own `markdown_extensions` default).
MKDOCS_BUILTIN_EXTENSIONS = ("toc", "tables", "fenced_code")
# mkdocs.yml names Python objects (slugify, emoji index) with !!python tags; only these packages may be named.
_TRUSTED_MODULES = ("pymdownx.", "material.extensions.", "markdown.")

_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
_ID_ATTR = re.compile(r'(\sid=")([^"]*)(")')
_FOR_ATTR = re.compile(r'(\sfor=")([^"]*)(")')
_LINK = re.compile(r"<a\b([^>]*)>(.*?)</a>", re.S)
_HREF = re.compile(r'\shref="([^"]*)"')


# Shown when WeasyPrint or the system libraries it loads (Pango) are missing.
PDF_LIBRARIES_MISSING = (
    "生成 PDF 需要 WeasyPrint 及其依赖的系统库（Pango）和中文字体（fonts-noto-cjk）。"
    "请在项目目录中运行 bash scripts/setup.sh 安装后重试。"
)


def libraries_missing(exc: BaseException) -> bool:
    """Whether an error raised while making the PDF means WeasyPrint or a system library could not be loaded."""
    return isinstance(exc, ImportError) or (
        isinstance(exc, OSError) and exc.filename is None and "library" in str(exc).lower()
    )


class HandbookError(Exception):
    """The handbook could not be made (message in Chinese)."""


@dataclass(frozen=True)
class Entry:
    """One record (or self-check sheet) of the book: its anchor, title and content HTML."""

    kind: str
    record_id: str
    title: str
    anchor: str
    html: str


@dataclass(frozen=True)
class Section:
    kind: str
    title: str
    anchor: str
    entries: tuple[Entry, ...]


@dataclass(frozen=True)
class Handbook:
    """Everything the frame template needs; `html` is the whole document."""

    title: str
    site_name: str
    selection_label: str
    criteria: list[tuple[str, list[str]]]
    date: str
    counts: list[tuple[int, str]]
    sections: tuple[Section, ...]

    @property
    def entries(self) -> list[Entry]:
        return [entry for section in self.sections for entry in section.entries]


@dataclass
class Stages:
    """Progress lines, one per stage with its time (the CLI and the benchmark print them)."""

    stream: IO[str] | None = None
    times: dict[str, float] = field(default_factory=dict)
    _start: float = field(default_factory=time.perf_counter)

    def done(self, stage: str, detail: str = "") -> None:
        now = time.perf_counter()
        self.times[stage] = now - self._start
        if self.stream is not None:
            print(
                f"[手册] {stage}：{self.times[stage]:.1f} 秒{('，' + detail) if detail else ''}",
                file=self.stream,
                flush=True,
            )
        self._start = now


# -- anchors and links ---------------------------------------------------------------------------------


def record_anchor(kind: str, record_id: str) -> str:
    return f"r-{kind}-{record_id}"


def checklist_anchor(standard_id: str) -> str:
    return f"c-{standard_id}"


def _page_key(path: str) -> str:
    """'cases/x.md', 'cases/x.html', 'cases/x/' → 'cases/x' (the page, whatever URL style linked it)."""
    path = path.rstrip("/")
    for suffix in (".md", ".html"):
        if path.endswith(suffix):
            return path[: -len(suffix)]
    return path


class LinkMap:
    """Where a site link lands inside the book: page key → anchor of the entry holding that page."""

    def __init__(self, entries: dict[str, str]):
        self.anchors = entries  # page key → anchor

    def target(self, href: str, page_path: str) -> str | None:
        """The book-internal href for a link written on `page_path`, None when the book does not hold its page."""
        if href.startswith(("http://", "https://", "mailto:")):
            return href
        path, _, fragment = href.partition("#")
        if not path:
            anchor = self.anchors.get(_page_key(page_path))
            return f"#{anchor}--{fragment}" if anchor and fragment else None
        if "?" in path:  # a filtered listing: the book has no listings
            return None
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page_path), path))
        anchor = self.anchors.get(_page_key(resolved))
        if anchor is None:
            return None
        return f"#{anchor}--{fragment}" if fragment else f"#{anchor}"


def localise(html: str, page_path: str, anchor: str, links: LinkMap) -> str:
    """A page's HTML made a part of the book: ids prefixed with the entry's anchor (unique in the book), links to
    held pages made internal, links to other pages turned into their text."""
    html = _ID_ATTR.sub(lambda m: f"{m.group(1)}{anchor}--{m.group(2)}{m.group(3)}", html)
    html = _FOR_ATTR.sub(lambda m: f"{m.group(1)}{anchor}--{m.group(2)}{m.group(3)}", html)

    def relink(match: re.Match[str]) -> str:
        attributes, text = match.group(1), match.group(2)
        href = _HREF.search(attributes)
        if href is None:
            return match.group(0)
        target = links.target(href.group(1), page_path)
        if target is None:
            return f'<span class="hb-unlinked">{text}</span>'
        new_href = f' href="{target}"'
        return f"<a{_HREF.sub(lambda _m: new_href, attributes, count=1)}>{text}</a>"

    return _LINK.sub(relink, html)


# -- Markdown, configured as the site -------------------------------------------------------------------


def _python_object(dotted: str) -> Any:
    if not dotted.startswith(_TRUSTED_MODULES):
        raise HandbookError(f"mkdocs.yml 中的“{dotted}”不是 Markdown 扩展的一部分，手册不加载它。")
    module, _, name = dotted.rpartition(".")
    return getattr(importlib.import_module(module), name)


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml's `!!python/name:` and `!!python/object/apply:` values (Markdown extension options)."""


def _construct_name(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    return _python_object(suffix)


def _construct_apply(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    function = _python_object(suffix)
    if isinstance(node, yaml.SequenceNode):
        return function(*loader.construct_sequence(node, deep=True))
    values = loader.construct_mapping(node, deep=True)
    return function(*values.get("args", ()), **values.get("kwds", {}))


_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/name:", _construct_name)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/object/apply:", _construct_apply)


@dataclass(frozen=True)
class MarkdownConfig:
    site_name: str
    extensions: tuple[str, ...]
    configs: dict[str, dict[str, Any]]

    def converter(self) -> markdown.Markdown:
        return markdown.Markdown(extensions=list(self.extensions), extension_configs=self.configs)

    def print_converter(self) -> markdown.Markdown:
        """The site's converter without heading permalinks (a ¶ link per heading): paper cannot use them, and
        hidden they still cost the typesetter an element each to parse and style."""
        configs = {**self.configs, "toc": {**self.configs.get("toc", {}), "permalink": False}}
        return markdown.Markdown(extensions=list(self.extensions), extension_configs=configs)


def site_config(root: Path) -> MarkdownConfig:
    """site_name and the Markdown extensions of mkdocs.yml, as MkDocs hands them to Python-Markdown."""
    with open(Path(root) / "mkdocs.yml", encoding="utf-8") as handle:
        config = yaml.load(handle, Loader=_ConfigLoader) or {}
    names: list[str] = list(MKDOCS_BUILTIN_EXTENSIONS)
    configs: dict[str, dict[str, Any]] = {}
    for entry in config.get("markdown_extensions") or ():
        name, options = (entry, {}) if isinstance(entry, str) else next(iter(entry.items()))
        if name not in names:
            names.append(name)
        if options:
            configs[name] = dict(options)
    return MarkdownConfig(str(config.get("site_name") or "党建品牌知识库"), tuple(names), configs)


# -- the book ------------------------------------------------------------------------------------------


def book_name(site_name: str) -> str:
    return f"{site_name}·培训手册"


def handbook_content(
    corpus: Corpus,
    selection_data: dict[str, Any],
    *,
    config: MarkdownConfig,
    date: str | None = None,
    stages: Stages | None = None,
) -> Handbook:
    """The selected records as the book's parts. Raises `SelectionError` (the bundle's messages)."""
    stages = stages or Stages()
    selection = normalize(corpus, Selection.from_dict(selection_data))
    kept = resolve(corpus, selection)
    pages = selected_pages(corpus, kept, site_name=config.site_name)
    stages.done("生成页面", f"{len(pages)} 页（与网站相同的模板）")

    anchors: dict[str, str] = {}
    for page in pages:
        key = _page_key(page.path)
        anchors[key] = (
            checklist_anchor(page.meta["standard_id"])
            if page.meta.get("standard_id")
            else record_anchor(page.kind or "", page.record_id or "")
        )
    links = LinkMap(anchors)
    converter = config.print_converter()
    by_kind: dict[str, list[Entry]] = {kind: [] for kind, _ in SECTIONS}
    checklists: list[Entry] = []
    for page in pages:
        converter.reset()
        body = converter.convert(_FRONT_MATTER.sub("", page.markdown, count=1))
        anchor = anchors[_page_key(page.path)]
        html = localise(sanitize_html(body), page.path, anchor, links)
        if page.meta.get("standard_id"):
            checklists.append(Entry("checklists", page.meta["standard_id"], page.title, anchor, html))
        else:
            by_kind[page.kind or ""].append(Entry(page.kind or "", page.record_id or "", page.title, anchor, html))
    stages.done("转换 Markdown", f"{len(pages)} 页")

    sections = [Section(kind, title, f"s-{kind}", tuple(by_kind[kind])) for kind, title in SECTIONS if by_kind[kind]]
    if checklists:
        sections.append(Section("checklists", CHECKLIST_SECTION, "s-checklists", tuple(checklists)))
    return Handbook(
        title=f"{book_name(config.site_name)}（{label(corpus, selection)}）",
        site_name=config.site_name,
        selection_label=label(corpus, selection),
        criteria=describe(corpus, selection),
        date=date or dt.date.today().isoformat(),
        counts=[(len(kept.ids(kind)), unit) for kind, unit in COUNT_UNITS],
        sections=tuple(sections),
    )


def selected_pages(corpus: Corpus, kept: BundleSet, *, site_name: str) -> list[RenderedPage]:
    """The record pages and self-check sheets of the selection, rendered as the offline bundle renders them
    (djkb/bundle/pages.py): every record named, links only to kept records, lists of cases among the kept ones."""
    sub = restricted_corpus(corpus, kept)
    listings = Renderer(sub, site_name=site_name, directory_urls=False)
    records = Renderer(
        record_page_corpus(corpus, sub), site_name=site_name, link_filter=kept.link_filter, directory_urls=False
    )
    records.browse_context = listings.browse_context
    pages: list[RenderedPage] = []
    for kind, _ in SECTIONS:
        chosen = [r for r in corpus.records(kind).values() if (kind, r.id) in kept]
        pages += [records.render_record(kind, record) for record in _book_order(kind, chosen, records)]
    for standard in _book_order("standards", list(sub.standards.values()), records):
        page = records.render_checklist(standard)
        # Titled as the sheet's heading (and so its bookmark) reads.
        pages.append(
            RenderedPage(
                page.path,
                page.markdown,
                f"{standard.display_name} · 自查表",
                meta={**page.meta, "standard_id": standard.id},
            )
        )
    return pages


def _book_order(kind: str, chosen: list[Any], renderer: Renderer) -> list[Any]:
    """Cases newest first (as the site lists them); other records by pinyin of their name."""
    if kind == "cases":
        return renderer.sorted_cases([c.id for c in chosen]) if chosen else []
    return sorted(chosen, key=lambda r: (pinyin_key(r.display_name), r.id))


def handbook_html(book: Handbook) -> str:
    return environment(autoescape=True).get_template(FRAME_TEMPLATE).render(book=book)


def write_pdf(book: Handbook, target: Path, *, stages: Stages | None = None) -> int:
    """Typeset the book into `target` (written whole or not at all); returns the number of pages."""
    import weasyprint  # imported here: `djkb` commands that make no PDF need neither it nor Pango

    stages = stages or Stages()
    html = handbook_html(book)
    # Nothing may be fetched while typesetting (record text comes from editors): only inline data.
    fetcher = weasyprint.URLFetcher(allowed_protocols=("data",))
    document = weasyprint.HTML(string=html, base_url=str(TEMPLATES_DIR), url_fetcher=fetcher).render(
        stylesheets=[weasyprint.CSS(filename=str(STYLESHEET), url_fetcher=fetcher)],
    )
    stages.done("排版", f"{len(document.pages)} 页")
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    try:
        document.write_pdf(partial)
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)
    stages.done("写入 PDF", f"{target.stat().st_size / 1_000_000:.1f} MB")
    return len(document.pages)


def make_handbook(
    corpus: Corpus,
    selection_data: dict[str, Any],
    target: Path,
    *,
    root: Path,
    date: str | None = None,
    stream: IO[str] | None = None,
) -> tuple[Handbook, int]:
    """Selection → PDF at `target`. Raises `SelectionError` before anything is written."""
    stages = Stages(stream)
    book = handbook_content(corpus, selection_data, config=site_config(root), date=date, stages=stages)
    return book, write_pdf(book, target, stages=stages)
