"""`mkdocs serve` rebuilds reuse earlier work (djkb/build/serve_cache.py, djkb/pages/tracing.py) and must show exactly what a
cold build shows: pages reused only while everything they read is unchanged, errors reported as always.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from djkb.build.serve_cache import ServeStore, renderer
from djkb.data.load import load_bytes
from djkb.data.pipeline import load_corpus
from djkb.devtools.bench import free_port, stop_gracefully
from djkb.devtools.synthetic import generate_corpus
from djkb.pages.render import Renderer
from tests.conftest import MINI_DATA, ROOT, make_project

DRIVER = ROOT / "tests" / "support" / "serve_rebuild_driver.py"
SITE_NAME = "党建品牌知识库"


@pytest.fixture(scope="module")
def synthetic_data(tmp_path_factory) -> Path:
    """A small synthetic corpus: several cases share each brand, standard and region."""
    data = tmp_path_factory.mktemp("synthetic") / "data"
    generate_corpus(data, 30, seed=3)
    return data


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _case_linking_a_shared_brand(data: Path) -> tuple[str, str, list[str]]:
    """(a brand id, its name, the ids of the cases that name it) for a brand named by two cases or more."""
    corpus = load_corpus(data)
    brand_id, case_ids = max(corpus.cases_by_brand.items(), key=lambda item: (len(item[1]), item[0]))
    assert len(case_ids) >= 2
    return brand_id, corpus.brands[brand_id].name, case_ids


def _renamed_brand(text: str, name: str, new_name: str) -> str:
    changed = re.sub(r"^name: .*$", f'name: "{new_name}"', text, count=1, flags=re.M)
    assert changed != text and name not in changed.split("\n", 3)[1]
    return changed


def _new_case(template_text: str, new_id: str, title: str) -> str:
    """A new case file like `template_text` (same brands, standards, region…) with its own id, title and text."""
    data = load_bytes(template_text.encode("utf-8"), path=Path(f"{new_id}.yml")).data
    data["id"], data["title"] = new_id, title
    # Distinct wording: the near-duplicate check must not take the new case for a copy.
    for field in ("summary", "background", "practice", "results", "lessons"):
        data[field] = f"{title}的{field}：这是为测试新写的一段不同的文字，讲述另一个地方的另一种做法。"
    return "".join(f"{key}: {json.dumps(value, ensure_ascii=False)}\n" for key, value in data.items())


def _most_used_term(data: Path) -> tuple[str, str]:
    """(its file under the project, the term) of the glossary term named in the most case files."""
    corpus = load_corpus(data)
    cases = [_text(path) for path in sorted((data / "cases").glob("*.yml"))]
    term_id, term = max(
        ((i, t.term) for i, t in corpus.glossary.items()),
        key=lambda item: (sum(item[1] in text for text in cases), item[0]),
    )
    assert sum(term in text for text in cases) >= 2
    return f"data/glossary/{term_id}.yml", term


def _renamed_term(text: str, term: str) -> str:
    """The term renamed: its tooltips leave the pages that mention it, whose Markdown stays the same."""
    changed = re.sub(r"^term: .*$", f'term: "{term}（改名）"', text, count=1, flags=re.M)
    changed = re.sub(r"^aliases: .*$", "aliases: []", changed, count=1, flags=re.M)
    assert changed != text
    return changed


def _duplicate_summary(text: str) -> str:
    """A bad edit: the summary key twice (the loader refuses duplicate keys, with the line)."""
    changed = text.replace("\nsummary:", "\nsummary: 重复的摘要\nsummary:", 1)
    assert changed != text
    return changed


def _edited_title(text: str, marker: str) -> str:
    changed = re.sub(r'^(title: ".*?)"$', rf'\g<1>{marker}"', text, count=1, flags=re.M)
    assert changed != text
    return changed


def _edited_summary(text: str, marker: str) -> str:
    changed = re.sub(r'^(summary: "?)', rf"\g<1>{marker}", text, count=1, flags=re.M)
    assert changed != text
    return changed


# -- the render stage: traced pages against a fresh render ----------------------------------------------------


def test_reused_pages_equal_a_fresh_render_after_every_kind_of_edit(synthetic_data, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(synthetic_data, data)
    store = ServeStore()

    def render_both() -> tuple[list, dict[str, int]]:
        store.start_build()
        corpus = load_corpus(data)
        reused = renderer(corpus, store, site_name=SITE_NAME, directory_urls=True).render_all()
        store.end_build()
        fresh = Renderer(corpus, site_name=SITE_NAME).render_all()
        assert [p.path for p in reused] == [p.path for p in fresh]
        for before, after in zip(fresh, reused):
            assert after == before, after.path
        return reused, dict(store.stats)

    pages, stats = render_both()
    assert stats["pages rendered"] == len(pages) and "pages reused" not in stats
    assert render_both()[1] == {"pages reused": len(pages)}

    brand_id, name, case_ids = _case_linking_a_shared_brand(data)
    case_file = data / "cases" / f"{case_ids[0]}.yml"

    case_file.write_text(_edited_summary(_text(case_file), "摘要改动"), encoding="utf-8")
    _, stats = render_both()
    assert 0 < stats["pages rendered"] < 10 and stats["pages reused"] > 100
    # The case listings are rendered again, but of their rows only the edited case's.
    assert stats["parts rendered"] == 1 and stats["parts reused"] > 20, stats

    # A new title shows in listings, grouped pages and coverage sections: of those, the parts naming the case only.
    case_file.write_text(_edited_title(_text(case_file), "（标题改动）"), encoding="utf-8")
    _, stats = render_both()
    corpus = load_corpus(data)
    touched = len(corpus.case_standards(corpus.cases[case_ids[0]]))
    assert 0 < touched < len(corpus.standards)
    assert stats["parts rendered: coverage section"] == touched, stats
    assert stats["parts reused: coverage section"] == len(corpus.standards) - touched, stats
    assert stats["parts rendered: case row"] == 1 and stats["parts reused: case row"] > 20, stats

    brand_file = data / "brands" / f"{brand_id}.yml"
    brand_file.write_text(_renamed_brand(_text(brand_file), name, "改名后的品牌"), encoding="utf-8")
    pages, stats = render_both()
    assert stats["pages rendered"] >= len(case_ids) + 1  # the brand's page and every case naming it
    for case_id in case_ids:
        assert "改名后的品牌" in next(p.markdown for p in pages if p.path == f"cases/{case_id}.md")
    assert "改名后的品牌" in next(p.markdown for p in pages if p.path == "cases/index.md")  # a facet value

    (data / "cases" / "zz-added-case.yml").write_text(
        _new_case(_text(case_file), "zz-added-case", "新增的测试案例"), encoding="utf-8"
    )
    pages, stats = render_both()
    assert any("新增的测试案例" in p.markdown for p in pages if p.path == f"brands/{brand_id}.md")
    assert any("新增的测试案例" in p.markdown for p in pages if p.path == "cases/index.md")

    (data / "cases" / "zz-added-case.yml").unlink()
    taxonomy = data / "taxonomy.yml"
    render_both()
    taxonomy.write_text(_text(taxonomy) + "\n", encoding="utf-8")  # same data, new bytes
    assert render_both()[1].get("pages rendered") is None


# -- whole builds as `mkdocs serve` makes them --------------------------------------------------------------------


def _run_driver(project: Path, out: Path, steps: list[dict], *, cold: bool) -> list[dict]:
    out.mkdir(parents=True)
    steps_file = out / "steps.json"
    steps_file.write_text(json.dumps(steps, ensure_ascii=False), encoding="utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DJKB_PROGRESS": "off", "SOURCE_DATE_EPOCH": "1700000000"}
    env.pop("DJKB_DATA_DIR", None)
    if cold:
        env["DJKB_CACHE"] = "off"
    else:
        env.pop("DJKB_CACHE", None)
        env["DJKB_CACHE_DIR"] = str(out / "render-cache")
    done = subprocess.run(
        [sys.executable, str(DRIVER), str(project), str(out), str(steps_file)],
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return json.loads((out / "result.json").read_text(encoding="utf-8"))


def _site(folder: Path) -> dict[str, bytes]:
    files = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            files[path.relative_to(folder).as_posix()] = gzip.decompress(data) if path.suffix == ".gz" else data
    return files


def _assert_same_site(warm: Path, cold: Path) -> None:
    warm_files, cold_files = _site(warm), _site(cold)
    assert sorted(warm_files) == sorted(cold_files)
    differing = [name for name in warm_files if warm_files[name] != cold_files[name]]
    assert differing == []


def test_serve_rebuilds_equal_cold_builds(synthetic_data, tmp_path):
    brand_id, name, case_ids = _case_linking_a_shared_brand(synthetic_data)
    edited_case = f"data/cases/{case_ids[0]}.yml"
    original = _text(synthetic_data / "cases" / f"{case_ids[0]}.yml")
    brand_text = _text(synthetic_data / "brands" / f"{brand_id}.yml")
    term_file, term = _most_used_term(synthetic_data)
    term_text = _text(synthetic_data.parent / term_file)
    steps = [
        {},
        {"files": {edited_case: _edited_summary(original, "第一次修改")}},  # one case: its page and listings
        {
            "files": {f"data/brands/{brand_id}.yml": _renamed_brand(brand_text, name, "改名后的品牌")}
        },  # every case naming it
        {
            "files": {"data/cases/zz-added-case.yml": _new_case(original, "zz-added-case", "新增的测试案例")}
        },  # listings, back-links
        {"files": {term_file: _renamed_term(term_text, term)}},  # glossary tooltips in other pages' text
        {"files": {edited_case: _duplicate_summary(original)}},  # a bad edit
        {"files": {edited_case: _edited_summary(original, "改好之后")}},  # the next good edit
    ]
    bad_step = 5
    (tmp_path / "warm").mkdir()
    (tmp_path / "cold").mkdir()
    warm_project = make_project(tmp_path / "warm", synthetic_data)
    cold_project = make_project(tmp_path / "cold", synthetic_data)
    warm = _run_driver(warm_project, tmp_path / "warm-out", steps, cold=False)
    cold_steps = [step for index, step in enumerate(steps) if index != bad_step]
    cold = _run_driver(cold_project, tmp_path / "cold-out", cold_steps, cold=True)

    assert [r["ok"] for r in warm] == [index != bad_step for index in range(len(steps))], warm
    assert all(r["ok"] for r in cold), cold
    # The bad edit is reported as in any build: the file, line and column, in Chinese.
    report = "\n".join(warm[bad_step]["log"])
    assert re.search(rf"{re.escape(edited_case)}:\d+:\d+: ", report), report
    assert "数据检查未通过" in report

    cold_index = 0
    for index in range(len(steps)):
        if index == bad_step:
            continue
        _assert_same_site(tmp_path / "warm-out" / f"step-{index}", tmp_path / "cold-out" / f"step-{cold_index}")
        cold_index += 1
    # The rebuilds did reuse work (or this test would not test the reuse).
    assert warm[1]["stats"].get("pages reused", 0) > 100 and warm[1]["stats"].get("frames reused", 0) > 100, warm[1]
    # The previous build's folder was moved back (no thousand folders made again), stale files removed (the
    # file lists above are equal).
    assert warm[1]["stats"].get("site folder kept") == 1, warm[1]
    # Pages whose HTML is unchanged are not written again (the sites above are still equal), and MkDocs' notice
    # for a page it did not write is not shown for them.
    assert warm[1]["stats"].get("pages not rewritten", 0) > 100, warm[1]
    assert not any("Page skipped" in line for step in warm for line in step["log"])
    assert warm[bad_step + 1]["stats"].get("pages reused", 0) > 100, warm[bad_step + 1]
    # Pages unchanged since the last build take their converted and processed state from it; after the bad edit
    # from the last good build. The renamed term changes every page's glossary explanations: none does.
    for step in (1, 2, 3, bad_step + 1):
        assert warm[step]["stats"].get("page states reused", 0) > 80, warm[step]
    assert warm[4]["stats"].get("page states reused", 0) == 0, warm[4]
    renamed = tmp_path / "warm-out" / "step-2"
    for case_id in case_ids:
        assert "改名后的品牌" in _text(renamed / "cases" / case_id / "index.html")
    added = tmp_path / "warm-out" / "step-3"
    assert "新增的测试案例" in _text(added / "brands" / brand_id / "index.html")
    assert "新增的测试案例" in _text(added / "cases" / "index.html")


# -- the real `mkdocs serve` ----------------------------------------------------------------------------------


def test_mkdocs_serve_reports_a_bad_edit_and_recovers(tmp_path):
    project = make_project(tmp_path, MINI_DATA)
    case_file = project / "data" / "cases" / "county-position-upgrade.yml"
    original = _text(case_file)
    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DJKB_PROGRESS": "off", "DJKB_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("DJKB_DATA_DIR", None)
    # SIGINT as Ctrl+C even when this test runs in a background job (which ignores it): MkDocs then removes its site folder.
    proc = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    lines: list[str] = []
    threading.Thread(target=lambda: lines.extend(proc.stdout or []), daemon=True).start()

    def wait_for(condition, what: str, timeout: float = 180) -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            assert proc.poll() is None, "".join(lines)
            assert time.monotonic() < deadline, f"{what}:\n" + "".join(lines)
            time.sleep(0.1)

    def page() -> str:
        import urllib.request

        try:
            with urllib.request.urlopen(
                f"http://127.0.0.1:{port}/cases/county-position-upgrade/", timeout=5
            ) as response:
                return response.read().decode("utf-8")
        except OSError:
            return ""

    try:
        wait_for(lambda: sum("Documentation built" in line for line in lines) >= 1 and page(), "first build")
        case_file.write_text(_duplicate_summary(original), encoding="utf-8")
        wait_for(lambda: any("data/cases/county-position-upgrade.yml:" in line for line in lines), "error report")
        error_line = next(line for line in lines if "data/cases/county-position-upgrade.yml:" in line)
        assert re.search(r"data/cases/county-position-upgrade\.yml:\d+:\d+: ", error_line), error_line
        case_file.write_text(_edited_summary(original, "改好后的摘要"), encoding="utf-8")
        wait_for(lambda: "改好后的摘要" in page(), "the good edit shown")
        # Each save started one build: reading the data while building starts none (serve_watch.py's filter).
        time.sleep(1.5)
        assert sum("Detected file changes" in line for line in lines) == 2, "".join(lines)
    finally:
        stop_gracefully(proc, timeout=60)
