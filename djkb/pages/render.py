"""Corpus → Markdown pages (record pages and index pages) from Jinja templates.

Pure: returns `RenderedPage` objects (a site-relative `.md` path and its Markdown); no MkDocs import, so
the same output can be written to a folder for another site builder.
"""

from __future__ import annotations

import json
import posixpath
from collections import defaultdict
from dataclasses import dataclass, field
from html import escape as html_escape
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

from djkb.data.link import Corpus
from djkb.data.schema import DRAFT_STATUS, Case, Record
from djkb.pages import case_order, visible_text
from djkb.pages.browse import template_helpers
from djkb.pages.markdown import markdown_text, md_escape, one_line
from djkb.pages.sorting import pinyin_key, sort_by_pinyin
from djkb.pages.templating import environment
from djkb.pages.tracing import DERIVED, derived, made_once
from djkb.pages.urls import relative_path, relative_url

# Index pages: (path, template, title). Kept in one place so the nav, tests and the bundle agree.
INDEX_PAGES: tuple[tuple[str, str, str], ...] = (
    ("index.md", "home.md.j2", "党建品牌知识库"),
    ("standards/index.md", "standards_index.md.j2", "标准规范"),
    ("brands/index.md", "brands_index.md.j2", "品牌项目"),
    ("cases/index.md", "cases_index.md.j2", "典型案例"),
    ("cases/by-domain.md", "cases_grouped.md.j2", "案例：按领域"),
    ("cases/by-region.md", "cases_grouped.md.j2", "案例：按地区"),
    ("cases/by-year.md", "cases_grouped.md.j2", "案例：按年份"),
    ("cases/by-brand.md", "cases_grouped.md.j2", "案例：按品牌项目"),
    ("cases/by-standard.md", "cases_grouped.md.j2", "案例：按标准规范"),
    ("glossary/index.md", "glossary_index.md.j2", "术语表"),
    ("sources/index.md", "sources_index.md.j2", "来源文件"),
    ("standards/coverage.md", "coverage.md.j2", "条目覆盖情况"),
    ("stats/index.md", "stats.md.j2", "统计"),
)

# Index pages showing the data download's size: rendered after the others, the download being made meanwhile.
SHOW_DATA_DOWNLOAD = frozenset({"index.md", "cases/index.md", "stats/index.md"})

RECORD_TEMPLATES = {
    "sources": "source.md.j2",
    "standards": "standard.md.j2",
    "brands": "brand.md.j2",
    "cases": "case.md.j2",
    "glossary": "term.md.j2",
}


@dataclass(frozen=True)
class CaseGroup:
    """One group of a grouped case index page (by domain, region, year, brand or standard)."""

    heading: str
    anchor: str
    cases: Sequence[Case]  # newest first
    facet: tuple[str, str] | None = None  # (key, value) of the case listing's filter showing exactly this group

    @property
    def preview(self) -> list[Case]:
        """What the page lists: a group the listing can show filtered is cut to its newest cases, so the page
        grows with the number of groups, not of cases (5,000 cases: five 1 MB pages otherwise)."""
        return self.cases if self.facet is None else self.cases[:GROUP_PREVIEW]


GROUP_PREVIEW = 10


class _CasesOf(Sequence):
    """A group's cases by id, looked up (through a traced view, a read each) only when shown."""

    def __init__(self, corpus: Any, ids: tuple[str, ...]):
        self._corpus, self._ids = corpus, ids

    def __len__(self) -> int:
        return len(self._ids)

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return [self._corpus.cases[i] for i in self._ids[index]]
        return self._corpus.cases[self._ids[index]]


GroupLayout = tuple[tuple[str, str, tuple[str, ...], "tuple[str, str] | None"], ...]


def _group_layout(corpus: Corpus, memo: dict, path: str) -> GroupLayout:
    """(heading, anchor, case ids newest first, listing filter) of each group of a grouped case index page."""
    ordered = lambda ids: case_order.ordered_ids(corpus, memo, tuple(ids))  # noqa: E731
    return made_once(memo, ("case groups", id(corpus), path), lambda: _grouped(corpus, ordered, path))


DERIVED["case_groups"] = _group_layout


