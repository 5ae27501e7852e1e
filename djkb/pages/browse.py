"""Browsing helpers for the templates (facets, related records, coverage, statistics) and the extra files
the site carries (charts, data export, feed). Pure: no MkDocs; the glue adds the files to the build.
"""

from __future__ import annotations

import threading
from concurrent.futures import Future
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Callable, Iterable
from urllib.parse import quote

from djkb.data.link import Corpus
from djkb.data.schema import Case
from djkb.kept import BETWEEN_BUILDS, Kept
from djkb.pages import case_order, charts, coverage, export, facets, related
from djkb.pages.feed import FEED_PATH, atom_feed
from djkb.pages.sorting import sort_by_pinyin
from djkb.pages.tracing import (  # `mkdocs serve` reuses a page while what it read is unchanged
    DERIVED,
    CorpusView,
    derived,
    made_once,
    note_derived,
    shared_result,
    unwrap,
)

CASES_PAGE = "cases/index.md"
COVERAGE_PAGE = "standards/coverage.md"
STATS_PAGE = f"{charts.STATS_DIR}/index.md"
# A standard page lists its newest cases and links the filtered listing for the rest (its items list every case).
STANDARD_CASES_SHOWN = 20


@dataclass(frozen=True)
class ExportDownload:
    """The site's data download (one zip, djkb/pages/export.py), as pages link to it."""

    path: str  # site path
    size: int  # bytes

    @property
    def size_text(self) -> str:
        return export.human_size(self.size)

    @property
    def shown(self) -> tuple[str, str]:
        """What a page shows of the download."""
        return self.path, self.size_text


def _archive(corpus: Corpus, memo: dict, site_name: str) -> bytes:
    """The export zip of `corpus` (made in the background if `Browse.start_export_archive` was called)."""
    made = made_once(
        memo,
        ("export-archive", id(corpus), site_name),
        lambda: export.export_archive(corpus, site_name=site_name, kept=memo.get(BETWEEN_BUILDS)),
    )
    return made.result() if isinstance(made, Future) else made


def _charts(corpus: Corpus, memo: dict) -> list[charts.Chart]:
    return made_once(memo, ("site-charts", id(corpus)), lambda: charts.site_charts(corpus))


DERIVED["site_charts"] = _charts


def _export_download_now(corpus: Corpus, memo: dict, site_name: str) -> tuple[str, str]:
    return ExportDownload(export.ARCHIVE_PATH, len(_archive(corpus, memo, site_name))).shown


DERIVED["export_download"] = _export_download_now


def _case_facet_values_now(corpus: Corpus, memo: dict, ids: tuple[str, ...]) -> tuple:
    return made_once(
        memo,
        ("case facet values", id(corpus), ids),
        lambda: tuple(facets.case_facet_values(corpus, corpus.cases[i]) if i in corpus.cases else None for i in ids),
    )


DERIVED["case_facet_values"] = _case_facet_values_now


