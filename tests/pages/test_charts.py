"""Charts readable on a phone: a drawing for a 340 px column beside the wide one, labels whole (wrapped, never
cut short), and the region chart only when the regions are real names, not anonymised placeholders."""

from __future__ import annotations

import dataclasses
import xml.etree.ElementTree as ET

import pytest

from djkb.data.pipeline import load_corpus
from djkb.pages.charts import NARROW_WIDTH, is_placeholder_region, site_charts
from djkb.pages.render import render_site
from tests.conftest import ROOT

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def corpus():
    return load_corpus(ROOT / "data", root=ROOT)


@pytest.mark.parametrize("narrow", [False, True])
def test_every_label_is_drawn_whole(corpus, narrow):
    for chart in site_charts(corpus):
        root = ET.fromstring(chart.svg(narrow=narrow))
        width = float(root.get("width"))
        if narrow:
            assert width == NARROW_WIDTH
        assert int(root.get("font-size")) >= 13  # shown at ≤ 1:1 on a 343 px phone column: ≥ 12 px on screen
        groups = root.findall(f"{SVG}g")
        assert len(groups) == len(chart.bars)
        for group, bar in zip(groups, chart.bars):
            texts = group.findall(f"{SVG}text")
            label = "".join(t.text for t in texts[:-1])
            assert label == bar.label, (chart.slug, label)  # wrapped onto lines, nothing cut off
            assert texts[-1].text == bar.shown
            for text in texts:
                x = float(text.get("x"))
                assert 0 <= x <= width, (chart.slug, text.text)


def test_placeholder_regions_are_recognised():
    for region in ("**县", "**区", "XX市**区", "某镇", "**街道"):
        assert is_placeholder_region(region), region
    for region in ("西湖区", "余杭县", "城关镇"):
        assert not is_placeholder_region(region), region


def test_region_chart_only_with_real_regions(corpus):
    assert all(is_placeholder_region(case.region) for case in corpus.cases.values())
    assert "cases-by-region" not in {c.slug for c in site_charts(corpus)}
    stats = {p.path: p for p in render_site(corpus)}["stats/index.md"].markdown
    assert "不作地区图" in stats

    real = ["城关镇", "西湖区", "余杭县"]
    renamed = {
        case_id: dataclasses.replace(case, region=real[i % 3])
        if dataclasses.is_dataclass(case)
        else case.model_copy(update={"region": real[i % 3]})
        for i, (case_id, case) in enumerate(corpus.cases.items())
    }
    with_real = (
        dataclasses.replace(corpus, cases=renamed)
        if dataclasses.is_dataclass(corpus)
        else corpus.model_copy(update={"cases": renamed})
    )
    charts = {c.slug: c for c in site_charts(with_real)}
    assert sum(b.value for b in charts["cases-by-region"].bars) == len(corpus.cases)