def _grouped(corpus: Corpus, ordered: Callable[[list[str]], tuple[str, ...]], path: str) -> GroupLayout:
    grouped: dict[str, list[str]] = defaultdict(list)
    if path.endswith("by-domain.md"):
        for case in corpus.cases.values():
            grouped[case.domain].append(case.id)
        order = [d for d in corpus.taxonomy.names("domains") if d in grouped]
        return tuple((name, name, ordered(grouped[name]), ("domain", name)) for name in order)
    if path.endswith("by-region.md"):
        for case in corpus.cases.values():
            grouped[case.region].append(case.id)
        return tuple((name, name, ordered(grouped[name]), ("region", name)) for name in sort_by_pinyin(grouped))
    if path.endswith("by-year.md"):
        for case in corpus.cases.values():
            grouped[str(case.year)].append(case.id)
        return tuple(
            (f"{year} 年", year, ordered(grouped[year]), ("year", year)) for year in sorted(grouped, reverse=True)
        )
    if path.endswith("by-brand.md"):
        brands = sort_by_pinyin(corpus.cases_by_brand, key=lambda b: corpus.brands[b].name)
        groups = [
            (corpus.brands[b].name, b, ordered(corpus.cases_by_brand[b]), ("brand", corpus.brands[b].name))
            for b in brands
        ]
        unbranded = [c.id for c in corpus.cases.values() if not c.brands]
        if unbranded:
            groups.append(("未关联品牌项目", "none", ordered(unbranded), None))
        return tuple(groups)
    if path.endswith("by-standard.md"):
        standards = sort_by_pinyin(corpus.cases_by_standard, key=lambda s: corpus.standards[s].name)
        groups = [
            (corpus.standards[s].name, s, ordered(corpus.cases_by_standard[s]), ("standard", corpus.standards[s].name))
            for s in standards
        ]
        unlinked = [c.id for c in corpus.cases.values() if not corpus.case_standards(c)]
        if unlinked:
            groups.append(("未关联标准规范", "none", ordered(unlinked), None))
        return tuple(groups)
    raise ValueError(f"no grouping for {path}")


@dataclass(frozen=True)
class RenderedPage:
    path: str  # site-relative source path, e.g. "cases/some-id.md"
    markdown: str
    title: str
    kind: str | None = None  # record kind, None for index pages
    record_id: str | None = None
    source_path: str | None = None  # YAML file the page comes from (for "edit this page")
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def is_record(self) -> bool:
        return self.record_id is not None


def pinyin_initial(text: str) -> str:
    """The index letter a Chinese word is filed under (A–Z, or # for digits and symbols)."""
    key = pinyin_key(text)
    letter = key[0][:1].upper() if key and key[0] != "\uffff" else "#"
    return letter if "A" <= letter <= "Z" else "#"


def find_named(corpus: Corpus, kind: str, name: str) -> str | None:
    """The id of the record of `kind` called `name` (its name, title or one of its aliases), or None."""
    for record_id, record in corpus.records(kind).items():
        names = {
            getattr(record, "name", None),
            getattr(record, "title", None),
            getattr(record, "term", None),
            *getattr(record, "aliases", []),
        }
        if name in names:
            return record_id
    return None


def record_path(kind: str, record_id: str) -> str:
    return f"{kind}/{record_id}.md"


def checklist_path(standard_id: str) -> str:
    """The printable self-check sheet (自查表) of a standard."""
    return f"checklists/{standard_id}.md"


def front_matter(**values: Any) -> str:
    """YAML front matter; JSON strings are valid YAML and cannot be misread."""
    lines = ["---"]
    for key, value in values.items():
        if value is None or value == [] or value == "":
            continue
        lines.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")
    lines.append("---")
    return "\n".join(lines) + "\n"