class Browse:
    """One per corpus; what the templates call as `browse.…`."""

    def __init__(self, corpus: Corpus, site_name: str = ""):
        self.corpus = corpus
        self.site_name = site_name
        # Values computed from this corpus in this build, by key; `mkdocs serve` checks reused pages against
        # the same corpus with this memo (djkb/build/serve_cache.py), so nothing is computed twice.
        self.memo: dict[Any, Any] = {}

    def start_export_archive(self) -> None:
        """Make the data download in a thread, while pages are checked and rendered: compressing it (most of its
        time) leaves the interpreter to the pages. `mkdocs serve` does so after every data change."""
        corpus, memo, site_name = unwrap(self.corpus), self.memo, self.site_name
        key = ("export-archive", id(corpus), site_name)
        if key in memo:
            return
        future: Future = Future()
        memo[key] = future

        def make() -> None:
            try:
                future.set_result(export.export_archive(corpus, site_name=site_name, kept=memo.get(BETWEEN_BUILDS)))
            except BaseException as error:  # noqa: BLE001 — raised where the download is asked for
                future.set_exception(error)

        threading.Thread(target=make, name="djkb-export-archive", daemon=True).start()

    def keep_between_builds(self, kept: Kept) -> None:
        """`mkdocs serve`: what may be kept from one build to the next by the records it was made from (each
        record's texts in the data download, each case's related-cases ranking inputs)."""
        self.memo[BETWEEN_BUILDS] = kept

    @property
    def export_archive(self) -> bytes:
        """The site's data download; made once per build, for its size on the pages and for the file itself."""
        return _archive(unwrap(self.corpus), self.memo, self.site_name)

    @property
    def export_download(self) -> ExportDownload:
        download = ExportDownload(export.ARCHIVE_PATH, len(self.export_archive))
        # A page shows the link and the rounded size: under `mkdocs serve` it depends on those, not on every
        # record in the archive (an edited summary rarely changes "1.2 MB").
        note_derived(self.corpus, "export_download", (self.site_name,), download.shown)
        return download

    def covered_items(self, standard_id: str) -> int:
        """How many items of a standard have a case (its page shows the number): under `mkdocs serve` the page
        depends on the number, not on the case lists of every item."""
        return derived(self.corpus, "covered_items", (standard_id,), self.memo)

    @cached_property
    def _related(self) -> related.RelatedIndex:
        # Over the corpus itself, not a traced view of it: pages depend on the ranking's result (`related_cases`).
        return related.RelatedIndex(unwrap(self.corpus))

    @shared_result
    def coverage_matrix(self) -> coverage.CoverageMatrix:
        return coverage.coverage_matrix(self.corpus, self.newest_first)

    @property
    def site_charts(self) -> list[charts.Chart]:
        """The statistics page's charts; the chart images of the site (`site_files`) are drawn from the same. Under
        `mkdocs serve` a page depends on the charts (counts and labels), not on every record they count."""
        return derived(self.corpus, "site_charts", (), self.memo)

    @property
    def regions_anonymised(self) -> bool:
        return charts.regions_are_anonymised(self.corpus)

    def newest_first(self, cases: Iterable[Case]) -> list[Case]:
        return case_order.newest_first(self.corpus, cases, self.memo)

    def case_listing(self, case_ids: list[str] | None = None) -> facets.FacetListing:
        cases = self.corpus.cases.values() if case_ids is None else [self.corpus.cases[i] for i in case_ids]
        ordered = self.newest_first(cases)
        # The facet values of every row, computed untraced: under `mkdocs serve` the listing depends on them as a
        # whole (one value), not on the dozen fields and names behind each row.
        ids = tuple(unwrap(case).id for case in ordered)
        return facets.case_listing(self.corpus, ordered, derived(self.corpus, "case_facet_values", (ids,), self.memo))

    def brand_listing(self) -> facets.FacetListing:
        return facets.brand_listing(self.corpus, sort_by_pinyin(self.corpus.brands.values(), key=lambda b: b.name))

    @cached_property
    def _ranking_inputs(self) -> str:
        return related.ranking_inputs(unwrap(self.corpus), self.memo.get(BETWEEN_BUILDS))

    def related_cases(self, case: Case, limit: int = 6) -> list[related.RelatedCase]:
        found = self._related.related(unwrap(case), limit)
        if isinstance(self.corpus, CorpusView):  # `mkdocs serve` (djkb/pages/tracing.py)
            note_derived(self.corpus, "related_cases", (case.id, limit), related.summary(found), self._ranking_inputs)
        # The cases through this page's view of the corpus: the fields the page shows of them are read as usual.
        return [related.RelatedCase(self.corpus.cases[r.case.id], r.score, r.reasons) for r in found]

    def cases_by_year(self, case_ids: list[str]) -> list[tuple[int, list[Case]]]:
        return related.cases_by_year([self.corpus.cases[i] for i in case_ids])

    @staticmethod
    def filter_query(key: str, value: Any) -> str:
        """The query string that opens the case listing filtered to one facet value."""
        # Chinese stays as typed (an IRI: browsers encode it when following the link) — a third of the bytes
        # of %E4%B8%9C… on every case page; ASCII that means something in a URL or in Markdown is encoded.
        return f"?{key}=" + "".join(
            ch if ord(ch) > 0x7F or ch.isalnum() or ch in "-._~*" else quote(ch, safe="") for ch in str(value)
        )


def template_helpers(corpus: Corpus, site_name: str = "") -> dict[str, Any]:
    return {
        "browse": Browse(corpus, site_name),
        "export_names": {
            "json": export.JSON_NAME,
            "items": export.ITEMS_CSV_NAME,
            "readme": export.README_NAME,
            **export.CSV_NAMES,
        },
        "COVERAGE_PAGE": COVERAGE_PAGE,
        "STATS_PAGE": STATS_PAGE,
        "CASES_PAGE": CASES_PAGE,
        "STANDARD_CASES_SHOWN": STANDARD_CASES_SHOWN,
    }


def site_files(
    corpus: Corpus,
    *,
    site_name: str,
    site_url: str,
    url_for: Callable[[str], str],
    browse: Browse | None = None,
) -> dict[str, bytes]:
    """Non-page files of the site: chart images, the data export and the Atom feed, by site path.

    `browse`: what the pages were rendered with; its charts and data download are then made once per build."""
    files: dict[str, bytes] = {}
    archive = browse.export_archive if browse is not None else None
    for chart in browse.site_charts if browse is not None else charts.site_charts(corpus):
        files[chart.path] = chart.svg().encode("utf-8")
        files[chart.narrow_path] = chart.svg(narrow=True).encode("utf-8")
    files[export.ARCHIVE_PATH] = archive if archive is not None else export.export_archive(corpus, site_name=site_name)
    files[FEED_PATH] = atom_feed(corpus, site_name=site_name, site_url=site_url, url_for=url_for).encode("utf-8")
    return files
