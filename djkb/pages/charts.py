"""Statistics of the corpus and their charts, drawn at build time as SVG (no chart library, no CDN).

The SVG files are plain images: readable offline, in print and from `file://`. Each chart's numbers are also
printed as a table on the statistics page, for screen readers and for copying.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path


from djkb.pages.coverage import coverage_matrix
from djkb.data.link import Corpus
from djkb.pages.sorting import sort_by_pinyin
from djkb.pages.templating import XML_TEMPLATES

STATS_DIR = "stats"  # where the statistics page and its charts live in the site
MAX_BARS = 20  # longer tails are summed into “其他”



@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    shown: str  # the value as printed next to the bar


@dataclass(frozen=True)
class Chart:
    slug: str
    title: str
    bars: tuple[Bar, ...]
    unit: str
    maximum: float  # the value a full-length bar stands for

    @property
    def path(self) -> str:
        return f"{STATS_DIR}/{self.slug}.svg"

    def svg(self) -> str:
        label_width = max([_text_width(b.label) for b in self.bars] + [_text_width(self.title) - 200, 48])
        label_width = min(label_width, 260)
        bar_area = 420
        layout = {
            "width": label_width + bar_area + 90,
            "label_width": label_width,
            "bar_area": bar_area,
            "row": 26,
            "top": 44,
        }
        bars = [
            {"label": _clip(b.label, label_width), "full": b.label, "shown": b.shown, "length": (b.value / self.maximum * bar_area) if self.maximum else 0}
            for b in self.bars
        ]
        return XML_TEMPLATES.get_template("chart_bar.svg.j2").render(chart=self, bars=bars, **layout)


def _text_width(text: str) -> int:
    """Rough rendered width in px at 13 px: CJK characters are square, Latin ones about half."""
    return sum(13 if ord(ch) > 0x2E7F else 7 for ch in text) + 8


def _clip(text: str, width: int) -> str:
    if _text_width(text) <= width:
        return text
    while text and _text_width(text + "…") > width:
        text = text[:-1]
    return text + "…"


def _count_chart(slug: str, title: str, counts: Counter, order: list[str], unit: str) -> Chart:
    ordered = [(name, counts[name]) for name in order if counts.get(name)]
    if len(ordered) > MAX_BARS:
        rest = sum(value for _, value in ordered[MAX_BARS - 1 :])
        ordered = ordered[: MAX_BARS - 1] + [("其他", rest)]
    bars = tuple(Bar(name, value, f"{value}") for name, value in ordered)
    return Chart(slug, title, bars, unit, max([b.value for b in bars] + [1]))


def site_charts(corpus: Corpus) -> list[Chart]:
    """The charts of the statistics page, in reading order."""
    cases = list(corpus.cases.values())
    by_year = Counter(str(c.year) for c in cases)
    by_domain = Counter(c.domain for c in cases)
    by_region = Counter(c.region for c in cases)
    by_category = Counter(s.category for s in corpus.standards.values())
    charts = [
        _count_chart("cases-by-year", "案例数：按年份", by_year, sorted(by_year), "个"),
        _count_chart("cases-by-domain", "案例数：按领域", by_domain, corpus.taxonomy.names("domains"), "个"),
        # Regions: the most cases first, so the tail folded into “其他” is the small ones.
        _count_chart("cases-by-region", "案例数：按地区", by_region, sorted(sort_by_pinyin(by_region), key=lambda r: -by_region[r]), "个"),
        _count_chart("standards-by-category", "标准规范：按类别", by_category, corpus.taxonomy.names("categories"), "项"),
    ]
    matrix = coverage_matrix(corpus)
    coverage_bars = tuple(
        Bar(s.standard.name, s.rate * 100, f"{s.covered_count}/{len(s.items)}（{s.rate:.0%}）") for s in matrix.standards
    )
    if coverage_bars:
        charts.append(Chart("coverage-rate", "标准条目覆盖率（已有案例的条目占比）", coverage_bars, "%", 100))
    return charts