class Renderer:
    """Renders every page of the site from a corpus. One instance per build."""

    def __init__(
        self,
        corpus: Corpus,
        *,
        site_name: str = "党建品牌知识库",
        link_filter: Callable[[str, str], bool] | None = None,
        directory_urls: bool = True,
    ):
        self.corpus = corpus
        self.site_name = site_name
        # Which records have a page in this build (the bundle may leave some out).
        self.link_filter = link_filter or (lambda kind, record_id: record_id in corpus.records(kind))
        self.directory_urls = directory_urls  # as MkDocs' use_directory_urls: for html_link's final URLs
        # Output is Markdown: no autoescape; plain text is escaped with the `md` filter.
        self.env = environment(autoescape=False, keep_trailing_newline=True)
        self.env.filters["md"] = md_escape
        self.env.filters["mdtext"] = markdown_text
        self.env.filters["one_line"] = one_line
        self.env.filters["shorten"] = visible_text.shorten
        self.env.filters["pinyin_sort"] = lambda items, attr=None: sort_by_pinyin(
            items, key=(lambda i: getattr(i, attr)) if attr else (lambda i: i)
        )
        self.env.filters["tojson"] = lambda value: json.dumps(value, ensure_ascii=False)
        self.env.tests["startswith"] = lambda value, prefix: str(value).startswith(prefix)
        self.env.tests["contains"] = lambda value, item: item in value
        self.browse_context = template_helpers(
            corpus, site_name
        )  # facets, related records, coverage, statistics (djkb/pages/browse.py)

    # -- helpers exposed to templates --------------------------------------------------------------------
    def _context(self, page_path: str) -> dict[str, Any]:
        corpus = self.corpus

        def url(target: str) -> str:
            return relative_path(target, posixpath.dirname(page_path))

        def target(kind: str, record_id: str, text: str | None) -> tuple[str, str | None]:
            """(label, page path) of a link to a record; no path when this build has no page for it."""
            record = corpus.records(kind).get(record_id)
            label = text if text is not None else (record.display_name if record else record_id)
            return label, record_path(kind, record_id) if record is not None and self.link_filter(
                kind, record_id
            ) else None

        def unlinked(label: str) -> str:
            return f'<span class="djkb-unlinked" title="本版本未收录">{label}</span>'

        def link(kind: str, record_id: str, text: str | None = None, anchor: str = "") -> str:
            label, path = target(kind, record_id, text)
            if path is None:
                return unlinked(md_escape(label))
            return f"[{md_escape(label)}]({url(path)}{'#' + anchor if anchor else ''})"

        def href(target: str, anchor: str = "") -> str:
            """The final URL of page `target` (a `.md` path) as written in this page's HTML."""
            return relative_url(target, page_path, directory_urls=self.directory_urls) + (
                f"#{anchor}" if anchor else ""
            )

        def html_link(kind: str, record_id: str, text: str | None = None, anchor: str = "") -> str:
            """`link` as final HTML: record pages' lists and long listings skip a Markdown conversion step per
            link; the render stage only links records that have a page, so no link can break."""
            label, path = target(kind, record_id, text)
            if path is None:
                return unlinked(html_escape(label, quote=False))
            return f'<a href="{href(path, anchor)}">{html_escape(label, quote=False)}</a>'

        def item_text(ref: str, with_standard: bool) -> tuple[str, str, str]:
            std_id, item_id = ref.split("#", 1)
            title = corpus.item_title(ref)
            return std_id, f"item-{item_id}", f"{corpus.standards[std_id].name} · {title}" if with_standard else title

        def item_link(ref: str, with_standard: bool = True) -> str:
            std_id, anchor, text = item_text(ref, with_standard)
            return link("standards", std_id, text, anchor=anchor)

        def html_item_link(ref: str, with_standard: bool = True) -> str:
            std_id, anchor, text = item_text(ref, with_standard)
            return html_link("standards", std_id, text, anchor=anchor)

        def taxonomy_id(list_name: str, name: str) -> str:
            for entry in getattr(corpus.taxonomy, list_name):
                if entry.name == name:
                    return entry.id
            return name

        return {
            "corpus": corpus,
            "site_name": self.site_name,
            "url": url,
            "link": link,
            "html_link": html_link,
            "href": href,
            "item_link": item_link,
            "html_item_link": html_item_link,
            "taxonomy_id": taxonomy_id,
            "page_path": page_path,
            "DRAFT": DRAFT_STATUS,
            "published_cases": self.sorted_cases,
            "source_path": corpus.source_paths,
            "front_matter": front_matter,
            "recent_cases": self.recent_cases,
            "initial": pinyin_initial,
            **self.browse_context,
            "checklist_path": checklist_path,
            "find_named": lambda kind, name: find_named(corpus, kind, name),
            "kept": lambda *key, caller: self.kept_fragment(page_path, key, caller),
        }

    def kept_fragment(self, page_path: str, key: tuple, make: Callable[[], str]) -> str:
        """A part of a page (`{% call kept(…key) %}…{% endcall %}` in a template): `make()`. The key names
        everything the part shows that it does not read from the corpus itself (values computed outside it);
        `mkdocs serve` keeps parts by it (djkb/build/serve_cache.py: a listing's thousand rows)."""
        return make()

    def sorted_cases(self, ids: Iterable[str] | None = None) -> list[Case]:
        """Cases newest first (year, then pinyin of the title: djkb/pages/case_order.py)."""
        cases = [self.corpus.cases[i] for i in ids] if ids is not None else list(self.corpus.cases.values())
        return self.browse_context["browse"].newest_first(cases)

    # -- pages ---------------------------------------------------------------------------------------
    def recent_cases(self, limit: int) -> list[Case]:
        """Newest additions and updates first."""
        cases = sorted(self.corpus.cases.values(), key=lambda c: (c.updated or c.submitted, c.id), reverse=True)
        return cases[:limit]

    def render_record(self, kind: str, record: Record) -> RenderedPage:
        path = record_path(kind, record.id)
        template = self.env.get_template(RECORD_TEMPLATES[kind])
        markdown = template.render(record=record, kind=kind, **self._context(path))
        return RenderedPage(
            path=path,
            markdown=markdown,
            title=record.display_name,
            kind=kind,
            record_id=record.id,
            source_path=self.corpus.source_paths.get((kind, record.id)),
        )

    def render_checklist(self, standard: Record) -> RenderedPage:
        path = checklist_path(standard.id)
        markdown = self.env.get_template("checklist.md.j2").render(record=standard, **self._context(path))
        return RenderedPage(
            path=path, markdown=markdown, title=f"{standard.display_name} 自查表", meta={"not_in_nav": True}
        )

    def render_page(self, path: str, template_name: str, title: str, **values: Any) -> RenderedPage:
        """Any other page from a template (e.g. the offline bundle's start page), with the usual helpers."""
        markdown = self.env.get_template(template_name).render(title=title, **values, **self._context(path))
        return RenderedPage(path=path, markdown=markdown, title=title)

    def render_index(self, path: str, template_name: str, title: str) -> RenderedPage:
        template = self.env.get_template(template_name)
        groups = self._case_groups(path) if template_name == "cases_grouped.md.j2" else []
        markdown = template.render(title=title, groups=groups, **self._context(path))
        return RenderedPage(path=path, markdown=markdown, title=title)

    def _case_groups(self, path: str) -> list[CaseGroup]:
        """The groups of a grouped case index page, in reading order. Worked out untraced: under `mkdocs serve`
        the page depends on the groups as a whole (one value), its rows on the cases they show."""
        layout = derived(self.corpus, "case_groups", (path,), self.browse_context["browse"].memo)
        return [CaseGroup(heading, anchor, _CasesOf(self.corpus, ids), facet) for heading, anchor, ids, facet in layout]

    def render_all(self) -> list[RenderedPage]:
        """Index pages, records, checklists. The index pages are rendered last, and of them those showing the data
        download (SHOW_DATA_DOWNLOAD) after the others: `mkdocs serve` makes the download meanwhile
        (`Browse.start_export_archive`)."""
        records = [self.render_record(kind, record) for kind, record in self.corpus.all_records()]
        checklists = [self.render_checklist(standard) for standard in self.corpus.standards.values()]
        in_render_order = sorted(INDEX_PAGES, key=lambda page: page[0] in SHOW_DATA_DOWNLOAD)  # stable sort
        index = {path: self.render_index(path, template, title) for path, template, title in in_render_order}
        return [*(index[path] for path, _, _ in INDEX_PAGES), *records, *checklists]


def render_site(corpus: Corpus, **options: Any) -> list[RenderedPage]:
    """Every generated page of the site, as (path, markdown) pairs with metadata."""
    return Renderer(corpus, **options).render_all()


def write_pages(pages: Iterable[RenderedPage], out_dir: Path) -> list[Path]:
    """Write rendered pages to a folder (for another site builder, or for inspection)."""
    written = []
    for page in pages:
        target = Path(out_dir) / page.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.markdown, encoding="utf-8")
        written.append(target)
    return written
