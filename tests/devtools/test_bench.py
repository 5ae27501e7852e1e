"""`djkb bench`'s parts: the baseline holds every record, the report shows what was measured, the options."""

from __future__ import annotations

import re

import pytest

from djkb.cli import build_parser
from djkb.data.pipeline import load_corpus
from djkb.devtools.bench import (
    ADD_DELETE_TARGET,
    ADDED_CASE,
    EDIT_MARKER,
    EDIT_TARGET,
    TITLE_MARKER,
    Run,
    ServeResult,
    SizeResult,
    make_baseline,
    measure_serve_changes,
    report,
)
from djkb.devtools.realistic import REPO_DATA
from djkb.devtools.sites import make_project


def test_the_baseline_has_a_page_for_every_record_and_no_links_between_them(tmp_path):
    pages = make_baseline(tmp_path / "baseline", REPO_DATA)
    corpus = load_corpus(REPO_DATA, root=REPO_DATA.parent)
    docs = tmp_path / "baseline" / "docs"
    for kind in ("cases", "brands", "standards", "glossary", "sources"):
        written = sorted(p.stem for p in (docs / kind).glob("*.md"))
        assert written == sorted(corpus.records(kind)), kind
    assert pages == 1 + sum(len(corpus.records(k)) for k in ("cases", "brands", "standards", "glossary", "sources"))
    assert pages == len(list(docs.rglob("*.md")))
    config = (tmp_path / "baseline" / "mkdocs.yml").read_text(encoding="utf-8")
    assert "- search" in config and all(f"/{k}/" in config for k in ("cases", "brands", "standards", "glossary"))
    text = "".join(p.read_text(encoding="utf-8") for p in docs.rglob("*.md"))
    assert not re.search(r"\]\((?!https?:)[^)\s]+\)", text)
    assert not re.search(r'<a href="(?!https?:)', text)


def _result(cases: int, ours: float, base: float, serve: ServeResult | None) -> SizeResult:
    result = SizeResult(cases, pages=cases + 200, ours_html=cases + 300, baseline_html=cases + 201)
    result.ours, result.baseline = Run(ours, 500, 0, cpu_seconds=ours * 1.4), Run(base, 300, 0, cpu_seconds=base)
    result.ours_times, result.baseline_times = [ours], [base]
    result.ours_cpu, result.baseline_cpu = [ours * 1.4], [base]
    result.ours_site, result.baseline_site = 50_000_000, 80_000_000
    result.serve, result.likeness = serve, []
    return result


def test_report_shows_pages_cpu_serve_targets_and_growth():
    text = report(
        [
            _result(5000, 40.0, 38.0, ServeResult(started=20.0, edit=1.2, edit_title=1.6, add=2.5, delete=3.4)),
            _result(10000, 84.0, 75.0, ServeResult(started=40.0, edit=1.9, note="")),
        ]
    )
    assert f"serve 修改（≤{EDIT_TARGET:g} s）" in text and f"serve 删除（≤{ADD_DELETE_TARGET:g} s）" in text
    assert "1.20 s ✓" in text and "2.50 s ✓" in text and "3.40 s ✗" in text and "1.90 s ✗" in text
    assert f"serve 改标题（≤{EDIT_TARGET:g} s）" in text and "1.60 s ✗" in text
    assert "5,200 个 Markdown 页面" in text  # the baseline's page count
    assert "10,000 条相对 5,000 条（2 倍数据）：本站构建墙钟 2.10×、CPU 2.10×；基线墙钟 1.97×" in text
    assert "1.05×" in text  # wall ratio at 5,000 (40 / 38), next to the CPU ratio
    assert "1.47×" in text  # CPU ratio at 5,000 (56 / 38)


def test_sizes_corpus_and_sentences_options():
    parser = build_parser()
    args = parser.parse_args(["bench", "--sizes", "5000,10000", "--repeat", "3"])
    assert args.sizes_option == [5000, 10000] and args.repeat == 3 and args.corpus == "realistic"
    args = parser.parse_args(["bench", "1000", "--corpus", "synthetic", "--sentences-from", "texts"])
    assert args.sizes == [1000] and args.corpus == "synthetic" and args.sentences_from == "texts"
    with pytest.raises(SystemExit):
        parser.parse_args(["bench", "--sizes", "1000,abc"])
    with pytest.raises(SystemExit):
        parser.parse_args(["bench", "--corpus", "made-up"])


def test_serve_times_an_edit_a_new_case_and_a_deleted_case(tmp_path):
    project = make_project(tmp_path / "project", REPO_DATA)
    cases = sorted(p.stem for p in (project / "data" / "cases").glob("*.yml"))
    result = measure_serve_changes(project, tmp_path / "cache", timeout=300)
    assert result.note == "", result.note
    times = (result.started, result.edit, result.edit_title, result.add, result.delete)
    assert all(t is not None and t > 0 for t in times), result
    edited = (project / "data" / "cases" / f"{cases[0]}.yml").read_text(encoding="utf-8")
    assert EDIT_MARKER in edited
    retitled = (project / "data" / "cases" / f"{cases[1]}.yml").read_text(encoding="utf-8")
    assert re.search(rf'^title: ".+{TITLE_MARKER}"$', retitled, re.M)
    assert (project / "data" / "cases" / f"{ADDED_CASE}.yml").is_file()
    assert not (project / "data" / "cases" / f"{cases[-1]}.yml").exists()
