"""Statistics of the corpus and their charts, drawn at build time as SVG (no chart library, no CDN).

The SVG files are plain images: readable offline, in print and from `file://`. Each chart's numbers are also
printed as a table on the statistics page, for screen readers and for copying.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from djkb.data.link import Corpus
from djkb.pages.coverage import coverage_matrix
from djkb.pages.sorting import sort_by_pinyin
from djkb.pages.templating import XML_TEMPLATES

STATS_DIR = "stats"  # where the statistics page and its charts live in the site
MAX_BARS = 20  # longer tails are summed into “其他”
NARROW_WIDTH = 340  # px: a phone's text column (375 px screen less margins) shows the drawing unscaled
LINE, ROW, BAR = 17, 26, 18  # px: a label line, a one-line row, a bar's thickness
# Anonymised place names (`**县`, `XX区`, `某镇`): what is left after these characters is only an administrative level.
_PLACEHOLDER_MARKS = "*＊Xx×某"
_LEVELS = {"省", "市", "州", "盟", "县", "区", "旗", "镇", "乡", "街道", "村", "社区", "自治县", "自治州", "新区"}


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

    @property
    def narrow_path(self) -> str:
        """The phone drawing: drawn for a 340 px column, so its text stays at 13 px on a phone (not shrunk)."""
        return f"{STATS_DIR}/{self.slug}-narrow.svg"

    def svg(self, narrow: bool = False) -> str:
        """Labels are never clipped: too long for their column, they wrap onto more lines and the row grows."""
        if narrow:
            width, label_width = NARROW_WIDTH, NARROW_WIDTH
            bar_area = width - 100  # room for the value after the longest bar (“12/12（100%）”)
        else:
            label_width = min(max([_text_width(b.label) for b in self.bars] + [48]), 300)
            bar_area = 420
            width = label_width + bar_area + 90
        rows, y = [], 44
        for b in self.bars:
            lines = _wrap(b.label, label_width - 8)
            label_height = LINE * len(lines)
            if narrow:  # label lines above the bar, left-aligned
                row = {
                    "lines": [(0, y + LINE * i + 13) for i in range(len(lines))],
                    "bar_y": y + label_height + 2,
                    "anchor": "start",
                    "label_x": 0,
                    "bar_x": 0,
                }
                height = label_height + 2 + BAR + 12
            else:  # label lines right-aligned before the bar, centred on it
                height = max(ROW, label_height + 8)
                first = y + (height - label_height) / 2 + 12
                row = {
                    "lines": [(label_width - 8, first + LINE * i) for i in range(len(lines))],
                    "bar_y": y + (height - BAR) / 2 - 4,
                    "anchor": "end",
                    "label_x": label_width - 8,
                    "bar_x": label_width,
                }
            length = (b.value / self.maximum * bar_area) if self.maximum else 0
            rows.append({**row, "texts": lines, "full": b.label, "shown": b.shown, "length": length})
            y += height
        return XML_TEMPLATES.get_template("chart_bar.svg.j2").render(
            zip=zip,
            chart=self,
            bars=rows,
            width=width,
            height=y + 12,
            axis_x=0 if narrow else label_width,
            narrow=narrow,
            top=44,
        )


def _text_width(text: str) -> int:
    """Rough rendered width in px at 13 px: CJK characters are square, Latin ones about half."""
    return sum(13 if ord(ch) > 0x2E7F else 7 for ch in text) + 8


def _wrap(text: str, width: int) -> list[str]:
    """`text` in lines no wider than `width` px (estimated), broken between characters as Chinese is."""
    lines, line = [], ""
    for ch in text:
        if line and _text_width(line + ch) > width:
            lines.append(line)
            line = ""
        line += ch
    return [*lines, line] if line or not lines else lines


def _count_chart(slug: str, title: str, counts: Counter, order: list[str], unit: str) -> Chart:
    ordered = [(name, counts[name]) for name in order if counts.get(name)]
    if len(ordered) > MAX_BARS:
        rest = sum(value for _, value in ordered[MAX_BARS - 1 :])
        ordered = ordered[: MAX_BARS - 1] + [("其他", rest)]
    bars = tuple(Bar(name, value, f"{value}") for name, value in ordered)
    return Chart(slug, title, bars, unit, max([b.value for b in bars] + [1]))


def is_placeholder_region(region: str) -> bool:
    """True for an anonymised region (`**县`, `XX市**区`): a chart by such names tells a reader nothing."""
    remainder = region.strip()
    for mark in _PLACEHOLDER_MARKS:
        remainder = remainder.replace(mark, " ")
    parts = remainder.split()
    return remainder != region.strip() and all(part in _LEVELS for part in parts)


def regions_are_anonymised(corpus: Corpus) -> bool:
    return any(is_placeholder_region(c.region) for c in corpus.cases.values())


def site_charts(corpus: Corpus) -> list[Chart]:
    """The charts of the statistics page, in reading order. The region chart only when regions are real names."""
    cases = list(corpus.cases.values())
    by_year = Counter(str(c.year) for c in cases)
    by_domain = Counter(c.domain for c in cases)
    by_region = Counter(c.region for c in cases)
    by_category = Counter(s.category for s in corpus.standards.values())
    charts = [
        _count_chart("cases-by-year", "案例数：按年份", by_year, sorted(by_year), "个"),
        _count_chart("cases-by-domain", "案例数：按领域", by_domain, corpus.taxonomy.names("domains"), "个"),
        # Regions: the most cases first, so the tail folded into “其他” is the small ones.
        *(
            []
            if regions_are_anonymised(corpus)
            else [
                _count_chart(
                    "cases-by-region",
                    "案例数：按地区",
                    by_region,
                    sorted(sort_by_pinyin(by_region), key=lambda r: -by_region[r]),
                    "个",
                )
            ]
        ),
        _count_chart(
            "standards-by-category", "标准规范：按类别", by_category, corpus.taxonomy.names("categories"), "项"
        ),
    ]
    matrix = coverage_matrix(corpus)
    coverage_bars = tuple(
        Bar(s.standard.name, s.rate * 100, f"{s.covered_count}/{len(s.items)}（{s.rate:.0%}）")
        for s in matrix.standards
    )
    if coverage_bars:
        charts.append(Chart("coverage-rate", "标准条目覆盖率（已有案例的条目占比）", coverage_bars, "%", 100))
    return charts
