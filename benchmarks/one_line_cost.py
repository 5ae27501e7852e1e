"""Cost of faithful one-line texts (descriptions, listings, feed, tooltips) on a synthetic corpus: prints
figures, asserts nothing.

usage: .venv/bin/python benchmarks/one_line_cost.py [N_CASES] [REPEAT]

One-line texts are the visible text of the field rendered as on its page (djkb/pages/visible_text.py), instead of the
old deletion of Markdown-looking characters. Measured in one run, alternating old and new, median of REPEAT
runs, wall and CPU time: the render stage (every page's Markdown) plus the feed and the tooltip texts — every
caller of `one_line` in a build. Each run starts with an empty cache, as a fresh `mkdocs build` does.
"""

from __future__ import annotations

import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

from djkb.data.pipeline import load_corpus
from djkb.devtools.synthetic import generate_corpus
from djkb.pages import feed, render, visible_text
from djkb.pages.browse import site_files
from djkb.pages.tooltips import term_tips


def deleting_one_line(text, limit=120, markdown=True):
    """The former helper: Markdown-looking characters replaced by spaces."""
    if not text:
        return ""
    flat = re.sub(r"\s+", " ", re.sub(r"[#*_`>\[\]()|-]+", " ", text)).strip()
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def build_texts(corpus, helper) -> tuple[float, float]:
    render.one_line = feed.one_line = helper
    visible_text.markdown_visible_text.cache_clear()
    wall, cpu = time.perf_counter(), time.process_time()
    renderer = render.Renderer(corpus)
    renderer.env.filters["one_line"] = helper
    renderer.render_all()
    site_files(corpus, site_name="党建品牌知识库", site_url="", url_for=lambda src: src[:-3] + "/")
    term_tips(corpus.glossary, lambda text: helper(text, 160))
    return time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    n_cases = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    repeat = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        generate_corpus(data, n_cases, seed=1)
        corpus = load_corpus(data)
    print(f"corpus: {len(corpus.cases)} cases, {corpus.count()} records")
    new_one_line = render.one_line
    build_texts(corpus, new_one_line)  # warm-up: imports, templates, Markdown extensions
    runs: dict[str, list[tuple[float, float]]] = {"old": [], "new": []}
    for _ in range(repeat):
        runs["old"].append(build_texts(corpus, deleting_one_line))
        runs["new"].append(build_texts(corpus, new_one_line))
    render.one_line = feed.one_line = new_one_line
    for name, label in (("old", "deleting characters (before)"), ("new", "rendered visible text (now)")):
        wall = statistics.median(r[0] for r in runs[name])
        cpu = statistics.median(r[1] for r in runs[name])
        print(f"{label:<32} wall {wall:6.2f} s   cpu {cpu:6.2f} s")
    old_wall = statistics.median(r[0] for r in runs["old"])
    new_wall = statistics.median(r[0] for r in runs["new"])
    print(f"ratio now/before (wall, medians): {new_wall / old_wall:.2f}×, +{new_wall - old_wall:.2f} s")
    info = visible_text.markdown_visible_text.cache_info()
    print(f"visible-text cache in the last run: {info.misses} conversions, {info.hits} reused")
    # Synthetic summaries repeat; real ones do not. The worst case: every case's summary distinct, no reuse.
    texts = [f"{case.summary}（{number}）" for number, case in enumerate(corpus.cases.values())]
    visible_text.markdown_visible_text.cache_clear()
    wall, cpu = time.perf_counter(), time.process_time()
    for text in texts:
        new_one_line(text)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(
        f"worst case, {len(texts)} distinct summaries converted once each: wall {wall:.2f} s, cpu {cpu:.2f} s ({1000 * cpu / len(texts):.2f} ms each)"
    )


if __name__ == "__main__":
    main()
