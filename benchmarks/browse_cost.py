"""Build-time cost of the browsing features on a synthetic corpus: prints figures, asserts nothing.

usage: .venv/bin/python benchmarks/browse_cost.py [N_CASES]
Measures, in one run: glossary tooltip annotation (chars/s over the rendered pages' Markdown-free text),
related-case ranking, coverage matrix, facets, charts, export and feed — each against rendering the pages.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from djkb.data.pipeline import load_corpus
from djkb.devtools.synthetic import generate_corpus
from djkb.pages.browse import site_files
from djkb.pages.coverage import coverage_matrix
from djkb.pages.facets import case_listing
from djkb.pages.related import RelatedIndex
from djkb.pages.render import Renderer
from djkb.pages.tooltips import TermMatcher, glossary_names


def timed(label: str, func):
    start = time.perf_counter()
    result = func()
    seconds = time.perf_counter() - start
    print(f"{label:<34} {seconds:8.3f} s")
    return result, seconds


def main() -> None:
    n_cases = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        generate_corpus(data, n_cases, seed=1)
        corpus = load_corpus(data)
    print(f"corpus: {len(corpus.cases)} cases, {len(corpus.standards)} standards, {len(corpus.glossary)} terms")
    pages, render_s = timed("render all pages (Markdown)", lambda: Renderer(corpus).render_all())
    matcher = TermMatcher(glossary_names(corpus.glossary))
    # Markdown is a fair stand-in for the HTML the hook sees: same text, fewer tags.
    html = ["<p>" + p.markdown.replace("\n\n", "</p><p>") + "</p>" for p in pages]
    chars = sum(map(len, html))
    _, tip_s = timed("tooltips over every page", lambda: [matcher.annotate(h, lambda t: t) for h in html])
    print(f"  {chars / tip_s / 1e6:.1f} M chars/s, {tip_s / len(pages) * 1000:.2f} ms per page")
    index, _ = timed("related index", lambda: RelatedIndex(corpus))
    _, rel_s = timed("related cases for every case", lambda: [index.related(c) for c in corpus.cases.values()])
    timed("coverage matrix", lambda: coverage_matrix(corpus))
    timed("case facets", lambda: case_listing(corpus, corpus.cases.values()))
    files, files_s = timed(
        "charts + export + feed files", lambda: site_files(corpus, site_name="x", site_url="", url_for=lambda s: s)
    )
    print(f"  {sum(map(len, files.values())) / 1e6:.1f} MB in {len(files)} files")
    print(
        f"ratios to rendering: tooltips {tip_s / render_s:.2f}, related {rel_s / render_s:.2f}, files {files_s / render_s:.2f}"
    )


if __name__ == "__main__":
    main()
